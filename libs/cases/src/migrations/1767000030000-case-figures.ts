import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Efficiency figures (绩效考评) read completed cases in bulk: each completion keeps how its clock stood
 * (the due time in force, working minutes used, left and committed), measured once on the working-day
 * calendar, so a year of cases is summed without calendar arithmetic. Cases completed before this
 * migration keep nulls: their on-time test falls back to the promised time, and they are left out of
 * the means.
 */
export class CaseFigures1767000030000 implements MigrationInterface {
  name = 'CaseFigures1767000030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_case ADD COLUMN due_at_close timestamptz`);
    await q.query(`ALTER TABLE service_case ADD COLUMN working_minutes_used int`);
    await q.query(`ALTER TABLE service_case ADD COLUMN working_minutes_left int`);
    await q.query(`ALTER TABLE service_case ADD COLUMN working_minutes_committed int`);
    await q.query(`CREATE INDEX service_case_accepted_idx ON service_case (accepted_at) WHERE accepted_at IS NOT NULL`);
    await q.query(`CREATE INDEX service_case_completed_idx ON service_case (finished_at) WHERE status = 'completed'`);
    await q.query(`CREATE INDEX case_extension_requested_idx ON case_extension (requested_at)`);
    await q.query(`CREATE INDEX case_extension_decided_idx ON case_extension (decided_at) WHERE status = 'approved'`);
    await q.query(`CREATE INDEX case_extension_case_idx ON case_extension (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['case_extension_case_idx', 'case_extension_decided_idx', 'case_extension_requested_idx', 'service_case_completed_idx', 'service_case_accepted_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
    for (const column of ['working_minutes_committed', 'working_minutes_left', 'working_minutes_used', 'due_at_close']) {
      await q.query(`ALTER TABLE service_case DROP COLUMN ${column}`);
    }
  }
}
