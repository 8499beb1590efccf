import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../apps/api/src/demo-data.js';
import { costed, dropBenchResources, SERVICE_DIR, startService } from './service.js';

/**
 * `npm run bench -- cases`: GET /api/v1/cases?pageSize=20, a page of 20 cases with their notices, clocks
 * and extensions, as the case list shows it. The service runs as its own process (BENCH_SERVICE_DIR:
 * another checkout's build) on a database of its own holding BENCH_LIST_CASES cases made through the
 * API (every other one waiting for materials with a one-time notice, a third of the accepted ones with an
 * extension asked for); this process drives it. Prints p50/p99 one request at a time, at a fixed
 * BENCH_LIST_RATE requests per second, and throughput at BENCH_CONNECTIONS. Then case intake itself: POST
 * /api/v1/cases with every material at BENCH_CONNECTIONS (accepted with a receipt, its clock started).
 */
const CASES = Number(process.env.BENCH_LIST_CASES ?? 200);
const RATE = Number(process.env.BENCH_LIST_RATE ?? 100);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const MATERIALS = [
  { name: '个体工商户登记（备案）申请书', pages: 2, copies: 1 },
  { name: '经营者身份证明', pages: 1, copies: 1 },
  { name: '经营场所使用证明', pages: 3, copies: 1 },
];
const APPLICANT = { name: '张三', phone: '13800138000', idNumber: '11010519491231002X' };

export async function casesBench(): Promise<void> {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `sw_bench_cases_${suffix}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const prefix = `bench_cases_${suffix}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-bench-'));
  const service = await startService(dbUrl.toString(), prefix, dataDir);
  try {
    const login = async (username: string) => {
      const res = await fetch(`${service.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const [clerk, handler] = [await login('clerk01'), await login('handler01')];
    const post = async (token: string, path: string, body: unknown) => {
      const res = await fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; receipt: unknown };
    };
    const handlerId = await staffId(dbUrl.toString(), 'handler01');
    for (let i = 0; i < CASES; i++) {
      const c = await post(clerk, '/api/v1/cases', { serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId, materials: i % 2 ? MATERIALS.slice(1) : MATERIALS, issueNotice: true });
      if (c.receipt && i % 3 === 0) await post(handler, `/api/v1/cases/${c.id}/extensions`, { workingDays: 2, reason: '需现场核查' });
    }

    const page = (connections: number, duration: number, overallRate?: number) =>
      autocannon({
        url: `${service.url}/api/v1/cases?pageSize=20`,
        connections,
        duration,
        ...(overallRate ? { overallRate } : {}),
        headers: { authorization: `Bearer ${clerk}` },
      });
    await page(CONNECTIONS, 2); // warm-up
    const single = await page(1, SECONDS);
    const fixed = await page(CONNECTIONS, SECONDS, RATE);
    const loaded = await page(CONNECTIONS, SECONDS);
    console.log(`\nA page of 20 cases (service ${SERVICE_DIR}, its own process), ${CASES} cases in the unit, ${SECONDS} s each`);
    console.log(`  GET /api/v1/cases?pageSize=20, one request at a time: ${single.requests.average.toFixed(0)} req/s, p50 ${single.latency.p50} ms, p99 ${single.latency.p99} ms, ${single.non2xx} non-2xx`);
    console.log(`  at a fixed ${RATE} req/s: ${fixed.requests.average.toFixed(0)} req/s served, p50 ${fixed.latency.p50} ms, p99 ${fixed.latency.p99} ms, ${fixed.non2xx} non-2xx`);
    console.log(`  at ${CONNECTIONS} connections: ${loaded.requests.average.toFixed(0)} req/s, p50 ${loaded.latency.p50} ms, p99 ${loaded.latency.p99} ms, ${loaded.non2xx} non-2xx`);

    const { result: intake, cpu } = await costed(service, () =>
      autocannon({
        url: `${service.url}/api/v1/cases`,
        method: 'POST',
        connections: CONNECTIONS,
        duration: SECONDS,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${clerk}` },
        body: JSON.stringify({ serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId, materials: MATERIALS }),
      }),
    );
    console.log(`  POST /api/v1/cases (accepted, clock started) at ${CONNECTIONS} connections: ${intake.requests.average.toFixed(0)} req/s, p50 ${intake.latency.p50} ms, p99 ${intake.latency.p99} ms, ${intake.non2xx} non-2xx, ${intake.errors} errors${cpu}`);
  } catch (e) {
    console.error('cases bench failed:', e);
    process.exitCode = 1;
  } finally {
    await service.stop();
    await dropBenchResources(SERVER, database, prefix, dataDir);
  }
}

async function staffId(url: string, username: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM staff WHERE username = $1', [username]);
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}
