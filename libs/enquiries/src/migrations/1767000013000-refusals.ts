import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An enquiry answered "cannot be done" at the window is a refusal: it must be followed by a rejection
 * filing (否定报备制). A transfer to an absent colleague goes to their substitute (同岗替代制).
 */
export class EnquiryRefusals1767000013000 implements MigrationInterface {
  name = 'EnquiryRefusals1767000013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enquiry ADD COLUMN refused boolean NOT NULL DEFAULT false CHECK (NOT refused OR outcome = 'answered')`);
    await q.query(`CREATE INDEX enquiry_refused_idx ON enquiry (received_at) WHERE refused`);
    await q.query(`ALTER TABLE enquiry ADD COLUMN transfer_acting_for uuid REFERENCES staff(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enquiry DROP COLUMN transfer_acting_for`);
    await q.query(`ALTER TABLE enquiry DROP COLUMN refused`);
  }
}
