import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The daily rollup of the efficiency figures: per closed local day (Asia/Shanghai), unit, office and
 * staff member, the additive counts the owning libs report for that day. A report over a period sums
 * the rolled-up days and computes the rest live. Violations are not rolled up (decisions change them).
 */
export class ReportRollup1767000030400 implements MigrationInterface {
  name = 'ReportRollup1767000030400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_rollup_day (
        day date PRIMARY KEY,
        rolled_at timestamptz NOT NULL,
        rows int NOT NULL
      )`);
    await q.query(`
      CREATE TABLE report_figures_day (
        day date NOT NULL REFERENCES report_rollup_day(day),
        unit_id uuid NOT NULL REFERENCES unit(id),
        office_id uuid REFERENCES office(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        enquiries int NOT NULL,
        complaints int NOT NULL,
        repeat_complaints int NOT NULL,
        cases_accepted int NOT NULL,
        cases_completed int NOT NULL,
        completed_on_time int NOT NULL,
        completed_early int NOT NULL,
        cases_measured int NOT NULL,
        working_minutes_used bigint NOT NULL,
        working_minutes_committed bigint NOT NULL,
        extensions_requested int NOT NULL,
        extensions_approved int NOT NULL,
        rejections_filed int NOT NULL,
        rejections_in_force int NOT NULL,
        notices_issued int NOT NULL,
        cases_noticed int NOT NULL,
        ratings_very_satisfied int NOT NULL,
        ratings_satisfied int NOT NULL,
        ratings_basically_satisfied int NOT NULL,
        ratings_dissatisfied int NOT NULL,
        ratings_very_dissatisfied int NOT NULL
      )`);
    await q.query(`CREATE INDEX report_figures_day_idx ON report_figures_day (day, unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_figures_day`);
    await q.query(`DROP TABLE report_rollup_day`);
  }
}
