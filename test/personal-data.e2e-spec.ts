import { APPLICANT, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';

// Personal data on need: a citizen's phone and resident ID number reach only the staff who need them,
// each full disclosure is audited, the refusal register and rectifications are read by those involved,
// exports cannot carry live formulas, and logins, logouts and exports are on the audit trail.

const MASKED = { phone: '138****8000', idNumber: '110105********002X' };
const FULL = { phone: APPLICANT.phone, idNumber: APPLICANT.idNumber };
const FILING = { reason: '不符合法定条件', legalBasis: [{ law: '《市场主体登记管理条例》', article: '第二十六条' }], contactPhone: '0851-28220002' };
const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' };

describe('personal data on need', () => {
  let t: TestApp;
  let w: World;
  let id: Record<string, string>;
  let token: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    // head02 heads the food office; clerk02 works at the window beside clerk01.
    ({ id, token } = await addStaff(t, w, 'PD', [
      ['head02', 'food', ['office_head']],
      ['clerk02', 'window', ['clerk']],
    ]));
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  /** Audit entries of full personal data read about one subject, as [actor, fields]. */
  const reads = async (entityId: string) =>
    ((await t.db.query(`SELECT actor_id, after FROM audit_log WHERE action = 'personal_data.read' AND entity_id = $1 ORDER BY id`, [entityId])) as Array<{
      actor_id: string;
      after: { fields: string[] };
    }>).map((r) => [r.actor_id, r.after.fields]);

  describe('detail views', () => {
    it('a case shows the applicant’s phone and ID number to its handler, the clerk who received it and its office head, each read audited; masked to the rest', async () => {
      const c = await receiveCase(t, w);
      const before = await reads(c.id);
      for (const who of ['handler01', 'clerk01', 'head01'] as const) {
        const res = await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens[who] });
        expect([who, res.body.applicant]).toEqual([who, { name: APPLICANT.name, ...FULL }]);
      }
      for (const who of [w.tokens.leader01, w.tokens.inspector01, w.tokens.handler02, token.head02!, token.clerk02!]) {
        const res = await t.get(`/api/v1/cases/${c.id}`, { token: who });
        expect(res.status).toBe(200);
        expect(res.body.applicant).toEqual({ name: APPLICANT.name, ...MASKED });
      }
      expect((await reads(c.id)).slice(before.length)).toEqual([
        [w.staff.handler01, ['phone', 'idNumber']],
        [w.staff.clerk01, ['phone', 'idNumber']],
        [w.staff.head01, ['phone', 'idNumber']],
      ]);
    });

    it('the answer to one’s own write on a case is not a disclosure: the write’s audit entry already records who acted', async () => {
      const c = await receiveCase(t, w);
      expect(c.applicant.idNumber).toBe(APPLICANT.idNumber); // the receiving clerk sees what they typed
      expect((await t.post(`/api/v1/cases/${c.id}/start`, { token: w.tokens.handler01 })).status).toBe(200);
      expect(await reads(c.id)).toEqual([]);
      // Reading it afterwards is one.
      await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 });
      expect(await reads(c.id)).toEqual([[w.staff.handler01, ['phone', 'idNumber']]]);
    });

    it('the case list shows the receipt’s query code to the case’s handler only', async () => {
      const c = await receiveCase(t, w);
      const codeFor = async (who: string) => (await t.get('/api/v1/cases', { token: who, query: { pageSize: '100' } })).body.items.find((x: { id: string }) => x.id === c.id).receipt.queryCode;
      expect(await codeFor(w.tokens.handler01)).toBe(c.receipt.queryCode);
      for (const who of [w.tokens.clerk01, w.tokens.head01, w.tokens.leader01, w.tokens.handler02]) expect(await codeFor(who)).toBeNull();
      // The printed receipt carries it.
      expect((await t.get(`/api/v1/cases/${c.id}/receipt`, { token: w.tokens.clerk01 })).body.queryCode).toBe(c.receipt.queryCode);
    });

    it('an enquiry shows the citizen’s phone and ID number to its first responder, the colleague it went to and their office head; masked to the rest', async () => {
      const e = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: {
          channel: 'visit',
          kind: 'consultation',
          subject: '咨询变更登记',
          citizen: { name: APPLICANT.name, phone: APPLICANT.phone, idNumber: APPLICANT.idNumber },
          outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 },
        },
      });
      expect(e.status).toBe(201);
      for (const who of ['clerk01', 'handler01', 'head01'] as const) {
        expect([who, (await t.get(`/api/v1/enquiries/${e.body.id}`, { token: w.tokens[who] })).body.citizen]).toEqual([who, { name: APPLICANT.name, ...FULL }]);
      }
      for (const who of [w.tokens.handler02, w.tokens.leader01, token.clerk02!, token.head02!]) {
        expect((await t.get(`/api/v1/enquiries/${e.body.id}`, { token: who })).body.citizen).toEqual({ name: APPLICANT.name, ...MASKED });
      }
      expect((await reads(e.body.id)).map(([who]) => who)).toEqual([w.staff.clerk01, w.staff.handler01, w.staff.head01]);
    });
  });

  describe('the refusal register and rectifications: those involved, their office head, leaders and inspectors', () => {
    it('a refusal is read by its filer, the office head of its office, leaders and inspectors; not by other clerks, handlers or office heads', async () => {
      const c = await receiveCase(t, w);
      const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { caseId: c.id, ...FILING } });
      expect(filed.status).toBe(201);
      const listed = async (who: string) => (await t.get('/api/v1/rejection-filings', { token: who, query: { pageSize: '100' } })).body.items.some((f: { id: string }) => f.id === filed.body.id);
      for (const who of [w.tokens.handler01, w.tokens.head01, w.tokens.leader01, w.tokens.inspector01]) {
        expect(await listed(who)).toBe(true);
        expect((await t.get(`/api/v1/rejection-filings/${filed.body.id}`, { token: who })).status).toBe(200);
      }
      for (const who of [w.tokens.clerk01, w.tokens.handler02, token.head02!, w.tokens.admin]) {
        expect(await listed(who)).toBe(false);
        expect((await t.get(`/api/v1/rejection-filings/${filed.body.id}`, { token: who })).status).toBe(404);
      }
      // The approver named decides it and reads it, with the citizen's data masked.
      expect((await t.get(`/api/v1/rejection-filings/${filed.body.id}`, { token: w.tokens.leader01 })).body.citizen).toMatchObject(MASKED);
      expect((await t.get(`/api/v1/rejection-filings/${filed.body.id}`, { token: w.tokens.handler01 })).body.citizen).toMatchObject(FULL);
      expect((await t.get('/api/v1/rejection-filings', { token: w.tokens.handler01 })).body.items[0].citizen).toMatchObject({ phone: MASKED.phone });
      expect((await reads(filed.body.id)).map(([who]) => who)).toEqual([w.staff.handler01, w.staff.head01, w.staff.handler01]);
    });

    it('a rectification is read by the office head assigned, the staff rated, leaders and inspectors; the complainant’s phone only for whoever calls back', async () => {
      const c = await receiveCase(t, w);
      expect((await t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level: 'dissatisfied', comment: '等太久' } })).status).toBe(201);
      const [row] = await t.db.query(`SELECT r.id FROM rectification r JOIN rating g ON g.id = r.rating_id WHERE g.reference = $1`, [c.receipt.number]);
      const listed = async (who: string) => (await t.get('/api/v1/rectifications', { token: who, query: { pageSize: '100' } })).body.items.some((r: { id: string }) => r.id === row.id);
      for (const who of [w.tokens.head01, w.tokens.handler01, w.tokens.leader01, w.tokens.inspector01]) expect(await listed(who)).toBe(true);
      for (const who of [w.tokens.clerk01, w.tokens.handler02, token.head02!, w.tokens.admin]) {
        expect(await listed(who)).toBe(false);
        expect((await t.get(`/api/v1/rectifications/${row.id}`, { token: who })).status).toBe(404);
      }
      expect((await t.get(`/api/v1/rectifications/${row.id}`, { token: w.tokens.head01 })).body.citizen.phone).toBe(FULL.phone);
      expect((await t.get(`/api/v1/rectifications/${row.id}`, { token: w.tokens.handler01 })).body.citizen.phone).toBe(MASKED.phone);
      expect((await t.get(`/api/v1/rectifications/${row.id}`, { token: w.tokens.inspector01 })).body.citizen.phone).toBe(MASKED.phone);
      expect((await reads(row.id)).map(([who]) => who)).toEqual([w.staff.head01]);
    });
  });

  describe('exports and the audit trail', () => {
    it('a CSV export neutralises a reason that would be a live formula, and the export is audited', async () => {
      const formula = '=HYPERLINK("http://evil.example/x","点此查看")';
      const registered = await t.post('/api/v1/violations', {
        token: w.tokens.inspector01,
        body: { type: 'conduct', staffId: w.staff.clerk01, occurredAt: '2026-03-02T09:00:00+08:00', evidence: { summary: '群众投诉态度生硬', source: 'citizen_complaint' } },
      });
      expect(registered.status).toBe(201);
      expect((await t.post(`/api/v1/violations/${registered.body.id}/dismiss`, { token: w.tokens.inspector01, body: { reason: formula } })).status).toBe(200);
      const res = await t.get('/api/v1/reports/violations/items', { token: w.tokens.inspector01, query: { ...MARCH, format: 'csv' } });
      expect(res.status).toBe(200);
      const csv = String(res.body);
      expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/x"",""点此查看"")"`);
      expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
      const [audit] = await t.db.query(`SELECT actor_id, entity, after FROM audit_log WHERE action = 'report.export' ORDER BY id DESC LIMIT 1`);
      expect(audit).toMatchObject({ actor_id: w.staff.inspector01, entity: 'report', after: { format: 'csv', query: { format: 'csv' } } });
    });

    it('log in (success and failure, with the client address) and log out are audited', async () => {
      const before = Number((await t.db.query(`SELECT coalesce(max(id), 0) AS id FROM audit_log`))[0].id);
      expect((await t.post('/api/v1/auth/login', { body: { username: 'clerk02', password: 'not-the-password-1' } })).status).toBe(401);
      expect((await t.post('/api/v1/auth/login', { body: { username: 'nobody-here', password: 'not-the-password-1' } })).status).toBe(401);
      const login = await t.post('/api/v1/auth/login', { body: { username: 'clerk02', password: 'Window-Duty-7Tea' } });
      expect(login.status).toBe(200);
      expect((await t.post('/api/v1/auth/logout', { token: login.body.accessToken, body: {} })).status).toBe(204);
      const rows = (await t.db.query(`SELECT actor_id, action, entity_id, after FROM audit_log WHERE id > $1 AND action LIKE 'auth.%' ORDER BY id`, [before])) as Array<Record<string, any>>;
      expect(rows.map((r) => [r.action, r.entity_id])).toEqual([
        ['auth.login_failed', id.clerk02],
        ['auth.login_failed', 'nobody-here'],
        ['auth.login', id.clerk02],
        ['auth.logout', id.clerk02],
      ]);
      for (const r of rows) expect(r.after.address).toBe('127.0.0.1');
      expect(rows[2]!.actor_id).toBe(id.clerk02);
    });
  });
});
