import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case is closed as rejected only through a rejection filing (否定报备制), whatever code runs against
 * the table. A case assigned to a substitute records whom they stand in for (同岗替代制).
 */
export class CaseRejection1767000012000 implements MigrationInterface {
  name = 'CaseRejection1767000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_case ADD COLUMN rejection_filing_id uuid UNIQUE`);
    await q.query(`ALTER TABLE service_case ADD CONSTRAINT service_case_rejected_by_filing CHECK ((status = 'rejected') = (rejection_filing_id IS NOT NULL))`);
    await q.query(`ALTER TABLE service_case ADD COLUMN handler_acting_for uuid REFERENCES staff(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_case DROP COLUMN handler_acting_for`);
    await q.query(`ALTER TABLE service_case DROP CONSTRAINT service_case_rejected_by_filing`);
    await q.query(`ALTER TABLE service_case DROP COLUMN rejection_filing_id`);
  }
}
