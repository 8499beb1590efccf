import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Efficiency figures (绩效考评) count enquiries by period across every unit (an inspector's view), and
 * look back 90 days for an earlier complaint from the same phone (repeat complaints).
 */
export class EnquiryFigures1767000030100 implements MigrationInterface {
  name = 'EnquiryFigures1767000030100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX enquiry_received_idx ON enquiry (received_at)`);
    await q.query(`CREATE INDEX enquiry_complaint_phone_idx ON enquiry (unit_id, citizen_phone, received_at) WHERE kind = 'complaint'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enquiry_complaint_phone_idx`);
    await q.query(`DROP INDEX enquiry_received_idx`);
  }
}
