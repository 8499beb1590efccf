import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fourth kind of clock: a leader's decision on a case's extension request. Such a decision holds up
 * the case's own clock (holds_up): while it waits, the case's lateness is the leader's.
 */
export class ExtensionDecisions1767000090100 implements MigrationInterface {
  name = 'ExtensionDecisions1767000090100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer DROP CONSTRAINT deadline_timer_kind_check`);
    await q.query(`ALTER TABLE deadline_timer ADD CONSTRAINT deadline_timer_kind_check CHECK (kind IN ('case', 'rejection_decision', 'rectification', 'extension_decision'))`);
    await q.query(`ALTER TABLE deadline_timer ADD COLUMN holds_up uuid`);
    await q.query(`CREATE INDEX deadline_timer_holds_up_idx ON deadline_timer (holds_up) WHERE holds_up IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer DROP COLUMN holds_up`);
    await q.query(`DELETE FROM deadline_step WHERE subject_id IN (SELECT subject_id FROM deadline_timer WHERE kind = 'extension_decision')`);
    await q.query(`DELETE FROM escalation WHERE subject_id IN (SELECT subject_id FROM deadline_timer WHERE kind = 'extension_decision')`);
    await q.query(`DELETE FROM deadline_timer WHERE kind = 'extension_decision'`);
    await q.query(`ALTER TABLE deadline_timer DROP CONSTRAINT deadline_timer_kind_check`);
    await q.query(`ALTER TABLE deadline_timer ADD CONSTRAINT deadline_timer_kind_check CHECK (kind IN ('case', 'rejection_decision', 'rectification'))`);
  }
}
