import { OrganizationService } from '@app/organization';
import { receiveCase } from './support/cases.js';
import { expectFieldProblem, expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, STAFF_PASSWORD, type World } from './support/world.js';

// 对机关各部门的绩效考评 (seed 002, 八): offices scored on 年度工作目标、履行职责、廉政建设、工作效率 by
// their leaders (领导评议) beside the citizens' ratings (群众评议), drafted, reviewed and published like the
// staff evaluation; a failing office gets a 组织核查 on record.

const all = (x: number) => ({ goals: x, duties: x, integrity: x, efficiency: x });

describe('evaluation of offices (领导评议、群众评议、组织核查)', () => {
  let t: TestApp;
  let w: World;
  let leader02: string;
  /** A leader and an inspector of a neighbouring unit. */
  const outsider: Record<'leader' | 'inspector', string> = { leader: '', inspector: '' };
  let ev: any;
  const result = (view: any, officeId: string) => view.results.find((r: { office: { id: string } }) => r.office.id === officeId);
  const score = (officeId: string, body: Record<string, unknown>, token = w.tokens.leader01, id = ev.id) =>
    t.put(`/api/v1/office-evaluations/${id}/offices/${officeId}/leader-score`, { token, body });

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    leader02 = (await addStaff(t, w, 'OE', [['leader02', 'general', ['leader']]])).token.leader02!;
    const unit = await t.post('/api/v1/units', { token: w.tokens.admin, body: { code: 'OTHER-UNIT', name: '邻县市场监督管理局' } });
    for (const role of ['leader', 'inspector'] as const) {
      const username = `outside-${role}`;
      await t.app.get(OrganizationService).createStaff(null, unit.body.id, { username, password: STAFF_PASSWORD, name: `外单位${role}`, badgeNo: `OUT-${role}`, roles: [role] });
      outsider[role] = (await t.post('/api/v1/auth/login', { body: { username, password: STAFF_PASSWORD } })).body.accessToken;
    }
    // March: two cases of 登记注册股 completed and rated 非常满意 and 不满意 (mean 0.625).
    t.clock.set('2026-03-02T10:00:00+08:00');
    for (const level of ['very_satisfied', 'dissatisfied']) {
      const c = await receiveCase(t, w);
      expect((await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '已办结' } })).status).toBe(200);
      expect((await t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level } })).status).toBe(201);
    }
    t.clock.set('2026-04-01T09:00:00+08:00');
  });
  afterAll(() => t.close());

  it('a period is drafted once it has ended, one line per office, with the citizens’ ratings as their own part', async () => {
    expectFieldProblem(await t.post('/api/v1/office-evaluations', { token: w.tokens.leader01, body: { period: '2026' } }), 422, 'period');
    expectFieldProblem(await t.post('/api/v1/office-evaluations', { token: w.tokens.leader01, body: { period: '三月' } }), 400, 'period');
    expectProblem(await t.post('/api/v1/office-evaluations', { token: w.tokens.head01, body: { period: '2026-03' } }), 403);
    const res = await t.post('/api/v1/office-evaluations', { token: w.tokens.leader01, body: { period: '2026-03' } });
    expect(res.status).toBe(201);
    ev = res.body;
    expect(ev).toMatchObject({ period: '2026-03', status: 'draft', scheme: { leadersShare: 0.7, thresholds: { basicallyCompetent: 60 } } });
    expect(ev.results.map((r: { office: { id: string } }) => r.office.id).sort()).toEqual(Object.values(w.offices).sort());
    expect(result(ev, w.offices.registration)).toMatchObject({
      office: { name: '登记注册股' },
      figures: { casesCompleted: 2, ratings: 2, satisfaction: 0.625 },
      citizens: { ratings: 2, satisfaction: 0.625, score: 62.5 },
      leaders: { score: null, scores: [] },
      total: null,
      grade: null,
    });
    expect(result(ev, w.offices.food).citizens).toEqual({ ratings: 0, satisfaction: null, score: null });
    expectProblem(await t.post('/api/v1/office-evaluations', { token: w.tokens.leader01, body: { period: '2026-03' } }), 409, 'EVALUATION.PERIOD_TAKEN', 'period');
  });

  it('a draft is among leaders and inspectors: an office head finds it only once published', async () => {
    expect((await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: w.tokens.inspector01 })).status).toBe(200);
    expectProblem(await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: w.tokens.head01 }), 404);
    expect((await t.get('/api/v1/office-evaluations', { token: w.tokens.head01 })).body.total).toBe(0);
    expect((await t.get('/api/v1/office-evaluations', { token: w.tokens.leader01 })).body.items).toEqual([expect.objectContaining({ id: ev.id, status: 'draft' })]);
    // Another unit's leader finds nothing; its inspector reads it (inspectors read every unit).
    expectProblem(await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: outsider.leader }), 404, undefined, 'id');
    expect((await t.get('/api/v1/office-evaluations', { token: outsider.leader })).body.total).toBe(0);
    expect((await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: outsider.inspector })).status).toBe(200);
  });

  it('a leader scores each aspect from 0 to 100; bad input is refused naming the field, and nothing is written', async () => {
    expectFieldProblem(await score(w.offices.registration, { ...all(80), goals: 101 }), 400, 'goals');
    expectFieldProblem(await score(w.offices.registration, { goals: 80, duties: 80, integrity: 80 }), 400, 'efficiency');
    expectFieldProblem(await score(w.offices.registration, { ...all(80), integrity: '80' }), 400, 'integrity');
    expectProblem(await score('00000000-0000-4000-8000-000000000000', all(80)), 404, undefined, 'officeId');
    expectFieldProblem(await t.put(`/api/v1/office-evaluations/${ev.id}/offices/x/leader-score`, { token: w.tokens.leader01, body: all(80) }), 400, 'officeId');
    expectProblem(await score(w.offices.registration, all(80), w.tokens.head01), 403);
    expectProblem(await score(w.offices.registration, all(80), outsider.leader), 404, undefined, 'id');
    for (const step of ['review', 'publish']) expectProblem(await t.post(`/api/v1/office-evaluations/${ev.id}/${step}`, { token: outsider.leader }), 404, undefined, 'id');
    expect(result((await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: w.tokens.leader01 })).body, w.offices.registration).leaders.scores).toEqual([]);
  });

  it('领导评议 is by the leader in charge of the office (分管) or the principal leader; another leader is refused', async () => {
    expect((await t.patch(`/api/v1/offices/${w.offices.food}`, { token: w.tokens.admin, body: { leaderId: (await t.get('/api/v1/auth/me', { token: leader02 })).body.id } })).status).toBe(200);
    expectProblem(await score(w.offices.food, all(100)), 403, 'EVALUATION.NOT_IN_CHARGE', 'officeId');
    expect((await score(w.offices.food, all(80), leader02)).status).toBe(200);
    expect((await t.patch(`/api/v1/units/${w.unitId}`, { token: w.tokens.admin, body: { principalId: w.staff.leader01 } })).status).toBe(200);
    // The principal scores any office; a leader in charge of none scores none once a principal is named.
    const both = await score(w.offices.food, all(100));
    expect(both.status).toBe(200);
    const food = result(both.body, w.offices.food).leaders;
    expect(food.score).toBe(90);
    expect(food.scores.map((s: { leader: { name: string }; score: number }) => [s.leader.name, s.score]).sort()).toEqual([['OEleader02', 80], ['陈局长', 100]]);
    expectProblem(await score(w.offices.registration, all(90), leader02), 403, 'EVALUATION.NOT_IN_CHARGE', 'officeId');
  });

  it('review needs every office scored, grades the totals, and closes scoring; publication needs a review', async () => {
    expectProblem(await t.post(`/api/v1/office-evaluations/${ev.id}/publish`, { token: w.tokens.leader01 }), 409, 'EVALUATION.NOT_REVIEWED');
    const early = await t.post(`/api/v1/office-evaluations/${ev.id}/review`, { token: w.tokens.leader01 });
    expectProblem(early, 409, 'EVALUATION.LEADERS_MISSING');
    expect(early.body.officeIds.sort()).toEqual([w.offices.general, w.offices.registration, w.offices.window].sort());
    // A second score by the same leader replaces the first.
    expect((await score(w.offices.registration, all(90))).status).toBe(200);
    expect((await score(w.offices.registration, { goals: 40, duties: 50, integrity: 60, efficiency: 50 })).status).toBe(200);
    for (const office of [w.offices.general, w.offices.window]) expect((await score(office, all(92))).status).toBe(200);
    const reviewed = await t.post(`/api/v1/office-evaluations/${ev.id}/review`, { token: w.tokens.leader01 });
    expect(reviewed.status).toBe(200);
    // 登记注册股: leaders 50, citizens 62.5 → 0.7 × 50 + 0.3 × 62.5 = 53.75, 不合格.
    expect(result(reviewed.body, w.offices.registration)).toMatchObject({ leaders: { score: 50 }, citizens: { score: 62.5 }, total: 53.75, grade: 'incompetent', gradeLabel: '不合格' });
    // No rating: the leaders' part alone.
    expect(result(reviewed.body, w.offices.food)).toMatchObject({ leaders: { score: 90 }, citizens: { score: null }, total: 90, grade: 'excellent', gradeLabel: '优秀' });
    expectProblem(await score(w.offices.registration, all(100)), 409, 'EVALUATION.NOT_DRAFT');
    expectProblem(await t.post(`/api/v1/office-evaluations/${ev.id}/review`, { token: w.tokens.leader01 }), 409, 'EVALUATION.NOT_DRAFT');
  });

  it('publication opens a 组织核查 for the failing office only, and office heads then read the result', async () => {
    const published = await t.post(`/api/v1/office-evaluations/${ev.id}/publish`, { token: w.tokens.leader01 });
    expect(published.status).toBe(200);
    expect(result(published.body, w.offices.registration).verification).toEqual({ openedAt: '2026-04-01T01:00:00.000Z', finding: null, followUp: null, verifiedBy: null, verifiedAt: null });
    expect(result(published.body, w.offices.food).verification).toBeNull();
    expectProblem(await t.post(`/api/v1/office-evaluations/${ev.id}/publish`, { token: w.tokens.leader01 }), 409, 'EVALUATION.NOT_REVIEWED');
    expect((await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: w.tokens.head01 })).status).toBe(200);
  });

  it('an inspector records the 组织核查 once: who, when, the finding and the follow-up', async () => {
    const verify = (officeId: string, body: Record<string, unknown>, token = w.tokens.inspector01) =>
      t.put(`/api/v1/office-evaluations/${ev.id}/offices/${officeId}/verification`, { token, body });
    const body = { finding: '三月超期集中在营业执照补领，领导评分与群众评议一致', followUp: '限期一个月整改，五月复核' };
    expectFieldProblem(await verify(w.offices.registration, { followUp: body.followUp }), 400, 'finding');
    expectFieldProblem(await verify(w.offices.registration, { finding: body.finding, followUp: '' }), 400, 'followUp');
    expectProblem(await verify(w.offices.registration, body, w.tokens.leader01), 403);
    expectProblem(await verify(w.offices.registration, body, outsider.inspector), 403, 'EVALUATION.OTHER_UNIT');
    expectProblem(await verify(w.offices.food, body), 409, 'EVALUATION.NOT_FAILING', 'officeId');
    expectProblem(await verify('00000000-0000-4000-8000-000000000000', body), 404, undefined, 'officeId');
    expectFieldProblem(await verify('food', body), 400, 'officeId');
    t.clock.set('2026-04-03T15:00:00+08:00');
    const done = await verify(w.offices.registration, body);
    expect(done.status).toBe(200);
    expect(result(done.body, w.offices.registration).verification).toMatchObject({
      finding: body.finding,
      followUp: body.followUp,
      verifiedBy: { id: w.staff.inspector01, name: '刘纪检' },
      verifiedAt: '2026-04-03T07:00:00.000Z',
    });
    expectProblem(await verify(w.offices.registration, { ...body, finding: '改写' }), 409, 'EVALUATION.ALREADY_VERIFIED', 'officeId');
    const audit = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [ev.id]);
    expect(audit.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['office_evaluation.draft', 'office_evaluation.publish', 'office_evaluation.verify']));
  });

  it('each unit weighs the aspects and the leaders’ part; a draft keeps the weights it was drafted with', async () => {
    const scheme = (body: unknown, token = w.tokens.leader01) => t.put('/api/v1/office-evaluations/scheme', { token, body });
    expect((await t.get('/api/v1/office-evaluations/scheme', { token: w.tokens.head01 })).body).toEqual({
      aspectWeights: { goals: 0.25, duties: 0.25, integrity: 0.25, efficiency: 0.25 },
      leadersShare: 0.7,
    });
    const own = { aspectWeights: { goals: 0.4, duties: 0.3, integrity: 0.2, efficiency: 0.1 }, leadersShare: 0.6 };
    expectProblem(await scheme({ ...own, aspectWeights: { ...own.aspectWeights, goals: 0.5 } }), 422, 'EVALUATION.BAD_SCHEME', 'aspectWeights');
    expectFieldProblem(await scheme({ ...own, leadersShare: 1.5 }), 400, 'leadersShare');
    expectFieldProblem(await scheme({ leadersShare: 0.6, aspectWeights: { goals: 0.4, duties: 0.3, integrity: 0.3 } }), 400, 'aspectWeights.efficiency');
    expectProblem(await scheme(own, w.tokens.head01), 403);
    expect((await scheme(own)).body).toEqual(own);
    const february = await t.post('/api/v1/office-evaluations', { token: w.tokens.leader01, body: { period: '2026-02' } });
    expect(february.body.scheme).toMatchObject({ ...own, thresholds: { excellent: 90 } });
    expect((await t.get(`/api/v1/office-evaluations/${ev.id}`, { token: w.tokens.leader01 })).body.scheme.leadersShare).toBe(0.7);
  });
});
