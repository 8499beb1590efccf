import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rounds of a clock's ladder: a new due time (an approved extension, a calendar change) plans the steps
 * again as a new round, so the warning, the due time and the overdue rungs fire again for it; the steps
 * and escalations of earlier rounds stay on record. A timer also keeps the words its alerts carry (label).
 */
export class DeadlineRounds1767000040200 implements MigrationInterface {
  name = 'DeadlineRounds1767000040200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer ADD COLUMN round int NOT NULL DEFAULT 1 CHECK (round > 0), ADD COLUMN label jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE deadline_step ADD COLUMN round int NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE deadline_step DROP CONSTRAINT deadline_step_pkey, ADD PRIMARY KEY (subject_id, step, round)`);
    await q.query(`ALTER TABLE escalation ADD COLUMN round int NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE escalation DROP CONSTRAINT escalation_case_id_step_key, ADD CONSTRAINT escalation_subject_step_round_key UNIQUE (subject_id, step, round)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM escalation WHERE round > 1`);
    await q.query(`DELETE FROM deadline_step WHERE round > 1`);
    await q.query(`ALTER TABLE escalation DROP CONSTRAINT escalation_subject_step_round_key, ADD CONSTRAINT escalation_case_id_step_key UNIQUE (subject_id, step)`);
    await q.query(`ALTER TABLE escalation DROP COLUMN round`);
    await q.query(`ALTER TABLE deadline_step DROP CONSTRAINT deadline_step_pkey, ADD PRIMARY KEY (subject_id, step)`);
    await q.query(`ALTER TABLE deadline_step DROP COLUMN round`);
    await q.query(`ALTER TABLE deadline_timer DROP COLUMN round, DROP COLUMN label`);
  }
}
