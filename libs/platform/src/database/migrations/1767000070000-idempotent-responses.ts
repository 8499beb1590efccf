import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys for every creating route: a key belongs to a staff member and a route (method and
 * path pattern), and keeps the status answered besides the body. A row without a status is a request
 * still running (its retries wait). Keys stored so far were all of routes that answer 201.
 */
export class IdempotentResponses1767000070000 implements MigrationInterface {
  name = 'IdempotentResponses1767000070000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_key ADD COLUMN status_code int`);
    await q.query(`UPDATE idempotency_key SET status_code = 201`);
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey`);
    await q.query(`ALTER TABLE idempotency_key ADD PRIMARY KEY (actor_id, scope, key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_key WHERE status_code IS NULL`);
    await q.query(`DELETE FROM idempotency_key a USING idempotency_key b WHERE a.actor_id = b.actor_id AND a.key = b.key AND a.created_at > b.created_at`);
    await q.query(`ALTER TABLE idempotency_key DROP CONSTRAINT idempotency_key_pkey`);
    await q.query(`ALTER TABLE idempotency_key ADD PRIMARY KEY (actor_id, key)`);
    await q.query(`ALTER TABLE idempotency_key DROP COLUMN status_code`);
  }
}
