import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clock may belong to no office (a refusal or a rectification of an enquiry taken by staff of no
 * office): its office-head rung goes to the leaders.
 */
export class OfficelessClocks1767000032000 implements MigrationInterface {
  name = 'OfficelessClocks1767000032000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer ALTER COLUMN office_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadline_timer ALTER COLUMN office_id SET NOT NULL`);
  }
}
