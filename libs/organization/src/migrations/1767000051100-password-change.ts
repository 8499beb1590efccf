import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A staff member whose password somebody else knows (the demo's) must replace it before anything else. */
export class PasswordChange1767000051100 implements MigrationInterface {
  name = 'PasswordChange1767000051100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff DROP COLUMN must_change_password`);
  }
}
