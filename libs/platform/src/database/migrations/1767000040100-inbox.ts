import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff inbox (table `alert`, created with the deadline timers) becomes the platform's, for every
 * kind of news: besides the steps of a clock, work put on someone's desk, a due time that moved, a
 * request decided, a violation confirmed. Each alert says what it is about in words (summary) and where
 * the console shows it (link).
 */
export class Inbox1767000040100 implements MigrationInterface {
  name = 'Inbox1767000040100';

  async up(q: QueryRunner): Promise<void> {
    // An alert may be about anything (an enquiry, a violation), not only a clock's subject.
    await q.query(`ALTER TABLE alert DROP CONSTRAINT alert_case_id_fkey`);
    await q.query(`ALTER TABLE alert DROP CONSTRAINT alert_kind_check`);
    await q.query(`ALTER TABLE alert DROP CONSTRAINT alert_level_check`);
    await q.query(`ALTER TABLE alert ADD CONSTRAINT alert_level_check CHECK (level IN ('info', 'yellow', 'red'))`);
    await q.query(`ALTER TABLE alert ALTER COLUMN step DROP NOT NULL, ALTER COLUMN due_at DROP NOT NULL`);
    await q.query(`ALTER TABLE alert ADD COLUMN event text NOT NULL DEFAULT 'escalation'
      CHECK (event IN ('escalation', 'assigned', 'due_moved', 'decided', 'violation_confirmed'))`);
    await q.query(`ALTER TABLE alert ALTER COLUMN event DROP DEFAULT`);
    await q.query(`ALTER TABLE alert ADD CONSTRAINT alert_escalation_has_step CHECK ((event = 'escalation') = (step IS NOT NULL))`);
    await q.query(`ALTER TABLE alert ADD COLUMN summary jsonb NOT NULL DEFAULT '{}', ADD COLUMN link text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alert WHERE event <> 'escalation' OR subject_id NOT IN (SELECT subject_id FROM deadline_timer)`);
    await q.query(`ALTER TABLE alert DROP COLUMN summary, DROP COLUMN link, DROP CONSTRAINT alert_escalation_has_step, DROP COLUMN event`);
    await q.query(`ALTER TABLE alert ALTER COLUMN step SET NOT NULL, ALTER COLUMN due_at SET NOT NULL`);
    await q.query(`ALTER TABLE alert DROP CONSTRAINT alert_level_check`);
    await q.query(`ALTER TABLE alert ADD CONSTRAINT alert_level_check CHECK (level IN ('yellow', 'red'))`);
    await q.query(`ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('case', 'rejection_decision', 'rectification'))`);
    await q.query(`ALTER TABLE alert ADD CONSTRAINT alert_case_id_fkey FOREIGN KEY (subject_id) REFERENCES deadline_timer(subject_id)`);
  }
}
