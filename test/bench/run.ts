import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../apps/api/src/demo-data.js';
import { auditBench } from './audit.js';
import { casesBench } from './cases.js';
import { consoleBench } from './console.js';
import { reportsBench } from './reports.js';
import { costed, dropBenchResources, SERVICE_DIR, startService } from './service.js';
import { timerBench } from './timers.js';
import { timerWipeBench } from './timers-wipe.js';

/**
 * npm run bench — the enquiry intake benchmark below, the deadline timer benchmark (timers.ts) and the
 * reports benchmark (reports.ts), then the console's front-desk page in Chromium (console.ts). BENCH_SUITES=enquiry,
 * timers, reports, console, audit, cases or compare (comma-separated), or the same as arguments (`npm run bench -- audit`),
 * runs those only; `compare` (compareBench below) drives two builds' intake in alternating rounds. `audit` (audit.ts, not in the default run) compares audit appends with and without the old
 * lock; `cases` (cases.ts, not in the default run either) reads pages of 20 cases.
 *
 * Enquiry intake, measured honestly: the service runs as its own process (the compiled api, as `npm start`
 * runs it) and this process drives it over HTTP, so the load generator never shares the service's CPU time.
 * Its baseline is the same rows (enquiry + audit entry, one transaction each) written straight through `pg`
 * with no lock, at the same concurrency. It prints throughput and p50/p99 at BENCH_CONNECTIONS (16), p99 at a
 * fixed 1,000 requests per second, and GET /api/v1/auth/me, each with the service's CPU time per request (on
 * a shared machine the rate moves with the neighbours' load, the CPU per request much less). BENCH_SERVICE_DIR
 * runs another checkout's build (a before/after of one change with the same load).
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const FIXED_RATE = Number(process.env.BENCH_FIXED_RATE ?? 1000);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const body = {
  channel: 'visit',
  kind: 'consultation',
  subject: '咨询个体工商户设立登记所需材料',
  serviceItemCode: 'DEMO-001',
  citizen: { name: '张三', phone: '13800138000' },
  outcome: { type: 'answered', answer: '需携带申请书、身份证明、经营场所证明' },
};

interface Demo {
  unitId: string;
  clerkId: string;
  windowOfficeId: string;
}

/** A service (this checkout's build, or `dir`'s) on a new database, queue prefix and data directory, with clerk01 logged in. */
async function intakeService(dir = SERVICE_DIR) {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `sw_bench_${suffix}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const prefix = `bench_${suffix}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-'));
  const service = await startService(dbUrl.toString(), prefix, dataDir, dir).catch(async (e: unknown) => {
    await dropBenchResources(SERVER, database, prefix, dataDir);
    throw e;
  });
  const drop = async () => {
    await service.stop();
    await dropBenchResources(SERVER, database, prefix, dataDir);
  };
  try {
    const login = await fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk01', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    return { service, dir, dbUrl: dbUrl.toString(), accessToken, drop };
  } catch (e) {
    await drop();
    throw e;
  }
}

async function enquiryBench(): Promise<void> {
  const { service, dbUrl, accessToken, drop } = await intakeService();
  try {
    const demo = await demoIds(dbUrl);

    // Warm-up, then the measured runs.
    await cannon(service.url, accessToken, 2);
    const { result: http, cpu: httpCpu } = await costed(service, () => cannon(service.url, accessToken, SECONDS));
    const fixed = await cannon(service.url, accessToken, SECONDS, FIXED_RATE);
    const { result: me, cpu: meCpu } = await costed(service, () =>
      autocannon({ url: `${service.url}/api/v1/auth/me`, connections: CONNECTIONS, duration: SECONDS, headers: { authorization: `Bearer ${accessToken}` } }),
    );
    const raw = await rawInserts(dbUrl, demo, SECONDS);

    const httpRate = http.requests.average;
    console.log(`\nEnquiry intake (service ${SERVICE_DIR}, its own process), ${CONNECTIONS} connections, ${SECONDS} s each`);
    console.log(`  HTTP POST /api/v1/enquiries: ${httpRate.toFixed(0)} req/s, latency p50 ${http.latency.p50} ms, p99 ${http.latency.p99} ms, ` +
      `${http.non2xx} non-2xx, ${http.errors} errors${httpCpu}`);
    console.log(`  at a fixed ${FIXED_RATE} req/s: ${fixed.requests.average.toFixed(0)} req/s served, p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms, ${fixed.non2xx} non-2xx`);
    console.log(`  raw PostgreSQL (same enquiry + audit rows, one transaction each, no lock): ${raw.rate.toFixed(0)} tx/s, p50 ${raw.p50.toFixed(1)} ms, p99 ${raw.p99.toFixed(1)} ms`);
    console.log(`  service / raw: ${(httpRate / raw.rate).toFixed(2)}`);
    console.log(`  GET /api/v1/auth/me: ${me.requests.average.toFixed(0)} req/s, p50 ${me.latency.p50} ms, p99 ${me.latency.p99} ms, ${me.non2xx} non-2xx${meCpu}`);
  } catch (e) {
    console.error('bench failed:', e);
    process.exitCode = 1;
  } finally {
    await drop();
  }
}

/**
 * Enquiry intake of two builds, interleaved: both services run at once, and each round drives one for
 * BENCH_SECONDS, then the other (the order alternating, ABBA), so that both meet the same machine. On a
 * virtual machine whose speed moves by half from minute to minute, runs of one build after the other
 * compare the minutes as much as the builds; here each round's ratio compares the builds under the same
 * minute. BENCH_BEFORE_DIR is the other checkout (built); BENCH_ROUNDS the number of rounds (6).
 */
async function compareBench(): Promise<void> {
  const beforeDir = process.env.BENCH_BEFORE_DIR;
  if (!beforeDir) throw new Error('BENCH_SUITES=compare needs BENCH_BEFORE_DIR, a checkout whose build to compare with this one');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
  const before = await intakeService(resolve(beforeDir));
  try {
    const after = await intakeService();
    try {
      const figures = { before: [] as Array<{ rate: number; cpu: number }>, after: [] as Array<{ rate: number; cpu: number }> };
      const drive = async (name: 'before' | 'after', s: typeof before, seconds: number) => {
        const cpu0 = s.service.cpuSeconds();
        const r = await cannon(s.service.url, s.accessToken, seconds);
        const cpu1 = s.service.cpuSeconds();
        if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        return { rate: r.requests.average, cpu: cpu0 === undefined || cpu1 === undefined ? NaN : ((cpu1 - cpu0) * 1e6) / Math.max(1, r.requests.total) };
      };
      await drive('before', before, 2);
      await drive('after', after, 2);
      console.log(`\nEnquiry intake, two builds interleaved, ${CONNECTIONS} connections, ${rounds} rounds of ${SECONDS} s each\n  before: ${before.dir}\n  after:  ${after.dir}`);
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
        for (const name of order) figures[name].push(await drive(name, name === 'before' ? before : after, SECONDS));
        const [b, a] = [figures.before[i]!, figures.after[i]!];
        console.log(`  round ${i + 1}: before ${b.rate.toFixed(0)} req/s (${b.cpu.toFixed(0)} µs), after ${a.rate.toFixed(0)} req/s (${a.cpu.toFixed(0)} µs), after/before ${(a.rate / b.rate).toFixed(2)}`);
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      const ratios = figures.after.map((a, i) => a.rate / figures.before[i]!.rate);
      const cpuRatios = figures.after.map((a, i) => a.cpu / figures.before[i]!.cpu);
      console.log(`  median: before ${median(figures.before.map((f) => f.rate)).toFixed(0)} req/s (${median(figures.before.map((f) => f.cpu)).toFixed(0)} µs), ` +
        `after ${median(figures.after.map((f) => f.rate)).toFixed(0)} req/s (${median(figures.after.map((f) => f.cpu)).toFixed(0)} µs); ` +
        `rate after/before ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}), CPU per request after/before ${median(cpuRatios).toFixed(2)}`);
    } finally {
      await after.drop();
    }
  } finally {
    await before.drop();
  }
}

/** The demo unit's ids the raw baseline writes with. */
async function demoIds(url: string): Promise<Demo> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ unit_id: string; clerk_id: string; office_id: string }>(
      `SELECT s.unit_id, s.id AS clerk_id, s.office_id FROM staff s WHERE s.username = 'clerk01'`,
    );
    return { unitId: rows[0]!.unit_id, clerkId: rows[0]!.clerk_id, windowOfficeId: rows[0]!.office_id };
  } finally {
    await client.end();
  }
}

function cannon(url: string, token: string, duration: number, overallRate?: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/api/v1/enquiries`,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
}

/** The rows the service writes for one enquiry, straight through pg: the ceiling for the service. */
async function rawInserts(url: string, demo: Demo, seconds: number) {
  const pool = new pg.Pool({ connectionString: url, max: CONNECTIONS });
  pool.on('error', () => undefined); // idle clients cut off when the bench database is dropped
  const latencies: number[] = [];
  const [column] = (await pool.query(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'audit_log' AND column_name = 'hash'`)).rows as Array<{ is_nullable: string }>;
  const hashRequired = column?.is_nullable === 'NO';
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
            [demo.unitId, body.subject, demo.clerkId, demo.windowOfficeId, body.outcome.answer],
          )
        ).rows;
        // The audit entry as AuditService appends it: no lock, no hash (the sealer chains it later). A build
        // from before the sealer (BENCH_SERVICE_DIR) requires the link columns: placeholders, still no lock.
        await client.query(
          hashRequired
            ? `INSERT INTO audit_log (chain, at, actor_id, unit_id, action, entity, entity_id, before, after, prev_hash, hash)
               VALUES ($1, now(), $2, $3, 'enquiry.create', 'enquiry', $4, 'null', $5, repeat('0', 64), md5(random()::text) || md5(random()::text))`
            : `INSERT INTO audit_log (chain, at, actor_id, unit_id, action, entity, entity_id, before, after)
               VALUES ($1, now(), $2, $3, 'enquiry.create', 'enquiry', $4, 'null', $5)`,
          [demo.unitId, demo.clerkId, demo.unitId, row.id, JSON.stringify(body)],
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
  if (suites.includes('compare')) await compareBench();
  if (suites.includes('cases')) await casesBench();
  if (suites.includes('timers')) await timerBench();
  if (suites.includes('timers') || suites.includes('timers-wipe')) await timerWipeBench();
  if (suites.includes('reports')) await reportsBench();
  if (suites.includes('console')) await consoleBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
