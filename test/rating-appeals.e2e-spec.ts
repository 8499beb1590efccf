import { TimerSweep } from '@app/deadlines';
import { FiguresRollup } from '@app/reports';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';
import { expectProblem } from './support/problem.js';

// 好差评申诉: the office rated appeals a rating as mistaken or malicious, an inspector decides; upheld, the
// rating leaves the figures but stays on record, and its rectification is owed no more. Each unit sets its
// own rectification limit (15 working days by default).

const MONDAY = '2026-03-02T10:00:00+08:00';
const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' };

describe('rating appeals (好差评申诉) and the rectification limit', () => {
  let t: TestApp;
  let w: World;
  let other: { id: Record<string, string>; token: Record<string, string> };

  /** A case of 登记注册股 rated by its applicant; the rating's id. */
  const rated = async (level = 'very_dissatisfied') => {
    const c = await receiveCase(t, w);
    const res = await t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level, comment: '态度差' } });
    expect(res.status).toBe(201);
    const [row] = await t.db.query('SELECT id FROM rating WHERE case_id = $1', [c.id]);
    return row.id as string;
  };
  const appeal = (ratingId: string, token = w.tokens.head01, extra: Record<string, unknown> = {}) =>
    t.post('/api/v1/rating-appeals', { token, body: { ratingId, ground: 'malicious', reason: '评价人并非本件申请人，经调取窗口录像核实', ...extra } });
  const decide = (id: string, upheld: boolean, token = w.tokens.inspector01) => t.post(`/api/v1/rating-appeals/${id}/decision`, { token, body: { upheld, reason: '经核实' } });
  const veryDissatisfied = async () => {
    const res = await t.get('/api/v1/reports/efficiency', { token: w.tokens.inspector01, query: { ...MARCH, by: 'office' } });
    expect(res.status).toBe(200);
    return res.body.total.ratingsVeryDissatisfied as number;
  };
  const written = async () => ({ appeals: await t.count('rating_appeal'), settings: await t.count('rating_setting'), upheld: await t.count(`rating_appeal WHERE status = 'upheld'`) });

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    other = await addStaff(t, w, 'APL', [['foodhead', 'food', ['office_head']]]);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(MONDAY));

  it('an upheld appeal takes the rating out of the figures, also of a day already rolled up, keeps it on record and annuls its rectification', async () => {
    // Rated on a day of its own, then that day rolled up (the other tests rate on MONDAY, counted live).
    t.clock.set('2026-03-09T10:00:00+08:00');
    const ratingId = await rated();
    t.clock.set('2026-03-11T10:00:00+08:00');
    await t.app.get(FiguresRollup).rollUp('2026-03-09');
    expect(await veryDissatisfied()).toBe(1);

    const filed = await appeal(ratingId);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ status: 'pending', ground: 'malicious', filedBy: w.staff.head01, rating: { id: ratingId, level: 'very_dissatisfied', excluded: false } });
    expect(await veryDissatisfied()).toBe(1); // pending: still counted

    const upheld = await decide(filed.body.id, true);
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({ status: 'upheld', decidedBy: w.staff.inspector01, decisionReason: '经核实', rating: { excluded: true } });
    expect(await veryDissatisfied()).toBe(0);
    expect(await t.count(`rating WHERE id = '${ratingId}'`)).toBe(1);

    const [rect] = await t.db.query('SELECT id, status FROM rectification WHERE rating_id = $1', [ratingId]);
    expect(rect.status).toBe('annulled');
    // Past its due time nothing is owed: no rating_not_rectified violation.
    t.clock.set('2026-04-30T10:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    expect(await t.count(`violation WHERE type = 'rating_not_rectified' AND evidence->>'rectificationId' = '${rect.id}'`)).toBe(0);
    expect((await t.get('/api/v1/rating-appeals', { token: w.tokens.head01 })).body.map((a: { id: string }) => a.id)).toContain(filed.body.id);
  });

  it('a rejected appeal leaves the rating in the figures and the rectification owed', async () => {
    const before = await veryDissatisfied();
    const ratingId = await rated();
    const filed = await appeal(ratingId, w.tokens.leader01, { ground: 'mistaken' });
    expect((await decide(filed.body.id, false)).body).toMatchObject({ status: 'rejected', rating: { excluded: false } });
    expect(await veryDissatisfied()).toBe(before + 1);
    const [rect] = await t.db.query('SELECT status FROM rectification WHERE rating_id = $1', [ratingId]);
    expect(rect.status).toBe('open');
  });

  it('refuses an appeal or a decision that breaks a rule: 400/403/404/409 problem+json, nothing written', async () => {
    const ratingId = await rated();
    const filed = await appeal(ratingId);
    await decide(filed.body.id, false);
    const fresh = await rated('dissatisfied');
    const before = await written();
    expectProblem(await appeal(ratingId), 409, 'APPEAL.ALREADY_FILED', 'ratingId');
    expectProblem(await decide(filed.body.id, true), 409, 'APPEAL.ALREADY_DECIDED');
    expectProblem(await appeal(fresh, other.token.foodhead), 403, 'APPEAL.NOT_ALLOWED');
    for (const who of ['clerk01', 'handler01', 'inspector01', 'admin'] as const) expectProblem(await appeal(fresh, w.tokens[who]), 403);
    expectProblem(await appeal('00000000-0000-4000-8000-000000000000'), 404, 'RATING.NOT_FOUND', 'ratingId');
    expectProblem(await appeal(fresh, w.tokens.head01, { ground: 'unfair' }), 400, undefined, 'ground');
    expectProblem(await appeal(fresh, w.tokens.head01, { reason: ' ' }), 400, undefined, 'reason');
    for (const who of ['head01', 'leader01', 'admin'] as const) expectProblem(await decide(filed.body.id, true, w.tokens[who]), 403);
    expectProblem(await t.put('/api/v1/rating-settings', { token: w.tokens.leader01, body: { rectificationWorkingDays: 5 } }), 403);
    expectProblem(await t.put('/api/v1/rating-settings', { token: w.tokens.admin, body: { rectificationWorkingDays: 0 } }), 400, undefined, 'rectificationWorkingDays');
    expect(await written()).toEqual(before);
  });

  it('the rectification limit is set per unit (default 15 working days); later rectifications are due by it', async () => {
    expect((await t.get('/api/v1/rating-settings', { token: w.tokens.clerk01 })).body).toEqual({ rectificationWorkingDays: 15 });
    const due = async (workingDays: number) => (await t.get('/api/v1/calendar/deadline', { token: w.tokens.clerk01, query: { from: MONDAY, workingDays: String(workingDays) } })).body.dueAt as string;
    const dueOf = async (ratingId: string) => ((await t.db.query('SELECT due_at FROM rectification WHERE rating_id = $1', [ratingId]))[0].due_at as Date).toISOString();

    expect(await dueOf(await rated())).toBe(new Date(await due(15)).toISOString());
    const set = await t.put('/api/v1/rating-settings', { token: w.tokens.admin, body: { rectificationWorkingDays: 5 } });
    expect(set.body).toEqual({ rectificationWorkingDays: 5 });
    expect(await dueOf(await rated())).toBe(new Date(await due(5)).toISOString());
    expect(await t.count(`audit_log WHERE action = 'rating.settings'`)).toBe(1);
  });
});
