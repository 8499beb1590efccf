import { AlertStream, JobName, JobQueues, QueueName } from '@app/platform';
import { alertBus, type AlertBus } from './support/alert-bus.js';
import { freePort, spawnService, waitFor, type Child } from './support/processes.js';
import { TestApp } from './support/test-app.js';

/**
 * The two entrypoints as production runs them (compiled, one process each): the api serves the REST API
 * and listens for alerts; the worker consumes jobs and serves /health only. `t` is the api's modules in
 * this process, for the migrated database and the queue prefix both processes share.
 */
describe('roles: the api serves the API, the worker serves nothing but health', () => {
  let t: TestApp;
  let alerts: AlertBus;
  const children: Child[] = [];

  beforeAll(async () => {
    t = await TestApp.start({ roles: ['api'], env: { SWEEP_INTERVAL_SECONDS: '0' } });
    alerts = alertBus(t); // on the run's queue backend: Redis pub/sub, or LISTEN/NOTIFY
    await t.app.get(AlertStream).ready; // this process's own subscriber, counted in `before` below
  });
  afterAll(async () => {
    for (const c of children) await c.stop();
    await alerts.close();
    await t.close();
  });

  const env = (port: number) => ({
    DATABASE_URL: t.config.DATABASE_URL,
    QUEUE_BACKEND: t.config.QUEUE_BACKEND!,
    REDIS_URL: t.config.REDIS_URL,
    QUEUE_PREFIX: t.config.QUEUE_PREFIX,
    SWEEP_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    WORKER_PORT: String(port),
  });

  async function started(role: 'api' | 'worker'): Promise<{ child: Child; url: string }> {
    const port = await freePort();
    const child = spawnService(`${role} :${port}`, role, env(port));
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      `the ${role} to answer /health`,
      async () => {
        if (!child.running) throw new Error(`the ${role} exited: ${child.output()}`);
        return (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) || undefined;
      },
      30_000,
      100,
    );
    return { child, url };
  }

  const subscribers = () => alerts.listeners();
  const status = (url: string, path: string, init?: RequestInit) => fetch(url + path, init).then((r) => r.status);
  const login = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password: 'x'.repeat(12) }) };

  it('the worker answers 404 on every API route, serves /health, opens no alert subscriber, and consumes jobs', async () => {
    const before = await subscribers();
    const { child, url } = await started('worker');
    expect(await status(url, '/health')).toBe(200);
    for (const path of ['/api/v1/public/services', '/api/v1/cases', '/api/v1/enquiries', '/api/v1/alerts/stream', '/api/v1/reports/violations', '/api/docs', '/api/docs-json']) {
      expect([path, await status(url, path)]).toEqual([path, 404]);
    }
    expect(await status(url, '/api/v1/auth/login', login)).toBe(404);
    expect(await subscribers()).toBe(before);

    // It is a worker all the same: a ping job added by the api comes back done.
    const job = await t.app.get(JobQueues).add(JobName.Ping, { requestedBy: 'roles' });
    const queue = t.app.get(JobQueues).queue(QueueName.System);
    await waitFor('the worker to complete the ping', async () => ((await queue.getJobState(job.id!)) === 'completed' ? true : undefined), 20_000);
    expect((await queue.getJob(job.id!))!.returnvalue).toMatchObject({ pong: 'roles' });
    await child.stop();
  }, 60_000);

  it('the api serves the API and listens for alerts', async () => {
    const before = await subscribers();
    const { child, url } = await started('api');
    expect(await status(url, '/api/v1/public/services')).toBe(200);
    expect(await status(url, '/api/v1/cases')).toBe(401);
    expect(await status(url, '/api/v1/auth/login', login)).toBe(401);
    expect(await status(url, '/api/docs-json')).toBe(200);
    await waitFor('the api to subscribe to alerts', async () => ((await subscribers()) === before + 1 ? true : undefined), 10_000);
    await child.stop();
  }, 60_000);

  it('a malformed message on the alerts channel is logged and dropped: the api lives on and still streams alerts', async () => {
    const before = await subscribers();
    const { child, url } = await started('api');
    await waitFor('the api to subscribe to alerts', async () => ((await subscribers()) === before + 1 ? true : undefined), 10_000);
    for (const message of ['not-json', '{"an":"object"}', '[null, 42, {"recipientId": 7}]']) {
      await alerts.publish(message);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(child.running).toBe(true);
    expect(await status(url, '/api/v1/public/services')).toBe(200);
    expect(await subscribers()).toBe(before + 1);
    const warnings = child
      .output()
      .split('\n')
      .filter((l) => /malformed (message|notification) on the alerts channel/.test(l));
    expect(warnings).toHaveLength(3);
    await child.stop();
  }, 60_000);
});
