import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

const ID_NUMBER = '11010519491231002X'; // a valid GB 11643 number (checksum X)

describe('first-contact log (首问负责制)', () => {
  let t: TestApp;
  let w: World;

  const post = (body: unknown, token = w.tokens.clerk01, headers: Record<string, string> = {}) =>
    t.post('/api/v1/enquiries', { token, body, headers });

  const consultation = (extra: Record<string, unknown> = {}) => ({
    channel: 'visit',
    kind: 'consultation',
    subject: '咨询个体工商户设立登记所需材料',
    serviceItemCode: 'DEMO-001',
    citizen: { name: '张三', phone: '13800138000' },
    outcome: { type: 'answered', answer: '需携带申请书、身份证明、经营场所证明' },
    ...extra,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    w = await demoWorld(t);
  });
  afterAll(() => t.close());

  describe('every outcome routes the enquiry', () => {
    it('answered on the spot: records the answer and the logged-in clerk as first responder', async () => {
      const res = await post(consultation());
      expect(res.status).toBe(201);
      expect(res.body.firstResponder).toEqual({ id: w.staff.clerk01, name: '王小窗', badgeNo: 'DEMO-001', officeId: w.offices.window });
      expect(res.body.outcome).toEqual({ type: 'answered', answer: '需携带申请书、身份证明、经营场所证明', refused: false });
      expect(res.body.receivedAt).toBe(t.clock.now().toISOString());
    });

    it('transferred: names the office and the colleague, with the contact given to the citizen', async () => {
      const res = await post(consultation({ outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } }));
      expect(res.status).toBe(201);
      expect(res.body.outcome).toMatchObject({
        type: 'transferred',
        office: { id: w.offices.registration, name: '登记注册股', phone: '0851-28220002' },
        staff: { id: w.staff.handler01, name: '李经办', badgeNo: 'DEMO-002', phone: '13800000002' },
        acknowledgedBy: null,
        acknowledgedAt: null,
      });
    });

    it('referred outside the unit: records agency, address and phone', async () => {
      const outcome = { type: 'referred', agency: '县人力资源和社会保障局', address: '人民路1号', phone: '0851-28221234' };
      const res = await post(consultation({ serviceItemCode: undefined, outcome }));
      expect(res.status).toBe(201);
      expect(res.body.outcome).toEqual(outcome);
    });

    it('registered: a complaint is registered with the citizen\'s name and phone', async () => {
      const res = await post({ channel: 'phone', kind: 'complaint', subject: '窗口人员态度差', citizen: { name: '李四', phone: '13900139000' }, outcome: { type: 'registered' } });
      expect(res.status).toBe(201);
      expect(res.body.outcome).toEqual({ type: 'registered' });
      expect(res.body.citizen).toMatchObject({ name: '李四', phone: '13900139000' });
    });

    it('open: an application waits to be accepted as a case', async () => {
      const res = await post(consultation({ kind: 'application', outcome: { type: 'open' } }));
      expect(res.status).toBe(201);
      expect(res.body.outcome).toEqual({ type: 'open' });
    });

    it('has no outcome that drops the enquiry: an unknown or missing outcome is refused', async () => {
      const before = await t.count('enquiry');
      for (const outcome of [{ type: 'not_my_business' }, { type: 'answered' }, { type: 'transferred', officeId: w.offices.registration }, {}, null, 'answered']) {
        const res = await post(consultation({ outcome }));
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field).join(' ')).toMatch(/^outcome/);
      }
      const missing = await post({ ...consultation(), outcome: undefined });
      expect(missing.status).toBe(400);
      expect(await t.count('enquiry')).toBe(before);
    });

    it('a report or complaint without the citizen\'s name and phone is refused', async () => {
      const before = await t.count('enquiry');
      const noPhone = await post({ channel: 'visit', kind: 'report', subject: '举报无证经营', citizen: { name: '王五' }, outcome: { type: 'registered' } });
      expect(noPhone.status).toBe(422);
      expect(noPhone.body).toMatchObject({ code: 'ENQUIRY.CITIZEN_REQUIRED', errors: [{ field: 'citizen.phone' }] });
      const noCitizen = await post({ channel: 'visit', kind: 'complaint', subject: '投诉', outcome: { type: 'registered' } });
      expect(noCitizen.status).toBe(422);
      expect(noCitizen.body.errors[0].field).toBe('citizen.name');
      expect(await t.count('enquiry')).toBe(before);
    });

    it('only a report or complaint is "registered"', async () => {
      const res = await post(consultation({ outcome: { type: 'registered' } }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'ENQUIRY.REGISTERED_ONLY_REPORTS', errors: [{ field: 'outcome.type' }] });
    });

    it('a transfer must name a colleague of that office in this unit, not the responder', async () => {
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ officeId: w.offices.food, staffId: w.staff.handler01 }, 'ENQUIRY.STAFF_NOT_IN_OFFICE', 'outcome.staffId'],
        [{ officeId: '00000000-0000-4000-8000-000000000000', staffId: w.staff.handler01 }, 'ENQUIRY.UNKNOWN_OFFICE', 'outcome.officeId'],
        [{ officeId: w.offices.registration, staffId: '00000000-0000-4000-8000-000000000000' }, 'ENQUIRY.UNKNOWN_STAFF', 'outcome.staffId'],
        [{ officeId: w.offices.window, staffId: w.staff.clerk01 }, 'ENQUIRY.TRANSFER_TO_SELF', 'outcome.staffId'],
      ];
      const before = await t.count('enquiry');
      for (const [target, code, field] of cases) {
        const res = await post(consultation({ outcome: { type: 'transferred', ...target } }));
        expect(res.status).toBe(422);
        expect(res.body).toMatchObject({ code, errors: [{ field }] });
      }
      expect(await t.count('enquiry')).toBe(before);
    });

    it('a service item must exist in the catalogue', async () => {
      const res = await post(consultation({ serviceItemCode: 'NOPE-404' }));
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'ENQUIRY.UNKNOWN_SERVICE_ITEM', errors: [{ field: 'serviceItemCode' }] });
    });
  });

  describe('the first responder is recorded once and never changed', () => {
    it('is always the logged-in staff member: a body that names another one is refused', async () => {
      const res = await post(consultation({ firstResponder: { id: w.staff.handler01 } }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'firstResponder', code: 'unknown_field' }));
      const other = await post(consultation(), w.tokens.handler01);
      expect(other.body.firstResponder.id).toBe(w.staff.handler01);
    });

    it('cannot be changed even by a direct database update', async () => {
      const { body } = await post(consultation());
      await expect(t.db.query('UPDATE enquiry SET first_responder_id = $1 WHERE id = $2', [w.staff.handler01, body.id])).rejects.toThrow(
        /first responder/,
      );
      const again = await t.get(`/api/v1/enquiries/${body.id}`, { token: w.tokens.clerk01 });
      expect(again.body.firstResponder.id).toBe(w.staff.clerk01);
    });
  });

  describe('transfer acknowledgement', () => {
    let id: string;
    beforeAll(async () => {
      const res = await post(consultation({ outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } }));
      id = res.body.id;
    });

    it('only the colleague it was transferred to can acknowledge it', async () => {
      const res = await t.post(`/api/v1/enquiries/${id}/acknowledge`, { token: w.tokens.head01 });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ENQUIRY.NOT_THE_TARGET');
    });

    it('records who acknowledged and when', async () => {
      t.clock.advance(25 * 60_000);
      const res = await t.post(`/api/v1/enquiries/${id}/acknowledge`, { token: w.tokens.handler01 });
      expect(res.status).toBe(200);
      expect(res.body.outcome.acknowledgedBy).toEqual({ id: w.staff.handler01, name: '李经办', badgeNo: 'DEMO-002' });
      expect(res.body.outcome.acknowledgedAt).toBe(t.clock.now().toISOString());
      const audit = await t.db.query(`SELECT actor_id FROM audit_log WHERE action = 'enquiry.acknowledge' AND entity_id = $1`, [id]);
      expect(audit).toEqual([{ actor_id: w.staff.handler01 }]);
    });

    it('is done once', async () => {
      const res = await t.post(`/api/v1/enquiries/${id}/acknowledge`, { token: w.tokens.handler01 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ENQUIRY.ALREADY_ACKNOWLEDGED');
    });

    it('applies only to transfers', async () => {
      const { body } = await post(consultation());
      const res = await t.post(`/api/v1/enquiries/${body.id}/acknowledge`, { token: w.tokens.handler01 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ENQUIRY.NOT_TRANSFERRED');
    });
  });

  describe('Idempotency-Key', () => {
    it('a retry returns the first result and writes nothing new', async () => {
      const before = await t.count('enquiry');
      const first = await post(consultation(), w.tokens.clerk01, { 'idempotency-key': 'retry-1' });
      const retry = await post(consultation(), w.tokens.clerk01, { 'idempotency-key': 'retry-1' });
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await t.count('enquiry')).toBe(before + 1);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [first.body.id])).toEqual([{ n: 1 }]);
    });

    it('concurrent retries still write one enquiry', async () => {
      const before = await t.count('enquiry');
      const replies = await Promise.all(
        Array.from({ length: 5 }, () => post(consultation(), w.tokens.clerk01, { 'idempotency-key': 'burst-1' })),
      );
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect(replies.every((r) => r.status === 201)).toBe(true);
      expect(await t.count('enquiry')).toBe(before + 1);
    });

    it('the same key with a different body is refused', async () => {
      await post(consultation(), w.tokens.clerk01, { 'idempotency-key': 'reuse-1' });
      const res = await post(consultation({ subject: '另一件事' }), w.tokens.clerk01, { 'idempotency-key': 'reuse-1' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', errors: [{ field: 'Idempotency-Key' }] });
    });

    it('keys belong to one staff member: another\'s same key is a new request', async () => {
      const a = await post(consultation(), w.tokens.clerk01, { 'idempotency-key': 'shared-key' });
      const b = await post(consultation(), w.tokens.handler01, { 'idempotency-key': 'shared-key' });
      expect(b.body.id).not.toBe(a.body.id);
    });

    it('a malformed key is refused before anything is written', async () => {
      const before = await t.count('enquiry');
      const res = await post(consultation(), w.tokens.clerk01, { 'idempotency-key': 'x'.repeat(201) });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('Idempotency-Key');
      expect(await t.count('enquiry')).toBe(before);
    });
  });

  describe('reading the log', () => {
    it('a single enquiry shows the citizen\'s data in full to its first responder, masked to other staff of the unit', async () => {
      const { body } = await post(consultation({ citizen: { name: '赵六', phone: '13700137000', idNumber: ID_NUMBER.toLowerCase() } }));
      const res = await t.get(`/api/v1/enquiries/${body.id}`, { token: w.tokens.clerk01 });
      expect(res.status).toBe(200);
      expect(res.body.citizen).toEqual({ name: '赵六', phone: '13700137000', idNumber: ID_NUMBER });
      const other = await t.get(`/api/v1/enquiries/${body.id}`, { token: w.tokens.head01 });
      expect(other.body.citizen).toEqual({ name: '赵六', phone: '137****7000', idNumber: '110105********002X' });
    });

    it('lists mask phones and ID numbers', async () => {
      await post(consultation({ citizen: { name: '孙七', phone: '13600136000', idNumber: ID_NUMBER } }));
      const res = await t.get('/api/v1/enquiries', { token: w.tokens.clerk01, query: { pageSize: '100' } });
      expect(res.status).toBe(200);
      const row = res.body.items.find((e: { citizen: { name: string } }) => e.citizen.name === '孙七');
      expect(row.citizen).toEqual({ name: '孙七', phone: '136****6000', idNumber: '110105********002X' });
      expect(JSON.stringify(res.body)).not.toContain('13600136000');
      expect(JSON.stringify(res.body)).not.toContain(ID_NUMBER);
    });

    it('filters by period, first responder, office, kind, channel and outcome, and paginates', async () => {
      t.clock.set('2026-05-11T10:00:00+08:00');
      const mine: string[] = [];
      for (const change of [
        { channel: 'letter' },
        { channel: 'letter', kind: 'application', outcome: { type: 'open' } },
        { channel: 'online', outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } },
      ]) {
        mine.push((await post(consultation(change), w.tokens.handler02)).body.id);
        t.clock.advance(60_000);
      }
      t.clock.set('2026-05-12T10:00:00+08:00');
      const later = (await post(consultation({ channel: 'letter' }), w.tokens.handler02)).body.id;

      const list = async (query: Record<string, string>) =>
        (await t.get('/api/v1/enquiries', { token: w.tokens.head01, query })).body.items.map((e: { id: string }) => e.id);

      expect(await list({ firstResponderId: w.staff.handler02 })).toEqual([later, ...mine.slice().reverse()]);
      expect(await list({ firstResponderId: w.staff.handler02, from: '2026-05-11T00:00:00+08:00', to: '2026-05-12T00:00:00+08:00' })).toEqual(
        mine.slice().reverse(),
      );
      expect(await list({ firstResponderId: w.staff.handler02, channel: 'letter', kind: 'application' })).toEqual([mine[1]]);
      expect(await list({ firstResponderId: w.staff.handler02, outcome: 'transferred' })).toEqual([mine[2]]);
      // The office filter finds the responder's office and the office an enquiry was transferred to.
      expect(await list({ officeId: w.offices.food, channel: 'online' })).toEqual([mine[2]]);
      expect((await list({ officeId: w.offices.registration, firstResponderId: w.staff.handler02 }))).toEqual([mine[2]]);

      const page1 = await t.get('/api/v1/enquiries', { token: w.tokens.head01, query: { firstResponderId: w.staff.handler02, pageSize: '3' } });
      const page2 = await t.get('/api/v1/enquiries', { token: w.tokens.head01, query: { firstResponderId: w.staff.handler02, pageSize: '3', page: '2' } });
      expect(page1.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect(page2.body.items.map((e: { id: string }) => e.id)).toEqual([mine[0]]);
    });

    it('an unknown id is 404 and a malformed one 400', async () => {
      expect((await t.get('/api/v1/enquiries/00000000-0000-4000-8000-000000000000', { token: w.tokens.clerk01 })).status).toBe(404);
      const bad = await t.get('/api/v1/enquiries/not-a-uuid', { token: w.tokens.clerk01 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('id');
    });

    it('refuses bad filters, naming the field', async () => {
      for (const [query, field] of [
        [{ pageSize: '1000' }, 'pageSize'],
        [{ page: '0' }, 'page'],
        [{ kind: 'gossip' }, 'kind'],
        [{ from: 'yesterday' }, 'from'],
        [{ officeId: 'x' }, 'officeId'],
        [{ surprise: '1' }, 'surprise'],
      ] as Array<[Record<string, string>, string]>) {
        const res = await t.get('/api/v1/enquiries', { token: w.tokens.clerk01, query });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });
  });

  describe('bad input is answered 4xx problem+json and writes nothing', () => {
    const cases: Array<[string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number, string]> = [
      ['malformed JSON', { rawBody: '{"channel":"visit",' }, 400, 'REQUEST.MALFORMED_JSON'],
      ['an empty body', { rawBody: '' }, 400, 'REQUEST.EMPTY_BODY'],
      ['an array body', { rawBody: '[]' }, 400, 'REQUEST.INVALID'],
      ['a string body', { rawBody: '"hello"' }, 400, 'REQUEST.INVALID'],
      ['a body that is not JSON', { rawBody: 'channel=visit', headers: { 'content-type': 'text/plain' } }, 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
      ['a body over 256 KiB', { rawBody: JSON.stringify({ subject: 'x'.repeat(300_000) }) }, 413, 'REQUEST.TOO_LARGE'],
      ['a prototype-poisoning key', { rawBody: '{"__proto__":{"admin":true},"channel":"visit"}' }, 400, 'REQUEST.MALFORMED_JSON'],
    ];
    it.each(cases)('%s', async (_name, request, status, code) => {
      const before = await t.count('enquiry');
      const res = await t.post('/api/v1/enquiries', { token: w.tokens.clerk01, ...request });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status, code });
      expect(await t.count('enquiry')).toBe(before);
    });

    const fieldCases: Array<[string, Record<string, unknown>, string]> = [
      ['an unknown channel', { channel: 'telepathy' }, 'channel'],
      ['a number as kind', { kind: 3 }, 'kind'],
      ['a missing subject', { subject: undefined }, 'subject'],
      ['a blank subject', { subject: '   ' }, 'subject'],
      ['an oversized subject', { subject: '事'.repeat(201) }, 'subject'],
      ['an oversized answer', { outcome: { type: 'answered', answer: 'a'.repeat(2001) } }, 'outcome.answer'],
      ['an unknown top-level field', { priority: 'high' }, 'priority'],
      ['an unknown citizen field', { citizen: { name: '张三', phone: '13800138000', email: 'a@b.c' } }, 'citizen.email'],
      ['an unknown outcome field', { outcome: { type: 'answered', answer: 'ok', extra: 1 } }, 'outcome.extra'],
      ['a field of another outcome', { outcome: { type: 'answered', answer: 'ok', staffId: 'x' } }, 'outcome.staffId'],
      ['an invalid phone', { citizen: { name: '张三', phone: '12345' } }, 'citizen.phone'],
      ['a phone as a number', { citizen: { name: '张三', phone: 13800138000 } }, 'citizen.phone'],
      ['an ID number with a wrong checksum', { citizen: { name: '张三', phone: '13800138000', idNumber: '110105194912310021' } }, 'citizen.idNumber'],
      ['an ID number with an impossible birth date', { citizen: { name: '张三', phone: '13800138000', idNumber: '110105194902300028' } }, 'citizen.idNumber'],
      ['an oversized citizen name', { citizen: { name: '名'.repeat(51), phone: '13800138000' } }, 'citizen.name'],
      ['citizen as a string', { citizen: '张三' }, 'citizen'],
      ['a transfer with a malformed staff id', { outcome: { type: 'transferred', officeId: '00000000-0000-4000-8000-000000000000', staffId: 'bob' } }, 'outcome.staffId'],
      ['a referral without a phone', { outcome: { type: 'referred', agency: '某局', address: '某路' } }, 'outcome.phone'],
      ['a malformed service item code', { serviceItemCode: 'bad code!' }, 'serviceItemCode'],
    ];
    it.each(fieldCases)('%s names the field', async (_name, change, field) => {
      const before = await t.count('enquiry');
      const res = await post(consultation(change));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('REQUEST.INVALID');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await t.count('enquiry')).toBe(before);
    });

    it('acknowledging with a malformed id is 400 naming id', async () => {
      const res = await t.post('/api/v1/enquiries/123/acknowledge', { token: w.tokens.handler01 });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('id');
    });

    it('no token is 401 and writes nothing', async () => {
      const before = await t.count('enquiry');
      const res = await t.post('/api/v1/enquiries', { body: consultation() });
      expect(res.status).toBe(401);
      expect(await t.count('enquiry')).toBe(before);
    });
  });
});
