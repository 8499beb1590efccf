import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation of offices (对机关各部门的绩效考评): each period's results per office, the leaders' scores
 * (领导评议) one row per leader, and the organisation's verification (组织核查) of an office that failed.
 */
export class OfficeEvaluation1767000170000 implements MigrationInterface {
  name = 'OfficeEvaluation1767000170000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE office_evaluation (
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
      CREATE TABLE office_evaluation_result (
        evaluation_id uuid NOT NULL REFERENCES office_evaluation(id),
        office_id uuid NOT NULL REFERENCES office(id),
        figures jsonb NOT NULL,
        citizens numeric(5, 2),
        leaders numeric(5, 2),
        total numeric(5, 2),
        grade text CHECK (grade IN ('excellent', 'competent', 'basically_competent', 'incompetent')),
        PRIMARY KEY (evaluation_id, office_id)
      )`);
    await q.query(`
      CREATE TABLE office_evaluation_leader_score (
        evaluation_id uuid NOT NULL,
        office_id uuid NOT NULL,
        leader_id uuid NOT NULL REFERENCES staff(id),
        scores jsonb NOT NULL,
        scored_at timestamptz NOT NULL,
        PRIMARY KEY (evaluation_id, office_id, leader_id),
        FOREIGN KEY (evaluation_id, office_id) REFERENCES office_evaluation_result (evaluation_id, office_id)
      )`);
    await q.query(`
      CREATE TABLE office_verification (
        evaluation_id uuid NOT NULL,
        office_id uuid NOT NULL,
        opened_at timestamptz NOT NULL,
        finding text,
        follow_up text,
        verified_by uuid REFERENCES staff(id),
        verified_at timestamptz,
        PRIMARY KEY (evaluation_id, office_id),
        FOREIGN KEY (evaluation_id, office_id) REFERENCES office_evaluation_result (evaluation_id, office_id),
        CHECK ((finding IS NULL) = (verified_by IS NULL) AND (finding IS NULL) = (verified_at IS NULL) AND (finding IS NULL) = (follow_up IS NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['office_verification', 'office_evaluation_leader_score', 'office_evaluation_result', 'office_evaluation']) await q.query(`DROP TABLE ${t}`);
  }
}
