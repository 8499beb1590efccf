import { CalendarService } from '@app/calendar';
import { TimerSweep } from '@app/deadlines';
import { OrganizationService } from '@app/organization';
import { receiveCase } from './support/cases.js';
import { expectFieldProblem, expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, STAFF_PASSWORD, type World } from './support/world.js';

const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const fireAt = (body: { deadline: { steps: Array<{ step: string; fireAt: string }> } }, step: string) => shanghai(body.deadline.steps.find((s) => s.step === step)!.fireAt);

/**
 * 电子监察 thresholds per unit (issue 12): the warning rule and the overdue ladder are the unit admin's,
 * validated and audited; a clock takes its unit's rule when it starts and keeps it.
 */
describe('alert thresholds per unit', () => {
  let t: TestApp;
  let w: World;
  /** A second unit: its admin, clerk and handler. */
  const b = { unitId: '', staff: {} as Record<string, string>, tokens: {} as Record<string, string> };

  const RULE_A = { warningShare: 0.9, overdueOfficeHead: '0d', overdueLeader: '1d', overdueInspector: '2d' };
  const RULE_B = { warningBeforeDue: '2h', overdueOfficeHead: '4h', overdueLeader: '1d', overdueInspector: '3d' };

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    b.unitId = (await t.post('/api/v1/units', { token: w.tokens.admin, body: { code: 'CITY-B', name: '乙市市场监督管理局' } })).body.id;
    const organization = t.app.get(OrganizationService);
    for (const [username, roles] of [['adminB', ['admin']], ['clerkB', ['clerk']], ['handlerB', ['handler']]] as const) {
      b.staff[username] = (await organization.createStaff(null, b.unitId, { username, password: STAFF_PASSWORD, name: username, badgeNo: `B-${username}`, roles: [...roles] })).id;
      b.tokens[username] = (await t.post('/api/v1/auth/login', { body: { username, password: STAFF_PASSWORD } })).body.accessToken;
    }
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday; working hours 09:00-12:00, 13:30-17:30

  const rule = (token: string) => t.get('/api/v1/alert-rule', { token });
  const setRule = (token: string, body: Record<string, unknown>) => t.put('/api/v1/alert-rule', { token, body });
  const task = async (token: string, handlerId: string) => {
    const res = await t.post('/api/v1/internal-tasks', { token, body: { kind: 'document', title: '公文流转', handlerId } });
    if (res.status !== 201) throw new Error(`task: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const fired = async (subjectId: string) => ((await t.db.query(`SELECT step FROM escalation WHERE subject_id = $1 ORDER BY fired_at, step`, [subjectId])) as Array<{ step: string }>).map((r) => r.step);

  it('with no rule of its own a unit has the installation’s: warning at 2/3 of the limit, at least 60 working minutes before due; 0d, 1d, 2d', async () => {
    const res = await rule(w.tokens.clerk01);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      source: 'installation',
      warningShare: 2 / 3,
      warningBeforeDue: '60m',
      overdueOfficeHead: '0d',
      overdueLeader: '1d',
      overdueInspector: '2d',
      updatedBy: null,
      updatedAt: null,
    });
  });

  it('each unit’s admin sets its own rule, audited with the rule before and after; one unit’s rule is not another’s', async () => {
    const a = await setRule(w.tokens.admin, RULE_A);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ source: 'unit', ...RULE_A, warningBeforeDue: null, updatedBy: w.staff.admin });
    const [audit] = await t.db.query(`SELECT unit_id, actor_id, before->>'source' AS before, after->>'warningShare' AS after FROM audit_log WHERE action = 'alert_rule.set'`);
    expect(audit).toEqual({ unit_id: w.unitId, actor_id: w.staff.admin, before: 'installation', after: '0.9' });
    expect((await setRule(b.tokens.adminB!, RULE_B)).body).toMatchObject({ source: 'unit', ...RULE_B, warningShare: null });
    expect((await rule(w.tokens.handler01)).body).toMatchObject({ source: 'unit', ...RULE_A });
    expect((await rule(b.tokens.clerkB!)).body).toMatchObject({ source: 'unit', ...RULE_B });
  });

  it('a task started in each unit takes its unit’s rule: the warning at 90% of the time in one, 2 working hours before due in the other', async () => {
    const inA = await task(w.tokens.clerk01, w.staff.handler01);
    const inB = await task(b.tokens.clerkB!, b.staff.handlerB!);
    // Both due Tuesday 10:00 (420 working minutes).
    expect([shanghai(inA.dueAt), shanghai(inB.dueAt)]).toEqual(['2026-03-03 10:00', '2026-03-03 10:00']);
    expect(fireAt(inA, 'warning')).toBe('2026-03-03 09:18'); // 378 of 420 minutes
    expect(fireAt(inB, 'warning')).toBe('2026-03-02 16:30'); // 120 minutes before due
    expect(fireAt(inA, 'overdue_office_head')).toBe('2026-03-03 10:00');
    expect(fireAt(inB, 'overdue_office_head')).toBe('2026-03-03 15:30'); // 4 working hours after due
    expect(fireAt(inB, 'overdue_inspector')).toBe('2026-03-06 10:00');

    // The warning fires at the unit's own point, not a minute before.
    const sweep = () => t.app.get(TimerSweep).sweep();
    t.clock.set('2026-03-02T16:29:00+08:00');
    await sweep();
    expect([await fired(inA.id), await fired(inB.id)]).toEqual([[], []]);
    t.clock.set('2026-03-02T16:30:00+08:00');
    await sweep();
    expect([await fired(inA.id), await fired(inB.id)]).toEqual([[], ['warning']]);
    expect(await t.db.query(`SELECT recipient_id, level, title FROM alert WHERE subject_id = $1`, [inB.id])).toEqual([
      { recipient_id: b.staff.handlerB, level: 'yellow', title: '内部事务即将到期，请尽快办理' },
    ]);
    t.clock.set('2026-03-03T09:17:00+08:00');
    await sweep();
    expect(await fired(inA.id)).toEqual([]);
    t.clock.set('2026-03-03T09:18:00+08:00');
    await sweep();
    expect(await fired(inA.id)).toEqual(['warning']);
  });

  it('a case takes its unit’s rule too: 90% of a 3-working-day limit', async () => {
    const c = await receiveCase(t, w);
    expect(shanghai(c.deadline.dueAt)).toBe('2026-03-05 17:30');
    expect(fireAt(c, 'warning')).toBe('2026-03-05 14:48'); // 1458 of 1620 working minutes
  });

  it('so does a complaint’s clock: 90% of its 15 working days, on the unit’s working-day calendar', async () => {
    const enquiry = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'phone', kind: 'complaint', subject: '投诉窗口办事拖延', citizen: { name: '周八', phone: '13700137000' }, outcome: { type: 'registered' } },
    });
    const complaint = await t.post('/api/v1/complaints', { token: w.tokens.head01, body: { enquiryId: enquiry.body.id, handlerId: w.staff.handler01 } });
    expect(complaint.status).toBe(201);
    const calendar = await t.app.get(CalendarService).calendar(w.unitId);
    const start = t.clock.now();
    const total = calendar.workingMinutesBetween(start, new Date(complaint.body.dueAt));
    expect(total).toBe(360 + 15 * 420); // the rest of Monday, then 15 whole working days
    expect(fireAt(complaint.body, 'warning')).toBe(shanghai(calendar.addWorkingMinutes(start, Math.floor(total * 0.9)).dueAt.toISOString()));
  });

  it('a rule changed later applies to clocks started after; a running clock keeps the rule it started with', async () => {
    const running = await task(b.tokens.clerkB!, b.staff.handlerB!);
    expect(fireAt(running, 'warning')).toBe('2026-03-02 16:30');
    expect((await setRule(b.tokens.adminB!, { ...RULE_B, warningBeforeDue: null, warningShare: 0.5 })).status).toBe(200);
    const kept = (await t.get(`/api/v1/internal-tasks/${running.id}`, { token: b.tokens.handlerB! })).body;
    expect(fireAt(kept, 'warning')).toBe('2026-03-02 16:30');
    const next = await task(b.tokens.clerkB!, b.staff.handlerB!);
    expect(fireAt(next, 'warning')).toBe('2026-03-02 15:00'); // 210 of 420 minutes

    // Re-planned for a closure, each clock keeps its own rule: 2 hours before the new due time, or half its time.
    expect((await t.post('/api/v1/calendar/closures', { token: b.tokens.adminB!, body: { date: '2026-03-03', reason: '乙市停电检修' } })).status).toBe(201);
    const [moved, movedNext] = await Promise.all([running, next].map(async (x) => (await t.get(`/api/v1/internal-tasks/${x.id}`, { token: b.tokens.handlerB! })).body));
    expect([shanghai(moved.deadline.dueAt), shanghai(movedNext.deadline.dueAt)]).toEqual(['2026-03-04 10:00', '2026-03-04 10:00']);
    expect(fireAt(moved, 'warning')).toBe('2026-03-02 16:30');
    expect(fireAt(movedNext, 'warning')).toBe('2026-03-02 15:00');
    await t.request('DELETE', '/api/v1/calendar/closures/2026-03-03', { token: b.tokens.adminB! });
    await setRule(b.tokens.adminB!, RULE_B);
  });

  it('bad rules are refused naming the field, writing nothing', async () => {
    const before = await t.db.query(`SELECT * FROM unit_alert_rule ORDER BY unit_id`);
    const audits = await t.count('audit_log');
    const put = (body: Record<string, unknown>) => setRule(w.tokens.admin, { ...RULE_A, ...body });
    expectFieldProblem(await setRule(w.tokens.admin, { warningShare: 0.8 }), 400, 'overdueOfficeHead');
    expectFieldProblem(await put({ warningShare: 1.5 }), 400, 'warningShare');
    expectFieldProblem(await put({ warningShare: '90%' }), 400, 'warningShare');
    expectFieldProblem(await put({ overdueLeader: '1x' }), 400, 'overdueLeader');
    expectFieldProblem(await put({ warningBeforeDue: '5s' }), 400, 'warningBeforeDue');
    expectFieldProblem(await put({ colour: 'yellow' }), 400, 'colour');
    expectProblem(await put({ warningShare: null, warningBeforeDue: null }), 422, 'ALERT_RULE.NO_WARNING', 'warningShare');
    expectProblem(await put({ warningShare: null }), 422, 'ALERT_RULE.NO_WARNING', 'warningShare');
    expectProblem(await put({ warningBeforeDue: '0h' }), 422, 'ALERT_RULE.NO_LEAD', 'warningBeforeDue');
    expectProblem(await put({ overdueOfficeHead: '1d', overdueLeader: '2h' }), 422, 'ALERT_RULE.LADDER_ORDER', 'overdueLeader');
    expectProblem(await put({ overdueLeader: '2d', overdueInspector: '1d' }), 422, 'ALERT_RULE.LADDER_ORDER', 'overdueInspector');
    expectProblem(await put({ overdueInspector: '41d' }), 422, 'ALERT_RULE.TOO_LONG', 'overdueInspector');
    expectProblem(await setRule(w.tokens.head01, RULE_A), 403, 'AUTH.FORBIDDEN');
    expectProblem(await setRule(w.tokens.inspector01, RULE_A), 403, 'AUTH.FORBIDDEN');
    expectProblem(await t.request('DELETE', '/api/v1/alert-rule', { token: w.tokens.leader01 }), 403, 'AUTH.FORBIDDEN');
    expect(await t.db.query(`SELECT * FROM unit_alert_rule ORDER BY unit_id`)).toEqual(before);
    expect(await t.count('audit_log')).toBe(audits);
  });

  it('both a share and a time before due: whichever comes first', async () => {
    await setRule(w.tokens.admin, { ...RULE_A, warningShare: 0.9, warningBeforeDue: '2h' });
    const both = await task(w.tokens.clerk01, w.staff.handler01);
    expect(fireAt(both, 'warning')).toBe('2026-03-02 16:30'); // 2 hours before due comes before 90%
  });

  it('the admin resets the unit to the installation’s rule (audited); new clocks take it', async () => {
    const res = await t.request('DELETE', '/api/v1/alert-rule', { token: w.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'installation', warningShare: 2 / 3 });
    const [audit] = await t.db.query(`SELECT before->>'source' AS before, after->>'source' AS after FROM audit_log WHERE action = 'alert_rule.reset'`);
    expect(audit).toEqual({ before: 'unit', after: 'installation' });
    expect(fireAt(await task(w.tokens.clerk01, w.staff.handler01), 'warning')).toBe('2026-03-02 16:10'); // 280 of 420 minutes
    expect((await rule(b.tokens.clerkB!)).body.source).toBe('unit');
  });
});
