import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setKinds } from './1767000080500-complaint-timers.js';

/**
 * A fourth kind of clock: a leader's decision on a case's extension request. Such a decision holds up
 * the case's own clock (holds_up): while it waits, the case's lateness is the leader's.
 */
export class ExtensionDecisions1767000090100 implements MigrationInterface {
  name = 'ExtensionDecisions1767000090100';

  async up(q: QueryRunner): Promise<void> {
    // Widened from the kinds the CHECK holds (complaint timers add theirs in a migration of their own).
    await setKinds(q, (kinds) => [...new Set([...kinds, 'extension_decision'])]);
    await q.query(`ALTER TABLE deadline_timer ADD COLUMN holds_up uuid`);
    await q.query(`CREATE INDEX deadline_timer_holds_up_idx ON deadline_timer (holds_up) WHERE holds_up IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer DROP COLUMN holds_up`);
    await q.query(`DELETE FROM deadline_step WHERE subject_id IN (SELECT subject_id FROM deadline_timer WHERE kind = 'extension_decision')`);
    await q.query(`DELETE FROM escalation WHERE subject_id IN (SELECT subject_id FROM deadline_timer WHERE kind = 'extension_decision')`);
    await q.query(`DELETE FROM deadline_timer WHERE kind = 'extension_decision'`);
    await setKinds(q, (kinds) => kinds.filter((k) => k !== 'extension_decision'));
  }
}
