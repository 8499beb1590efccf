import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, shanghaiDate } from '@app/core';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { withTryAdvisoryLock } from '../database/advisory-lock.js';
import { readRows, rowMapper } from '../database/rows.js';
import { auditLinkHash, GENESIS, signCheckpoint, type AuditLink } from './audit-chain.js';
import { AUDIT_KEYS, type AuditKeys } from './audit-keys.js';

/** The periodic job's name: its advisory lock is the one sealer's, whichever process runs it. */
export const AUDIT_SEAL_JOB = 'audit-seal';

const BATCH = 2_000;
const ISO_AT = `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const horizonRow = rowMapper('pg_current_snapshot', { horizon: 'text' });
const entryRow = rowMapper('audit_log', {
  id: 'text',
  chain: 'text',
  at: 'text',
  actor_id: 'text?',
  unit_id: 'text?',
  action: 'text',
  entity: 'text',
  entity_id: 'text',
  before: 'text',
  after: 'text',
});
const headRow = rowMapper('audit_chain_head', { chain: 'text', seq: 'int', hash: 'text', at: 'text' });
const dueRow = rowMapper('audit_chain_head', { chain: 'text', seq: 'int', hash: 'text', checkpoint_at: 'timestamp?' });

interface Head {
  seq: number;
  hash: string;
  at: string | null;
}

export interface SealResult {
  sealed: number;
  checkpoints: number;
}

/**
 * The one sealer of the audit trail. Writers append entries without a lock and without a hash; the
 * sealer chains them per unit, shortly after, in commit order: it takes only entries older than the
 * oldest transaction still in flight (their xid below the snapshot's xmin), so that an entry whose
 * transaction commits late is sealed after what committed before it, and never skipped (it stays
 * unsealed, and is found by the next run). Then it signs the heads that moved into checkpoints.
 */
@Injectable()
export class AuditSealer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
  ) {}

  /** A run now (the api before it verifies), unless another process is sealing: then null. */
  async sealNow(): Promise<SealResult | null> {
    const run = await withTryAdvisoryLock(this.db, `periodic:${AUDIT_SEAL_JOB}`, () => this.seal());
    return run.locked ? run.value : null;
  }

  /** One run. Only under the sealer's advisory lock (PeriodicJobs' or sealNow's). */
  async seal(): Promise<SealResult> {
    const [{ horizon }] = readRows(horizonRow, await this.db.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon`));
    const result: SealResult = { sealed: 0, checkpoints: 0 };
    // Batches in transactions of their own: a backlog does not become one long transaction.
    for (;;) {
      const batch = await this.db.transaction((m) => this.sealBatch(m, horizon));
      result.sealed += batch.sealed;
      result.checkpoints += batch.checkpoints;
      if (batch.sealed < BATCH) break;
    }
    result.checkpoints += await this.db.transaction((m) => this.checkpointMovedHeads(m));
    return result;
  }

  private async sealBatch(m: EntityManager, horizon: string): Promise<SealResult> {
    const entries = readRows(
      entryRow,
      await m.query(
        `SELECT id::text AS id, chain, ${ISO_AT} AS at, actor_id, unit_id, action, entity, entity_id, before::text AS before, after::text AS after
           FROM audit_log a WHERE hash IS NULL AND xid < $1::xid8 ORDER BY a.id LIMIT ${BATCH}`,
        [horizon],
      ),
    );
    if (entries.length === 0) return { sealed: 0, checkpoints: 0 };
    const chains = [...new Set(entries.map((e) => e.chain))];
    const heads = new Map<string, Head>(
      readRows(headRow, await m.query(`SELECT chain, seq, hash, at FROM audit_chain_head WHERE chain = ANY ($1)`, [chains])).map((h) => [h.chain, h]),
    );
    const ids: string[] = [];
    const seqs: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    const dayEnds: Array<{ chain: string; seq: number; hash: string }> = [];
    for (const e of entries) {
      const head = heads.get(e.chain) ?? { seq: 0, hash: GENESIS, at: null };
      // The first entry of a later day closes the head's day: that head is signed (the day's end).
      if (head.at && shanghaiDate(new Date(e.at)) > shanghaiDate(new Date(head.at))) dayEnds.push({ chain: e.chain, seq: head.seq, hash: head.hash });
      const link: AuditLink = { id: e.id, chain: e.chain, seq: head.seq + 1, at: e.at, actorId: e.actor_id, unitId: e.unit_id, action: e.action, entity: e.entity, entityId: e.entity_id, before: e.before, after: e.after };
      const hash = auditLinkHash(this.keys.chainKey, head.hash, link);
      ids.push(e.id);
      seqs.push(link.seq);
      prevs.push(head.hash);
      hashes.push(hash);
      heads.set(e.chain, { seq: link.seq, hash, at: e.at });
    }
    const [, updated] = (await m.query(
      `UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev_hash, hash)
        WHERE a.id = v.id AND a.hash IS NULL`,
      [ids, seqs, prevs, hashes],
    )) as [unknown, number];
    if (updated !== ids.length) throw new Error(`audit sealing: ${ids.length} entries read, ${updated} sealed; another sealer ran (rolled back)`);
    await m.query(
      `INSERT INTO audit_chain_head (chain, seq, hash, at) SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])
       ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, at = EXCLUDED.at`,
      [chains, chains.map((c) => heads.get(c)!.seq), chains.map((c) => heads.get(c)!.hash), chains.map((c) => heads.get(c)!.at)],
    );
    for (const d of dayEnds) await this.checkpoint(m, d);
    return { sealed: ids.length, checkpoints: dayEnds.length };
  }

  /** Signs each head that moved since its chain's last checkpoint, once AUDIT_CHECKPOINT_MINUTES have passed since it. */
  private async checkpointMovedHeads(m: EntityManager): Promise<number> {
    const due = readRows(
      dueRow,
      await m.query(
        `SELECT h.chain, h.seq, h.hash, c.at AS checkpoint_at FROM audit_chain_head h
           LEFT JOIN LATERAL (SELECT seq, at FROM audit_checkpoint c WHERE c.chain = h.chain ORDER BY id DESC LIMIT 1) c ON true
          WHERE c.seq IS NULL OR c.seq < h.seq`,
      ),
    );
    const now = this.clock.now().getTime();
    const every = this.config.AUDIT_CHECKPOINT_MINUTES * 60_000;
    let made = 0;
    for (const h of due) {
      if (h.checkpoint_at && now - h.checkpoint_at.getTime() < every) continue;
      await this.checkpoint(m, h);
      made += 1;
    }
    return made;
  }

  private async checkpoint(m: EntityManager, head: { chain: string; seq: number; hash: string }): Promise<void> {
    const at = this.clock.now().toISOString();
    const signature = signCheckpoint(this.keys.signingKey, { chain: head.chain, seq: head.seq, hash: head.hash, at });
    await m.query(`INSERT INTO audit_checkpoint (chain, seq, hash, at, key_fingerprint, signature) VALUES ($1, $2, $3, $4, $5, $6)`, [
      head.chain,
      head.seq,
      head.hash,
      at,
      this.keys.fingerprint,
      signature,
    ]);
  }
}
