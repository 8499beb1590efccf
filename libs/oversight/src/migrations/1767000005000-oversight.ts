import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The violation registry (失职追究制): what the system detected, with its evidence. */
export class Oversight1767000005000 implements MigrationInterface {
  name = 'Oversight1767000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE violation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL,
        unit_id uuid NOT NULL REFERENCES unit(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        office_id uuid REFERENCES office(id),
        case_id uuid,
        evidence jsonb NOT NULL,
        detected_at timestamptz NOT NULL,
        -- One violation per fact: the same detection run twice records nothing new.
        dedupe_key text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX violation_unit_detected_idx ON violation (unit_id, detected_at DESC)`);
    await q.query(`CREATE INDEX violation_case_idx ON violation (case_id) WHERE case_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE violation`);
  }
}
