import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transfer watch (推诿) reads recent transfers every sweep interval: index them by time. */
export class EnquiryTransferIndex1767000017100 implements MigrationInterface {
  name = 'EnquiryTransferIndex1767000017100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX enquiry_transferred_idx ON enquiry (received_at) WHERE outcome = 'transferred'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enquiry_transferred_idx`);
  }
}
