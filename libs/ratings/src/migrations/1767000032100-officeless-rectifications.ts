import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A rectification of an enquiry taken by staff of no office (and a rectifier of none) records no office. */
export class OfficelessRectifications1767000032100 implements MigrationInterface {
  name = 'OfficelessRectifications1767000032100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification ALTER COLUMN office_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rectification ALTER COLUMN office_id SET NOT NULL`);
  }
}
