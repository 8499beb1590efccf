import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each unit's weights for its offices' evaluation (年度工作目标、履行职责、廉政建设、工作效率, and 领导评议 against 群众评议). */
export class OfficeEvaluationScheme1767000170200 implements MigrationInterface {
  name = 'OfficeEvaluationScheme1767000170200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE office_evaluation_scheme (
        unit_id uuid PRIMARY KEY REFERENCES unit(id),
        scheme jsonb NOT NULL,
        updated_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE office_evaluation_scheme`);
  }
}
