import { TimerSweep } from '@app/deadlines';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';
import { expectFieldProblem } from './support/problem.js';

// 绩效考评制: drafted from the recorded figures, scored by the leaders, graded by the unit's scheme,
// reviewed, then published to each staff member with the figures behind the result.

const all = (x: number) => ({ de: x, neng: x, qin: x, ji: x, lian: x });

describe('performance evaluation (绩效考评制)', () => {
  let t: TestApp;
  let w: World;
  const result = (ev: any, staffId: string) => ev.results.find((r: { staff: { id: string } }) => r.staff.id === staffId);
  const score = (id: string, staffId: string, q: Record<string, number>, token = w.tokens.leader01) =>
    t.put(`/api/v1/evaluations/${id}/results/${staffId}/qualitative`, { token, body: q });

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    // March: handler01 completes one DEMO-003 case in time and one late; the first is rated 非常满意.
    t.clock.set('2026-03-02T10:00:00+08:00');
    const materials = [
      { name: '补领营业执照申请书', pages: 1, copies: 1 },
      { name: '遗失声明', pages: 1, copies: 1 },
    ];
    const onTime = await receiveCase(t, w, materials, { serviceItemCode: 'DEMO-003' });
    const late = await receiveCase(t, w, materials, { serviceItemCode: 'DEMO-003' });
    t.clock.set('2026-03-02T11:00:00+08:00');
    expect((await t.post(`/api/v1/cases/${onTime.id}/complete`, { token: w.tokens.handler01, body: { result: '已补领' } })).status).toBe(200);
    // The late case's due time passes: an overdue violation, confirmed with its office head held
    // responsible for lax supervision (监管不力).
    t.clock.set('2026-03-03T10:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    const [overdue] = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: late.id, type: 'overdue' } })).body.items;
    const confirmed = await t.post(`/api/v1/violations/${overdue.id}/confirm`, {
      token: w.tokens.inspector01,
      body: {
        reason: '超期未办结属实',
        actions: [{ type: 'reminder_talk', decidedAt: '2026-03-03T10:00:00+08:00' }],
        responsible: [
          { staffId: w.staff.handler01, role: 'direct' },
          { staffId: w.staff.head01, role: 'supervisor' },
        ],
      },
    });
    expect(confirmed.status).toBe(200);
    t.clock.set('2026-03-04T11:00:00+08:00');
    expect((await t.post(`/api/v1/cases/${late.id}/complete`, { token: w.tokens.handler01, body: { result: '已补领' } })).status).toBe(200);
    const rated = await t.post('/api/v1/public/ratings', { body: { receiptNo: onTime.receipt.number, code: onTime.receipt.queryCode, level: 'very_satisfied' } });
    expect(rated.status).toBe(201);
    t.clock.set('2026-04-01T09:00:00+08:00');
  });
  afterAll(() => t.close());

  let march: any;

  it('a period is drafted once it has ended, for every staff member but the leaders, with the efficiency report’s figures', async () => {
    expectFieldProblem(await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026' } }), 422, 'period');
    const res = await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-03' } });
    expect(res.status).toBe(201);
    march = res.body;
    expect(march).toMatchObject({ period: '2026-03', status: 'draft', from: '2026-02-28T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
    expect(march.results.map((r: { staff: { id: string } }) => r.staff.id).sort()).toEqual(
      [w.staff.clerk01, w.staff.handler01, w.staff.handler02, w.staff.head01, w.staff.inspector01].sort(),
    );

    const h1 = result(march, w.staff.handler01);
    expect(h1.figures).toMatchObject({ casesCompleted: 2, onTimeRate: 0.5, satisfaction: 1, confirmedViolations: 1 });
    // The supervisor held responsible is penalised too, though the violation is not theirs.
    expect(result(march, w.staff.head01).figures.confirmedViolations).toBe(1);
    expect(result(march, w.staff.handler02).figures.confirmedViolations).toBe(0);
    // The same figures as the efficiency report the inspectors read.
    const report = (
      await t.get('/api/v1/reports/efficiency', {
        token: w.tokens.inspector01,
        query: { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00', by: 'staff', staff: w.staff.handler01 },
      })
    ).body;
    const rows = report.rows.filter((r: { staff: { id: string } | null }) => r.staff?.id === w.staff.handler01);
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.casesCompleted).toBe(2);
    expect({ onTime: h1.figures.onTimeRate, early: h1.figures.earlyRate, ratio: h1.figures.meanHandlingRatio }).toEqual({
      onTime: row.onTimeRate,
      early: row.earlyRate,
      ratio: row.handlingRatio,
    });
    expect(h1.quantitative).toBeGreaterThan(0);
    // Nothing measured for the others: no quantitative score.
    expect(result(march, w.staff.clerk01).quantitative).toBeNull();

    const twice = await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-03' } });
    expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'EVALUATION.PERIOD_TAKEN' });
  });

  it('review needs every qualitative score; grades fall at the thresholds', async () => {
    const early = await t.post(`/api/v1/evaluations/${march.id}/review`, { token: w.tokens.leader01 });
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'EVALUATION.QUALITATIVE_MISSING' });
    expect(early.body.staffIds).toHaveLength(5);

    expect((await score(march.id, w.staff.clerk01, all(90))).body).toMatchObject({ qualitative: { score: 90, by: w.staff.leader01 } });
    await score(march.id, w.staff.handler02, all(89.99));
    await score(march.id, w.staff.head01, all(80)); // less 5 for the violation held against them: 75
    await score(march.id, w.staff.inspector01, all(59.99));
    await score(march.id, w.staff.handler01, all(60));
    const reviewed = (await t.post(`/api/v1/evaluations/${march.id}/review`, { token: w.tokens.leader01 })).body;
    expect(reviewed.status).toBe('reviewed');
    const grades = Object.fromEntries(reviewed.results.map((r: { staff: { id: string }; gradeLabel: string }) => [r.staff.id, r.gradeLabel]));
    expect([grades[w.staff.clerk01], grades[w.staff.handler02], grades[w.staff.head01], grades[w.staff.inspector01]]).toEqual(['优秀', '称职', '称职', '不称职']);
    expect(result(reviewed, w.staff.head01).total).toBe(75);
    // handler01: 60% quantitative + 40% of 60.
    const h1 = result(reviewed, w.staff.handler01);
    expect(h1.total).toBeCloseTo(0.6 * h1.quantitative + 24, 1);

    const late = await score(march.id, w.staff.clerk01, all(10));
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'EVALUATION.NOT_DRAFT' });
  });

  it('published: each staff member sees their own result with the figures behind it, and nobody else’s', async () => {
    expect((await t.get('/api/v1/evaluations/mine', { token: w.tokens.handler01 })).body).toEqual([]);
    expect((await t.post(`/api/v1/evaluations/${march.id}/publish`, { token: w.tokens.leader01 })).body.status).toBe('published');
    const mine = (await t.get('/api/v1/evaluations/mine', { token: w.tokens.handler01 })).body;
    expect(mine).toHaveLength(1);
    expect(mine[0].results).toEqual([expect.objectContaining({ staff: expect.objectContaining({ id: w.staff.handler01 }), figures: expect.objectContaining({ casesCompleted: 2 }) })]);
    expect((await t.get(`/api/v1/evaluations/${march.id}`, { token: w.tokens.handler01 })).status).toBe(403);
  });

  it('the 优秀 cap: of 5 staff at 20% only 1 is 优秀 (ties by badge); without a cap all three are', async () => {
    const q1 = (await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-Q1' } })).body;
    for (const id of [w.staff.clerk01, w.staff.handler02, w.staff.head01]) await score(q1.id, id, all(95));
    for (const id of [w.staff.handler01, w.staff.inspector01]) await score(q1.id, id, all(70));
    const reviewed = (await t.post(`/api/v1/evaluations/${q1.id}/review`, { token: w.tokens.leader01 })).body;
    const excellent = reviewed.results.filter((r: { grade: string }) => r.grade === 'excellent').map((r: { staff: { id: string } }) => r.staff.id);
    expect(excellent).toEqual([w.staff.clerk01]); // DEMO-001 is the lowest badge of the tie
    expect([w.staff.handler02, w.staff.head01].map((id) => result(reviewed, id))).toEqual([
      expect.objectContaining({ grade: 'competent', capped: true }),
      expect.objectContaining({ grade: 'competent', capped: true }),
    ]);

    const scheme = (await t.get('/api/v1/evaluations/scheme', { token: w.tokens.leader01 })).body;
    expect((await t.put('/api/v1/evaluations/scheme', { token: w.tokens.leader01, body: { ...scheme, excellentCap: null } })).status).toBe(200);
    const feb = (await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-02' } })).body;
    expect(feb.scheme.excellentCap).toBeNull();
    for (const id of [w.staff.clerk01, w.staff.handler02, w.staff.head01]) await score(feb.id, id, all(95));
    for (const id of [w.staff.handler01, w.staff.inspector01]) await score(feb.id, id, all(70));
    const uncapped = (await t.post(`/api/v1/evaluations/${feb.id}/review`, { token: w.tokens.leader01 })).body;
    expect(uncapped.results.filter((r: { grade: string }) => r.grade === 'excellent')).toHaveLength(3);
    // The earlier evaluation keeps the scheme it was drafted with.
    expect((await t.get(`/api/v1/evaluations/${q1.id}`, { token: w.tokens.leader01 })).body.scheme.excellentCap).toBe(0.2);
  });

  describe('bad input: 4xx problem+json naming the field, nothing written', () => {
    const count = async () => Number((await t.db.query('SELECT (SELECT count(*) FROM evaluation) + (SELECT count(*) FROM evaluation_scheme) AS n'))[0].n);

    it('schemes: weights that do not add up, thresholds that do not fall, out-of-range shares, missing parts', async () => {
      const scheme = (await t.get('/api/v1/evaluations/scheme', { token: w.tokens.leader01 })).body;
      const before = await count();
      const stored = JSON.stringify(scheme);
      const put = (body: unknown) => t.put('/api/v1/evaluations/scheme', { token: w.tokens.leader01, body });
      expectFieldProblem(await put({ ...scheme, weights: { ...scheme.weights, onTime: 0.9 } }), 422, 'weights');
      expectFieldProblem(await put({ ...scheme, thresholds: { excellent: 70, competent: 75, basicallyCompetent: 60 } }), 422, 'thresholds');
      expectFieldProblem(await put({ ...scheme, quantitativeShare: 1.5 }), 400, 'quantitativeShare');
      expectFieldProblem(await put({ ...scheme, qualitativeWeights: undefined }), 400, 'qualitativeWeights');
      expectFieldProblem(await put({ ...scheme, weights: { ...scheme.weights, onTime: 'a lot' } }), 400, 'weights.onTime');
      expectFieldProblem(await put({ ...scheme, bonus: 1 }), 400, 'bonus');
      expect(await count()).toBe(before);
      expect(JSON.stringify((await t.get('/api/v1/evaluations/scheme', { token: w.tokens.leader01 })).body)).toBe(stored);
    });

    it('drafts and scores: a bad period, a score out of range, a staff member not evaluated, a bad id, the wrong role', async () => {
      const before = await count();
      expectFieldProblem(await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-13' } }), 400, 'period');
      expectFieldProblem(await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '0050' } }), 400, 'period');
      expectFieldProblem(await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: {} }), 400, 'period');
      expect((await t.post('/api/v1/evaluations', { token: w.tokens.head01, body: { period: '2026-01' } })).status).toBe(403);
      expect(await count()).toBe(before);

      const jan = (await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-01' } })).body;
      expectFieldProblem(await score(jan.id, w.staff.clerk01, { ...all(90), de: 101 }), 400, 'de');
      expectFieldProblem(await score(jan.id, w.staff.clerk01, { de: 90 }), 400, 'neng');
      expectFieldProblem(await score(jan.id, 'nope', all(90)), 400, 'staffId');
      expectFieldProblem(await score(jan.id, w.staff.leader01, all(90)), 403, 'staffId');
      expect((await score(jan.id, w.staff.admin, all(90))).status).toBe(404);
      expect((await score(jan.id, w.staff.clerk01, all(90), w.tokens.head01)).status).toBe(403);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM evaluation_result WHERE evaluation_id = $1 AND qualitative IS NOT NULL', [jan.id]);
      expect(n).toBe(0);
      const publishDraft = await t.post(`/api/v1/evaluations/${jan.id}/publish`, { token: w.tokens.leader01 });
      expect({ status: publishDraft.status, code: publishDraft.body.code }).toEqual({ status: 409, code: 'EVALUATION.NOT_REVIEWED' });
    });
  });
});
