import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Efficiency figures (绩效考评) count refusals filed, and refusals put in force, by period across every unit. */
export class RejectionFigures1767000030300 implements MigrationInterface {
  name = 'RejectionFigures1767000030300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX rejection_filing_filed_idx ON rejection_filing (filed_at)`);
    await q.query(`CREATE INDEX rejection_filing_approved_idx ON rejection_filing (decided_at) WHERE status = 'approved'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX rejection_filing_approved_idx`);
    await q.query(`DROP INDEX rejection_filing_filed_idx`);
  }
}
