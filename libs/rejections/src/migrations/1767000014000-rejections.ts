import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rejection filings (否定报备制), the leader's decision, the notice to the citizen and returned materials. */
export class Rejections1767000014000 implements MigrationInterface {
  name = 'Rejections1767000014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rejection_filing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        office_id uuid REFERENCES office(id),
        case_id uuid REFERENCES service_case(id),
        enquiry_id uuid REFERENCES enquiry(id),
        service_item_code text,
        filed_by uuid NOT NULL REFERENCES staff(id),
        filed_acting_for uuid REFERENCES staff(id),
        filed_at timestamptz NOT NULL,
        contact_phone text NOT NULL,
        reason text NOT NULL,
        legal_basis jsonb NOT NULL CHECK (jsonb_array_length(legal_basis) > 0),
        citizen jsonb NOT NULL,
        -- What the case had received when it was refused: what may be asked back.
        materials jsonb NOT NULL,
        within_authority boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('pending_decision', 'registered', 'approved', 'denied')),
        approver_id uuid REFERENCES staff(id),
        approver_acting_for uuid REFERENCES staff(id),
        decision_due_at timestamptz,
        decided_by uuid REFERENCES staff(id),
        decided_acting_for uuid REFERENCES staff(id),
        decided_at timestamptz,
        decision_note text,
        notice_no text UNIQUE,
        notice jsonb,
        CHECK ((case_id IS NULL) <> (enquiry_id IS NULL)),
        -- Beyond the handler's authority a named leader decides, within a time limit.
        CHECK (within_authority OR (approver_id IS NOT NULL AND decision_due_at IS NOT NULL)),
        -- A refusal in force has its numbered notice to the citizen; one not in force has none.
        CHECK ((status IN ('registered', 'approved')) = (notice_no IS NOT NULL))
      )`);
    // One filing waiting or in force per case and per enquiry; a denied one may be filed again.
    await q.query(`CREATE UNIQUE INDEX rejection_filing_case_live ON rejection_filing (case_id) WHERE status <> 'denied'`);
    await q.query(`CREATE UNIQUE INDEX rejection_filing_enquiry_live ON rejection_filing (enquiry_id) WHERE status <> 'denied'`);
    await q.query(`CREATE INDEX rejection_filing_unit_filed_idx ON rejection_filing (unit_id, filed_at DESC, id DESC)`);
    await q.query(`CREATE INDEX rejection_filing_approver_idx ON rejection_filing (approver_id) WHERE status = 'pending_decision'`);
    await q.query(`
      CREATE TABLE material_return (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        filing_id uuid NOT NULL REFERENCES rejection_filing(id),
        status text NOT NULL CHECK (status IN ('requested', 'returned')),
        items jsonb NOT NULL CHECK (jsonb_array_length(items) > 0),
        requested_at timestamptz NOT NULL,
        request_channel text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES staff(id),
        recipient jsonb,
        signature jsonb,
        returned_at timestamptz,
        returned_by uuid REFERENCES staff(id),
        slip_no text UNIQUE,
        CHECK ((status = 'returned') = (returned_at IS NOT NULL AND recipient IS NOT NULL AND signature IS NOT NULL AND slip_no IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX material_return_filing_idx ON material_return (filing_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE material_return`);
    await q.query(`DROP TABLE rejection_filing`);
  }
}
