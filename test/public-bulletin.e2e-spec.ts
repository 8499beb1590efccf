import { TimerSweep } from '@app/deadlines';
import { receiveCase } from './support/cases.js';
import { expectFieldProblem, expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// 政务公开: an admin chooses, item by item, what of the unit is public (the month's efficiency bulletin,
// the published evaluations of staff and of offices); the public page reads only that, with no personal
// data beyond a name and an office, and answers anything else as not found.

const LIMIT = 40;

describe('the public bulletin (政务公开)', () => {
  let t: TestApp;
  let w: World;
  let staffEv: string;
  let officeEv: string;
  const release = (body: Record<string, unknown>, token = w.tokens.admin) => t.post('/api/v1/public-releases', { token, body });
  const pub = (path: string) => t.get(`/api/v1/public/units/${path}`);

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', PUBLIC_LOOKUPS_PER_MINUTE: String(LIMIT) } });
    w = await demoWorld(t);
    // March: a case of handler01's runs overdue, and the violation is confirmed: the bulletin names them.
    t.clock.set('2026-03-02T10:00:00+08:00');
    const late = await receiveCase(t, w, undefined, { serviceItemCode: 'DEMO-003', materials: [{ name: '补领营业执照申请书', pages: 1, copies: 1 }, { name: '遗失声明', pages: 1, copies: 1 }] });
    t.clock.set('2026-03-03T10:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    const [overdue] = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: late.id, type: 'overdue' } })).body.items;
    const decision = { reason: '超期属实', actions: [{ type: 'reminder_talk', decidedAt: '2026-03-03T10:00:00+08:00' }], responsible: [{ staffId: w.staff.handler01, role: 'direct' }] };
    expect((await t.post(`/api/v1/violations/${overdue.id}/confirm`, { token: w.tokens.inspector01, body: decision })).status).toBe(200);
    t.clock.set('2026-04-01T09:00:00+08:00');
    // The staff evaluation of March is published; the offices' is reviewed, not yet published.
    staffEv = (await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-03' } })).body.id;
    const staff = (await t.get(`/api/v1/evaluations/${staffEv}`, { token: w.tokens.leader01 })).body.results.map((r: { staff: { id: string } }) => ({ staffId: r.staff.id, de: 85, neng: 85, qin: 85, ji: 85, lian: 85 }));
    expect((await t.put(`/api/v1/evaluations/${staffEv}/qualitative`, { token: w.tokens.leader01, body: { scores: staff } })).status).toBe(200);
    for (const step of ['review', 'publish']) expect((await t.post(`/api/v1/evaluations/${staffEv}/${step}`, { token: w.tokens.leader01 })).status).toBe(200);
    officeEv = (await t.post('/api/v1/office-evaluations', { token: w.tokens.leader01, body: { period: '2026-03' } })).body.id;
    for (const office of Object.values(w.offices)) {
      const body = { goals: 88, duties: 86, integrity: 95, efficiency: 80 };
      expect((await t.put(`/api/v1/office-evaluations/${officeEv}/offices/${office}/leader-score`, { token: w.tokens.leader01, body })).status).toBe(200);
    }
    expect((await t.post(`/api/v1/office-evaluations/${officeEv}/review`, { token: w.tokens.leader01 })).status).toBe(200);
  });
  afterAll(() => t.close());

  it('before anything is released the unit has no public page; an unknown unit answers the same 404', async () => {
    for (const res of [await pub('DEMO/bulletin'), await pub('NOPE/bulletin'), await pub('DEMO/bulletins/2026-03'), await pub('DEMO/staff-evaluations/2026-03')]) {
      expectProblem(res, 404, 'PUBLIC.NOT_PUBLISHED');
    }
    expectFieldProblem(await pub('%E5%B1%80/bulletin'), 400, 'code');
    expectFieldProblem(await pub('DEMO/bulletins/2026-13'), 400, 'month');
    expectFieldProblem(await pub('DEMO/office-evaluations/2026-Q5'), 400, 'period');
  });

  it('only the unit’s admin releases, a finished month’s bulletin or a published evaluation, each once; bad input names the field', async () => {
    expectFieldProblem(await release({ kind: 'minutes', period: '2026-03' }), 400, 'kind');
    expectFieldProblem(await release({ kind: 'bulletin', period: 'March' }), 400, 'period');
    expectFieldProblem(await release({ kind: 'bulletin' }), 400, 'period');
    expectProblem(await release({ kind: 'bulletin', period: '2026-Q1' }), 422, 'PUBLIC.BAD_PERIOD', 'period');
    expectProblem(await release({ kind: 'bulletin', period: '2026-04' }), 422, 'PUBLIC.MONTH_NOT_OVER', 'period');
    expectProblem(await release({ kind: 'office_evaluation', period: '2026-03' }), 409, 'PUBLIC.NOT_PUBLISHED', 'period');
    expectProblem(await release({ kind: 'staff_evaluation', period: '2026-02' }), 409, 'PUBLIC.NOT_PUBLISHED', 'period');
    expectProblem(await release({ kind: 'bulletin', period: '2026-03' }, w.tokens.leader01), 403);
    expect(await t.count('public_release')).toBe(0);

    const bulletin = await release({ kind: 'bulletin', period: '2026-03' });
    expect(bulletin.status).toBe(201);
    expect(bulletin.body).toMatchObject({ kind: 'bulletin', period: '2026-03', releasedAt: '2026-04-01T01:00:00.000Z' });
    expectProblem(await release({ kind: 'bulletin', period: '2026-03' }), 409, 'PUBLIC.RELEASED', 'period');
    expect((await release({ kind: 'staff_evaluation', period: '2026-03' })).status).toBe(201);
    expect((await t.get('/api/v1/public-releases', { token: w.tokens.admin })).body.map((r: { kind: string }) => r.kind).sort()).toEqual(['bulletin', 'staff_evaluation']);
  });

  it('the public page lists what was released and shows it without login; what was not released stays 404', async () => {
    const index = await pub('DEMO/bulletin');
    expect(index.status).toBe(200);
    expect(index.body.unit).toEqual({ code: 'DEMO', name: '示范县市场监督管理局' });
    expect(index.body.releases.map((r: { kind: string; period: string }) => `${r.kind} ${r.period}`).sort()).toEqual(['bulletin 2026-03', 'staff_evaluation 2026-03']);
    const bulletin = await pub('DEMO/bulletins/2026-03');
    expect(bulletin.status).toBe(200);
    expect(bulletin.body.document.title).toBe('2026年3月机关效能建设情况通报');
    expectProblem(await pub('DEMO/bulletins/2026-02'), 404, 'PUBLIC.NOT_PUBLISHED');
    expectProblem(await pub('DEMO/office-evaluations/2026-03'), 404, 'PUBLIC.NOT_PUBLISHED');
  });

  it('no personal data beyond name and office: no badge number, phone, id number or staff id, in the bulletin or the results', async () => {
    const bulletin = JSON.stringify((await pub('DEMO/bulletins/2026-03')).body);
    const results = (await pub('DEMO/staff-evaluations/2026-03')).body;
    // The bulletin names the violator with their office, as printed, but not their badge (the staff's copy does).
    expect(bulletin).toContain('登记注册股 李经办：1起');
    const internal = JSON.stringify((await t.get('/api/v1/reports/bulletin', { token: w.tokens.leader01, query: { month: '2026-03', format: 'json' } })).body);
    expect(internal).toContain('李经办（DEMO-002）');
    expect(results.results).toContainEqual({ name: '李经办', office: '登记注册股', gradeLabel: '称职' });
    for (const r of results.results) expect(Object.keys(r).sort()).toEqual(['gradeLabel', 'name', 'office']);
    for (const text of [bulletin, JSON.stringify(results)]) {
      expect(text).not.toMatch(/DEMO-0\d\d/); // badge numbers
      expect(text).not.toMatch(/(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/); // mobile phones
      expect(text).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])/); // resident id numbers
      for (const id of Object.values(w.staff)) expect(text).not.toContain(id);
    }
  });

  it('the offices’ results go public once published and released: both parts, the total and the grade, no leader’s name', async () => {
    expect((await t.post(`/api/v1/office-evaluations/${officeEv}/publish`, { token: w.tokens.leader01 })).status).toBe(200);
    expectProblem(await pub('DEMO/office-evaluations/2026-03'), 404, 'PUBLIC.NOT_PUBLISHED');
    expect((await release({ kind: 'office_evaluation', period: '2026-03' })).status).toBe(201);
    const res = await pub('DEMO/office-evaluations/2026-03');
    expect(res.status).toBe(200);
    expect(res.body.results).toContainEqual({ office: '食品经营许可股', leadersScore: 87.25, citizensScore: null, ratings: 0, total: 87.25, gradeLabel: '良好' });
    expect(JSON.stringify(res.body)).not.toContain('陈局长');
  });

  it('a withdrawn item leaves the public page at once; only the unit’s admin withdraws', async () => {
    const [bulletin] = (await t.get('/api/v1/public-releases', { token: w.tokens.admin })).body.filter((r: { kind: string }) => r.kind === 'bulletin');
    expectProblem(await t.request('DELETE', `/api/v1/public-releases/${bulletin.id}`, { token: w.tokens.leader01 }), 403);
    expectProblem(await t.request('DELETE', '/api/v1/public-releases/00000000-0000-4000-8000-000000000000', { token: w.tokens.admin }), 404, undefined, 'id');
    expectFieldProblem(await t.request('DELETE', '/api/v1/public-releases/not-an-id', { token: w.tokens.admin }), 400, 'id');
    expect((await t.request('DELETE', `/api/v1/public-releases/${bulletin.id}`, { token: w.tokens.admin })).status).toBe(204);
    expectProblem(await pub('DEMO/bulletins/2026-03'), 404, 'PUBLIC.NOT_PUBLISHED');
    expect((await pub('DEMO/staff-evaluations/2026-03')).status).toBe(200);
  });

  it('the public page is throttled per address like the other public lookups', async () => {
    const from = (address: string) => t.app.inject({ method: 'GET', url: '/api/v1/public/units/DEMO/bulletin', remoteAddress: address });
    for (let i = 0; i < LIMIT; i++) expect((await from('192.0.2.7')).statusCode).toBe(200);
    const refused = await from('192.0.2.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'PUBLIC.TOO_MANY_LOOKUPS' });
    expect((await from('192.0.2.8')).statusCode).toBe(200);
  });
});
