import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registered complaints and reports (投诉/举报) handled: one per enquiry, its handler and time limit, the
 * reply to the citizen (text, channel, time) and the callback (回访) recording whether they are satisfied.
 */
export class Complaints1767000080600 implements MigrationInterface {
  name = 'Complaints1767000080600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE complaint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        enquiry_id uuid NOT NULL UNIQUE REFERENCES enquiry(id),
        kind text NOT NULL CHECK (kind IN ('complaint', 'report')),
        subject text NOT NULL,
        citizen_name text NOT NULL,
        citizen_phone text NOT NULL,
        office_id uuid REFERENCES office(id),
        handler_id uuid NOT NULL REFERENCES staff(id),
        assigned_by uuid NOT NULL REFERENCES staff(id),
        assigned_at timestamptz NOT NULL,
        limit_working_days int NOT NULL CHECK (limit_working_days > 0),
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('assigned', 'replied', 'closed')),
        reply_text text,
        reply_channel text CHECK (reply_channel IN ('phone', 'sms', 'letter', 'visit', 'online')),
        replied_at timestamptz,
        replied_by uuid REFERENCES staff(id),
        replied_acting_for uuid REFERENCES staff(id),
        callback_at timestamptz,
        callback_satisfied boolean,
        callback_note text,
        callback_by uuid REFERENCES staff(id),
        CHECK ((status = 'assigned') = (replied_at IS NULL)),
        CHECK ((status = 'closed') = (callback_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX complaint_unit_idx ON complaint (unit_id, assigned_at DESC)`);
    await q.query(`CREATE INDEX complaint_handler_idx ON complaint (handler_id) WHERE status = 'assigned'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE complaint`);
  }
}
