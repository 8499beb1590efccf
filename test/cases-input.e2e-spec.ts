import { TimerSweep } from '@app/deadlines';
import { APPLICANT, COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { TestApp, type Reply } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

type Account = keyof World['tokens'];
type Lazy<T> = T | (() => T);

/** The tables a case request can write to: a refused request must leave every one as it was. */
const TABLES = ['service_case', 'one_time_notice', 'case_extension', 'deadline_step', 'audit_log'] as const;

const NIL_UUID = '00000000-0000-4000-8000-000000000000'; // well-formed, names nothing
const long = (n: number) => '长'.repeat(n);

/** One refused request: what is sent, and the problem that must come back. */
interface Refusal {
  rule: string;
  token?: Account | null;
  method?: 'GET' | 'POST';
  url?: Lazy<string>;
  body?: Lazy<unknown>;
  rawBody?: string;
  query?: Record<string, string>;
  status?: number;
  code?: string;
  /** A field the problem must name (dotted path). */
  field?: string;
  /** The code of that field's entry (e.g. unknown_field). */
  fieldCode?: string;
}

const resolve = <T>(v: Lazy<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

describe('case input: every case endpoint refuses bad input with a problem naming the field, and writes nothing', () => {
  let t: TestApp;
  let w: World;
  /** Accepted, handled by handler01, no extension. */
  let accepted: { id: string; receipt: { number: string; queryCode: string } };
  /** Awaiting materials, with its first notice. */
  let waiting: { id: string; notices: Array<{ id: string }> };
  /** Accepted, with an extension request waiting for a leader. */
  let extended: { id: string };
  let extensionId: string;

  const validCase = () => ({ serviceItemCode: 'DEMO-001', applicant: { ...APPLICANT }, handlerId: w.staff.handler01, materials: COMPLETE_MATERIALS });

  async function counts(): Promise<Record<string, number>> {
    const entries = await Promise.all(TABLES.map(async (table) => [table, await t.count(table)] as const));
    return Object.fromEntries(entries);
  }

  function expectProblem(res: Reply, status: number, code: string, field?: string, fieldCode?: string): void {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, code, detail: expect.any(String) });
    if (field !== undefined) {
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining(fieldCode ? { field, code: fieldCode } : { field })]));
    }
  }

  /** Sends a refused request and checks the problem and that no row was written. */
  async function expectRefused(r: Omit<Refusal, 'rule'> & { method: 'GET' | 'POST'; url: Lazy<string> }): Promise<void> {
    const before = await counts();
    const token = r.token === null ? undefined : w.tokens[r.token ?? 'clerk01'];
    const res = await t.request(r.method, resolve(r.url), {
      token,
      body: r.rawBody === undefined ? resolve(r.body) : undefined,
      rawBody: r.rawBody,
      query: r.query,
    });
    expectProblem(res, r.status ?? 400, r.code ?? 'REQUEST.INVALID', r.field, r.fieldCode);
    expect(await counts()).toEqual(before);
  }

  /** The refusals of one endpoint, one test each. */
  function refuses(method: 'GET' | 'POST', path: string, url: () => string, token: Account, rows: Refusal[]): void {
    describe(`${method} ${path}`, () => {
      it.each(rows)('refuses $rule', (row) => expectRefused({ method, url, token, ...row }));
    });
  }

  /** Bodies that are not a JSON object at all. */
  const notAnObject: Refusal[] = [
    { rule: 'malformed JSON (400 REQUEST.MALFORMED_JSON)', rawBody: '{"materials": [', code: 'REQUEST.MALFORMED_JSON' },
    { rule: 'a JSON array as the body', rawBody: '[]', field: '(body)' },
    { rule: 'a JSON string as the body', rawBody: '"materials"', field: '(body)' },
    { rule: 'a JSON number as the body', rawBody: '42', field: '(body)' },
    { rule: 'a JSON null as the body', rawBody: 'null', field: '(body)' },
  ];

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    t.clock.set('2026-03-02T10:00:00+08:00'); // a Monday
    accepted = await receiveCase(t, w);
    waiting = await receiveCase(t, w, []);
    extended = await receiveCase(t, w);
    const ext = await t.post(`/api/v1/cases/${extended.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } });
    if (ext.status !== 201) throw new Error(`extension not requested: ${ext.status} ${JSON.stringify(ext.body)}`);
    extensionId = ext.body.id;
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00'));

  it('the valid request the refusals below are variations of is accepted (control)', async () => {
    const res = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: validCase() });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('accepted');
  });

  refuses('POST', '/api/v1/cases', () => '/api/v1/cases', 'clerk01', [
    ...notAnObject,
    { rule: 'an empty body', rawBody: '', code: 'REQUEST.EMPTY_BODY' },
    { rule: 'a missing serviceItemCode', body: () => ({ ...validCase(), serviceItemCode: undefined }), field: 'serviceItemCode' },
    { rule: 'a serviceItemCode that is a number', body: () => ({ ...validCase(), serviceItemCode: 1 }), field: 'serviceItemCode' },
    { rule: 'a serviceItemCode of 33 characters', body: () => ({ ...validCase(), serviceItemCode: 'D'.repeat(33) }), field: 'serviceItemCode' },
    { rule: 'a serviceItemCode with spaces and quotes', body: () => ({ ...validCase(), serviceItemCode: "DEMO 001' OR 1=1" }), field: 'serviceItemCode' },
    { rule: 'a missing applicant', body: () => ({ ...validCase(), applicant: undefined }), field: 'applicant' },
    { rule: 'an applicant that is null', body: () => ({ ...validCase(), applicant: null }), field: 'applicant' },
    { rule: 'an applicant that is a string', body: () => ({ ...validCase(), applicant: '张三' }), field: 'applicant' },
    { rule: 'an applicant that is an array', body: () => ({ ...validCase(), applicant: [APPLICANT] }), field: 'applicant' },
    { rule: 'an applicant without a name', body: () => ({ ...validCase(), applicant: { phone: APPLICANT.phone } }), field: 'applicant.name' },
    { rule: 'an applicant name of only spaces', body: () => ({ ...validCase(), applicant: { ...APPLICANT, name: '   ' } }), field: 'applicant.name' },
    { rule: 'an applicant name of 51 characters', body: () => ({ ...validCase(), applicant: { ...APPLICANT, name: long(51) } }), field: 'applicant.name' },
    { rule: 'an applicant name that is a number', body: () => ({ ...validCase(), applicant: { ...APPLICANT, name: 7 } }), field: 'applicant.name' },
    { rule: 'an applicant without a phone', body: () => ({ ...validCase(), applicant: { name: '张三' } }), field: 'applicant.phone' },
    { rule: 'a phone of 5 digits', body: () => ({ ...validCase(), applicant: { ...APPLICANT, phone: '12345' } }), field: 'applicant.phone' },
    { rule: 'a mobile number one digit short', body: () => ({ ...validCase(), applicant: { ...APPLICANT, phone: '1380013800' } }), field: 'applicant.phone' },
    { rule: 'a phone of letters', body: () => ({ ...validCase(), applicant: { ...APPLICANT, phone: 'call-me-maybe' } }), field: 'applicant.phone' },
    { rule: 'a phone that is a number, not a string', body: () => ({ ...validCase(), applicant: { ...APPLICANT, phone: 13800138000 } }), field: 'applicant.phone' },
    { rule: 'an ID number with a wrong check digit', body: () => ({ ...validCase(), applicant: { ...APPLICANT, idNumber: '110105194912310021' } }), field: 'applicant.idNumber' },
    { rule: 'an ID number of 10 digits', body: () => ({ ...validCase(), applicant: { ...APPLICANT, idNumber: '1101051949' } }), field: 'applicant.idNumber' },
    { rule: 'an ID number on a date that does not exist', body: () => ({ ...validCase(), applicant: { ...APPLICANT, idNumber: '110105194902301234' } }), field: 'applicant.idNumber' },
    { rule: 'an unknown field in the applicant', body: () => ({ ...validCase(), applicant: { ...APPLICANT, email: 'a@b.cn' } }), field: 'applicant.email', fieldCode: 'unknown_field' },
    { rule: 'an unknown top-level field (status)', body: () => ({ ...validCase(), status: 'completed' }), field: 'status', fieldCode: 'unknown_field' },
    { rule: 'a handlerId that is not a UUID', body: () => ({ ...validCase(), handlerId: 'handler01' }), field: 'handlerId' },
    { rule: 'an enquiryId that is not a UUID', body: () => ({ ...validCase(), enquiryId: 42 }), field: 'enquiryId' },
    { rule: 'missing materials', body: () => ({ ...validCase(), materials: undefined }), field: 'materials' },
    { rule: 'materials that are a string', body: () => ({ ...validCase(), materials: '申请书' }), field: 'materials' },
    { rule: 'materials that are one object, not a list', body: () => ({ ...validCase(), materials: COMPLETE_MATERIALS[0] }), field: 'materials' },
    { rule: 'a material without a name', body: () => ({ ...validCase(), materials: [{ pages: 1, copies: 1 }] }), field: 'materials.0.name' },
    { rule: 'a material name of 101 characters', body: () => ({ ...validCase(), materials: [{ name: long(101), pages: 1, copies: 1 }] }), field: 'materials.0.name' },
    { rule: 'pages as a string', body: () => ({ ...validCase(), materials: [{ name: '申请书', pages: '2', copies: 1 }] }), field: 'materials.0.pages' },
    { rule: 'zero pages', body: () => ({ ...validCase(), materials: [{ name: '申请书', pages: 0, copies: 1 }] }), field: 'materials.0.pages' },
    { rule: 'a fractional page count', body: () => ({ ...validCase(), materials: [{ name: '申请书', pages: 1.5, copies: 1 }] }), field: 'materials.0.pages' },
    { rule: '101 copies', body: () => ({ ...validCase(), materials: [{ name: '申请书', pages: 1, copies: 101 }] }), field: 'materials.0.copies' },
    { rule: 'an unknown field in a material', body: () => ({ ...validCase(), materials: [{ ...COMPLETE_MATERIALS[0], colour: 'red' }] }), field: 'materials.0.colour', fieldCode: 'unknown_field' },
    { rule: '101 materials', body: () => ({ ...validCase(), materials: Array.from({ length: 101 }, (_, i) => ({ name: `材料${i}`, pages: 1, copies: 1 })) }), field: 'materials' },
    { rule: 'noticeItems that are an object', body: () => ({ ...validCase(), materials: [], noticeItems: { name: '租赁合同', reason: '需要' } }), field: 'noticeItems' },
    { rule: 'a notice item reason of 501 characters', body: () => ({ ...validCase(), materials: [], noticeItems: [{ name: '租赁合同', reason: long(501) }] }), field: 'noticeItems.0.reason' },
    { rule: 'a notice item newlyRequired that is a string', body: () => ({ ...validCase(), materials: [], noticeItems: [{ name: '租赁合同', reason: '需要', newlyRequired: 'yes' }] }), field: 'noticeItems.0.newlyRequired' },
    { rule: 'an unknown field in a notice item', body: () => ({ ...validCase(), materials: [], noticeItems: [{ name: '租赁合同', reason: '需要', legalBasis: 'x' }] }), field: 'noticeItems.0.legalBasis', fieldCode: 'unknown_field' },
    { rule: '51 notice items', body: () => ({ ...validCase(), materials: [], noticeItems: Array.from({ length: 51 }, (_, i) => ({ name: `材料${i}`, reason: '需要' })) }), field: 'noticeItems' },
  ]);

  refuses('GET', '/api/v1/cases', () => '/api/v1/cases', 'head01', [
    { rule: 'an unknown status', query: { status: 'lost' }, field: 'status' },
    { rule: 'a handlerId that is not a UUID', query: { handlerId: 'handler01' }, field: 'handlerId' },
    { rule: 'page 0', query: { page: '0' }, field: 'page' },
    { rule: 'a page that is not a number', query: { page: 'two' }, field: 'page' },
    { rule: 'a fractional page', query: { page: '1.5' }, field: 'page' },
    { rule: 'pageSize 101', query: { pageSize: '101' }, field: 'pageSize' },
    { rule: 'an unknown query parameter', query: { sort: 'created_at' }, field: 'sort', fieldCode: 'unknown_field' },
  ]);

  refuses('GET', '/api/v1/cases/{id}', () => '/api/v1/cases/not-a-uuid', 'head01', [
    { rule: 'an id that is not a UUID', field: 'id' },
    { rule: 'an id that is a number', url: '/api/v1/cases/123', field: 'id' },
    { rule: 'a well-formed id of no case (404 CASE.NOT_FOUND)', url: `/api/v1/cases/${NIL_UUID}`, status: 404, code: 'CASE.NOT_FOUND', field: 'id' },
  ]);

  refuses('GET', '/api/v1/cases/{id}/receipt', () => '/api/v1/cases/not-a-uuid/receipt', 'head01', [
    { rule: 'an id that is not a UUID', field: 'id' },
    { rule: 'a well-formed id of no case (404)', url: `/api/v1/cases/${NIL_UUID}/receipt`, status: 404, code: 'CASE.NOT_FOUND', field: 'id' },
    { rule: 'the receipt of a case not yet accepted (409 CASE.NOT_ACCEPTED)', url: () => `/api/v1/cases/${waiting.id}/receipt`, status: 409, code: 'CASE.NOT_ACCEPTED' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/materials', () => `/api/v1/cases/${waiting.id}/materials`, 'clerk01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/materials', body: { materials: COMPLETE_MATERIALS }, field: 'id' },
    { rule: 'missing materials', body: {}, field: 'materials' },
    { rule: 'materials that are a number', body: { materials: 3 }, field: 'materials' },
    { rule: 'zero copies', body: { materials: [{ name: '经营者身份证明', pages: 1, copies: 0 }] }, field: 'materials.0.copies' },
    { rule: 'copies as a string', body: { materials: [{ name: '经营者身份证明', pages: 1, copies: '1' }] }, field: 'materials.0.copies' },
    { rule: 'an unknown field', body: { materials: COMPLETE_MATERIALS, status: 'accepted' }, field: 'status', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/notices', () => `/api/v1/cases/${waiting.id}/notices`, 'clerk01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/notices', body: { items: [{ name: '租赁合同', reason: '需要' }] }, field: 'id' },
    { rule: 'missing items', body: {}, field: 'items' },
    { rule: 'an item with an empty name', body: { items: [{ name: '', reason: '需要' }] }, field: 'items.0.name' },
    { rule: 'an item name that is a number', body: { items: [{ name: 5, reason: '需要' }] }, field: 'items.0.name' },
    { rule: 'an item reason of 501 characters', body: { items: [{ name: '租赁合同', reason: long(501) }] }, field: 'items.0.reason' },
    { rule: 'a justification of 1001 characters', body: { items: [{ name: '租赁合同', reason: '需要', newlyRequired: true, justification: long(1001) }] }, field: 'items.0.justification' },
    { rule: 'newlyRequired as the string "true"', body: { items: [{ name: '租赁合同', reason: '需要', newlyRequired: 'true' }] }, field: 'items.0.newlyRequired' },
    { rule: 'an unknown field in an item', body: { items: [{ name: '租赁合同', reason: '需要', sequence: 1 }] }, field: 'items.0.sequence', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/start', () => `/api/v1/cases/${accepted.id}/start`, 'handler01', [
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/start', field: 'id' },
    { rule: 'malformed JSON', rawBody: '{', code: 'REQUEST.MALFORMED_JSON' },
    { rule: 'a well-formed id of no case (404)', url: `/api/v1/cases/${NIL_UUID}/start`, status: 404, code: 'CASE.NOT_FOUND', field: 'id' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/complete', () => `/api/v1/cases/${accepted.id}/complete`, 'handler01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/complete', body: { result: '准予登记' }, field: 'id' },
    { rule: 'a missing result', body: {}, field: 'result' },
    { rule: 'a result of only spaces', body: { result: '  ' }, field: 'result' },
    { rule: 'a result that is a boolean', body: { result: true }, field: 'result' },
    { rule: 'a result of 2001 characters', body: { result: long(2001) }, field: 'result' },
    { rule: 'an unknown field', body: { result: '准予登记', finishedAt: '2026-01-01T00:00:00Z' }, field: 'finishedAt', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/withdraw', () => `/api/v1/cases/${waiting.id}/withdraw`, 'clerk01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/withdraw', body: { reason: '申请人撤回' }, field: 'id' },
    { rule: 'a missing reason', body: {}, field: 'reason' },
    { rule: 'a reason that is a number', body: { reason: 1 }, field: 'reason' },
    { rule: 'a reason of 501 characters', body: { reason: long(501) }, field: 'reason' },
    { rule: 'an unknown field', body: { reason: '申请人撤回', by: 'citizen' }, field: 'by', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/reassign', () => `/api/v1/cases/${accepted.id}/reassign`, 'head01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/reassign', body: () => ({ handlerId: w.staff.handler02 }), field: 'id' },
    { rule: 'a missing handlerId', body: {}, field: 'handlerId' },
    { rule: 'a handlerId that is a username', body: { handlerId: 'handler02' }, field: 'handlerId' },
    { rule: 'an unknown field', body: () => ({ handlerId: w.staff.handler02, note: '调整' }), field: 'note', fieldCode: 'unknown_field' },
    { rule: 'a well-formed handlerId of nobody (422 CASE.UNKNOWN_HANDLER)', body: { handlerId: NIL_UUID }, status: 422, code: 'CASE.UNKNOWN_HANDLER', field: 'handlerId' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/pause', () => `/api/v1/cases/${accepted.id}/pause`, 'handler01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/pause', body: { reason: '等待补正' }, field: 'id' },
    { rule: 'a missing reason', body: {}, field: 'reason' },
    { rule: 'an empty reason', body: { reason: '' }, field: 'reason' },
    { rule: 'a reason of 501 characters', body: { reason: long(501) }, field: 'reason' },
    { rule: 'an unknown field', body: { reason: '等待补正', until: '2026-03-09' }, field: 'until', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/resume', () => `/api/v1/cases/${accepted.id}/resume`, 'handler01', [
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/resume', field: 'id' },
    { rule: 'malformed JSON', rawBody: '{"', code: 'REQUEST.MALFORMED_JSON' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/extensions', () => `/api/v1/cases/${accepted.id}/extensions`, 'handler01', [
    ...notAnObject,
    { rule: 'an id that is not a UUID', url: '/api/v1/cases/x/extensions', body: { workingDays: 2, reason: '需要' }, field: 'id' },
    { rule: 'missing workingDays', body: { reason: '需要' }, field: 'workingDays' },
    { rule: 'zero working days', body: { workingDays: 0, reason: '需要' }, field: 'workingDays' },
    { rule: '61 working days', body: { workingDays: 61, reason: '需要' }, field: 'workingDays' },
    { rule: 'a fractional number of working days', body: { workingDays: 1.5, reason: '需要' }, field: 'workingDays' },
    { rule: 'working days as a string', body: { workingDays: '2', reason: '需要' }, field: 'workingDays' },
    { rule: 'a missing reason', body: { workingDays: 2 }, field: 'reason' },
    { rule: 'a reason of 501 characters', body: { workingDays: 2, reason: long(501) }, field: 'reason' },
    { rule: 'an unknown field', body: { workingDays: 2, reason: '需要', approve: true }, field: 'approve', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/cases/{id}/extensions/{extensionId}/decision', () => `/api/v1/cases/${extended.id}/extensions/${extensionId}/decision`, 'leader01', [
    ...notAnObject,
    { rule: 'a case id that is not a UUID', url: () => `/api/v1/cases/x/extensions/${extensionId}/decision`, body: { approve: true }, field: 'id' },
    { rule: 'an extensionId that is not a UUID', url: () => `/api/v1/cases/${extended.id}/extensions/x/decision`, body: { approve: true }, field: 'extensionId' },
    { rule: 'a missing approve', body: {}, field: 'approve' },
    { rule: 'approve as the string "true"', body: { approve: 'true' }, field: 'approve' },
    { rule: 'approve as 1', body: { approve: 1 }, field: 'approve' },
    { rule: 'a note of 501 characters', body: { approve: false, note: long(501) }, field: 'note' },
    { rule: 'an unknown field', body: { approve: true, workingDays: 30 }, field: 'workingDays', fieldCode: 'unknown_field' },
    { rule: 'a well-formed extensionId of no request (404)', url: () => `/api/v1/cases/${extended.id}/extensions/${NIL_UUID}/decision`, body: { approve: true }, status: 404, code: 'EXTENSION.NOT_FOUND', field: 'extensionId' },
    { rule: 'the extension of another case (404)', url: () => `/api/v1/cases/${accepted.id}/extensions/${extensionId}/decision`, body: { approve: true }, status: 404, code: 'EXTENSION.NOT_FOUND', field: 'extensionId' },
  ]);

  refuses('GET', '/api/v1/cases/{id}/extensions/{extensionId}', () => `/api/v1/cases/${extended.id}/extensions/x`, 'handler01', [
    { rule: 'an extensionId that is not a UUID', field: 'extensionId' },
    { rule: 'a case id that is not a UUID', url: () => `/api/v1/cases/x/extensions/${extensionId}`, field: 'id' },
    { rule: 'a well-formed extensionId of no request (404)', url: () => `/api/v1/cases/${extended.id}/extensions/${NIL_UUID}`, status: 404, code: 'EXTENSION.NOT_FOUND', field: 'extensionId' },
  ]);

  refuses('GET', '/api/v1/notices/{id}', () => '/api/v1/notices/not-a-uuid', 'head01', [
    { rule: 'an id that is not a UUID', field: 'id' },
    { rule: 'a well-formed id of no notice (404)', url: `/api/v1/notices/${NIL_UUID}`, status: 404, code: 'NOTICE.NOT_FOUND', field: 'id' },
  ]);

  refuses('GET', '/api/v1/violations', () => '/api/v1/violations', 'inspector01', [
    { rule: 'a caseId that is not a UUID', query: { caseId: 'DEMO-001' }, field: 'caseId' },
    { rule: 'a staffId that is not a UUID', query: { staffId: 'clerk01' }, field: 'staffId' },
    { rule: 'an unknown type', query: { type: 'rudeness' }, field: 'type' },
    { rule: 'an unknown query parameter', query: { limit: '10' }, field: 'limit', fieldCode: 'unknown_field' },
  ]);

  refuses('GET', '/api/v1/alerts', () => '/api/v1/alerts', 'handler01', [
    { rule: 'unread as "yes"', query: { unread: 'yes' }, field: 'unread' },
    { rule: 'unread as "1"', query: { unread: '1' }, field: 'unread' },
    { rule: 'page 0', query: { page: '0' }, field: 'page' },
    { rule: 'pageSize 1000', query: { pageSize: '1000' }, field: 'pageSize' },
    { rule: 'an unknown query parameter', query: { caseId: NIL_UUID }, field: 'caseId', fieldCode: 'unknown_field' },
  ]);

  refuses('POST', '/api/v1/alerts/{id}/read', () => '/api/v1/alerts/not-a-uuid/read', 'handler01', [
    { rule: 'an id that is not a UUID', field: 'id' },
    { rule: 'a well-formed id of no alert (404)', url: `/api/v1/alerts/${NIL_UUID}/read`, status: 404, code: 'ALERT.NOT_FOUND', field: 'id' },
  ]);

  refuses('GET', '/api/v1/public/cases/{receiptNo}?code=', () => `/api/v1/public/cases/${encodeURIComponent(accepted.receipt.number)}`, 'clerk01', [
    { rule: 'a missing code', token: null, field: 'code' },
    { rule: 'a code in lower case', token: null, query: { code: 'abcdefgh' }, field: 'code' },
    { rule: 'a code of 7 characters', token: null, query: { code: 'ABCDEFG' }, field: 'code' },
    { rule: 'a code of 9 characters', token: null, query: { code: 'ABCDEFGHJ' }, field: 'code' },
    { rule: 'a receipt number of 41 characters', token: null, url: `/api/v1/public/cases/${encodeURIComponent(long(41))}`, query: { code: 'ABCDEFGH' }, field: 'receiptNo' },
    { rule: 'an unknown query parameter', token: null, query: { code: 'ABCDEFGH', name: '张三' }, field: 'name', fieldCode: 'unknown_field' },
  ]);

  describe('authentication and roles', () => {
    const staffEndpoints: Array<[string, string, () => string]> = [
      ['POST', '/api/v1/cases', () => '/api/v1/cases'],
      ['GET', '/api/v1/cases', () => '/api/v1/cases'],
      ['GET', '/api/v1/cases/{id}', () => `/api/v1/cases/${accepted.id}`],
      ['GET', '/api/v1/cases/{id}/receipt', () => `/api/v1/cases/${accepted.id}/receipt`],
      ['POST', '/api/v1/cases/{id}/materials', () => `/api/v1/cases/${waiting.id}/materials`],
      ['POST', '/api/v1/cases/{id}/notices', () => `/api/v1/cases/${waiting.id}/notices`],
      ['POST', '/api/v1/cases/{id}/start', () => `/api/v1/cases/${accepted.id}/start`],
      ['POST', '/api/v1/cases/{id}/complete', () => `/api/v1/cases/${accepted.id}/complete`],
      ['POST', '/api/v1/cases/{id}/withdraw', () => `/api/v1/cases/${accepted.id}/withdraw`],
      ['POST', '/api/v1/cases/{id}/reassign', () => `/api/v1/cases/${accepted.id}/reassign`],
      ['POST', '/api/v1/cases/{id}/pause', () => `/api/v1/cases/${accepted.id}/pause`],
      ['POST', '/api/v1/cases/{id}/resume', () => `/api/v1/cases/${accepted.id}/resume`],
      ['POST', '/api/v1/cases/{id}/extensions', () => `/api/v1/cases/${accepted.id}/extensions`],
      ['POST', '/api/v1/cases/{id}/extensions/{extensionId}/decision', () => `/api/v1/cases/${extended.id}/extensions/${extensionId}/decision`],
      ['GET', '/api/v1/cases/{id}/extensions/{extensionId}', () => `/api/v1/cases/${extended.id}/extensions/${extensionId}`],
      ['GET', '/api/v1/notices/{id}', () => `/api/v1/notices/${waiting.notices[0]!.id}`],
      ['GET', '/api/v1/violations', () => '/api/v1/violations'],
      ['GET', '/api/v1/alerts', () => '/api/v1/alerts'],
      ['POST', '/api/v1/alerts/{id}/read', () => `/api/v1/alerts/${NIL_UUID}/read`],
    ];

    it.each(staffEndpoints)('%s %s without a token is 401 and writes nothing', async (method, _path, url) => {
      const before = await counts();
      const body = method === 'POST' ? { reason: '测试', result: '测试', approve: true, workingDays: 1, materials: [], items: [] } : undefined;
      const res = await t.request(method, url(), { body });
      expectProblem(res, 401, 'AUTH.TOKEN_REQUIRED');
      expect(await counts()).toEqual(before);
    });

    it('a forged token is 401 AUTH.INVALID_TOKEN', async () => {
      const res = await t.get(`/api/v1/cases/${accepted.id}`, { headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' } });
      expectProblem(res, 401, 'AUTH.INVALID_TOKEN');
    });

    it('an inspector cannot receive a case (403)', async () => {
      await expectRefused({ method: 'POST', url: '/api/v1/cases', token: 'inspector01', body: validCase, status: 403, code: 'AUTH.FORBIDDEN' });
    });

    it('a clerk cannot reassign a case (403) and the handler stays', async () => {
      await expectRefused({ method: 'POST', url: () => `/api/v1/cases/${accepted.id}/reassign`, token: 'clerk01', body: () => ({ handlerId: w.staff.handler02 }), status: 403, code: 'AUTH.FORBIDDEN' });
      expect((await t.get(`/api/v1/cases/${accepted.id}`, { token: w.tokens.head01 })).body.handler.id).toBe(w.staff.handler01);
    });

    it('a clerk cannot decide an extension (403) and it stays requested', async () => {
      await expectRefused({ method: 'POST', url: () => `/api/v1/cases/${extended.id}/extensions/${extensionId}/decision`, token: 'clerk01', body: { approve: true }, status: 403, code: 'AUTH.FORBIDDEN' });
      expect((await t.get(`/api/v1/cases/${extended.id}/extensions/${extensionId}`, { token: w.tokens.handler01 })).body.status).toBe('requested');
    });

    it("a handler cannot pause another handler's case (403 CASE.NOT_THE_HANDLER)", async () => {
      await expectRefused({ method: 'POST', url: () => `/api/v1/cases/${accepted.id}/pause`, token: 'handler02', body: { reason: '等待' }, status: 403, code: 'CASE.NOT_THE_HANDLER' });
      expect((await t.get(`/api/v1/cases/${accepted.id}`, { token: w.tokens.head01 })).body.deadline.state).toBe('running');
    });

    it("a handler cannot complete another handler's case (403 CASE.NOT_THE_HANDLER)", async () => {
      await expectRefused({ method: 'POST', url: () => `/api/v1/cases/${accepted.id}/complete`, token: 'handler02', body: { result: '准予登记' }, status: 403, code: 'CASE.NOT_THE_HANDLER' });
      expect((await t.get(`/api/v1/cases/${accepted.id}`, { token: w.tokens.head01 })).body.status).toBe('accepted');
    });

    it("a handler cannot ask for more time on another handler's case (403 CASE.NOT_THE_HANDLER)", async () => {
      await expectRefused({ method: 'POST', url: () => `/api/v1/cases/${accepted.id}/extensions`, token: 'handler02', body: { workingDays: 2, reason: '需要' }, status: 403, code: 'CASE.NOT_THE_HANDLER' });
    });
  });

  describe('receiving a case', () => {
    it('an unknown service item is 422 CASE.UNKNOWN_SERVICE_ITEM naming serviceItemCode', async () => {
      await expectRefused({ method: 'POST', url: '/api/v1/cases', body: () => ({ ...validCase(), serviceItemCode: 'NOPE-999' }), status: 422, code: 'CASE.UNKNOWN_SERVICE_ITEM', field: 'serviceItemCode' });
    });

    it('a handlerId of a staff member who is not a handler (the clerk) is 422 CASE.UNKNOWN_HANDLER', async () => {
      await expectRefused({ method: 'POST', url: '/api/v1/cases', body: () => ({ ...validCase(), handlerId: w.staff.clerk01 }), status: 422, code: 'CASE.UNKNOWN_HANDLER', field: 'handlerId' });
    });

    it('a clerk who names no handler is 422 CASE.HANDLER_REQUIRED', async () => {
      await expectRefused({ method: 'POST', url: '/api/v1/cases', body: () => ({ ...validCase(), handlerId: undefined }), status: 422, code: 'CASE.HANDLER_REQUIRED', field: 'handlerId' });
    });

    it('a handler who names no handler handles the case themselves', async () => {
      const res = await t.post('/api/v1/cases', { token: w.tokens.handler01, body: { ...validCase(), handlerId: undefined } });
      expect(res.status).toBe(201);
      expect(res.body.handler.id).toBe(w.staff.handler01);
    });

    const enquiry = async (outcome: Record<string, unknown>) => {
      const res = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'visit', kind: 'application', subject: '申请个体工商户设立登记', serviceItemCode: 'DEMO-001', citizen: { name: APPLICANT.name, phone: APPLICANT.phone }, outcome },
      });
      if (res.status !== 201) throw new Error(`enquiry not logged: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };

    it('an open enquiry becomes a case once; the second time is 409 CASE.ENQUIRY_TAKEN', async () => {
      const enquiryId = await enquiry({ type: 'open' });
      const first = await t.post('/api/v1/cases', { token: w.tokens.clerk01, body: { ...validCase(), enquiryId } });
      expect(first.status).toBe(201);
      expect(first.body.enquiryId).toBe(enquiryId);
      await expectRefused({ method: 'POST', url: '/api/v1/cases', body: () => ({ ...validCase(), enquiryId }), status: 409, code: 'CASE.ENQUIRY_TAKEN', field: 'enquiryId' });
    });

    it('an answered enquiry does not become a case (422 CASE.ENQUIRY_NOT_OPEN)', async () => {
      const enquiryId = await enquiry({ type: 'answered', answer: '需携带申请书、身份证明、经营场所证明' });
      await expectRefused({ method: 'POST', url: '/api/v1/cases', body: () => ({ ...validCase(), enquiryId }), status: 422, code: 'CASE.ENQUIRY_NOT_OPEN', field: 'enquiryId' });
    });

    it('an enquiry that does not exist is 422 CASE.UNKNOWN_ENQUIRY', async () => {
      await expectRefused({ method: 'POST', url: '/api/v1/cases', body: () => ({ ...validCase(), enquiryId: NIL_UUID }), status: 422, code: 'CASE.UNKNOWN_ENQUIRY', field: 'enquiryId' });
    });
  });

  describe('the life of a case', () => {
    it('start moves an accepted case to in_progress', async () => {
      const c = await receiveCase(t, w);
      const res = await t.post(`/api/v1/cases/${c.id}/start`, { token: w.tokens.handler01 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'in_progress', deadline: { state: 'running' } });
    });

    it('complete needs a result: without one it is 400 and the case stays open', async () => {
      const c = await receiveCase(t, w);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/complete`, token: 'handler01', body: {}, field: 'result' });
      const done = await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'completed', result: '准予登记', finishedAt: t.clock.now().toISOString() });
    });

    it('a completed case cannot be completed again (409 CASE.INVALID_TRANSITION)', async () => {
      const c = await receiveCase(t, w);
      expect((await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } })).status).toBe(200);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/complete`, token: 'handler01', body: { result: '再次办结' }, status: 409, code: 'CASE.INVALID_TRANSITION' });
      expect((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.result).toBe('准予登记');
    });

    it('a case awaiting materials can be withdrawn', async () => {
      const c = await receiveCase(t, w, []);
      const res = await t.post(`/api/v1/cases/${c.id}/withdraw`, { token: w.tokens.handler01, body: { reason: '申请人撤回申请' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', withdrawalReason: '申请人撤回申请', deadline: null });
    });

    it('a completed case cannot be withdrawn (409 CASE.INVALID_TRANSITION)', async () => {
      const c = await receiveCase(t, w);
      await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } });
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/withdraw`, token: 'handler01', body: { reason: '申请人撤回' }, status: 409, code: 'CASE.INVALID_TRANSITION' });
      expect((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.status).toBe('completed');
    });

    it('a further notice on an accepted case is 409 CASE.NOT_AWAITING_MATERIALS', async () => {
      const c = await receiveCase(t, w);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/notices`, body: { items: [{ name: '租赁合同', reason: '需要' }] }, status: 409, code: 'CASE.NOT_AWAITING_MATERIALS' });
    });

    it('a supplement to an accepted case is 409 CASE.NOT_AWAITING_MATERIALS and the materials stay', async () => {
      const c = await receiveCase(t, w);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/materials`, body: { materials: [{ name: '租赁合同', pages: 2, copies: 1 }] }, status: 409, code: 'CASE.NOT_AWAITING_MATERIALS' });
      // Stored with the checklist ids the names stand for.
      expect((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.materials).toEqual(COMPLETE_MATERIALS.map((m, i) => ({ itemId: `M${i + 1}`, ...m })));
    });

    it('a second extension request while one is pending is 409 CASE.EXTENSION_PENDING', async () => {
      const c = await receiveCase(t, w);
      const first = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } });
      expect(first.status).toBe(201);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/extensions`, token: 'handler01', body: { workingDays: 3, reason: '再要三天' }, status: 409, code: 'CASE.EXTENSION_PENDING' });
    });

    it('once the pending request is decided, another may be asked for', async () => {
      const c = await receiveCase(t, w);
      const first = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需要' } });
      await t.post(`/api/v1/cases/${c.id}/extensions/${first.body.id}/decision`, { token: w.tokens.leader01, body: { approve: false, note: '理由不足' } });
      const second = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 1, reason: '补充理由' } });
      expect(second.status).toBe(201);
    });

    it('a decided extension cannot be decided again (409 CASE.EXTENSION_DECIDED)', async () => {
      const c = await receiveCase(t, w);
      const req = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需要' } });
      await t.post(`/api/v1/cases/${c.id}/extensions/${req.body.id}/decision`, { token: w.tokens.leader01, body: { approve: false } });
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/extensions/${req.body.id}/decision`, token: 'leader01', body: { approve: true }, status: 409, code: 'CASE.EXTENSION_DECIDED' });
    });

    it('a completed case gets no extension request (409), and no request row is written', async () => {
      const c = await receiveCase(t, w);
      await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } });
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/extensions`, token: 'handler01', body: { workingDays: 2, reason: '需要' }, status: 409, code: 'CASE.CLOSED' });
    });

    it('pausing a paused clock is 409 DEADLINE.NOT_RUNNING', async () => {
      const c = await receiveCase(t, w);
      expect((await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待补正' } })).status).toBe(200);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/pause`, token: 'handler01', body: { reason: '再次暂停' }, status: 409, code: 'DEADLINE.NOT_RUNNING' });
    });

    it('resuming a running clock is 409 DEADLINE.NOT_PAUSED', async () => {
      const c = await receiveCase(t, w);
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/resume`, token: 'handler01', status: 409, code: 'DEADLINE.NOT_PAUSED' });
    });

    it('a case awaiting materials has no clock to pause (409 DEADLINE.NO_CLOCK)', async () => {
      await expectRefused({ method: 'POST', url: () => `/api/v1/cases/${waiting.id}/pause`, token: 'handler01', body: { reason: '等待' }, status: 409, code: 'DEADLINE.NO_CLOCK' });
    });
  });

  describe('reassignment', () => {
    it('reassigning to handler02 is recorded in the audit trail and the later alerts go to handler02', async () => {
      const c = await receiveCase(t, w); // warning Wed 4 March 15:10, due Thu 5 March 17:30
      const res = await t.post(`/api/v1/cases/${c.id}/reassign`, { token: w.tokens.head01, body: { handlerId: w.staff.handler02 } });
      expect(res.status).toBe(200);
      expect(res.body.handler).toEqual({ id: w.staff.handler02, name: '赵食安', badgeNo: 'DEMO-003' });
      const audit = (await t.db.query(`SELECT actor_id, before, after FROM audit_log WHERE action = 'case.reassign' AND entity_id = $1`, [c.id])) as Array<{
        actor_id: string;
        before: unknown;
        after: unknown;
      }>;
      expect(audit).toEqual([{ actor_id: w.staff.head01, before: { handlerId: w.staff.handler01, actingFor: null }, after: { handlerId: w.staff.handler02, actingFor: null } }]);

      t.clock.set('2026-03-04T16:00:00+08:00'); // past the warning, before due
      await t.app.get(TimerSweep).sweep();
      const fired = await t.db.query(`SELECT step, recipients FROM escalation WHERE subject_id = $1`, [c.id]);
      expect(fired).toEqual([{ step: 'warning', recipients: [w.staff.handler02] }]);
      const inbox = async (who: Account) =>
        ((await t.get('/api/v1/alerts', { token: w.tokens[who], query: { pageSize: '100' } })).body.items as Array<{ caseId: string; step: string }>).filter((a) => a.caseId === c.id);
      expect(await inbox('handler02')).toEqual([expect.objectContaining({ caseId: c.id, step: 'warning', recipientId: w.staff.handler02 })]);
      expect(await inbox('handler01')).toEqual([]);
    });

    it('after reassignment the former handler can no longer pause the case (403 CASE.NOT_THE_HANDLER)', async () => {
      const c = await receiveCase(t, w);
      await t.post(`/api/v1/cases/${c.id}/reassign`, { token: w.tokens.leader01, body: { handlerId: w.staff.handler02 } });
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/pause`, token: 'handler01', body: { reason: '等待' }, status: 403, code: 'CASE.NOT_THE_HANDLER' });
      expect((await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler02, body: { reason: '等待' } })).status).toBe(200);
    });

    it('a closed case is not reassigned (409 CASE.CLOSED)', async () => {
      const c = await receiveCase(t, w);
      await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } });
      await expectRefused({ method: 'POST', url: `/api/v1/cases/${c.id}/reassign`, token: 'head01', body: () => ({ handlerId: w.staff.handler02 }), status: 409, code: 'CASE.CLOSED' });
    });
  });

  describe('the public lookup', () => {
    const lookup = (receiptNo: string, code: string) => t.get(`/api/v1/public/cases/${encodeURIComponent(receiptNo)}`, { query: { code } });
    /** What the problem says, without the parts that differ per request. */
    const shape = (body: Record<string, unknown>) => {
      const { instance: _instance, requestId: _requestId, ...rest } = body;
      return rest;
    };

    it('an unknown receipt number and a wrong code get the same 404, so neither tells that the other exists', async () => {
      const wrongCode = accepted.receipt.queryCode === 'ABCDEFGH' ? 'HGFEDCBA' : 'ABCDEFGH';
      const unknown = await lookup('收件〔2026〕9999号', accepted.receipt.queryCode);
      const wrong = await lookup(accepted.receipt.number, wrongCode);
      expectProblem(unknown, 404, 'CASE.NOT_FOUND');
      expectProblem(wrong, 404, 'CASE.NOT_FOUND');
      expect(shape(wrong.body)).toEqual(shape(unknown.body));
      expect(Object.keys(wrong.body).sort()).toEqual(Object.keys(unknown.body).sort());
      // The right pair is found (the 404s above are not an endpoint that always says 404).
      expect((await lookup(accepted.receipt.number, accepted.receipt.queryCode)).status).toBe(200);
    });

    it('a malformed code is 400 naming code', async () => {
      const res = await lookup(accepted.receipt.number, 'abc');
      expectProblem(res, 400, 'REQUEST.INVALID', 'code');
    });
  });
});
