import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accepted cases (办件), their receipts and extensions. */
export class Cases1767000006000 implements MigrationInterface {
  name = 'Cases1767000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        service_item_code text NOT NULL,
        office_id uuid NOT NULL REFERENCES office(id),
        enquiry_id uuid UNIQUE REFERENCES enquiry(id),
        applicant_name text NOT NULL,
        applicant_phone text NOT NULL,
        applicant_id_number text,
        status text NOT NULL CHECK (status IN ('awaiting_materials', 'accepted', 'in_progress', 'completed', 'rejected', 'withdrawn')),
        handler_id uuid NOT NULL REFERENCES staff(id),
        created_by uuid NOT NULL REFERENCES staff(id),
        created_at timestamptz NOT NULL,
        materials jsonb NOT NULL,
        receipt_no text UNIQUE,
        query_code text,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES staff(id),
        promised_at timestamptz,
        finished_at timestamptz,
        result text,
        withdrawal_reason text,
        CHECK ((receipt_no IS NULL) = (accepted_at IS NULL))
      )`);
    await q.query(`CREATE INDEX service_case_unit_idx ON service_case (unit_id, created_at DESC)`);
    await q.query(`CREATE INDEX service_case_handler_idx ON service_case (handler_id) WHERE status IN ('accepted', 'in_progress')`);
    await q.query(`
      CREATE TABLE case_extension (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES service_case(id),
        requested_by uuid NOT NULL REFERENCES staff(id),
        requested_at timestamptz NOT NULL,
        working_days int NOT NULL CHECK (working_days > 0),
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('requested', 'approved', 'denied')),
        decided_by uuid REFERENCES staff(id),
        decided_at timestamptz,
        decision_note text,
        previous_due_at timestamptz NOT NULL,
        new_due_at timestamptz,
        notice_no text UNIQUE
      )`);
    // At most one request waiting for a leader per case.
    await q.query(`CREATE UNIQUE INDEX case_extension_one_pending ON case_extension (case_id) WHERE status = 'requested'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_extension`);
    await q.query(`DROP TABLE service_case`);
  }
}
