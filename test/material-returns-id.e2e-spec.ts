import { expectFieldProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

const BASIS = [{ law: '《中华人民共和国市场主体登记管理条例》', article: '第二十六条' }];
const REISSUE_MATERIALS = [
  { name: '补领营业执照申请书', pages: 1, copies: 1 },
  { name: '遗失声明', pages: 1, copies: 2 },
];
const signed = (name: string) => ({ method: 'handwritten', signedName: name });

describe('returned materials when the applicant gave no ID number (否定报备制)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  /** A refused DEMO-003 case whose applicant gave a name and phone only, and a request for the 遗失声明 back. */
  async function refusedWithoutId(name = '孙七'): Promise<{ caseId: string; filingId: string; returnId: string }> {
    const c = await t.post('/api/v1/cases', {
      token: w.tokens.clerk01,
      body: { serviceItemCode: 'DEMO-003', applicant: { name, phone: '13900139000' }, handlerId: w.staff.handler01, materials: REISSUE_MATERIALS },
    });
    if (c.status !== 201) throw new Error(`case: ${c.status} ${JSON.stringify(c.body)}`);
    const f = await t.post('/api/v1/rejection-filings', {
      token: w.tokens.handler01,
      body: { caseId: c.body.id, reason: '申请人不具备法定条件', legalBasis: BASIS, contactPhone: '0851-28220002' },
    });
    if (f.status !== 201) throw new Error(`filing: ${f.status} ${JSON.stringify(f.body)}`);
    const r = await t.post(`/api/v1/rejection-filings/${f.body.id}/material-returns`, { token: w.tokens.clerk01, body: { items: [{ name: '遗失声明', copies: 2 }], channel: 'visit' } });
    if (r.status !== 201) throw new Error(`return: ${r.status} ${JSON.stringify(r.body)}`);
    return { caseId: c.body.id, filingId: f.body.id, returnId: r.body.id };
  }
  const handOver = (ids: { filingId: string; returnId: string }, body: unknown) =>
    t.post(`/api/v1/rejection-filings/${ids.filingId}/material-returns/${ids.returnId}/hand-over`, { token: w.tokens.clerk01, body });

  it('the hand-over records the ID shown at the counter, which becomes the applicant’s recorded ID for the case (audited)', async () => {
    const ids = await refusedWithoutId();
    const res = await handOver(ids, { recipient: { kind: 'applicant', name: '孙七', idType: 'resident_id', idNumber: '11010519491231002x' }, signature: signed('孙七') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'returned', recipient: { kind: 'applicant', name: '孙七', idType: 'resident_id', idNumber: '11010519491231002X' } });
    expect(res.body.slipNumber).toMatch(/^退件〔2026〕\d{4}号$/);
    // The filer reads the recorded ID in full; the clerk at the counter sees it masked (personal data on need).
    const filing = (await t.get(`/api/v1/rejection-filings/${ids.filingId}`, { token: w.tokens.handler01 })).body;
    expect(filing.citizen).toMatchObject({ name: '孙七', idType: 'resident_id', idNumber: '11010519491231002X' });
    const seenByClerk = (await t.get(`/api/v1/rejection-filings/${ids.filingId}`, { token: w.tokens.clerk01 })).body;
    expect(seenByClerk.citizen.idNumber).toBe('110105********002X');
    const kase = (await t.get(`/api/v1/cases/${ids.caseId}`, { token: w.tokens.handler01 })).body;
    expect(kase.applicant.idNumber).toBe('11010519491231002X');
    const audit = await t.db.query(`SELECT action, after FROM audit_log WHERE entity_id = $1 AND action = 'case.applicant_id.record'`, [ids.caseId]);
    expect(audit).toEqual([expect.objectContaining({ after: expect.objectContaining({ idType: 'resident_id', idNumber: '11010519491231002X', source: 'material_return' }) })]);
  });

  it('another ID document is accepted with its type: a passport', async () => {
    const ids = await refusedWithoutId('Anna Müller');
    const res = await handOver(ids, { recipient: { kind: 'applicant', name: 'Anna Müller', idType: 'passport', idNumber: 'C01X00T47' }, signature: signed('Anna Müller') });
    expect(res.status).toBe(200);
    expect(res.body.recipient).toMatchObject({ idType: 'passport', idNumber: 'C01X00T47' });
  });

  it('a recipient who is not the named applicant is refused (422 naming recipient.name), and nothing is recorded', async () => {
    const ids = await refusedWithoutId();
    expectFieldProblem(await handOver(ids, { recipient: { kind: 'applicant', name: '李四', idNumber: '11010519491231002X' }, signature: signed('李四') }), 422, 'recipient.name');
    const [row] = await t.db.query('SELECT status FROM material_return WHERE id = $1', [ids.returnId]);
    expect(row.status).toBe('requested');
    expect((await t.get(`/api/v1/cases/${ids.caseId}`, { token: w.tokens.handler01 })).body.applicant.idNumber).toBeNull();
  });

  it('an ID number that does not fit its type is 400 naming recipient.idNumber', async () => {
    const ids = await refusedWithoutId();
    for (const recipient of [
      { kind: 'applicant', name: '孙七', idType: 'resident_id', idNumber: '110105194912310021' },
      { kind: 'applicant', name: '孙七', idType: 'hk_macao_permit', idNumber: 'X1234' },
    ]) {
      expectFieldProblem(await handOver(ids, { recipient, signature: signed('孙七') }), 400, 'recipient.idNumber');
    }
    expectFieldProblem(await handOver(ids, { recipient: { kind: 'applicant', name: '孙七', idType: 'library_card', idNumber: 'A1' }, signature: signed('孙七') }), 400, 'recipient.idType');
  });

  it('an agent’s authorization names the applicant’s ID, which becomes the recorded one', async () => {
    const ids = await refusedWithoutId();
    const agent = { kind: 'agent', name: '李四', idNumber: '110101199003074477', authorization: { reference: '委托书002', principalIdNumber: '11010519491231002X' } };
    expect((await handOver(ids, { recipient: agent, signature: signed('李四') })).status).toBe(200);
    expect((await t.get(`/api/v1/cases/${ids.caseId}`, { token: w.tokens.handler01 })).body.applicant.idNumber).toBe('11010519491231002X');
  });
});
