import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case keeps the first responder (首问责任人) of the enquiry it came from, whoever received the
 * application. Cases before this migration take it from their enquiry when they had one.
 */
export class CaseFirstResponder1767000080100 implements MigrationInterface {
  name = 'CaseFirstResponder1767000080100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_case ADD COLUMN first_responder_id uuid REFERENCES staff(id)`);
    await q.query(`UPDATE service_case c SET first_responder_id = e.first_responder_id FROM enquiry e WHERE e.id = c.enquiry_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_case DROP COLUMN first_responder_id`);
  }
}
