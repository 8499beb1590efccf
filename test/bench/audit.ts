import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SystemClock } from '@app/core';
import { AuditSealer, AuditService, loadConfig, Metrics, migrateDatabase, resolveAuditKeys, type AuditEntry } from '@app/platform';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { migrations } from '../../apps/api/src/schema.js';

/**
 * `npm run bench -- audit`: N audit entries written by 16 concurrent connections, one transaction each,
 * all in one unit: through AuditService (append, no lock), then as before the sealer (a per-unit advisory
 * lock held until commit, the head read and the link hashed in the writer's transaction). Then how fast
 * the sealer chains the lock-free entries. Its own database, dropped afterwards.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 5_000);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Record = (manager: EntityManager, entry: AuditEntry) => Promise<void>;

/** The writer's path before the sealer: what every write of a unit waited for. */
const lockedRecord: Record = async (manager, entry) => {
  const chain = entry.unitId ?? 'system';
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`audit:${chain}`]);
  const [last] = (await manager.query('SELECT hash FROM audit_log WHERE chain = $1 ORDER BY id DESC LIMIT 1', [chain])) as Array<{ hash: string }>;
  const row = [new Date().toISOString(), entry.actor?.id ?? null, entry.unitId, entry.action, entry.entity, entry.entityId, JSON.stringify(entry.before ?? null), JSON.stringify(entry.after ?? null)];
  const prev = last?.hash ?? '0'.repeat(64);
  await manager.query(
    `INSERT INTO audit_log (chain, at, actor_id, unit_id, action, entity, entity_id, before, after, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [chain, ...row, prev, createHash('sha256').update(JSON.stringify([prev, ...row])).digest('hex')],
  );
};

async function writeAll(url: string, record: Record, unitId: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  pool.on('error', () => undefined);
  let next = 0;
  const worker = async () => {
    const client = await pool.connect();
    const manager = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows } as unknown as EntityManager;
    try {
      while (next < ENTRIES) {
        const i = next++;
        await client.query('BEGIN');
        await record(manager, { actor: null, unitId, action: 'enquiry.create', entity: 'enquiry', entityId: String(i), after: { subject: '咨询个体工商户设立登记所需材料', i } });
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
  };
  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  } finally {
    await pool.end();
  }
  return ENTRIES / ((performance.now() - started) / 1000);
}

export async function auditBench(): Promise<void> {
  const database = `sw_bench_audit_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: dbUrl.toString(), LOG_LEVEL: 'silent' });
  await migrateDatabase(config.DATABASE_URL, migrations);
  const db = new DataSource({ type: 'postgres', url: config.DATABASE_URL, extra: { max: 4 } });
  await db.initialize();
  try {
    const keys = resolveAuditKeys(config);
    const clock = new SystemClock();
    const audit = new AuditService(clock, new Metrics(), db, keys);
    // Warm-up of both paths, on units of their own.
    await writeAll(config.DATABASE_URL, (m, e) => audit.record(m, e), randomUUID());
    const free = await writeAll(config.DATABASE_URL, (m, e) => audit.record(m, e), randomUUID());
    // The index the locked path read its chain head by (dropped with the lock).
    await db.query(`CREATE INDEX audit_log_chain_idx ON audit_log (chain, id)`);
    const locked = await writeAll(config.DATABASE_URL, lockedRecord, randomUUID());
    const sealer = new AuditSealer(db, clock, config, keys);
    const started = performance.now();
    const { sealed } = await sealer.seal();
    const sealRate = sealed / ((performance.now() - started) / 1000);
    console.log(`\nAudit entries, ${ENTRIES} per run, ${CONNECTIONS} concurrent connections, one transaction each, one unit`);
    console.log(`  append, no lock (AuditService.record): ${free.toFixed(0)} entries/s`);
    console.log(`  per-unit advisory lock + chained in the writer's transaction (before): ${locked.toFixed(0)} entries/s`);
    console.log(`  no lock / lock: ${(free / locked).toFixed(2)}`);
    console.log(`  sealer: ${sealed} entries chained at ${sealRate.toFixed(0)} entries/s`);
  } finally {
    await db.destroy();
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}
