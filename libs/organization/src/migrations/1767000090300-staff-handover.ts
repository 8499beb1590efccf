import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member deactivated with open work hands it over to their post's substitute: the list of what
 * was handed over, to whom and by whom, is kept (同岗替代制).
 */
export class StaffHandover1767000090300 implements MigrationInterface {
  name = 'StaffHandover1767000090300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_handover (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES unit(id),
        staff_id uuid NOT NULL REFERENCES staff(id),
        substitute_id uuid NOT NULL REFERENCES staff(id),
        reason text NOT NULL CHECK (reason IN ('deactivation')),
        items jsonb NOT NULL,
        created_by uuid NOT NULL REFERENCES staff(id),
        created_at timestamptz NOT NULL,
        CONSTRAINT staff_handover_not_self CHECK (substitute_id <> staff_id)
      )`);
    await q.query(`CREATE INDEX staff_handover_staff_idx ON staff_handover (staff_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE staff_handover`);
  }
}
