import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Efficiency figures (绩效考评) count notices by period across every unit (an inspector's view). */
export class NoticeFigures1767000030200 implements MigrationInterface {
  name = 'NoticeFigures1767000030200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX one_time_notice_issued_idx ON one_time_notice (issued_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX one_time_notice_issued_idx`);
  }
}
