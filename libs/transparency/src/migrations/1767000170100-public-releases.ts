import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 政务公开: what each unit has made public, one row per released bulletin or published evaluation. */
export class PublicReleases1767000170100 implements MigrationInterface {
  name = 'PublicReleases1767000170100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE public_release (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        kind text NOT NULL CHECK (kind IN ('bulletin', 'staff_evaluation', 'office_evaluation')),
        period text NOT NULL,
        released_by uuid NOT NULL REFERENCES staff(id),
        released_at timestamptz NOT NULL,
        UNIQUE (unit_id, kind, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_release`);
  }
}
