import { APPLICANT } from './support/cases.js';
import { expectFieldProblem, expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/** Materials by checklist id, and a notice only by an explicit action after a preview (一次性告知制; issue 10). */
describe('intake by checklist ids: preview, then an explicit one-time notice', () => {
  let t: TestApp;
  let w: World;
  /** The DEMO-001 checklist as the catalogue publishes it: id and name. */
  let checklist: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    checklist = (await t.get('/api/v1/services/DEMO-001', { token: w.tokens.clerk01 })).body.materials;
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  const tick = (i: number, copies = 1) => ({ itemId: checklist[i]!.id, pages: 1, copies });
  const body = (materials: unknown[], extra: Record<string, unknown> = {}) => ({ serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId: w.staff.handler01, materials, ...extra });
  const rows = async () => ({ cases: await t.count('service_case'), notices: await t.count('one_time_notice'), enquiries: await t.count('enquiry') });

  it('every checklist item has a stable id in the catalogue', () => {
    expect(checklist.map((m) => m.id)).toEqual(['M1', 'M2', 'M3']);
    expect(checklist[0]!.name).toBe('个体工商户登记（备案）申请书');
  });

  it('an edited checklist keeps each item’s id (matched by name), and a new item gets the next free one', async () => {
    const item = (await t.get('/api/v1/services/DEMO-003', { token: w.tokens.admin })).body;
    const { code, name, legalBasis, conditions, statutoryLimit, committedLimit, procedure, feeFen, feeBasis, rejection, active } = item;
    const materials = [...item.materials].reverse().map(({ name: n, form, copies }: { name: string; form: string; copies: number }) => ({ name: n, form, copies }));
    const res = await t.put('/api/v1/services/DEMO-003', {
      token: w.tokens.admin,
      body: { code, name, officeId: item.office.id, legalBasis, conditions, statutoryLimit, committedLimit, procedure, feeFen, feeBasis, rejection, active, materials: [...materials, { name: '登报声明原件', form: 'original', copies: 1 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.materials.map((m: { id: string; name: string }) => [m.id, m.name])).toEqual([
      ['M2', '遗失声明'],
      ['M1', '补领营业执照申请书'],
      ['M3', '登报声明原件'],
    ]);
  });

  it('ticked checklist items by id complete the case: accepted, the receipt naming each item', async () => {
    const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([tick(0), tick(1), tick(2)]) });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('accepted');
    expect(res.body.receipt.materials).toEqual(checklist.map((m) => ({ itemId: m.id, name: m.name, pages: 1, copies: 1 })));
  });

  it('the preview answers what the notice would list, by id and name, and writes nothing', async () => {
    const before = await rows();
    const res = await t.post('/api/v1/cases/preview', { token: w.tokens.clerk01, body: body([tick(0), { name: '申请书', pages: 1, copies: 1 }], { noticeItems: [{ name: '租赁合同', reason: '经营场所为租赁' }] }) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      complete: false,
      missing: [
        { itemId: checklist[1]!.id, name: checklist[1]!.name, reason: expect.any(String), source: 'checklist' },
        { itemId: checklist[2]!.id, name: checklist[2]!.name, reason: expect.any(String), source: 'checklist' },
        { name: '租赁合同', reason: '经营场所为租赁', source: 'free_text' },
      ],
    });
    expect(await rows()).toEqual(before);
  });

  it('an intake with missing items is 422 listing them unless it says issueNotice: true, and writes nothing', async () => {
    const before = await rows();
    const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([tick(0)]) });
    expectProblem(res, 422, 'CASE.MATERIALS_MISSING', 'materials');
    expect(res.body.missing.map((m: { itemId: string }) => m.itemId)).toEqual([checklist[1]!.id, checklist[2]!.id]);
    expect(await rows()).toEqual(before);
  });

  it('with issueNotice: true the notice lists the missing checklist items by id and name; "申请书" typed freely does not stand for the checklist item', async () => {
    const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([{ name: '申请书', pages: 1, copies: 1 }, tick(1), tick(2)], { issueNotice: true }) });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('awaiting_materials');
    expect(res.body.notices[0].items).toEqual([{ itemId: checklist[0]!.id, name: checklist[0]!.name, reason: expect.any(String), source: 'checklist' }]);
  });

  it('a name that is exactly a checklist item’s stands for that item (clients that send names keep working)', async () => {
    const res = await t.post('/api/v1/cases/preview', { token: w.tokens.clerk01, body: body([{ name: checklist[0]!.name, pages: 1, copies: 1 }, tick(1), tick(2)]) });
    expect(res.body).toEqual({ complete: true, missing: [] });
  });

  it('an unknown checklist id is refused (422 naming the field)', async () => {
    expectFieldProblem(await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([{ itemId: 'M99', pages: 1, copies: 1 }]) }), 422, 'materials.0.itemId');
    expectFieldProblem(await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([{ pages: 1, copies: 1 }]) }), 400, 'materials.0.name');
  });

  it('a later notice re-asking for a checklist item by its id is no repeated notice, however it was worded before', async () => {
    const c = (await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([tick(0), tick(1)], { issueNotice: true }) })).body;
    const again = await t.post(`/api/v1/cases/${c.id}/notices`, { token: w.tokens.clerk01, body: { items: [{ itemId: checklist[2]!.id, reason: '仍未提交（租赁合同须附产权证明）' }] } });
    expect(again.status).toBe(201);
    expect(again.body.repeatedNoticeItems).toEqual([]);
    expect(again.body.items).toEqual([expect.objectContaining({ itemId: checklist[2]!.id, name: checklist[2]!.name, source: 'checklist' })]);
    // A checklist item the first notice did not ask for (it was handed in) is new: a repeated notice.
    const fresh = await t.post(`/api/v1/cases/${c.id}/notices`, { token: w.tokens.clerk01, body: { items: [{ itemId: checklist[0]!.id, reason: '复印件不清晰' }] } });
    expect(fresh.body.repeatedNoticeItems).toEqual([checklist[0]!.name]);
  });

  it('the citizen brings the missing item, ticked by id: the case is accepted', async () => {
    const c = (await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: body([tick(0), tick(1)], { issueNotice: true }) })).body;
    const res = await t.post(`/api/v1/cases/${c.id}/materials`, { token: w.tokens.clerk01, body: { materials: [tick(2)] } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted');
  });
});
