import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizen ratings (好差评), once per case or enquiry, and the rectification (差评整改) a dissatisfied one
 * opens for the office head, with the follow-up calls to the citizen (回访).
 */
export class Ratings1767000016000 implements MigrationInterface {
  name = 'Ratings1767000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rating (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        -- Once per case and once per enquiry: the unique keys are the arbiter, also between concurrent requests.
        case_id uuid UNIQUE REFERENCES service_case(id),
        enquiry_id uuid UNIQUE REFERENCES enquiry(id),
        -- The receipt number or enquiry reference the citizen gave.
        reference text NOT NULL,
        office_id uuid REFERENCES office(id),
        -- Whose service was rated: the case handler, or the enquiry's first responder.
        staff_id uuid NOT NULL REFERENCES staff(id),
        level text NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied')),
        comment text CHECK (length(comment) BETWEEN 1 AND 500),
        rated_at timestamptz NOT NULL,
        CHECK ((case_id IS NULL) <> (enquiry_id IS NULL))
      )`);
    await q.query(`CREATE INDEX rating_unit_rated_idx ON rating (unit_id, rated_at DESC)`);
    await q.query(`CREATE INDEX rating_staff_rated_idx ON rating (staff_id, rated_at)`);
    // A rating is the citizen's word: kept as given, whatever code runs against the table.
    await q.query(`
      CREATE FUNCTION rating_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a citizen rating cannot be changed or removed' USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await q.query(`CREATE TRIGGER rating_kept BEFORE UPDATE OR DELETE ON rating FOR EACH ROW EXECUTE FUNCTION rating_immutable()`);
    await q.query(`
      CREATE TABLE rectification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        office_id uuid NOT NULL REFERENCES office(id),
        rating_id uuid NOT NULL UNIQUE REFERENCES rating(id),
        -- The office head (a leader when the office has none): the one answerable for it.
        assignee_id uuid NOT NULL REFERENCES staff(id),
        -- Whom to call back, as the case or enquiry recorded them.
        citizen_name text,
        citizen_phone text,
        status text NOT NULL CHECK (status IN ('open', 'completed')),
        opened_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        measures text,
        citizen_satisfied boolean,
        completed_at timestamptz,
        completed_by uuid REFERENCES staff(id),
        completed_acting_for uuid REFERENCES staff(id),
        CHECK ((status = 'completed') = (completed_at IS NOT NULL AND completed_by IS NOT NULL AND measures IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX rectification_unit_opened_idx ON rectification (unit_id, opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX rectification_assignee_open_idx ON rectification (assignee_id) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE rectification_follow_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rectification_id uuid NOT NULL REFERENCES rectification(id),
        called_at timestamptz NOT NULL,
        contact_result text NOT NULL CHECK (contact_result IN ('reached', 'no_answer', 'wrong_number', 'declined')),
        note text NOT NULL,
        recorded_by uuid NOT NULL REFERENCES staff(id),
        recorded_acting_for uuid REFERENCES staff(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rectification_follow_up_idx ON rectification_follow_up (rectification_id, called_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rectification_follow_up`);
    await q.query(`DROP TABLE rectification`);
    await q.query(`DROP TABLE rating`);
    await q.query(`DROP FUNCTION rating_immutable`);
  }
}
