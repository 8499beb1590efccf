import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OFFICIAL_SCHEDULE_YEARS, officialSchedule } from '../official-schedule.js';

/** The working-day calendar, one row per year, seeded from the official schedules (2004-2026). */
export class Calendar1767000002000 implements MigrationInterface {
  name = 'Calendar1767000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        year int PRIMARY KEY CHECK (year BETWEEN 1992 AND 2200),
        holidays date[] NOT NULL,
        make_up_workdays date[] NOT NULL,
        source text NOT NULL CHECK (source IN ('official', 'admin')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid
      )`);
    for (let year = OFFICIAL_SCHEDULE_YEARS.first; year <= OFFICIAL_SCHEDULE_YEARS.last; year++) {
      const schedule = officialSchedule(year)!;
      await q.query(`INSERT INTO calendar_year (year, holidays, make_up_workdays, source) VALUES ($1, $2, $3, 'official')`, [
        year,
        [...schedule.holidays].sort(),
        [...schedule.makeUpWorkdays].sort(),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_year`);
  }
}
