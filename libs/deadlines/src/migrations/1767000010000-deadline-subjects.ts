import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clock runs for a case or for a leader's decision on a rejection filing (否定报备制): both escalate
 * the same way. The timer is keyed by its subject, and the staff member who must act is its assignee.
 * Alerts record whom the recipient stands in for (同岗替代制).
 */
export class DeadlineSubjects1767000010000 implements MigrationInterface {
  name = 'DeadlineSubjects1767000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer DROP CONSTRAINT deadline_timer_case_id_fkey`);
    for (const table of ['deadline_timer', 'deadline_step', 'deadline_pause', 'escalation', 'alert']) {
      await q.query(`ALTER TABLE ${table} RENAME COLUMN case_id TO subject_id`);
    }
    await q.query(`ALTER TABLE deadline_timer RENAME COLUMN handler_id TO assignee_id`);
    await q.query(`ALTER TABLE deadline_timer ADD COLUMN kind text NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'rejection_decision'))`);
    await q.query(`ALTER TABLE deadline_timer ALTER COLUMN kind DROP DEFAULT`);
    await q.query(`ALTER TABLE alert ADD COLUMN kind text NOT NULL DEFAULT 'case' CHECK (kind IN ('case', 'rejection_decision'))`);
    await q.query(`ALTER TABLE alert ALTER COLUMN kind DROP DEFAULT`);
    await q.query(`ALTER TABLE alert ADD COLUMN acting_for uuid REFERENCES staff(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert DROP COLUMN acting_for`);
    await q.query(`ALTER TABLE alert DROP COLUMN kind`);
    await q.query(`ALTER TABLE deadline_timer DROP COLUMN kind`);
    await q.query(`ALTER TABLE deadline_timer RENAME COLUMN assignee_id TO handler_id`);
    for (const table of ['deadline_timer', 'deadline_step', 'deadline_pause', 'escalation', 'alert']) {
      await q.query(`ALTER TABLE ${table} RENAME COLUMN subject_id TO case_id`);
    }
    await q.query(`ALTER TABLE deadline_timer ADD CONSTRAINT deadline_timer_case_id_fkey FOREIGN KEY (case_id) REFERENCES service_case(id)`);
  }
}
