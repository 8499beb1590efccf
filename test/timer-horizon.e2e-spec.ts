import { STEPS } from '@app/core';
import { jobId, TimerSweep } from '@app/deadlines';
import { JobQueues, QueueName } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { waitFor } from './support/processes.js';
import { wipeQueue } from './support/queue-store.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// Redis holds delayed jobs only for the steps due within TIMER_HORIZON_MINUTES (24 h by default); the sweep
// adds the later ones as time passes. PostgreSQL stays the record: every test compares Redis with it.

const HOUR = 3_600_000;
const HORIZON = 24 * HOUR;

describe('the timer horizon (jobs only for the steps due within TIMER_HORIZON_MINUTES)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } }); // the default horizon, 1440 minutes
    w = await demoWorld(t);
  });
  afterAll(() => t.close());

  const queue = () => t.app.get(JobQueues).queue(QueueName.Deadlines);
  const sweep = () => t.app.get(TimerSweep).sweep();
  /** The ids of every job waiting to fire, of every plan version. */
  const jobIds = async () => (await queue().getJobs(['delayed', 'waiting'])).map((j) => j.id!).sort();

  /** Job ids of the pending steps of the current plans (of these subjects), firing before `until` if given. */
  const pending = async (subjectIds: string[] | null, until: Date | null) =>
    (
      (await t.db.query(
        `SELECT s.subject_id, s.step, s.version FROM deadline_step s JOIN deadline_timer t ON t.subject_id = s.subject_id
          WHERE s.fired_at IS NULL AND s.version = t.version AND t.state = 'running'
            AND ($1::timestamptz IS NULL OR s.fire_at < $1) AND ($2::uuid[] IS NULL OR s.subject_id = ANY ($2))`,
        [until, subjectIds],
      )) as Array<{ subject_id: string; step: (typeof STEPS)[number]; version: number }>
    )
      .map((s) => jobId({ subjectId: s.subject_id, step: s.step, version: s.version }))
      .sort();
  /** What Redis should hold for these subjects: the pending steps inside the horizon. */
  const inHorizon = (subjectIds: string[] | null = null) => pending(subjectIds, new Date(t.clock.now().getTime() + HORIZON));
  /** What Redis holds for them: the jobs of pending steps of their current plans (a stale or fired step's job finds nothing to fire). */
  const currentJobs = async (subjectIds: string[]) => {
    const wanted = new Set(await pending(subjectIds, null));
    return (await jobIds()).filter((id) => wanted.has(id));
  };

  const steps = async (id: string) =>
    Object.fromEntries(
      ((await t.get(`/api/v1/cases/${id}`, { token: w.tokens.handler01 })).body.deadline.steps as Array<{ step: string; fireAt: string }>).map((s) => [
        s.step,
        new Date(s.fireAt),
      ]),
    );

  it('a step beyond the horizon has no job; as the clock advances each sweep adds it once it comes within, exactly once', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00'); // Monday; 3 working days: due Thursday 17:30
    const c = await receiveCase(t, w);
    const at = await steps(c.id);
    expect(at.warning!.getTime() - t.clock.now().getTime()).toBeGreaterThan(HORIZON);
    expect(await currentJobs([c.id])).toEqual([]);
    expect(await sweep()).toMatchObject({ added: 0 });
    expect(await currentJobs([c.id])).toEqual([]);

    // A minute after the warning came within the horizon: the sweep adds its job, and only it.
    t.clock.set(new Date(at.warning!.getTime() - HORIZON + 60_000));
    expect(await sweep()).toMatchObject({ fired: 0, added: 1, rebuilt: false });
    expect(await currentJobs([c.id])).toEqual([jobId({ subjectId: c.id, step: 'warning', version: 1 })]);
    const job = await queue().getJob(jobId({ subjectId: c.id, step: 'warning', version: 1 }));
    expect(job!.opts.delay).toBe(HORIZON - 60_000);
    // The next sweeps add nothing again (the edge they reached is in the marker), and a re-add would be a no-op.
    t.clock.advance(60_000);
    expect(await sweep()).toMatchObject({ added: 0 });
    expect(await currentJobs([c.id])).toEqual([jobId({ subjectId: c.id, step: 'warning', version: 1 })]);
    expect(await queue().getDelayedCount()).toBe((await jobIds()).length);

    // Later the due step and the office head's rung (same time) come within it; the warning has fired.
    t.clock.set(new Date(at.due!.getTime() - HORIZON + 60_000));
    expect(await sweep()).toMatchObject({ fired: at.warning!.getTime() <= t.clock.now().getTime() ? 1 : 0, added: 2 });
    expect(await currentJobs([c.id])).toEqual(await inHorizon([c.id]));
    expect((await currentJobs([c.id])).map((id) => id.replace(`${c.id}-`, ''))).toEqual(['due-v1', 'overdue_office_head-v1']);
  });

  it('after a wipe of its queue a sweep restores exactly the jobs inside the horizon, soonest first, and every step fires exactly once', async () => {
    t.clock.set('2026-03-09T10:00:00+08:00'); // Monday
    const cases = [];
    for (let i = 0; i < 6; i++) {
      cases.push((await receiveCase(t, w)).id as string);
      t.clock.advance(4 * HOUR); // received over two days: their steps straddle the horizon
    }
    t.clock.set('2026-03-11T09:30:00+08:00');
    await sweep();
    const before = await inHorizon(cases);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(5 * cases.length); // some steps are beyond it
    expect(await currentJobs(cases)).toEqual(before);

    // A fire time written by SQL has microseconds, which a Date rounds off: the rebuild's paging must still move
    // on after a page that ends on one (here the last step inside the horizon).
    await t.db.query(
      `UPDATE deadline_step SET fire_at = fire_at + interval '123 microseconds'
        WHERE (subject_id, step) = (SELECT subject_id, step FROM deadline_step WHERE fired_at IS NULL AND fire_at < $1::timestamptz - interval '1 second' ORDER BY fire_at DESC LIMIT 1)`,
      [new Date(t.clock.now().getTime() + HORIZON)],
    );
    await wipeQueue(t); // the run's backend: Redis keys, or the PostgreSQL backend's rows
    expect(await jobIds()).toEqual([]);
    const rebuilt = await sweep();
    expect(rebuilt.rebuilt).toBe(true);
    // Only the running clocks' pending steps inside the horizon (this file's earlier cases too), no older plan's.
    expect(await jobIds()).toEqual(await inHorizon());
    expect(rebuilt.added).toBe((await inHorizon()).length);
    expect(await sweep()).toMatchObject({ rebuilt: false, added: 0 });

    // Past every step: the sweep fires them, then the jobs (promoted to fire now) find nothing left to fire.
    const open = (await pending(null, null)).length;
    t.clock.set('2026-04-01T10:00:00+08:00');
    expect(await sweep()).toMatchObject({ fired: open });
    expect(await pending(null, null)).toEqual([]);
    const completed = await queue().getCompletedCount();
    const waiting = (await jobIds()).length;
    await queue().promoteJobs();
    await waitFor('every promoted job to run', async () => ((await queue().getCompletedCount()) - completed >= waiting ? true : undefined), 20_000, 50);
    const doubled = await t.db.query(
      `SELECT s.subject_id, s.step, count(e.id)::int AS n FROM deadline_step s LEFT JOIN escalation e ON e.subject_id = s.subject_id AND e.step = s.step
        WHERE s.subject_id = ANY ($1) GROUP BY 1, 2 HAVING count(e.id) <> 1`,
      [cases],
    );
    expect(doubled).toEqual([]);
  }, 60_000);

  it('a pause and resume beyond the horizon add no job; inside it the resumed plan gets the jobs of its steps inside the horizon', async () => {
    t.clock.set('2026-04-06T10:00:00+08:00'); // Monday
    const far = await receiveCase(t, w);
    const near = await receiveCase(t, w);
    const pause = (id: string) => t.post(`/api/v1/cases/${id}/pause`, { token: w.tokens.handler01, body: { reason: '等待申请人补正' } });
    const resume = (id: string) => t.post(`/api/v1/cases/${id}/resume`, { token: w.tokens.handler01 });

    expect((await pause(far.id)).status).toBe(200);
    t.clock.advance(HOUR);
    expect((await resume(far.id)).status).toBe(200);
    expect(await currentJobs([far.id])).toEqual([]);

    // Near: the clock is put a minute after its warning came within the horizon, and the sweep adds that job.
    const warning = (await steps(near.id)).warning!;
    t.clock.set(new Date(warning.getTime() - HORIZON + 60_000));
    await sweep();
    expect(await currentJobs([near.id])).toEqual([jobId({ subjectId: near.id, step: 'warning', version: 1 })]);
    expect((await pause(near.id)).status).toBe(200);
    expect(await sweep()).toMatchObject({ added: 0 }); // a paused clock has no job to add
    expect(await currentJobs([near.id])).toEqual([]);
    t.clock.advance(HOUR); // the warning moves by the working time paused
    const resumed = await resume(near.id);
    expect(resumed.status).toBe(200);
    expect(resumed.body.deadline.version).toBe(3);
    expect(await currentJobs([near.id])).toEqual([jobId({ subjectId: near.id, step: 'warning', version: 3 })]);
    // The far case's moved warning came within the horizon too: the sweep adds it.
    await sweep();
    expect(await currentJobs([near.id, far.id])).toEqual(await inHorizon([near.id, far.id]));
  });

  it("a re-plan that moves the due step out of the horizon adds no job for it; one that moves it back in adds it", async () => {
    t.clock.set('2026-05-11T10:00:00+08:00'); // Monday; due Thursday 14 May 17:30
    const c = await receiveCase(t, w);
    const due = (await steps(c.id)).due!;
    t.clock.set(new Date(due.getTime() - 22 * HOUR)); // Wednesday evening: due inside the horizon
    await sweep();
    const dueJob = (version: number) => jobId({ subjectId: c.id, step: 'due', version });
    expect(await currentJobs([c.id])).toContain(dueJob(1));

    // Thursday closed: the due time moves to Friday 17:30, beyond the horizon.
    const closed = await t.post('/api/v1/calendar/closures', { token: w.tokens.admin, body: { date: '2026-05-14', reason: '县城停电检修' } });
    expect(closed.status).toBe(201);
    const moved = (await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.deadline;
    expect(new Date(moved.dueAt).getTime() - t.clock.now().getTime()).toBeGreaterThan(HORIZON);
    expect(await currentJobs([c.id])).not.toContain(dueJob(moved.version));
    expect(await currentJobs([c.id])).toEqual(await inHorizon([c.id]));
    await sweep();
    expect(await currentJobs([c.id])).toEqual(await inHorizon([c.id]));

    // Reopened: back to Thursday, inside the horizon, with its job.
    await t.request('DELETE', '/api/v1/calendar/closures/2026-05-14', { token: w.tokens.admin });
    const back = (await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.deadline;
    expect(back.dueAt).toBe(due.toISOString());
    expect(await currentJobs([c.id])).toContain(dueJob(back.version));
    expect(await currentJobs([c.id])).toEqual(await inHorizon([c.id]));
  });
});
