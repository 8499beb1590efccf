import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The worker forgets idempotency keys older than a day: by their creation time. */
export class IdempotencyRetention1767000070100 implements MigrationInterface {
  name = 'IdempotencyRetention1767000070100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX idempotency_key_created_at_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idempotency_key_created_at_idx`);
  }
}
