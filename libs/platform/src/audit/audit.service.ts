import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type Actor } from '@app/core';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import { SYSTEM_CHAIN } from './audit-chain.js';
import { AUDIT_KEYS, type AuditKeys } from './audit-keys.js';
import { CHECKPOINT_COLUMNS, toCheckpoint, verifyAuditChain, type AuditCheckpoint, type AuditVerification } from './audit-verifier.js';
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

/**
 * Append-only audit trail (DESIGN.md section 6). Writers only insert, in the transaction of the change
 * they record, so that both commit or neither does, and wait on nothing: the AuditSealer chains each
 * unit's entries by keyed hash shortly after and signs checkpoints of the chain heads. The table refuses
 * UPDATE (but the sealing) and DELETE; whoever bypasses that is caught by verify().
 */
@Injectable()
export class AuditService {
  /** Actions recorded in a transaction still open: counted in the metrics when it commits, never if it rolls back. */
  private readonly uncommitted = new WeakMap<QueryRunner, string[]>();

  constructor(
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
  ) {
    const settle = (runner: QueryRunner, committed: boolean) => {
      if (runner.isTransactionActive) return; // a savepoint ended: its entries wait for the outer transaction
      const actions = this.uncommitted.get(runner);
      this.uncommitted.delete(runner);
      if (committed) for (const action of actions ?? []) this.metrics.recorded(action);
    };
    const counter: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => settle(queryRunner, true),
      afterTransactionRollback: ({ queryRunner }) => settle(queryRunner, false),
    };
    db.subscribers.push(counter);
  }

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const { text, values } = this.insertion(entry, 1);
    await manager.query(text, values);
    this.counted(manager, entry);
  }

  /**
   * The entry as an INSERT to run inside the statement that makes the change (a data-modifying CTE): the
   * change and its entry then take one round trip and commit together. Placeholders are numbered from
   * `from`. Call recorded() once the statement has run.
   */
  insertion(entry: AuditEntry, from: number): { text: string; values: unknown[] } {
    const placeholders = Array.from({ length: 9 }, (_, i) => `$${from + i}`).join(', ');
    return {
      text: `INSERT INTO audit_log (chain, at, actor_id, unit_id, action, entity, entity_id, before, after) VALUES (${placeholders})`,
      values: [
        entry.unitId ?? SYSTEM_CHAIN,
        this.clock.now().toISOString(),
        entry.actor?.id ?? null,
        entry.unitId,
        entry.action,
        entry.entity,
        entry.entityId,
        JSON.stringify(entry.before ?? null),
        JSON.stringify(entry.after ?? null),
      ],
    };
  }

  /**
   * A change and its entry in one statement (one round trip; they commit together): `change` is an INSERT,
   * UPDATE or DELETE with placeholders $1…$n for `values`, run as a data-modifying CTE before the entry.
   */
  async recordWith(manager: EntityManager, change: string, values: unknown[], entry: AuditEntry): Promise<void> {
    const { text, values: entryValues } = this.insertion(entry, values.length + 1);
    await manager.query(`WITH change AS (${change}) ${text}`, [...values, ...entryValues]);
    this.counted(manager, entry);
  }

  /** Counts an entry written through insertion() once its statement has committed (record() counts its own). */
  recorded(entry: AuditEntry): void {
    this.metrics.recorded(entry.action);
  }

  /** Counts the entry now, or when the transaction it was written in commits. */
  private counted(manager: EntityManager, entry: AuditEntry): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return this.recorded(entry);
    const actions = this.uncommitted.get(runner);
    if (actions) actions.push(entry.action);
    else this.uncommitted.set(runner, [entry.action]);
  }

  /** Checks a unit's trail (null: the system's) in one consistent snapshot. */
  verify(unitId: string | null): Promise<AuditVerification> {
    return this.db.transaction('REPEATABLE READ', (m) => verifyAuditChain(m, this.keys, unitId ?? SYSTEM_CHAIN));
  }

  /** The unit's latest signed checkpoint, or null before its first. */
  async latestCheckpoint(unitId: string): Promise<AuditCheckpoint | null> {
    const [row] = (await this.db.query(`SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoint c WHERE chain = $1 ORDER BY c.id DESC LIMIT 1`, [unitId])) as Array<
      Record<string, unknown>
    >;
    return row ? toCheckpoint(row) : null;
  }

  /** The public half of the checkpoint key, for whoever checks a published checkpoint. */
  publicKey(): { pem: string; fingerprint: string } {
    return { pem: this.keys.publicKey.export({ format: 'pem', type: 'spki' }).toString(), fingerprint: this.keys.fingerprint };
  }
}
