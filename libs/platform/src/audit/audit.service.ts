import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, type Actor } from '@app/core';
import type { EntityManager } from 'typeorm';
import { readRows, rowMapper } from '../database/rows.js';
import { Metrics } from '../metrics/metrics.js';

export interface AuditEntry {
  /** The staff member who acted; null for the system itself (seeding, sweeps). */
  actor: Actor | null;
  /** The unit whose chain the entry joins. */
  unitId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

const GENESIS = '0'.repeat(64);

const hashRow = rowMapper('audit_log', { hash: 'text' });
/** A link as verifyChain reads it: `id` (bigserial) stays text, `at`, `before` and `after` as stored. */
const linkRow = rowMapper('audit_log', {
  id: 'text',
  at: 'text',
  actor_id: 'text?',
  unit_id: 'text?',
  action: 'text',
  entity: 'text',
  entity_id: 'text',
  before: 'text',
  after: 'text',
  prev_hash: 'text',
  hash: 'text',
});

interface AuditRow {
  at: string;
  actorId: string | null;
  unitId: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** JSON text exactly as stored (the column type is json, not jsonb, so the text is kept as written). */
  before: string;
  after: string;
}

/** What one link of the chain covers. */
export function auditLinkHash(prevHash: string, row: AuditRow): string {
  const fields = [prevHash, row.at, row.actorId, row.unitId, row.action, row.entity, row.entityId, row.before, row.after];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/**
 * Append-only audit trail (DESIGN.md section 6). Each unit's entries form a hash chain; the table refuses
 * UPDATE and DELETE (a trigger), and the chain shows if a row was altered or removed behind its back.
 * Always call inside the transaction of the change it records, so that both commit or neither does.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const scope = entry.unitId ?? 'system';
    // Serialises appends per unit only: other units' writes do not wait.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit:${scope}`]);
    const [last] = readRows(hashRow, await manager.query('SELECT hash FROM audit_log WHERE chain = $1 ORDER BY id DESC LIMIT 1', [scope]));
    const row: AuditRow = {
      at: this.clock.now().toISOString(),
      actorId: entry.actor?.id ?? null,
      unitId: entry.unitId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: JSON.stringify(entry.before ?? null),
      after: JSON.stringify(entry.after ?? null),
    };
    const prevHash = last?.hash ?? GENESIS;
    await manager.query(
      `INSERT INTO audit_log (chain, at, actor_id, unit_id, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [scope, row.at, row.actorId, row.unitId, row.action, row.entity, row.entityId, row.before, row.after, prevHash, auditLinkHash(prevHash, row)],
    );
    this.metrics.recorded(entry.action);
  }

  /** Walks a unit's chain; returns the id of the first entry that does not match, or null if intact. */
  async verifyChain(manager: EntityManager, unitId: string | null): Promise<string | null> {
    const rows = readRows(
      linkRow,
      await manager.query(
      `SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, unit_id, action,
              entity, entity_id, before::text AS before, after::text AS after, prev_hash, hash
         FROM audit_log WHERE chain = $1 ORDER BY id`,
        [unitId ?? 'system'],
      ),
    );
    let prev = GENESIS;
    for (const r of rows) {
      const expected = auditLinkHash(prev, {
        at: r.at,
        actorId: r.actor_id,
        unitId: r.unit_id,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
      });
      if (r.prev_hash !== prev || r.hash !== expected) return r.id;
      prev = r.hash;
    }
    return null;
  }
}
