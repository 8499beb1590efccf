import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first-contact log (首问负责制). */
export class Enquiries1767000004000 implements MigrationInterface {
  name = 'Enquiries1767000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE enquiry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        channel text NOT NULL CHECK (channel IN ('visit', 'phone', 'online', 'letter')),
        kind text NOT NULL CHECK (kind IN ('consultation', 'application', 'report', 'complaint')),
        subject text NOT NULL,
        service_item_code text,
        citizen_name text,
        citizen_phone text,
        citizen_id_number text,
        first_responder_id uuid NOT NULL REFERENCES staff(id),
        first_responder_office_id uuid REFERENCES office(id),
        received_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('answered', 'transferred', 'referred', 'registered', 'open')),
        answer text,
        transfer_office_id uuid REFERENCES office(id),
        transfer_staff_id uuid REFERENCES staff(id),
        acknowledged_by uuid REFERENCES staff(id),
        acknowledged_at timestamptz,
        referral_agency text,
        referral_address text,
        referral_phone text,
        -- Each outcome carries its routing: no enquiry is dropped without it.
        CHECK (outcome <> 'answered' OR answer IS NOT NULL),
        CHECK (outcome <> 'transferred' OR (transfer_office_id IS NOT NULL AND transfer_staff_id IS NOT NULL)),
        CHECK (outcome <> 'referred' OR (referral_agency IS NOT NULL AND referral_phone IS NOT NULL)),
        CHECK (kind NOT IN ('report', 'complaint') OR (citizen_name IS NOT NULL AND citizen_phone IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX enquiry_unit_received_idx ON enquiry (unit_id, received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX enquiry_responder_idx ON enquiry (first_responder_id, received_at DESC)`);
    await q.query(`CREATE INDEX enquiry_transfer_staff_idx ON enquiry (transfer_staff_id) WHERE transfer_staff_id IS NOT NULL`);
    // The first responder is recorded once and never changed, whatever code runs against the table.
    await q.query(`
      CREATE FUNCTION enquiry_first_responder_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.first_responder_id IS DISTINCT FROM OLD.first_responder_id
           OR NEW.received_at IS DISTINCT FROM OLD.received_at
           OR NEW.unit_id IS DISTINCT FROM OLD.unit_id THEN
          RAISE EXCEPTION 'the first responder of an enquiry cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER enquiry_first_responder_fixed BEFORE UPDATE ON enquiry
      FOR EACH ROW EXECUTE FUNCTION enquiry_first_responder_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE enquiry`);
    await q.query(`DROP FUNCTION enquiry_first_responder_immutable`);
  }
}
