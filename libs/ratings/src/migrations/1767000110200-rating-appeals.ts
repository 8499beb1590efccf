import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 好差评申诉: an office appeals a rating as mistaken or malicious, an inspector decides; an upheld appeal
 * takes the rating out of the figures while the rating itself stays unchanged on record, and annuls its rectification.
 * Each unit may set its own rectification limit (default 15 working days).
 */
export class RatingAppeals1767000110200 implements MigrationInterface {
  name = 'RatingAppeals1767000110200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification DROP CONSTRAINT rectification_status_check`);
    await q.query(`ALTER TABLE rectification ADD CONSTRAINT rectification_status_check CHECK (status IN ('open', 'completed', 'annulled'))`);
    await q.query(`
      CREATE TABLE rating_appeal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        rating_id uuid NOT NULL UNIQUE REFERENCES rating(id),
        ground text NOT NULL CHECK (ground IN ('mistaken', 'malicious')),
        reason text NOT NULL,
        filed_by uuid NOT NULL REFERENCES staff(id),
        filed_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'upheld', 'rejected')),
        decided_by uuid REFERENCES staff(id),
        decided_at timestamptz,
        decision_reason text,
        CONSTRAINT rating_appeal_decision CHECK ((status = 'pending') = (decided_at IS NULL AND decided_by IS NULL AND decision_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX rating_appeal_unit_idx ON rating_appeal (unit_id, filed_at DESC)`);
    await q.query(`
      CREATE TABLE rating_setting (
        unit_id uuid PRIMARY KEY REFERENCES unit(id),
        rectification_working_days int NOT NULL CHECK (rectification_working_days BETWEEN 1 AND 60),
        updated_by uuid NOT NULL REFERENCES staff(id),
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rating_setting`);
    await q.query(`DROP TABLE rating_appeal`);
    await q.query(`ALTER TABLE rectification DROP CONSTRAINT rectification_status_check`);
    await q.query(`ALTER TABLE rectification ADD CONSTRAINT rectification_status_check CHECK (status IN ('open', 'completed'))`);
  }
}
