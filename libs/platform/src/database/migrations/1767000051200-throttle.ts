import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate-limit counters shared by the replicas: UNLOGGED, since losing them in a crash costs nothing. */
export class Throttle1767000051200 implements MigrationInterface {
  name = 'Throttle1767000051200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE throttle_counter (
        key text PRIMARY KEY,
        count integer NOT NULL,
        window_start timestamptz NOT NULL,
        last_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX throttle_counter_last_idx ON throttle_counter (last_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE throttle_counter`);
  }
}
