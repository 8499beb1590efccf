import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Platform tables: the append-only audit trail and idempotency keys. */
export class Platform1767000000000 implements MigrationInterface {
  name = 'Platform1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        chain text NOT NULL,
        at timestamptz NOT NULL,
        actor_id uuid,
        unit_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before json,
        after json,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_chain_idx ON audit_log (chain, id)`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TABLE idempotency_key (
        actor_id uuid NOT NULL,
        key text NOT NULL,
        scope text NOT NULL,
        request_hash char(64) NOT NULL,
        response json,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only`);
  }
}
