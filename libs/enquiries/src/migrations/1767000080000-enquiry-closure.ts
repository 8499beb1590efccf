import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An enquiry (open, or transferred to the colleague who receives the application) is closed when it is
 * turned into a case: the case it became and when. An open enquiry left without a case is listed for
 * the office head, so the open ones are indexed by unit and time.
 */
export class EnquiryClosure1767000080000 implements MigrationInterface {
  name = 'EnquiryClosure1767000080000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enquiry ADD COLUMN case_id uuid UNIQUE`);
    await q.query(`ALTER TABLE enquiry ADD COLUMN closed_at timestamptz`);
    await q.query(`ALTER TABLE enquiry ADD CONSTRAINT enquiry_closed_with_case CHECK ((case_id IS NULL) = (closed_at IS NULL))`);
    // Cases taken from an enquiry before this migration close it.
    await q.query(`UPDATE enquiry e SET case_id = c.id, closed_at = c.created_at FROM service_case c WHERE c.enquiry_id = e.id`);
    await q.query(`CREATE INDEX enquiry_open_idx ON enquiry (unit_id, received_at) WHERE outcome = 'open' AND case_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enquiry_open_idx`);
    await q.query(`ALTER TABLE enquiry DROP CONSTRAINT enquiry_closed_with_case`);
    await q.query(`ALTER TABLE enquiry DROP COLUMN closed_at`);
    await q.query(`ALTER TABLE enquiry DROP COLUMN case_id`);
  }
}
