import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail without a write lock: writers only insert (with their transaction id), and one sealer
 * chains the entries afterwards (seq, prev_hash, hash: NULL until sealed). The one UPDATE allowed is
 * that sealing. Entries chained before are re-sealed under the installation's key (the old chain was
 * unkeyed). Checkpoints: the chain heads signed with a key kept outside the database.
 */
export class AuditSealing1767000060000 implements MigrationInterface {
  name = 'AuditSealing1767000060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_no_change ON audit_log`);
    await q.query(`ALTER TABLE audit_log ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id(), ADD COLUMN seq bigint`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
    await q.query(`UPDATE audit_log SET prev_hash = NULL, hash = NULL`);
    await q.query(`DROP INDEX audit_log_chain_idx`);
    await q.query(`CREATE UNIQUE INDEX audit_log_chain_seq_idx ON audit_log (chain, seq) WHERE seq IS NOT NULL`);
    // Small: only the entries waiting for the sealer.
    await q.query(`CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE hash IS NULL`);
    await q.query(`
      CREATE FUNCTION audit_log_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.seq IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
           AND NEW.prev_hash IS NOT NULL
           AND (NEW.id, NEW.chain, NEW.at, NEW.actor_id, NEW.unit_id, NEW.action, NEW.entity, NEW.entity_id, NEW.xid)
               IS NOT DISTINCT FROM (OLD.id, OLD.chain, OLD.at, OLD.actor_id, OLD.unit_id, OLD.action, OLD.entity, OLD.entity_id, OLD.xid)
           AND NEW.before::text IS NOT DISTINCT FROM OLD.before::text AND NEW.after::text IS NOT DISTINCT FROM OLD.after::text THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_seal_only()`);
    // Where each chain stands, so that the sealer need not look for it. Verification never trusts it.
    await q.query(`
      CREATE TABLE audit_chain_head (
        chain text PRIMARY KEY,
        seq bigint NOT NULL,
        hash char(64) NOT NULL,
        at text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_checkpoint (
        id bigserial PRIMARY KEY,
        chain text NOT NULL,
        seq bigint NOT NULL,
        hash char(64) NOT NULL,
        at timestamptz NOT NULL,
        key_fingerprint text NOT NULL,
        signature text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_checkpoint_chain_idx ON audit_checkpoint (chain, id)`);
    await q.query(`
      CREATE TRIGGER audit_checkpoint_no_change BEFORE UPDATE OR DELETE ON audit_checkpoint
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoint`);
    await q.query(`DROP TABLE audit_chain_head`);
    await q.query(`DROP TRIGGER audit_log_no_change ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_seal_only`);
    await q.query(`DROP INDEX audit_log_unsealed_idx`);
    await q.query(`DROP INDEX audit_log_chain_seq_idx`);
    await q.query(`CREATE INDEX audit_log_chain_idx ON audit_log (chain, id)`);
    // The unkeyed chain cannot be rebuilt here: entries keep their place, with the genesis hash.
    await q.query(`UPDATE audit_log SET prev_hash = coalesce(prev_hash, repeat('0', 64)), hash = coalesce(hash, repeat('0', 64))`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL, DROP COLUMN seq, DROP COLUMN xid`);
    await q.query(`
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }
}
