import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per service item (否定报备制): whether a handler may refuse it on their own authority, and how many
 * working hours a leader has to decide a refusal beyond it.
 */
export class RejectionAuthority1767000011000 implements MigrationInterface {
  name = 'RejectionAuthority1767000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_item ADD COLUMN rejection_within_authority boolean NOT NULL DEFAULT false`);
    await q.query(
      `ALTER TABLE service_item ADD COLUMN rejection_decision_hours int NOT NULL DEFAULT 8 CHECK (rejection_decision_hours BETWEEN 1 AND 80)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_item DROP COLUMN rejection_decision_hours`);
    await q.query(`ALTER TABLE service_item DROP COLUMN rejection_within_authority`);
  }
}
