import { TimerSweep } from '@app/deadlines';
import { JobQueues, QueueName } from '@app/platform';
import { receiveCase } from './support/cases.js';
import { OrganizationService } from '@app/organization';
import { demoWorld, STAFF_PASSWORD, type World } from './support/world.js';
import { TestApp } from './support/test-app.js';

/** Shanghai wall-clock time of an ISO instant, to the minute. */
const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

interface Escalation {
  step: string;
  round: number;
}

/**
 * A clock planned again for a new due time (限时办结制): an extension approved after the ladder fired, or
 * a calendar entered or changed. Each re-plan is a new round of the ladder; what fired stays on record.
 */
describe('re-planning a clock', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    // A horizon of a year: every step of a new plan gets its job (timer-horizon.e2e-spec.ts re-plans across a nearer one).
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', TIMER_HORIZON_MINUTES: '525600' } });
    w = await demoWorld(t);
  });
  afterAll(() => t.close());

  const escalations = async (id: string) =>
    (await t.db.query('SELECT step, round FROM escalation WHERE subject_id = $1 ORDER BY round, fire_at, step', [id])) as Escalation[];
  const view = async (id: string) => (await t.get(`/api/v1/cases/${id}`, { token: w.tokens.handler01 })).body;
  const sweep = () => t.app.get(TimerSweep).sweep();
  const jobIds = async () => {
    const queue = t.app.get(JobQueues).queue(QueueName.Deadlines);
    return (await queue.getJobs(['delayed', 'waiting'])).map((j) => j.id!);
  };

  it('an extension approved after the due step fired re-arms the warning, due and overdue steps for the new due time as a new round, keeping the old escalations', async () => {
    t.clock.set('2026-03-02T10:00:00+08:00'); // Monday; 3 working days: due Thu 5 March 17:30
    const c = await receiveCase(t, w);
    t.clock.set('2026-03-05T16:00:00+08:00');
    const req = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 5, reason: '需现场核查经营场所' } });
    expect(req.status).toBe(201);
    // The leader is slow: the due time passes, the ladder fires up to the office head.
    t.clock.set('2026-03-06T10:00:00+08:00');
    await sweep();
    expect((await escalations(c.id)).map((e) => `${e.round}:${e.step}`)).toEqual(['1:warning', '1:due', '1:overdue_office_head']);

    const decided = await t.post(`/api/v1/cases/${c.id}/extensions/${req.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } });
    expect(decided.status).toBe(200);
    expect(shanghai(decided.body.newDueAt)).toBe('2026-03-12 17:30');
    const after = await view(c.id);
    expect(after.deadline).toMatchObject({ dueAt: decided.body.newDueAt, round: 2, level: 'normal' });
    // The warning of the new plan is still ahead: armed again with due and the overdue rungs.
    expect(after.deadline.steps.map((s: { step: string; firedAt: string | null }) => [s.step, s.firedAt])).toEqual([
      ['warning', null],
      ['due', null],
      ['overdue_office_head', null],
      ['overdue_leader', null],
      ['overdue_inspector', null],
    ]);
    expect(await jobIds()).toEqual(expect.arrayContaining([`${c.id}-due-v${after.deadline.version}`, `${c.id}-warning-v${after.deadline.version}`]));

    // At the new due time the handler is warned and told again, and the office head after it.
    t.clock.set('2026-03-13T10:00:00+08:00');
    await sweep();
    expect((await escalations(c.id)).map((e) => `${e.round}:${e.step}`)).toEqual([
      '1:warning',
      '1:due',
      '1:overdue_office_head',
      '2:warning',
      '2:due',
      '2:overdue_office_head',
    ]);
    expect((await view(c.id)).deadline.level).toBe('overdue');
  });

  it('the case view counts the working time left on the server: positive before the due time, negative after', async () => {
    t.clock.set('2026-03-16T10:00:00+08:00'); // Monday; due Thu 19 March 17:30
    const c = await receiveCase(t, w);
    expect((await view(c.id)).deadline).toMatchObject({ remainingWorkingMinutes: 360 + 3 * 420, level: 'normal' }); // the rest of Monday, then Tue, Wed and Thu
    t.clock.set('2026-03-20T10:00:00+08:00'); // Friday, an hour into the working day after due
    expect((await view(c.id)).deadline.remainingWorkingMinutes).toBe(-60);
    const paused = await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待补正' } });
    t.clock.set('2026-03-23T10:00:00+08:00');
    expect((await view(c.id)).deadline).toMatchObject({ state: 'paused', remainingWorkingMinutes: paused.body.deadline.remainingWorkingMinutes });
  });

  describe('a calendar entered or changed', () => {
    /** 2027's schedule as an admin enters it (test data: two more days off after 元旦, no make-up day). */
    const SCHEDULE_2027 = { holidays: ['2027-01-01', '2027-01-04', '2027-01-05'], makeUpWorkdays: [] };

    it('entering next year moves the due time of an open case that crossed into it, as a new round with new jobs, and tells the handler', async () => {
      t.clock.set('2026-12-28T10:00:00+08:00'); // Monday; DEMO-002 has 10 working days
      const c = await receiveCase(t, w, undefined, {
        serviceItemCode: 'DEMO-002',
        handlerId: w.staff.handler02,
        materials: [
          { name: '食品经营许可申请书', pages: 1, copies: 1 },
          { name: '营业执照', pages: 1, copies: 1 },
          { name: '与食品经营相适应的主要设备设施布局、操作流程等文件', pages: 3, copies: 1 },
          { name: '食品安全管理制度目录', pages: 1, copies: 1 },
        ],
      });
      const before = (await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler02 })).body.deadline;
      // Provisional 2027 (元旦 by rule): 29, 30, 31 Dec, then 4, 5, 6, 7, 8, 11, 12 Jan.
      expect({ due: shanghai(before.dueAt), provisional: before.provisional, round: before.round }).toEqual({ due: '2027-01-12 17:30', provisional: true, round: 1 });

      const put = await t.put('/api/v1/calendar/years/2027', { token: w.tokens.admin, body: SCHEDULE_2027 });
      expect(put.status).toBe(200);
      const after = (await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler02 })).body.deadline;
      // 4 and 5 January off: 29, 30, 31 Dec, then 6, 7, 8, 11, 12, 13, 14 Jan.
      expect({ due: shanghai(after.dueAt), provisional: after.provisional, round: after.round, version: after.version > before.version }).toEqual({
        due: '2027-01-14 17:30',
        provisional: false,
        round: 2,
        version: true,
      });
      expect(await jobIds()).toEqual(expect.arrayContaining([`${c.id}-due-v${after.version}`]));
      const told = (await t.get('/api/v1/alerts', { token: w.tokens.handler02 })).body.items.filter((a: { subjectId: string }) => a.subjectId === c.id);
      expect(told).toEqual([
        expect.objectContaining({ event: 'due_moved', level: 'info', caseId: c.id, dueAt: after.dueAt, step: null }),
      ]);
      expect(told[0].summary.text).toBe('原定2027年1月12日 17:30，现为2027年1月14日 17:30');
    });

    it("a unit's closure moves that unit's clocks whose time reaches the day, and nobody else's", async () => {
      t.clock.set('2027-02-22T10:00:00+08:00'); // Monday; 3 working days: due Thu 25 February
      const ours = await receiveCase(t, w);
      const early = await receiveCase(t, w, undefined, { serviceItemCode: 'DEMO-003', materials: [{ name: '补领营业执照申请书', pages: 1, copies: 1 }, { name: '遗失声明', pages: 1, copies: 1 }] });
      expect(shanghai((await view(ours.id)).deadline.dueAt)).toBe('2027-02-25 17:30');
      const earlyDue = (await view(early.id)).deadline; // 4 working hours: today 15:30
      const closed = await t.post('/api/v1/calendar/closures', { token: w.tokens.admin, body: { date: '2027-02-24', reason: '县城停电检修' } });
      expect(closed.status).toBe(201);
      const moved = (await view(ours.id)).deadline;
      expect({ due: shanghai(moved.dueAt), round: moved.round }).toEqual({ due: '2027-02-26 17:30', round: 2 });
      // Due today, before the closed day: the due time stands, and its inspector rung (two working days
      // after it, Wednesday 15:30) moves past the closed day to Thursday, in the same round.
      const rungs = (d: { steps: Array<{ step: string; fireAt: string }> }) => Object.fromEntries(d.steps.map((s) => [s.step, shanghai(s.fireAt)]));
      expect(rungs(earlyDue)).toMatchObject({ due: '2027-02-22 15:30', overdue_inspector: '2027-02-24 15:30' });
      const earlyAfter = (await view(early.id)).deadline;
      expect(earlyAfter).toMatchObject({ dueAt: earlyDue.dueAt, round: 1 });
      expect(earlyAfter.version).toBeGreaterThan(earlyDue.version);
      expect(rungs(earlyAfter)).toMatchObject({ due: '2027-02-22 15:30', overdue_leader: '2027-02-23 15:30', overdue_inspector: '2027-02-25 15:30' });
      // Reopening the day moves it back.
      await t.request('DELETE', '/api/v1/calendar/closures/2027-02-24', { token: w.tokens.admin });
      expect(shanghai((await view(ours.id)).deadline.dueAt)).toBe('2027-02-25 17:30');
    });

    it("another unit's closure moves none of this unit's clocks", async () => {
      t.clock.set('2027-03-01T10:00:00+08:00'); // Monday; due Thu 4 March
      const c = await receiveCase(t, w);
      const before = (await view(c.id)).deadline;
      const organization = t.app.get(OrganizationService);
      const other = await organization.createUnit(null, { code: 'OTHER', name: '邻县市场监督管理局' });
      await organization.createStaff(null, other.id, { username: 'otheradmin', password: STAFF_PASSWORD, name: '邻县管理员', badgeNo: 'OT-001', roles: ['admin'] });
      const login = await t.post('/api/v1/auth/login', { body: { username: 'otheradmin', password: STAFF_PASSWORD } });
      const closed = await t.post('/api/v1/calendar/closures', { token: login.body.accessToken, body: { date: '2027-03-03', reason: '邻县放假' } });
      expect(closed.status).toBe(201);
      expect((await view(c.id)).deadline).toMatchObject({ dueAt: before.dueAt, version: before.version, round: 1 });
    });
  });
});
