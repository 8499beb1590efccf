import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { jobId, TimerSweep } from '@app/deadlines';
import { AlertStream, Inbox, JobName, loadConfig, newQueue, queueSchema, REDIS } from '@app/platform';
import { databaseUrl, dropDatabase, TEST_SERVER_URL, uniqueName } from '@app/testing';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { APPLICANT, COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { EventStream } from './support/event-stream.js';
import { IN_NAMESPACE_CLIENT } from './support/in-namespace-client.js';
import { Child, freePort, waitFor } from './support/processes.js';
import { describeEachBackend, queueStore, type QueueStore } from './support/queue-store.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Issue 14: one PostgreSQL and nothing else. The timer fault tests on both backends are in timers.e2e-spec.

type StepView = { step: string; fireAt: string };

describe('no Redis anywhere: QUEUE_BACKEND and REDIS_URL unset, nothing answers where a Redis is looked for', () => {
  let t: TestApp;
  let w: World;
  let url: string;
  let probe: string;
  const open: EventStream[] = [];

  beforeAll(async () => {
    probe = `redis://127.0.0.1:${await freePort()}`; // a port nobody listens on
    t = await TestApp.start({ env: { REDIS_URL: '', QUEUE_BACKEND: '', SWEEP_INTERVAL_SECONDS: '0' }, redisProbeUrl: probe });
    w = await demoWorld(t);
    url = await t.listen();
  }, 60_000);
  afterAll(async () => {
    for (const s of open) s.close();
    await t?.close();
  });

  it('chooses PostgreSQL, says why, opens no Redis connection, and is ready', async () => {
    expect(t.config.QUEUE_BACKEND).toBe('postgres');
    expect(t.config.queueBackendReason).toBe(`no REDIS_URL and no Redis answers at ${probe}: one PostgreSQL and nothing else`);
    expect(t.app.get(REDIS)).toBeNull();
    const ready = await t.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.info).sort()).toEqual(['postgres', 'queue']);
  });

  it('the queue board (/admin/queues) shows an admin the queues in PostgreSQL', async () => {
    const board = await t.get<{ queues: Array<{ name: string }> }>('/admin/queues/api/queues', { token: w.tokens.admin });
    expect(board.status).toBe(200);
    expect(board.body.queues.map((q) => q.name).sort()).toEqual(['deadlines', 'system']);
  });

  it("fires a step through BullMQ's tables in PostgreSQL (a real 1 s delay) and streams its alert to the handler", async () => {
    const s = await EventStream.open(`${url}/api/v1/alerts/stream?access_token=${w.tokens.handler01}`);
    open.push(s);
    await s.next((e) => e.event === 'ready', 5000);
    await t.app.get(AlertStream).ready;

    t.clock.set('2026-03-02T10:00:00+08:00'); // a Monday
    const c = await receiveCase(t, w);
    const warningAt = ((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.deadline.steps as StepView[]).find((x) => x.step === 'warning')!.fireAt;
    // A pause of no time 1 s before the warning re-plans it: a new job, delayed 1 s, in the queue's schema.
    t.clock.set(new Date(new Date(warningAt).getTime() - 1000));
    await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待申请人补正说明' } });
    const resumed = await t.post(`/api/v1/cases/${c.id}/resume`, { token: w.tokens.handler01 });
    expect(resumed.status).toBe(200);
    const [jobs] = (await t.db.query(`SELECT count(*)::int AS n FROM "${queueSchema(t.config.QUEUE_PREFIX)}".job WHERE queue = 'deadlines' AND data->>'subjectId' = $1`, [c.id])) as Array<{ n: number }>;
    expect(jobs!.n).toBeGreaterThan(0);

    const alert = await s.next((e) => e.event === 'alert' && e.data?.caseId === c.id, 10_000);
    expect(alert.data).toMatchObject({ recipientId: w.staff.handler01, step: 'warning', level: 'yellow' });
    const fired = (await t.db.query('SELECT step FROM escalation WHERE subject_id = $1', [c.id])) as Array<{ step: string }>;
    expect(fired).toEqual([{ step: 'warning' }]);
  }, 30_000);

  it('the alert listener whose connection is cut listens again, and streams the next alert', async () => {
    const s = await EventStream.open(`${url}/api/v1/alerts/stream?access_token=${w.tokens.handler02}`);
    open.push(s);
    await s.next((e) => e.event === 'ready', 5000);
    const listener = `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'service-window-alerts'`;
    const [before] = (await t.db.query(listener)) as Array<{ pid: number }>;
    expect(before).toBeDefined();
    await t.db.query('SELECT pg_terminate_backend($1)', [before!.pid]);
    await waitFor('a new listener connection', async () => {
      const now = (await t.db.query(listener)) as Array<{ pid: number }>;
      return now.length === 1 && now[0]!.pid !== before!.pid ? true : undefined;
    }, 10_000, 100);

    const inbox = t.app.get(Inbox);
    await t.db.transaction((m) =>
      inbox.notify(m, [{ recipientId: w.staff.handler02, unitId: w.unitId, kind: 'case', subjectId: '00000000-0000-4000-8000-000000000002', event: 'assigned', level: 'info', title: '重连后的提醒' }]),
    );
    await s.next((e) => e.event === 'alert' && e.data?.title === '重连后的提醒', 5000);
  }, 30_000);
});

describeEachBackend('the alert stream on %s, from a worker process to an api process', (backend) => {
  let store: QueueStore;
  let api: TestApp;
  let worker: TestApp;
  let w: World;
  let url: string;
  const open: EventStream[] = [];
  const stream = async (token: string) => {
    const s = await EventStream.open(`${url}/api/v1/alerts/stream?access_token=${token}`);
    open.push(s);
    await s.next((e) => e.event === 'ready', 5000);
    return s;
  };

  beforeAll(async () => {
    store = await queueStore(backend); // Redis: one of its own, as the machine may have none at the default address
    api = await TestApp.start({ roles: ['api'], env: { SWEEP_INTERVAL_SECONDS: '0', ...store.env } });
    worker = await TestApp.start({ roles: ['worker'], replicaOf: api, env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(api);
    url = await api.listen();
    await api.app.get(AlertStream).ready;
  }, 60_000);
  afterAll(async () => {
    for (const s of open) s.close();
    await worker?.close();
    await api?.close();
    await store?.stop();
  });

  it("an escalation fired in the worker reaches its recipient's stream in the api, and no one else's", async () => {
    expect(worker.config.QUEUE_BACKEND).toBe(backend);
    const [h1, h2] = [await stream(w.tokens.handler01), await stream(w.tokens.handler02)];
    api.clock.set('2026-03-09T10:00:00+08:00'); // Monday; warning Wed 11 March 15:10
    const c = await receiveCase(api, w);
    worker.clock.set('2026-03-11T16:00:00+08:00');
    expect((await worker.app.get(TimerSweep).sweep()).fired).toBeGreaterThanOrEqual(1);

    const alert = await h1.next((e) => e.event === 'alert' && e.data?.caseId === c.id, 5000);
    expect(alert.data).toMatchObject({ recipientId: w.staff.handler01, step: 'warning' });
    // handler02 gets a later alert of its own, and never handler01's.
    const other = await receiveCase(api, w, undefined, { handlerId: w.staff.handler02 });
    worker.clock.set('2026-03-20T16:00:00+08:00');
    await worker.app.get(TimerSweep).sweep();
    await h2.next((e) => e.event === 'alert' && e.data?.caseId === other.id, 5000);
    expect(h2.alertsFor(c.id)).toEqual([]);
  });

  it('an alert whose transaction rolls back is never streamed; the one committed after it is', async () => {
    const s = await stream(w.tokens.handler01);
    const inbox = worker.app.get(Inbox);
    const write = async (title: string, commit: boolean) => {
      let written: Awaited<ReturnType<Inbox['notify']>> = [];
      await worker.db
        .transaction(async (m) => {
          written = await inbox.notify(m, [
            { recipientId: w.staff.handler01, unitId: w.unitId, kind: 'case', subjectId: '00000000-0000-4000-8000-000000000001', event: 'assigned', level: 'info', title },
          ]);
          if (!commit) throw new Error('rolled back');
        })
        .catch(() => undefined);
      if (commit) await inbox.publish(written); // after commit, as every writer does (a no-op on PostgreSQL)
    };
    await write('回滚的提醒', false);
    await write('提交的提醒', true);
    await s.next((e) => e.event === 'alert' && e.data?.title === '提交的提醒', 5000);
    expect(s.events.filter((e) => e.event === 'alert' && e.data?.title === '回滚的提醒')).toEqual([]);
  });
});

/** Whether this machine can give a process a network of its own (root, unshare and nsenter). */
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['-n', 'true']).status === 0 && spawnSync('nsenter', ['--version']).status === 0;

/**
 * How a process in a network of its own reaches the run's PostgreSQL (TEST_DATABASE_SERVER, not whatever
 * else listens on this machine): through that server's own Unix socket. Why not, when it has none (the
 * embedded one the tests start where nothing answers at 127.0.0.1:5432 listens on TCP only).
 */
async function runServerSocket(): Promise<{ url: (database: string) => string } | { missing: string }> {
  const client = new pg.Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    const [{ unix_socket_directories: dirs, port }] = (await client.query(`SELECT current_setting('unix_socket_directories') AS unix_socket_directories, current_setting('port') AS port`))
      .rows as Array<{ unix_socket_directories: string; port: string }>;
    const dir = dirs.split(',').map((d) => d.trim()).find((d) => d.startsWith('/'));
    if (!dir) return { missing: `the run's PostgreSQL (${new URL(TEST_SERVER_URL).host}) has no Unix socket, and a network of its own reaches no TCP port` };
    return {
      url: (database) => {
        const url = new URL(TEST_SERVER_URL);
        url.hostname = 'localhost';
        url.port = port;
        url.pathname = `/${database}`;
        url.search = `?host=${dir}`;
        return url.toString();
      },
    };
  } finally {
    await client.end();
  }
}

const socket = canUnshare ? await runServerSocket() : { missing: 'needs root, `unshare -n` and nsenter' };
const notInNamespace = 'missing' in socket ? socket.missing : undefined;
const NAMESPACE_SUITE = 'the compiled launcher in a network of its own, where no Redis can answer (root: unshare -n)';
if (notInNamespace) process.stdout.write(`skipped "${NAMESPACE_SUITE}": ${notInNamespace}\n`);

// `npm start` as a new user runs it where no Redis can answer: a network namespace with only its own
// loopback. PostgreSQL is reached through its Unix socket; the test talks HTTP from inside (nsenter).
(notInNamespace ? describe.skip : describe)(`${NAMESPACE_SUITE}${notInNamespace ? ` (skipped: ${notInNamespace})` : ''}`, () => {
  const database = uniqueName(`${process.env.SW_TEST_TEMPLATE ?? 'sw_test'}_nored`);
  const prefix = uniqueName('nored');
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-nored-'));
  let launcher: Child;
  let db: pg.Client;

  beforeAll(async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'development', // the first start loads the demo unit
      DATABASE_URL: 'url' in socket ? socket.url(database) : '',
      QUEUE_PREFIX: prefix,
      DATA_DIR: dataDir,
      PORT: '3120',
      WORKER_PORT: '3121',
      SWEEP_INTERVAL_SECONDS: '0', // the sweep at start-up only: what fires below goes through the queue
      LOG_LEVEL: 'warn', // the launcher's own lines stay in the output kept
    };
    const main = resolve(process.cwd(), 'dist/apps/launcher/src/main.js');
    launcher = new Child('launcher', spawn('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${process.execPath}" "${main}"`], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    await waitFor('the launcher to say the service runs', () => {
      if (!launcher.running) throw new Error(`launcher exited:\n${launcher.output()}`);
      return Promise.resolve(launcher.output().includes('service-window is running') || undefined);
    }, 120_000, 200);
    db = new pg.Client({ connectionString: databaseUrl(database) });
    await db.connect();
  }, 150_000);

  afterAll(async () => {
    await db?.end();
    await launcher?.stop();
    await dropDatabase(databaseUrl(database));
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('chooses PostgreSQL for both processes, says why, fires a step through the queue and streams its alert', async () => {
    expect(launcher.output()).toContain('deadline queue and alert stream on postgres: no REDIS_URL and no Redis answers at redis://127.0.0.1:6379');
    // The worker starts once the api answers: both reach PostgreSQL, the api with its alert listener.
    const connected = async () => (await db.query(`SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE datname = $1`, [database])).rows.map((r: { name: string }) => r.name);
    await waitFor('the worker to connect', async () => ((await connected()).includes('service-window-worker') ? true : undefined), 60_000, 200);
    expect(await connected()).toEqual(expect.arrayContaining(['service-window-api', 'service-window-worker', 'service-window-alerts']));

    const [handler] = (await db.query(`SELECT id FROM staff WHERE username = 'handler01'`)).rows as Array<{ id: string }>;
    const client = new Child(
      'client',
      spawn('nsenter', ['-t', String(launcher.process.pid), '-n', process.execPath, '--input-type=module', '-e', IN_NAMESPACE_CLIENT, 'http://127.0.0.1:3120', handler!.id], {
        env: { PATH: process.env.PATH ?? '', CLIENT_INPUT: JSON.stringify({ applicant: APPLICANT, materials: COMPLETE_MATERIALS, password: DEMO_PASSWORD }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const lines = () => client.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
    const created = await waitFor('the case', () => {
      if (!client.running && lines().length === 0) throw new Error(`client exited:\n${client.output()}`);
      return Promise.resolve(lines().find((l) => l.case));
    }, 30_000, 100);
    expect(created.status).toBe(201);

    // The warning's job, re-added from here (the queue is in the database) to come due in 1 s.
    const queue = newQueue(loadConfig({ DATABASE_URL: databaseUrl(database), QUEUE_BACKEND: 'postgres', QUEUE_PREFIX: prefix }), 'deadlines', () => true);
    try {
      const id = jobId({ subjectId: created.case, step: 'warning', version: 1 });
      await queue.remove(id);
      await db.query(`UPDATE deadline_step SET fire_at = clock_timestamp() + interval '1 second' WHERE subject_id = $1 AND step = 'warning'`, [created.case]);
      await queue.add(JobName.DeadlineStep, { subjectId: created.case, step: 'warning', version: 1 }, { jobId: id, delay: 1000 });

      const streamed = await waitFor('the alert on the stream', () => {
        if (!client.running && !lines().some((l) => l.alert)) throw new Error(`client exited:\n${client.output()}`);
        return Promise.resolve(lines().find((l) => l.alert));
      }, 30_000, 100);
      expect(streamed.alert).toMatchObject({ recipientId: handler!.id, caseId: created.case, step: 'warning' });
      // The job that fired it completes just after (the alert is streamed on the firing's commit).
      const job = await waitFor('the job to complete', async () => ((await queue.getJob(id))?.finishedOn ? queue.getJob(id) : undefined), 10_000, 100);
      expect({ state: await job?.getState(), returned: job?.returnvalue }).toEqual({ state: 'completed', returned: { fired: true } });
    } finally {
      await queue.close();
      await client.stop();
    }
  }, 90_000);
});
