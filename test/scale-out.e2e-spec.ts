import pg from 'pg';
import { loadConfig, newQueue } from '@app/platform';
import { databaseUrl, dropDatabase, uniqueName } from '@app/testing';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { APPLICANT, COMPLETE_MATERIALS } from './support/cases.js';
import { freePort, spawnService, waitFor, type Child } from './support/processes.js';
import { describeEachBackend, queueStore, type QueueStore } from './support/queue-store.js';

/**
 * A city's layout without Docker, in the compose file's order: migrations once, then two api processes and
 * two workers on one PostgreSQL and one Redis (or, on the PostgreSQL queue backend, on one PostgreSQL and
 * nothing else). A burst of cases goes in through both apis and every step of
 * their ladders comes due within seconds; the checks are SQL: every due step fired exactly once, no receipt
 * number doubled or skipped, no periodic job ran on two replicas at once.
 */
describeEachBackend('scale-out: two apis and two workers on one PostgreSQL, the queue on %s', (backend) => {
  const CASES = 40;
  const database = databaseUrl(uniqueName(`${process.env.SW_TEST_TEMPLATE ?? 'sw_test'}_scale`));
  const prefix = uniqueName('scale');
  const children: Child[] = [];
  let db: pg.Client;
  const apis: string[] = [];
  let store: QueueStore; // Redis: one of the test's own, shared by the four processes

  const env = (port: number) => ({
    NODE_ENV: 'development', // the first api loads the demo unit into the new database
    DATABASE_URL: database,
    ...store.env,
    QUEUE_PREFIX: prefix,
    SWEEP_INTERVAL_SECONDS: '1',
    JWT_SECRET: 'scale-out-test-secret-shared-by-every-replica-0123',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    WORKER_PORT: String(port),
  });

  async function start(role: 'api' | 'worker'): Promise<string> {
    const port = await freePort();
    const child = spawnService(`${role} :${port}`, role, env(port));
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `${role} :${port} to answer /health`,
      async () => {
        if (!child.running) throw new Error(`${role} exited: ${child.output()}`);
        return (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) || undefined;
      },
      60_000,
      100,
    );
    return url;
  }

  beforeAll(async () => {
    store = await queueStore(backend);
    const migrate = spawnService('migrate', 'migrate', env(await freePort()));
    children.push(migrate);
    const exit = await migrate.exited;
    if (exit.code !== 0) throw new Error(`migrate failed: ${migrate.output()}`);
    apis.push(await start('api')); // alone first: it loads the demo unit
    apis.push(await start('api'));
    await Promise.all([start('worker'), start('worker')]);
    db = new pg.Client({ connectionString: database });
    await db.connect();
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    for (const c of children) await c.stop();
    await dropDatabase(database);
    await store?.stop();
  }, 120_000);

  const post = async (api: string, path: string, body: unknown, token?: string) => {
    const res = await fetch(api + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('every due step fires exactly once, receipts are numbered without a gap or a double, no job ran twice at once', async () => {
    const tokens = await Promise.all(apis.map(async (api) => (await post(api, '/api/v1/auth/login', { username: 'clerk01', password: DEMO_PASSWORD })).body.accessToken as string));
    const [handler] = (await db.query(`SELECT id FROM staff WHERE username = 'handler01'`)).rows as Array<{ id: string }>;

    // The burst: eight at a time, alternating between the two apis.
    for (let i = 0; i < CASES; i += 8) {
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, k) =>
          post(apis[(i + k) % 2]!, '/api/v1/cases', { serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId: handler!.id, materials: COMPLETE_MATERIALS }, tokens[(i + k) % 2]),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    }

    // Their ladders come due within seconds, in order (warning, due, then each rung): the planned times
    // move, and the delayed jobs planned for the old times go; the workers' sweep adds them again.
    await db.query(
      `UPDATE deadline_step SET fire_at = clock_timestamp() + interval '3 seconds'
         + (CASE step WHEN 'warning' THEN 0 WHEN 'due' THEN 1 WHEN 'overdue_office_head' THEN 2 WHEN 'overdue_leader' THEN 3 ELSE 4 END) * interval '1 second'
       WHERE fired_at IS NULL`,
    );
    const queue = newQueue(loadConfig(env(1)), 'deadlines', () => true);
    await queue.drain(true);
    await queue.close();

    const pending = async () => Number((await db.query(`SELECT count(*) AS n FROM deadline_step WHERE fired_at IS NULL`)).rows[0].n);
    await waitFor('every step to fire', async () => ((await pending()) === 0 ? true : undefined), 60_000, 500);

    const steps = Number((await db.query(`SELECT count(*) AS n FROM deadline_step`)).rows[0].n);
    expect(steps).toBe(CASES * 5);
    const notOnce = await db.query(
      `SELECT s.subject_id, s.step, count(e.id)::int AS escalations
         FROM deadline_step s LEFT JOIN escalation e ON e.subject_id = s.subject_id AND e.step = s.step AND e.version = s.version
        GROUP BY s.subject_id, s.step HAVING count(e.id) <> 1`,
    );
    expect(notOnce.rows).toEqual([]);

    const receipts = (await db.query(`SELECT receipt_no FROM service_case WHERE receipt_no IS NOT NULL`)).rows as Array<{ receipt_no: string }>;
    const numbers = receipts.map((r) => Number(/(\d+)号$/.exec(r.receipt_no)![1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: CASES }, (_, i) => i + 1));

    // The periodic jobs ran on both workers, never two runs of one job at the same time. Which worker's tick
    // wins the lock is chance: wait (briefly) until each has swept at least once, so the check is not vacuous.
    await waitFor(
      'a timer sweep run by each worker',
      async () => ((await db.query(`SELECT count(DISTINCT process)::int AS n FROM periodic_run WHERE job = 'timer-sweep'`)).rows[0].n === 2 ? true : undefined),
      30_000,
      250,
    );
    const overlaps = await db.query(
      `SELECT a.job, a.process, b.process AS other FROM periodic_run a JOIN periodic_run b
          ON a.job = b.job AND a.id < b.id
         AND a.started_at < coalesce(b.finished_at, clock_timestamp()) AND b.started_at < coalesce(a.finished_at, clock_timestamp())`,
    );
    expect(overlaps.rows).toEqual([]);
    const sweepers = await db.query(`SELECT count(DISTINCT process)::int AS n, count(*)::int AS runs FROM periodic_run WHERE job = 'timer-sweep'`);
    expect(sweepers.rows[0]).toEqual({ n: 2, runs: expect.any(Number) });
  }, 240_000);
});
