import { COMPLETE_MATERIALS } from './support/cases.js';
import { expectFieldProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/** The DEMO-002 checklist (食品经营许可), all handed in. */
const FOOD_MATERIALS = [
  { name: '食品经营许可申请书', pages: 2, copies: 1 },
  { name: '营业执照', pages: 1, copies: 1 },
  { name: '与食品经营相适应的主要设备设施布局、操作流程等文件', pages: 3, copies: 1 },
  { name: '食品安全管理制度目录', pages: 1, copies: 1 },
];

/** A returning citizen's case is found at the window (issue 10: "A returning citizen's case cannot be found"). */
describe('finding a case: GET /api/v1/cases filters', () => {
  let t: TestApp;
  let w: World;
  const ids: Record<string, { id: string; receipt: { number: string } | null }> = {};

  const receive = async (key: string, at: string, applicant: { name: string; phone: string }, item = 'DEMO-001') => {
    t.clock.set(at);
    const res = await t.post('/api/v1/cases', {
      token: w.tokens.clerk01,
      body: { serviceItemCode: item, applicant, handlerId: item === 'DEMO-001' ? w.staff.handler01 : w.staff.handler02, materials: item === 'DEMO-001' ? COMPLETE_MATERIALS : FOOD_MATERIALS },
    });
    if (res.status !== 201) throw new Error(`case ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    ids[key] = res.body;
  };
  const find = async (query: Record<string, string>) => {
    const res = await t.get('/api/v1/cases', { token: w.tokens.clerk01, query });
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; applicant: { phone: string; idNumber: string | null } }>; total: number };
  };
  const found = async (query: Record<string, string>) => (await find(query)).items.map((c) => c.id).sort();
  const idsOf = (...keys: string[]) => keys.map((k) => ids[k]!.id).sort();

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    await receive('zhang', '2026-02-10T10:00:00+08:00', { name: '张三丰', phone: '13800138001' });
    await receive('zhangFood', '2026-03-03T10:00:00+08:00', { name: '张小三', phone: '13800138002' }, 'DEMO-002');
    await receive('li', '2026-03-20T10:00:00+08:00', { name: '李四', phone: '13800138001' });
    await receive('wang', '2026-04-02T10:00:00+08:00', { name: '王五', phone: '13900139000' });
  });
  afterAll(() => t?.close());

  it('by receipt number', async () => {
    expect(await found({ receiptNo: ids.li!.receipt!.number })).toEqual(idsOf('li'));
  });

  it('by applicant name (contains)', async () => {
    expect(await found({ applicantName: '三' })).toEqual(idsOf('zhang', 'zhangFood'));
    expect(await found({ applicantName: '%' })).toEqual([]);
  });

  it('by phone, exact, with the phone masked in the answer', async () => {
    const res = await find({ phone: '13800138001' });
    expect(res.items.map((c) => c.id).sort()).toEqual(idsOf('zhang', 'li'));
    expect(res.items.map((c) => c.applicant.phone)).toEqual(['138****8001', '138****8001']);
    expect(await found({ phone: '1380013800' })).toEqual([]);
  });

  it('by service item and by office', async () => {
    expect(await found({ serviceItemCode: 'DEMO-002' })).toEqual(idsOf('zhangFood'));
    expect(await found({ officeId: w.offices.registration })).toEqual(idsOf('zhang', 'li', 'wang'));
  });

  it('by period: from/to as timestamps, days, months, quarters, or period=', async () => {
    expect(await found({ from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' })).toEqual(idsOf('zhangFood', 'li'));
    expect(await found({ from: '2026-03', to: '2026-03' })).toEqual(idsOf('zhangFood', 'li'));
    expect(await found({ from: '2026-03-20' })).toEqual(idsOf('li', 'wang'));
    expect(await found({ to: '2026-03-03' })).toEqual(idsOf('zhang', 'zhangFood'));
    expect(await found({ period: '2026-Q1' })).toEqual(idsOf('zhang', 'zhangFood', 'li'));
    expect(await found({ period: '2026-04' })).toEqual(idsOf('wang'));
  });

  it('filters combine, with status and handler, and the list is paginated with its total', async () => {
    expect(await found({ phone: '13800138001', from: '2026-03' })).toEqual(idsOf('li'));
    expect(await found({ handlerId: w.staff.handler02, status: 'accepted' })).toEqual(idsOf('zhangFood'));
    const page = await find({ officeId: w.offices.registration, pageSize: '2', page: '2' });
    expect({ total: page.total, count: page.items.length }).toEqual({ total: 3, count: 1 });
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, field] of [
      [{ from: '2026-02-30' }, 'from'],
      [{ to: 'yesterday' }, 'to'],
      [{ period: '2026-Q5' }, 'period'],
      [{ phone: 'x'.repeat(30) }, 'phone'],
      [{ serviceItemCode: 'a b' }, 'serviceItemCode'],
      [{ officeId: 'registration' }, 'officeId'],
      [{ applicantName: '长'.repeat(51) }, 'applicantName'],
      [{ receiptNo: '长'.repeat(41) }, 'receiptNo'],
    ] as Array<[Record<string, string>, string]>) {
      expectFieldProblem(await t.get('/api/v1/cases', { token: w.tokens.clerk01, query }), 400, field);
    }
  });
});
