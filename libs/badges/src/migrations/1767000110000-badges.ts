import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 持证上岗: work badges (上岗证) with what the card shows as issued (name, unit, post, political status),
 * at most one valid badge per person and one number per unit, withdrawn when the holder leaves the post.
 */
export class Badges1767000110000 implements MigrationInterface {
  name = 'Badges1767000110000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE badge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        post_id uuid REFERENCES post(id),
        number text NOT NULL,
        holder_name text NOT NULL,
        unit_name text NOT NULL,
        office_name text,
        position text NOT NULL,
        political_status text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('new', 'seconded', 'replacement')),
        seconded_from date,
        seconded_until date,
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'withdrawn')),
        issued_by uuid NOT NULL REFERENCES staff(id),
        issued_at timestamptz NOT NULL,
        withdrawn_by uuid REFERENCES staff(id),
        withdrawn_at timestamptz,
        withdrawal_reason text,
        CONSTRAINT badge_secondment CHECK ((reason = 'seconded') = (seconded_from IS NOT NULL AND seconded_until IS NOT NULL)),
        CONSTRAINT badge_withdrawal CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL AND withdrawal_reason IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX badge_number_idx ON badge (unit_id, number)`);
    await q.query(`CREATE UNIQUE INDEX badge_staff_issued_idx ON badge (staff_id) WHERE status = 'issued'`);
    await q.query(`CREATE INDEX badge_post_idx ON badge (post_id) WHERE status = 'issued'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE badge`);
  }
}
