import { TimerSweep } from '@app/deadlines';
import { AlertStream, Inbox, queueSchema, REDIS } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { EventStream } from './support/event-stream.js';
import { freePort } from './support/processes.js';
import { QUEUE_BACKENDS } from './support/queue-store.js';
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
});

describe.each(QUEUE_BACKENDS)('the alert stream on %s, from a worker process to an api process', (backend) => {
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
    api = await TestApp.start({ roles: ['api'], queueBackend: backend, env: { SWEEP_INTERVAL_SECONDS: '0' } });
    worker = await TestApp.start({ roles: ['worker'], replicaOf: api, env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(api);
    url = await api.listen();
    await api.app.get(AlertStream).ready;
  }, 60_000);
  afterAll(async () => {
    for (const s of open) s.close();
    await worker?.close();
    await api?.close();
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
