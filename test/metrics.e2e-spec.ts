import { TimerSweep } from '@app/deadlines';
import { AuditService } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { freePort, spawnService, waitFor, type Child } from './support/processes.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/** One series' value from the Prometheus text, 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('observability: /metrics moves when work is done, and the queue board is for admins', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    t.clock.set('2026-03-02T10:00:00+08:00'); // a Monday
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const res = await t.get<string>('/metrics', { token: w.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    return res.body;
  };

  it('GET /metrics is refused without a token and to every role but admin', async () => {
    expect((await t.get('/metrics')).status).toBe(401);
    for (const role of ['clerk01', 'handler01', 'head01', 'leader01', 'inspector01'] as const) {
      expect([role, (await t.get('/metrics', { token: w.tokens[role] })).status]).toEqual([role, 403]);
    }
  });

  it('an enquiry and a case move the created counters and the HTTP histogram of their routes', async () => {
    const before = await scrape();
    const enquiry = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'visit', kind: 'consultation', subject: '咨询', citizen: { name: '张三' }, outcome: { type: 'answered', answer: '已答复' } },
    });
    expect(enquiry.status).toBe(201);
    await receiveCase(t, w);
    const after = await scrape();
    expect(value(after, 'sw_created_total{kind="enquiry"}') - value(before, 'sw_created_total{kind="enquiry"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sw_created_total{kind="case"}') - value(before, 'sw_created_total{kind="case"}')).toBe(1);
    const posts = 'sw_http_request_duration_seconds_count{method="POST",route="/api/v1/cases",status="201"}';
    expect(value(after, posts) - value(before, posts)).toBe(1);
    // Templates, never ids: no series names a UUID.
    expect(after).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('a record written in a transaction that rolls back is not counted; one that commits is, once', async () => {
    const audit = t.app.get(AuditService);
    const entry = { actor: null, unitId: w.unitId, action: 'case.create', entity: 'case', entityId: '00000000-0000-4000-8000-000000000001', after: {} };
    const before = value(await scrape(), 'sw_created_total{kind="case"}');
    await expect(
      t.db.transaction(async (m) => {
        await audit.record(m, entry);
        throw new Error('the change failed after its entry was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(value(await scrape(), 'sw_created_total{kind="case"}')).toBe(before);
    await t.db.transaction((m) => audit.record(m, entry));
    expect(value(await scrape(), 'sw_created_total{kind="case"}')).toBe(before + 1);
  });

  it('pending steps, fired steps, lateness, overdue clocks and the sweep are counted as the ladder runs', async () => {
    const c = await receiveCase(t, w);
    const before = await scrape();
    expect(value(before, 'sw_steps_pending{kind="case"}')).toBeGreaterThan(0);
    t.clock.set(new Date(new Date(c.deadline.dueAt as string).getTime() + 1000));
    const result = await t.app.get(TimerSweep).sweep();
    expect(result.fired).toBeGreaterThanOrEqual(2); // at least this case's warning and due steps
    const after = await scrape();
    const fired = (s: string) => value(after, `sw_steps_fired_total{kind="case",step="${s}"}`) - value(before, `sw_steps_fired_total{kind="case",step="${s}"}`);
    expect(fired('warning')).toBeGreaterThanOrEqual(1);
    expect(fired('due')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sw_step_firing_lateness_seconds_count{step="due"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'sw_steps_pending{kind="case"}')).toBeLessThan(value(before, 'sw_steps_pending{kind="case"}'));
    expect(value(after, 'sw_overdue_open{kind="case"}')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^sw_queue_jobs\{queue="deadlines",state="delayed"\} \d+$/m);
    // Nothing seals in this process (no worker schedule runs here): every audit entry is the unsealed tail.
    const [{ n }] = (await t.db.query('SELECT count(*)::int AS n FROM audit_log WHERE hash IS NULL')) as Array<{ n: number }>;
    expect(n).toBeGreaterThan(0);
    expect(value(after, 'sw_audit_unsealed')).toBeGreaterThanOrEqual(n);
  });

  it('the queue board refuses anyone but an admin, and an admin opens it from a link', async () => {
    expect((await t.get('/admin/queues')).status).toBe(401);
    const clerk = await t.get('/admin/queues', { query: { access_token: w.tokens.clerk01 } });
    expect(clerk.status).toBe(403);
    expect(clerk.headers['content-type']).toContain('application/problem+json');
    expect((await t.get('/admin/queues/api/queues', { token: w.tokens.head01 })).status).toBe(403);

    const link = await t.get('/admin/queues', { query: { access_token: w.tokens.admin } });
    expect(link.status).toBe(303);
    expect(link.headers.location).toBe('/admin/queues');
    const cookie = String(link.headers['set-cookie']);
    expect(cookie).toMatch(/^sw_board=[^;]+; Path=\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict/);
    const page = await t.get('/admin/queues', { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await t.get<{ queues: Array<{ name: string }> }>('/admin/queues/api/queues', { headers: { cookie: cookie.split(';')[0]! } });
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q) => q.name).sort()).toEqual(['deadlines', 'system']);
  });

  describe('a scraper without a token', () => {
    const children: Child[] = [];
    afterAll(async () => {
      for (const c of children) await c.stop();
    });

    it('reads the api on METRICS_PORT and the worker on its own port', async () => {
      const [port, metricsPort, workerPort] = [await freePort(), await freePort(), await freePort()];
      const env = {
        DATABASE_URL: t.config.DATABASE_URL,
        QUEUE_BACKEND: t.config.QUEUE_BACKEND!, // the app's, as settled at its start (the run's)
        REDIS_URL: t.config.REDIS_URL,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        SWEEP_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        WORKER_PORT: String(workerPort),
      };
      children.push(spawnService('api', 'api', env), spawnService('worker', 'worker', env));
      for (const url of [`http://127.0.0.1:${metricsPort}/metrics`, `http://127.0.0.1:${workerPort}/metrics`]) {
        const text = await waitFor(`${url} to answer`, async () => {
          const res = await fetch(url).catch(() => null);
          return res?.status === 200 ? res.text() : undefined;
        }, 60_000, 200);
        expect(text).toContain('# TYPE sw_steps_pending gauge');
      }
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    }, 120_000);
  });
});
