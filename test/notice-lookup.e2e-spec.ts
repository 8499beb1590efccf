import { pdfText } from '@app/testing';
import { COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/** A citizen holding only a one-time notice looks it up and rates the service (issue 10). */
describe('the one-time notice carries a query code: public lookup and rating (一次性告知制, 好差评)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  const noticed = async () => {
    const c = await receiveCase(t, w, COMPLETE_MATERIALS.slice(0, 1), { issueNotice: true });
    return { caseId: c.id as string, notice: c.notices[0] as { id: string; number: string; queryCode: string } };
  };
  const lookup = (number: string, code: string) => t.get(`/api/v1/public/notices/${encodeURIComponent(number)}`, { query: { code } });

  it('a notice carries an 8-character query code, shown to staff and printed', async () => {
    const { notice } = await noticed();
    expect(notice.queryCode).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    const archived = await t.get(`/api/v1/notices/${notice.id}`, { token: w.tokens.clerk01 });
    expect(archived.body.queryCode).toBe(notice.queryCode);
    const printed = await t.app.inject({ method: 'GET', url: `/api/v1/notices/${notice.id}/pdf`, headers: { authorization: `Bearer ${w.tokens.clerk01}` } });
    expect(printed.statusCode).toBe(200);
    expect((await pdfText(printed.rawPayload)).compact).toContain(`查询码：${notice.queryCode}`);
  });

  it('the citizen looks the notice up by its number and query code: what is missing and where the case stands, no personal data', async () => {
    const { notice } = await noticed();
    const res = await lookup(notice.number, notice.queryCode);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      noticeNumber: notice.number,
      issuedAt: t.clock.now().toISOString(),
      serviceItem: { code: 'DEMO-001', name: '个体工商户设立登记' },
      items: [
        { name: '经营者身份证明', reason: expect.any(String) },
        { name: '经营场所使用证明', reason: expect.any(String) },
      ],
      status: 'awaiting_materials',
      receiptNo: null,
    });
    expect(JSON.stringify(res.body)).not.toContain('张三');
  });

  it('a wrong code and an unknown number get the same 404', async () => {
    const { notice } = await noticed();
    const wrong = await lookup(notice.number, 'ABCDEFGH');
    const unknown = await lookup('告知〔2026〕9999号', notice.queryCode);
    expectProblem(wrong, 404, 'NOTICE.NOT_FOUND');
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'NOTICE.NOT_FOUND' });
  });

  it('the citizen rates the service with the notice number and code, once; the issuer is the one rated', async () => {
    const { caseId, notice } = await noticed();
    const res = await t.post('/api/v1/public/ratings', { body: { receiptNo: notice.number, code: notice.queryCode, level: 'satisfied' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reference: notice.number, subject: 'case', level: 'satisfied' });
    const [row] = await t.db.query('SELECT case_id, staff_id FROM rating WHERE reference = $1', [notice.number]);
    expect(row).toEqual({ case_id: caseId, staff_id: w.staff.clerk01 });
    const again = await t.post('/api/v1/public/ratings', { body: { receiptNo: notice.number, code: notice.queryCode, level: 'dissatisfied' } });
    expectProblem(again, 409, 'RATING.ALREADY_RATED', 'receiptNo');
  });
});
