import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig, migrateDatabase } from '@app/platform';
import { createApiApp } from '../../apps/api/src/api-app.js';
import { DEMO_PASSWORD, seedDemo } from '../../apps/api/src/demo-data.js';
import { migrations } from '../../apps/api/src/schema.js';
import { auditBench } from './audit.js';
import { consoleBench } from './console.js';
import { reportsBench } from './reports.js';
import { timerBench } from './timers.js';

/**
 * npm run bench — the enquiry intake benchmark below, the deadline timer benchmark (timers.ts) and the
 * reports benchmark (reports.ts), then the console's front-desk page in Chromium (console.ts). BENCH_SUITES=enquiry,
 * timers, reports, console or audit (comma-separated), or the same as arguments (`npm run bench -- audit`), runs
 * those only. `audit` (audit.ts, not in the default run) compares audit appends with and without the old lock.
 *
 * Enquiry intake over HTTP (the whole service: auth, validation, audit, idempotency-free
 * POST) against the raw PostgreSQL rate of the same rows (enquiry + audit entry per transaction), at the
 * same concurrency. Runs on its own database and queue prefix and removes them afterwards.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const body = {
  channel: 'visit',
  kind: 'consultation',
  subject: '咨询个体工商户设立登记所需材料',
  serviceItemCode: 'DEMO-001',
  citizen: { name: '张三', phone: '13800138000' },
  outcome: { type: 'answered', answer: '需携带申请书、身份证明、经营场所证明' },
};

async function enquiryBench(): Promise<void> {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `sw_bench_${suffix}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    QUEUE_PREFIX: `bench_${suffix}`,
    LOG_LEVEL: 'silent',
  });
  await migrateDatabase(config.DATABASE_URL, migrations);
  const app = await createApiApp(config);
  try {
    const demo = await seedDemo(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = await app.getUrl();
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk01', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };

    // Warm-up, then the measured run.
    await cannon(url, accessToken, 2);
    const http = await cannon(url, accessToken, SECONDS);
    const raw = await rawInserts(config.DATABASE_URL, demo, SECONDS);

    const httpRate = http.requests.average;
    console.log(`\nEnquiry intake, ${CONNECTIONS} concurrent connections, ${SECONDS} s each`);
    console.log(`  HTTP POST /api/v1/enquiries: ${httpRate.toFixed(0)} req/s, latency p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms, ` +
      `${http.non2xx} non-2xx, ${http.errors} errors`);
    console.log(`  raw PostgreSQL (same enquiry + audit rows, one transaction each): ${raw.rate.toFixed(0)} tx/s, p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms`);
    console.log(`  service / raw: ${(httpRate / raw.rate).toFixed(2)}`);
  } catch (e) {
    console.error('bench failed:', e);
    process.exitCode = 1;
  } finally {
    await app.close();
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(config.REDIS_URL);
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

function cannon(url: string, token: string, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/api/v1/enquiries`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

/** The rows the service writes for one enquiry, straight through pg: the ceiling for the service. */
async function rawInserts(url: string, demo: { unitId: string; staff: Record<string, string>; offices: Record<string, string> }, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  pool.on('error', () => undefined); // idle clients cut off when the bench database is dropped
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (performance.now() < end) {
        const started = performance.now();
        await client.query('BEGIN');
        const [row] = (
          await client.query(
            `INSERT INTO enquiry (unit_id, channel, kind, subject, service_item_code, citizen_name, citizen_phone,
               first_responder_id, first_responder_office_id, received_at, outcome, answer)
             VALUES ($1, 'visit', 'consultation', $2, 'DEMO-001', '张三', '13800138000', $3, $4, now(), 'answered', $5) RETURNING id`,
            [demo.unitId, body.subject, demo.staff.clerk01, demo.offices.window, body.outcome.answer],
          )
        ).rows;
        // The audit entry as AuditService appends it: no lock, no hash (the sealer chains it later).
        await client.query(
          `INSERT INTO audit_log (chain, at, actor_id, unit_id, action, entity, entity_id, before, after)
           VALUES ($1, now(), $2, $3, 'enquiry.create', 'enquiry', $4, 'null', $5)`,
          [demo.unitId, demo.staff.clerk01, demo.unitId, row.id, JSON.stringify(body)],
        );
        await client.query('COMMIT');
        latencies.push(performance.now() - started);
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
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { rate: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const named = process.argv.slice(2).join(',') || process.env.BENCH_SUITES;
  const suites = (named ?? 'enquiry,timers,reports,console').split(',').map((s) => s.trim());
  if (suites.includes('audit')) await auditBench();
  if (suites.includes('enquiry')) await enquiryBench();
  if (suites.includes('timers')) await timerBench();
  if (suites.includes('reports')) await reportsBench();
  if (suites.includes('console')) await consoleBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
