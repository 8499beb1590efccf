import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each replica's periodic jobs ran and when (a week of it): operators see which worker swept, and a
 * test proves by SQL that no job ever ran on two replicas at once. UNLOGGED: a crash loses only history.
 */
export class PeriodicRuns1767000100000 implements MigrationInterface {
  name = 'PeriodicRuns1767000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE periodic_run (
        id bigserial PRIMARY KEY,
        job text NOT NULL,
        process text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        failed boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX periodic_run_job_idx ON periodic_run (job, started_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE periodic_run`);
  }
}
