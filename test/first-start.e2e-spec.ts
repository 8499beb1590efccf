import { databaseUrl, deleteRedisPrefix, dropDatabase, TEST_REDIS_URL, uniqueName } from '@app/testing';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { freePort, spawnService, waitFor, type Child } from './support/processes.js';

/**
 * The first `npm start` on a new database: in development the api loads the demo unit and says how to log
 * in, so the system is usable at once; in production it never invents accounts.
 */
describe('first start: demo data in development only', () => {
  const children: Child[] = [];
  const databases: string[] = [];
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const c of children) await c.stop();
    for (const d of databases) await dropDatabase(d);
    for (const p of prefixes) await deleteRedisPrefix(TEST_REDIS_URL, p);
  });

  async function firstStart(nodeEnv: 'development' | 'production'): Promise<{ url: string; child: Child }> {
    // A database that does not exist yet: the api creates and migrates it.
    const database = databaseUrl(uniqueName(`${process.env.SW_TEST_TEMPLATE ?? 'sw_test'}_first`));
    const prefix = uniqueName('first');
    databases.push(database);
    prefixes.push(prefix);
    const port = await freePort();
    const child = spawnService(`api ${nodeEnv}`, 'api', {
      NODE_ENV: nodeEnv,
      DATABASE_URL: database,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_BACKEND: process.env.TEST_QUEUE_BACKEND ?? '', // the run's (test/global-setup.ts); empty: by REDIS_URL
      QUEUE_PREFIX: prefix,
      SWEEP_INTERVAL_SECONDS: '0',
      PORT: String(port),
      JWT_SECRET: 'a-production-secret-for-this-test-only-0123456789',
      LOG_LEVEL: 'info',
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(
      'the api to answer /health',
      async () => {
        if (!child.running) throw new Error(`the api exited: ${child.output()}`);
        return (await fetch(`${url}/health`).then((r) => r.status === 200, () => false)) || undefined;
      },
      60_000,
      100,
    );
    return { url, child };
  }
  const login = (url: string, username: string) =>
    fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });

  it('development: the demo unit is there after the first start, and the log names the accounts and password', async () => {
    const { url, child } = await firstStart('development');
    expect((await login(url, 'clerk01')).status).toBe(200);
    const services = (await (await fetch(`${url}/api/v1/public/services`)).json()) as Array<{ code: string }>;
    expect(services.map((s) => s.code)).toContain('DEMO-001');
    expect(child.output()).toContain(`Log in with password ${DEMO_PASSWORD} as clerk01 (clerk)`);
  }, 120_000);

  it('production: a new database stays empty, no demo account exists', async () => {
    const { url, child } = await firstStart('production');
    expect((await login(url, 'clerk01')).status).toBe(401);
    expect(await (await fetch(`${url}/api/v1/public/services`)).json()).toEqual([]);
    expect(child.output()).not.toContain('demo unit');
  }, 120_000);
});
