import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An enquiry has no receipt, so it gets a public reference (ZX10000001…) and a query code shown to the
 * citizen, with which they rate the service (好差评). The reference is numbered by a sequence: no lock,
 * gaps do not matter (it is not a document number). Enquiries logged before have a reference but no
 * code: nobody was given one.
 */
export class EnquiryReferences1767000015500 implements MigrationInterface {
  name = 'EnquiryReferences1767000015500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE enquiry_reference_seq START WITH 10000001`);
    await q.query(`ALTER TABLE enquiry ADD COLUMN reference text NOT NULL DEFAULT ('ZX' || nextval('enquiry_reference_seq')) UNIQUE`);
    await q.query(`ALTER SEQUENCE enquiry_reference_seq OWNED BY enquiry.reference`);
    await q.query(`ALTER TABLE enquiry ADD COLUMN query_code text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE enquiry DROP COLUMN query_code`);
    await q.query(`ALTER TABLE enquiry DROP COLUMN reference`); // drops the sequence it owns
  }
}
