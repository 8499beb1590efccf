import { STEPS, type Step } from '@app/core';
import { DeadlinesService, EscalationService, jobId, TimerSweep, type TimerJob } from '@app/deadlines';
import { DeadlineJobs } from '../apps/worker/src/deadline.jobs.js';
import { JobQueues, QueueName } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { freePort, spawnService, terminateBackends, waitFor, type Child } from './support/processes.js';
import { describeEachBackend, queueStore, type QueueStore } from './support/queue-store.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Timers of DESIGN.md section 4: BullMQ is the clock, PostgreSQL the record, the sweep the safety net.

type StepView = { step: Step; fireAt: string; firedAt: string | null };

const stepOf = (c: { deadline: { steps: StepView[] } }, step: Step) => c.deadline.steps.find((s) => s.step === step)!;

async function escalations(t: TestApp, caseId: string) {
  return (await t.db.query('SELECT step, version, fire_at, recipients FROM escalation WHERE subject_id = $1 ORDER BY step', [caseId])) as Array<{
    step: Step;
    version: number;
    fire_at: Date;
    recipients: string[];
  }>;
}

async function escalationCount(t: TestApp): Promise<number> {
  const [row] = (await t.db.query('SELECT count(*)::int AS n FROM escalation')) as Array<{ n: number }>;
  return row!.n;
}

/** Every (case, step) of deadline_step that is not fired with exactly one escalation. */
async function notExactlyOnce(t: TestApp) {
  return t.db.query(
    `SELECT s.subject_id, s.step, s.fired_at, count(DISTINCT e.id)::int AS escalations
       FROM deadline_step s LEFT JOIN escalation e ON e.subject_id = s.subject_id AND e.step = s.step
      GROUP BY s.subject_id, s.step, s.fired_at
     HAVING s.fired_at IS NULL OR count(DISTINCT e.id) <> 1`,
  );
}

/** Escalations whose alert rows are not one per recipient. */
async function alertMismatches(t: TestApp) {
  return t.db.query(
    `SELECT e.subject_id, e.step, cardinality(e.recipients) AS recipients,
            (SELECT count(*)::int FROM alert a WHERE a.subject_id = e.subject_id AND a.step = e.step) AS alerts
       FROM escalation e
      WHERE cardinality(e.recipients) <> (SELECT count(*) FROM alert a WHERE a.subject_id = e.subject_id AND a.step = e.step)
         OR (SELECT count(*) FROM alert a WHERE a.subject_id = e.subject_id AND a.step = e.step AND NOT a.recipient_id = ANY (e.recipients)) > 0`,
  );
}

/** Receives `n` cases, `batch` at a time. */
async function receiveMany(t: TestApp, w: World, n: number, batch = 8) {
  const ids: string[] = [];
  for (let i = 0; i < n; i += batch) {
    const created = await Promise.all(Array.from({ length: Math.min(batch, n - i) }, () => receiveCase(t, w)));
    ids.push(...created.map((c: { id: string }) => c.id));
  }
  return ids;
}

describe('deadline timers (DESIGN.md section 4)', () => {
  // Redis: one of its own (the machine may have none at the default address); PostgreSQL: BullMQ's schema in the test's database.
  describeEachBackend('on %s', (backend) => {
    let store: QueueStore;
    let t: TestApp;
    let w: World;

    beforeAll(async () => {
      store = await queueStore(backend);
      t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', ...store.env } });
      w = await demoWorld(t);
    });
    afterAll(async () => {
      await t?.close();
      await store?.stop();
    });
    beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

    it(
      'a real BullMQ delay fires an escalation: pause and resume 2 s before the warning, and the warning fires once, after 2 s, with an alert for the handler',
      async () => {
        const c = await receiveCase(t, w);
        const warningAt = stepOf((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body, 'warning').fireAt;
        t.clock.set(new Date(new Date(warningAt).getTime() - 2000));

        const paused = await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待申请人补正说明' } });
        expect(paused.status).toBe(200);
        const resumed = await t.post(`/api/v1/cases/${c.id}/resume`, { token: w.tokens.handler01 });
        const resumedAt = Date.now();
        expect(resumed.status).toBe(200);
        const version: number = resumed.body.deadline.version;
        expect(version).toBe(3); // pause and resume each bump it
        const job = await t.app.get(JobQueues).queue(QueueName.Deadlines).getJob(jobId({ subjectId: c.id, step: 'warning', version }));
        expect(job?.data).toEqual({ subjectId: c.id, step: 'warning', version });

        // The one real wait of this file: the job's delay, polled in the database.
        const fired = await waitFor('the warning escalation', async () => ((await escalations(t, c.id)).length > 0 ? Date.now() - resumedAt : undefined), 10_000, 25);

        const rows = await escalations(t, c.id);
        expect(rows.map((r) => ({ step: r.step, version: r.version }))).toEqual([{ step: 'warning', version }]);
        expect(rows[0]!.recipients).toEqual([w.staff.handler01]);
        const alerts = await t.db.query('SELECT recipient_id, step, level FROM alert WHERE subject_id = $1', [c.id]);
        expect(alerts).toEqual([{ recipient_id: w.staff.handler01, step: 'warning', level: 'yellow' }]);
        const inbox = (await t.get('/api/v1/alerts', { token: w.tokens.handler01 })).body;
        expect(inbox.items.filter((a: { caseId: string }) => a.caseId === c.id)).toEqual([
          expect.objectContaining({ step: 'warning', level: 'yellow', title: '办件即将到期预警' }),
        ]);

        // A pause of no time moves nothing: the warning keeps its time, so the job waited the 2 s left.
        expect({ warningFireAt: stepOf(resumed.body, 'warning').fireAt, jobDelayMs: job!.opts.delay }).toEqual({ warningFireAt: warningAt, jobDelayMs: 2000 });
        expect(fired).toBeGreaterThanOrEqual(1500);
      },
      30_000,
    );

    it('a real BullMQ delay fires the warning an approved extension moved (the new job waits its 2 s)', async () => {
      // Two cases received at the same moment get the same plan; the twin tells where the extension puts the warning.
      const [twin, c] = [await receiveCase(t, w), await receiveCase(t, w)];
      const extend = async (id: string) => {
        const req = await t.post(`/api/v1/cases/${id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查经营场所' } });
        expect(req.status).toBe(201);
        return req.body.id as string;
      };
      const [twinExt, ext] = [await extend(twin.id), await extend(c.id)];
      await t.post(`/api/v1/cases/${twin.id}/extensions/${twinExt}/decision`, { token: w.tokens.leader01, body: { approve: true } });
      const warningAt = stepOf((await t.get(`/api/v1/cases/${twin.id}`, { token: w.tokens.handler01 })).body, 'warning').fireAt;

      t.clock.set(new Date(new Date(warningAt).getTime() - 2000));
      const decided = await t.post(`/api/v1/cases/${c.id}/extensions/${ext}/decision`, { token: w.tokens.leader01, body: { approve: true } });
      const decidedAt = Date.now();
      expect(decided.status).toBe(200);
      expect(stepOf((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body, 'warning').fireAt).toBe(warningAt);

      const fired = await waitFor('the warning escalation', async () => ((await escalations(t, c.id)).length > 0 ? Date.now() - decidedAt : undefined), 10_000, 25);
      expect(fired).toBeGreaterThanOrEqual(1500);
      expect((await escalations(t, c.id)).map((r) => ({ step: r.step, version: r.version, fireAt: r.fire_at.toISOString() }))).toEqual([
        { step: 'warning', version: 2, fireAt: warningAt },
      ]);
      expect(await escalations(t, twin.id)).toEqual([]);
    }, 30_000);

    it('a duplicate job delivery writes one escalation: twice in a row, five at once, and a stale version fires nothing', async () => {
      const c = await receiveCase(t, w);
      // A pause of no time at a whole minute: the plan stays, the version goes from 1 to 3.
      await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待' } });
      const resumed = await t.post(`/api/v1/cases/${c.id}/resume`, { token: w.tokens.handler01 });
      const version: number = resumed.body.deadline.version;
      expect(version).toBe(3);
      t.clock.set('2026-03-20T10:00:00+08:00'); // past every rung of the ladder
      const jobs = t.app.get(DeadlineJobs);
      const escalation = t.app.get(EscalationService);

      // Stale: the plan of version 2 is gone, whatever step it names.
      expect(await jobs.stepDue({ subjectId: c.id, step: 'warning', version: version - 1 })).toEqual({ fired: false });
      expect(await escalation.fire(c.id, 'due', version - 1)).toBe(false);
      expect(await escalations(t, c.id)).toEqual([]);

      // Delivered twice in a row.
      expect(await jobs.stepDue({ subjectId: c.id, step: 'due', version })).toEqual({ fired: true });
      expect(await jobs.stepDue({ subjectId: c.id, step: 'due', version })).toEqual({ fired: false });
      // Delivered five times at once, through the job handler and the service.
      const handled = await Promise.all(Array.from({ length: 5 }, () => jobs.stepDue({ subjectId: c.id, step: 'overdue_office_head', version })));
      expect(handled.filter((r) => r.fired)).toHaveLength(1);
      const direct = await Promise.all(Array.from({ length: 5 }, () => escalation.fire(c.id, 'overdue_leader', version)));
      expect(direct.filter(Boolean)).toHaveLength(1);

      expect((await escalations(t, c.id)).map((r) => [r.step, r.version, r.recipients])).toEqual([
        ['due', version, [w.staff.handler01]],
        ['overdue_leader', version, [w.staff.leader01]],
        ['overdue_office_head', version, [w.staff.head01]],
      ]);
      const alerts = (await t.db.query('SELECT step, recipient_id FROM alert WHERE subject_id = $1 ORDER BY step', [c.id])) as Array<{ step: Step; recipient_id: string }>;
      expect(alerts.map((a) => [a.step, a.recipient_id])).toEqual([
        ['due', w.staff.handler01],
        ['overdue_leader', w.staff.leader01],
        ['overdue_office_head', w.staff.head01],
      ]);
      const overdue = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: c.id, type: 'overdue' } })).body.items;
      expect(overdue).toHaveLength(1);
      // The stale deliveries left their steps to the current plan: the warning still fires.
      expect(await jobs.stepDue({ subjectId: c.id, step: 'warning', version })).toEqual({ fired: true });
    });
  });

  describe('bursts and the connection pool (10 connections a process)', () => {
    let t: TestApp;
    let w: World;

    /**
     * The burst's results, or 'stuck' when it has not settled within `ms`. A stuck pool never gives its
     * connections back, so their backends are ended (the burst then fails) and the app can close.
     */
    async function settle<T>(burst: Promise<T>, ms = 15_000): Promise<T | 'stuck'> {
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([burst, new Promise<'stuck'>((r) => (timer = setTimeout(() => r('stuck'), ms)))]);
      clearTimeout(timer);
      if (outcome === 'stuck') {
        burst.catch(() => undefined);
        await terminateBackends(t.config.DATABASE_URL);
      }
      return outcome;
    }

    // An app per test: a pool that was stuck is not reused.
    beforeEach(async () => {
      t = await TestApp.start({ roles: ['api'], env: { SWEEP_INTERVAL_SECONDS: '0' } });
      w = await demoWorld(t);
    });
    afterEach(() => t.close());

    it('20 acceptances at once after the calendar cache went stale all start their clocks (planning never starves the pool)', async () => {
      t.clock.set('2026-03-02T10:00:00+08:00');
      await receiveCase(t, w); // the calendar is cached as of now
      t.clock.advance(5 * 60_000); // older than the calendar's reload interval (60 s)
      const outcome = await settle(Promise.all(Array.from({ length: 20 }, () => receiveCase(t, w).then((c: { status: string }) => c.status))));
      expect(outcome).toEqual(Array.from({ length: 20 }, () => 'accepted'));
    }, 60_000);

    it("20 direct acceptances as the app's first work all complete (the enquiry's reference batch is read in the case's transaction, not from the pool)", async () => {
      t.clock.set('2026-03-02T10:00:00+08:00');
      const outcome = await settle(Promise.all(Array.from({ length: 20 }, () => receiveCase(t, w).then((c: { status: string }) => c.status))));
      expect(outcome).toEqual(Array.from({ length: 20 }, () => 'accepted'));
    }, 60_000);

    it("a worker's full load, 8 step jobs and a sweep, fires every step (firing never starves the pool)", async () => {
      t.clock.set('2026-03-02T10:00:00+08:00');
      const ids = await receiveMany(t, w, 9);
      t.clock.set('2026-03-20T10:00:00+08:00'); // past every step
      // What a worker process holds at most: the sweep's advisory-lock session, the transaction of the step it
      // fires, and one per job (the deadlines queue runs 8 at a time).
      const sweepLock = t.db.createQueryRunner();
      await sweepLock.connect();
      try {
        const escalation = t.app.get(EscalationService);
        const outcome = await settle(Promise.all(ids.map((id) => escalation.fire(id, 'overdue_office_head', 1))));
        expect(outcome).toEqual(ids.map(() => true));
      } finally {
        await sweepLock.release();
      }
    }, 60_000);
  });

  // Redis: FLUSHALL on a Redis of its own; PostgreSQL: every row of BullMQ's schema (a restore without it).
  describeEachBackend('the %s queue loses everything', (backend) => {
    let store: QueueStore;
    let t: TestApp;
    let w: World;

    beforeAll(async () => {
      store = await queueStore(backend);
      // A horizon of a year: every pending step has its job (timer-horizon.e2e-spec.ts covers a nearer one).
      t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', TIMER_HORIZON_MINUTES: '525600', ...store.env } });
      w = await demoWorld(t);
    }, 60_000);
    afterAll(async () => {
      await t?.close();
      await store?.stop();
    });

    it('after the wipe the sweep rebuilds every pending timer from PostgreSQL, and every step of every case fires exactly once', async () => {
      const sweep = t.app.get(TimerSweep);
      const queue = t.app.get(JobQueues).queue(QueueName.Deadlines);
      t.clock.set('2026-03-02T10:00:00+08:00'); // Monday
      const early = await receiveMany(t, w, 10);
      t.clock.set('2026-03-04T16:00:00+08:00'); // Wednesday, past the early cases' warning (15:10)
      expect(await sweep.sweep()).toEqual({ fired: 10, added: 0, rebuilt: false });
      const late = await receiveMany(t, w, 10);
      const cases = [...early, ...late];
      expect(await queue.getDelayedCount()).toBe(100); // every step of every case, the fired warnings' jobs still waiting

      await store.wipe(t);
      expect(await queue.getDelayedCount()).toBe(0);

      const pending = (await t.db.query(`SELECT subject_id, step, version FROM deadline_step WHERE fired_at IS NULL`)) as Array<{
        subject_id: string;
        step: Step;
        version: number;
      }>;
      expect(pending).toHaveLength(90);
      expect(await sweep.sweep()).toEqual({ fired: 0, added: 90, rebuilt: true });
      const delayed = await queue.getDelayed(0, -1);
      expect(delayed.map((j) => j.id).sort()).toEqual(pending.map((p) => jobId({ subjectId: p.subject_id, step: p.step, version: p.version })).sort());
      // The marker is back: the next sweep only re-adds what is due soon (nothing here).
      expect(await sweep.sweep()).toEqual({ fired: 0, added: 0, rebuilt: false });
      expect(await queue.getDelayedCount()).toBe(90);

      t.clock.set('2026-04-01T10:00:00+08:00'); // past every step of every case
      expect(await sweep.sweep()).toEqual({ fired: 90, added: 0, rebuilt: false });
      expect(await sweep.sweep()).toEqual({ fired: 0, added: 0, rebuilt: false });

      const perCase = (await t.db.query(
        `SELECT c.id, array_agg(e.step ORDER BY e.step) AS steps FROM service_case c JOIN escalation e ON e.subject_id = c.id GROUP BY c.id`,
      )) as Array<{ id: string; steps: Step[] }>;
      expect(perCase.map((r) => r.id).sort()).toEqual([...cases].sort());
      for (const r of perCase) expect(r.steps).toEqual([...STEPS].sort());
      expect(await escalationCount(t)).toBe(5 * cases.length);
      expect(await notExactlyOnce(t)).toEqual([]);
      expect(await alertMismatches(t)).toEqual([]);
    }, 60_000);
  });

  describeEachBackend('the compiled worker in processes of its own, on %s (run `npm run build` first)', (backend) => {
    let store: QueueStore;
    let t: TestApp;
    let w: World;
    let workers: Child[] = [];

    // A queue store and an app (api role only: this process consumes no jobs and never sweeps) per test.
    beforeEach(async () => {
      store = await queueStore(backend);
      t = await TestApp.start({ roles: ['api'], env: { SWEEP_INTERVAL_SECONDS: '0', ...store.env } });
      w = await demoWorld(t);
    }, 60_000);
    afterEach(async () => {
      for (const worker of workers) await worker.stop('SIGKILL');
      workers = [];
      await t?.close();
      await store?.stop();
    });

    const startWorker = async (name: string) => {
      const worker = spawnService(name, 'worker', {
        WORKER_PORT: String(await freePort()),
        DATABASE_URL: t.config.DATABASE_URL,
        ...store.env,
        QUEUE_PREFIX: t.config.QUEUE_PREFIX,
        SWEEP_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'warn',
      });
      workers.push(worker);
      return worker;
    };

    /**
     * Receives `n` cases on the real clock (the workers' clock), then makes every step due now as a new plan
     * version (the creation jobs of version 1 stay, stale). Returns the case ids.
     */
    const everyStepDueNow = async (n: number) => {
      t.clock.set(new Date());
      const cases = await receiveMany(t, w, n);
      await t.db.transaction(async (m) => {
        await m.query(`UPDATE deadline_timer SET version = version + 1`);
        await m.query(`UPDATE deadline_step SET version = version + 1, fire_at = now() - interval '1 second'`);
      });
      return cases;
    };

    /** Adds a job with no delay for each step `where`, in `order`; returns how many. */
    const addJobsNow = async (where: string, order: string) => {
      const rows = (await t.db.query(`SELECT subject_id, step, version, fire_at FROM deadline_step WHERE ${where} ORDER BY ${order}`)) as Array<{
        subject_id: string;
        step: Step;
        version: number;
        fire_at: Date;
      }>;
      t.clock.set(new Date());
      await t.app.get(DeadlinesService).addJobs(rows.map((r): TimerJob => ({ subjectId: r.subject_id, step: r.step, version: r.version, fireAt: r.fire_at })));
      return rows.length;
    };

    it('SIGKILL mid-burst, then a new worker: no step missed, none doubled, one alert per recipient', async () => {
      const CASES = 200;
      const queue = t.app.get(JobQueues).queue(QueueName.Deadlines);
      // Jobs in case order (as the cases were planned): the steps of a case queue behind its timer row lock.
      const cases = await everyStepDueNow(CASES);
      const total = CASES * STEPS.length;
      expect(await addJobsNow('true', 'subject_id, step')).toBe(total);
      expect(await queue.getWaitingCount()).toBe(total);
      expect(await escalationCount(t)).toBe(0);

      const first = await startWorker('worker 1');
      const killAt = Math.floor(total / 10);
      await waitFor(
        `${killAt} escalations from worker 1`,
        async () => {
          if (!first.running) throw new Error(`worker 1 exited early:\n${first.output()}`);
          return (await escalationCount(t)) >= killAt ? true : undefined;
        },
        60_000,
        5,
      );
      first.process.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const beforeRestart = await escalationCount(t);
      const inFlight = (await queue.getActive()).map((j) => j.id!); // locked by the dead worker
      console.info(`worker 1 killed: ${beforeRestart}/${total} escalations, ${inFlight.length} jobs in flight`);
      expect(beforeRestart).toBeGreaterThan(0);
      expect(beforeRestart).toBeLessThan(total);
      expect(inFlight.length).toBeGreaterThan(0);

      // BullMQ gives a dead worker's jobs back once their 30 s locks lapse and two stalled checks 30 s apart
      // have seen them. Rather than wait a minute or more, put the store in the state that time would: the
      // locks gone and the jobs marked stalled, so that the new worker's start-up check delivers them again.
      await store.lapseLocks(t, queue, inFlight);

      const second = await startWorker('worker 2');
      await waitFor(
        `all ${total} escalations, and an empty queue`,
        async () => {
          if (!second.running) throw new Error(`worker 2 exited:\n${second.output()}`);
          const counts = await queue.getJobCounts('active', 'wait', 'prioritized');
          return (await escalationCount(t)) >= total && counts.active + counts.wait + counts.prioritized === 0 ? true : undefined;
        },
        60_000,
        100,
      );
      // The dead worker's jobs ran again, to completion, in the new worker.
      const again = await Promise.all(inFlight.map((id) => queue.getJob(id)));
      expect(again.map((j) => ({ stalled: j?.stalledCounter, finished: typeof j?.finishedOn, failed: j?.failedReason ?? null }))).toEqual(
        inFlight.map(() => ({ stalled: 1, finished: 'number', failed: null })),
      );
      console.info(
        `delivered again: ${again.filter((j) => j!.returnvalue?.fired).length} fired, ${again.filter((j) => !j!.returnvalue?.fired).length} found their step fired; ` +
          `${await queue.getCompletedCount()} jobs completed, ${await queue.getFailedCount()} failed`,
      );
      await second.stop('SIGTERM');

      expect(await t.db.query('SELECT subject_id, step, count(*)::int AS n FROM escalation GROUP BY 1, 2 HAVING count(*) > 1')).toEqual([]);
      expect(await notExactlyOnce(t)).toEqual([]);
      expect(await escalationCount(t)).toBe(total);
      expect(await alertMismatches(t)).toEqual([]);
      const overdue = (await t.db.query(`SELECT case_id, count(*)::int AS n FROM violation WHERE type = 'overdue' GROUP BY 1`)) as Array<{ case_id: string; n: number }>;
      expect(overdue.map((v) => v.case_id).sort()).toEqual([...cases].sort());
      expect(overdue.every((v) => v.n === 1)).toBe(true);
      expect(await queue.getFailedCount()).toBe(0);
    }, 120_000);
  });
});
