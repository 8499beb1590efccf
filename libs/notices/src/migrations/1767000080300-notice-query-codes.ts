import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A one-time notice carries a query code like a receipt: with the notice number it lets the citizen
 * look the case up and rate the service. Notices issued before get one (the archive trigger, which
 * refuses any change, is lifted for that alone).
 */
export class NoticeQueryCodes1767000080300 implements MigrationInterface {
  name = 'NoticeQueryCodes1767000080300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE one_time_notice ADD COLUMN query_code text`);
    await q.query(`ALTER TABLE one_time_notice DISABLE TRIGGER one_time_notice_no_change`);
    // 8 characters of the receipt's alphabet (no 0/O, 1/I), one random draw each.
    await q.query(`
      UPDATE one_time_notice SET query_code = (
        SELECT string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 1 + floor(random() * 32)::int, 1), '')
          FROM generate_series(1, 8) WHERE id IS NOT NULL)`);
    await q.query(`ALTER TABLE one_time_notice ENABLE TRIGGER one_time_notice_no_change`);
    await q.query(`ALTER TABLE one_time_notice ALTER COLUMN query_code SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE one_time_notice DISABLE TRIGGER one_time_notice_no_change`);
    await q.query(`ALTER TABLE one_time_notice DROP COLUMN query_code`);
    await q.query(`ALTER TABLE one_time_notice ENABLE TRIGGER one_time_notice_no_change`);
  }
}
