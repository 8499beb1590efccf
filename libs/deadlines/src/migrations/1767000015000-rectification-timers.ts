import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A third kind of clock: the rectification an office head owes after a dissatisfied citizen rating
 * (差评整改). Its alerts are stored like the others'. The kinds are written out here, not read from the
 * code, so that this migration stays what it was when later kinds are added.
 */
export class RectificationTimers1767000015000 implements MigrationInterface {
  name = 'RectificationTimers1767000015000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['deadline_timer', 'alert']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_kind_check`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_kind_check CHECK (kind IN ('case', 'rejection_decision', 'rectification'))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['deadline_timer', 'alert']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_kind_check`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_kind_check CHECK (kind IN ('case', 'rejection_decision'))`);
    }
  }
}
