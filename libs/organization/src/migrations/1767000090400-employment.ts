import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a staff member was employed (入职, null: not recorded, since before the system) and when they were
 * deactivated: an evaluation period includes only the staff employed in it.
 */
export class Employment1767000090400 implements MigrationInterface {
  name = 'Employment1767000090400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff ADD COLUMN employed_from timestamptz, ADD COLUMN deactivated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff DROP COLUMN employed_from, DROP COLUMN deactivated_at`);
  }
}
