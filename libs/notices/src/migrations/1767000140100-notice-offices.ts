import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A notice records the office its issuer worked in when it was issued, so that the figures of a period
 * stay put when the issuer later moves to another office. Notices from before take the issuer's
 * office now, the best there is to know.
 */
export class NoticeOffices1767000140100 implements MigrationInterface {
  name = 'NoticeOffices1767000140100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE one_time_notice ADD COLUMN office_id uuid REFERENCES office(id)`);
    await q.query(`UPDATE one_time_notice n SET office_id = s.office_id FROM staff s WHERE s.id = n.issued_by`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE one_time_notice DROP COLUMN office_id`);
  }
}
