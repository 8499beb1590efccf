import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Performance evaluation (绩效考评制): each unit's scheme, and each period's results from draft to publication. */
export class Evaluation1767000031000 implements MigrationInterface {
  name = 'Evaluation1767000031000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_scheme (
        unit_id uuid PRIMARY KEY REFERENCES unit(id),
        scheme jsonb NOT NULL,
        updated_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE evaluation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        period text NOT NULL,
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL,
        scheme jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'reviewed', 'published')),
        drafted_by uuid NOT NULL REFERENCES staff(id),
        drafted_at timestamptz NOT NULL,
        reviewed_by uuid REFERENCES staff(id),
        reviewed_at timestamptz,
        published_by uuid REFERENCES staff(id),
        published_at timestamptz,
        UNIQUE (unit_id, period)
      )`);
    await q.query(`
      CREATE TABLE evaluation_result (
        evaluation_id uuid NOT NULL REFERENCES evaluation(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        figures jsonb NOT NULL,
        quantitative numeric(5, 2),
        qualitative jsonb,
        qualitative_by uuid REFERENCES staff(id),
        qualitative_at timestamptz,
        total numeric(5, 2),
        grade text CHECK (grade IN ('excellent', 'competent', 'basically_competent', 'incompetent')),
        capped boolean NOT NULL DEFAULT false,
        PRIMARY KEY (evaluation_id, staff_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['evaluation_result', 'evaluation', 'evaluation_scheme']) await q.query(`DROP TABLE ${t}`);
  }
}
