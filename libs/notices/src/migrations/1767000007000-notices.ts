import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One-time notices (一次性告知书), archived for good. (Document numbering is the documents library's.) */
export class Notices1767000007000 implements MigrationInterface {
  name = 'Notices1767000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE one_time_notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        case_id uuid NOT NULL REFERENCES service_case(id),
        sequence int NOT NULL CHECK (sequence > 0),
        number text NOT NULL UNIQUE,
        issued_by uuid NOT NULL REFERENCES staff(id),
        issued_at timestamptz NOT NULL,
        service_item_code text NOT NULL,
        legal_basis text NOT NULL,
        time_limit text NOT NULL,
        procedure jsonb NOT NULL,
        items jsonb NOT NULL,
        UNIQUE (case_id, sequence)
      )`);
    await q.query(`
      CREATE FUNCTION one_time_notice_archived() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an issued notice is archived and cannot be changed' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER one_time_notice_no_change BEFORE UPDATE OR DELETE ON one_time_notice
      FOR EACH ROW EXECUTE FUNCTION one_time_notice_archived()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE one_time_notice`);
    await q.query(`DROP FUNCTION one_time_notice_archived`);
  }
}
