import { TimerSweep } from '@app/deadlines';
import { expectProblem } from './support/problem.js';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';

// Least privilege: a case is withdrawn only by the people answerable for it, an office head supervises
// their own office, and neither an inspector nor an admin serves at the window.

const ENQUIRY = { channel: 'visit', kind: 'consultation', subject: '咨询设立登记材料', outcome: { type: 'answered', answer: '需携带申请书' } };

describe('least privilege', () => {
  let t: TestApp;
  let w: World;
  let id: Record<string, string>;
  let token: Record<string, string>;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    // head02 heads the food office; handler03 is handler01's substitute (B post).
    ({ id, token } = await addStaff(t, w, 'LP', [
      ['head02', 'food', ['office_head']],
      ['handler03', 'registration', ['handler']],
    ]));
    const post = { name: '登记注册经办 A 岗', kind: 'staff', officeId: w.offices.registration, holderId: w.staff.handler01, substituteId: id.handler03 };
    expect((await t.post('/api/v1/posts', { token: w.tokens.admin, body: post })).status).toBe(201);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  const withdraw = (caseId: string, who: string, body: unknown = { reason: '申请人书面申请撤回' }) => t.post(`/api/v1/cases/${caseId}/withdraw`, { token: who, body });

  describe('withdrawing a case', () => {
    it('a clerk, another handler, another office head, a leader, an inspector or an admin cannot withdraw a case (403), and nothing changes', async () => {
      const c = await receiveCase(t, w);
      for (const who of [w.tokens.clerk01, w.tokens.handler02, token.head02!, w.tokens.leader01, w.tokens.inspector01, w.tokens.admin]) {
        const res = await withdraw(c.id, who);
        expect(res.status).toBe(403);
      }
      expect((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body).toMatchObject({ status: 'accepted', withdrawalReason: null });
    });

    it('the handler withdraws with the citizen’s stated reason; without a reason it is 400 naming the field', async () => {
      const c = await receiveCase(t, w);
      expectProblem(await withdraw(c.id, w.tokens.handler01, {}), 400, undefined, 'reason');
      const res = await withdraw(c.id, w.tokens.handler01);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', withdrawalReason: '申请人书面申请撤回' });
    });

    it('the office head of the handling office withdraws', async () => {
      const c = await receiveCase(t, w);
      expect((await withdraw(c.id, w.tokens.head01)).status).toBe(200);
    });

    it('the handler’s stand-in withdraws while the handler is away, recorded as acting for them', async () => {
      const c = await receiveCase(t, w);
      t.clock.set('2026-03-02T08:00:00+08:00');
      const absence = await t.post('/api/v1/absences', {
        token: w.tokens.handler01,
        body: { type: 'meeting', startsAt: '2026-03-03T09:00:00+08:00', endsAt: '2026-03-03T17:00:00+08:00', reason: '参加业务培训' },
      });
      expect(absence.status).toBe(201);
      expect((await t.post(`/api/v1/absences/${absence.body.id}/decision`, { token: w.tokens.head01, body: { approve: true } })).status).toBe(200);
      expect((await withdraw(c.id, token.handler03!)).status).toBe(403); // not yet away
      t.clock.set('2026-03-03T10:00:00+08:00');
      expect((await withdraw(c.id, token.handler03!)).status).toBe(200);
      const [audit] = await t.db.query(`SELECT actor_id, after FROM audit_log WHERE entity_id = $1 AND action = 'case.withdraw'`, [c.id]);
      expect(audit).toMatchObject({ actor_id: id.handler03, after: { status: 'withdrawn', actingFor: w.staff.handler01 } });
    });

    it('a withdrawal after the warning fired is a detected withdrawal_after_warning the inspector sees; before the warning it is not', async () => {
      const early = await receiveCase(t, w);
      const late = await receiveCase(t, w);
      expect((await withdraw(early.id, w.tokens.handler01)).status).toBe(200);
      t.clock.set('2026-03-04T16:00:00+08:00'); // past the warning (Wednesday 15:10), before due (Thursday 17:30)
      await t.app.get(TimerSweep).sweep();
      expect((await t.get(`/api/v1/cases/${late.id}`, { token: w.tokens.handler01 })).body.deadline.level).toBe('warning');
      expect((await withdraw(late.id, w.tokens.head01)).status).toBe(200);

      const seen = await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { type: 'withdrawal_after_warning' } });
      expect(seen.status).toBe(200);
      const mine = seen.body.items.filter((v: { caseId: string }) => [early.id, late.id].includes(v.caseId));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        code: 'WITHDRAWAL_AFTER_WARNING',
        status: 'detected',
        caseId: late.id,
        staffId: w.staff.handler01,
        officeId: w.offices.registration,
        evidence: { withdrawnBy: w.staff.head01, citizenReason: '申请人书面申请撤回', warnedAt: expect.any(String), dueAt: expect.any(String) },
      });
    });
  });

  describe('office heads act on their own office; leaders on the unit', () => {
    it('another office’s head cannot pause, resume, complete, ask for more time or reassign (403); the office’s own head and a leader can', async () => {
      const c = await receiveCase(t, w);
      const other = token.head02!;
      const url = (action: string) => `/api/v1/cases/${c.id}/${action}`;
      expect((await t.post(url('pause'), { token: other, body: { reason: '等待补充说明' } })).status).toBe(403);
      expect((await t.post(url('pause'), { token: w.tokens.head01, body: { reason: '等待补充说明' } })).status).toBe(200);
      expect((await t.post(url('resume'), { token: other })).status).toBe(403);
      expect((await t.post(url('resume'), { token: w.tokens.leader01 })).status).toBe(200);
      expect((await t.post(url('extensions'), { token: other, body: { workingDays: 2, reason: '需现场核查' } })).status).toBe(403);
      expect((await t.post(url('reassign'), { token: other, body: { handlerId: id.handler03 } })).status).toBe(403);
      expect((await t.post(url('reassign'), { token: w.tokens.head01, body: { handlerId: id.handler03 } })).status).toBe(200);
      expect((await t.post(url('complete'), { token: other, body: { result: '准予登记' } })).status).toBe(403);
      expect((await t.post(url('complete'), { token: w.tokens.head01, body: { result: '准予登记' } })).status).toBe(200);
    });

    it('another office’s head cannot receive an application of, supplement or issue a notice for another office’s case (403); the office’s own head can', async () => {
      const c = await receiveCase(t, w, [{ name: '个体工商户登记（备案）申请书', pages: 2, copies: 1 }]);
      expect(c.status).toBe('awaiting_materials');
      const application = { serviceItemCode: 'DEMO-001', applicant: { name: '王五', phone: '13700137000' }, handlerId: w.staff.handler01, materials: [], issueNotice: true };
      expect((await t.post('/api/v1/cases', { token: token.head02!, body: application })).status).toBe(403);
      expect((await t.post(`/api/v1/cases/${c.id}/notices`, { token: token.head02!, body: { items: [{ name: '租赁合同', reason: '需提交' }] } })).status).toBe(403);
      const materials = { materials: [{ name: '经营者身份证明', pages: 1, copies: 1 }] };
      expect((await t.post(`/api/v1/cases/${c.id}/materials`, { token: token.head02!, body: materials })).status).toBe(403);
      expect((await t.post(`/api/v1/cases/${c.id}/materials`, { token: w.tokens.head01, body: materials })).status).toBe(200);
      expect((await t.post('/api/v1/cases', { token: w.tokens.head01, body: application })).status).toBe(201);
    });

    it('another office’s head cannot record the return of materials of another office’s refusal (403); the office’s own head can', async () => {
      const c = await receiveCase(t, w);
      const filed = await t.post('/api/v1/rejection-filings', {
        token: w.tokens.handler01,
        body: { caseId: c.id, reason: '不符合法定条件', legalBasis: [{ law: '《条例》', article: '第一条' }], contactPhone: '0851-28220002' },
      });
      expect(filed.status).toBe(201);
      expect((await t.post(`/api/v1/rejection-filings/${filed.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).status).toBe(200);
      const ask = { items: [{ name: '个体工商户登记（备案）申请书', copies: 1 }], channel: 'visit' };
      const url = `/api/v1/rejection-filings/${filed.body.id}/material-returns`;
      expectProblem(await t.post(url, { token: token.head02!, body: ask }), 403, 'REJECTION.NOT_YOUR_OFFICE');
      expect((await t.post(url, { token: w.tokens.head01, body: ask })).status).toBe(201);
    });

    it('another office’s head cannot file the refusal of an enquiry of another office (403)', async () => {
      const enquiry = await t.post('/api/v1/enquiries', {
        token: w.tokens.handler01,
        body: { ...ENQUIRY, outcome: { type: 'answered', answer: '不符合条件', refused: true } },
      });
      expect(enquiry.status).toBe(201);
      const filing = { enquiryId: enquiry.body.id, reason: '不符合法定条件', legalBasis: [{ law: '《条例》', article: '第一条' }], contactPhone: '0851-28220002', citizen: { name: '张三' } };
      const res = await t.post('/api/v1/rejection-filings', { token: token.head02!, body: filing });
      expectProblem(res, 403, 'REJECTION.NOT_YOURS');
    });
  });

  describe('inspectors and admins do not serve at the window', () => {
    it('an inspector or an admin cannot log an enquiry as first responder (403), and nothing is written', async () => {
      const before = await t.count('enquiry');
      for (const who of [w.tokens.inspector01, w.tokens.admin]) expectProblem(await t.post('/api/v1/enquiries', { token: who, body: ENQUIRY }), 403, 'AUTH.FORBIDDEN');
      expect(await t.count('enquiry')).toBe(before);
      expect((await t.post('/api/v1/enquiries', { token: w.tokens.clerk01, body: ENQUIRY })).status).toBe(201);
    });

    it('an inspector or an admin cannot work a case or a rectification (403)', async () => {
      const c = await receiveCase(t, w);
      for (const who of [w.tokens.inspector01, w.tokens.admin]) {
        for (const [action, body] of [
          ['start', undefined],
          ['pause', { reason: 'x' }],
          ['resume', undefined],
          ['complete', { result: 'x' }],
          ['extensions', { workingDays: 1, reason: 'x' }],
        ] as const) {
          expect([action, (await t.post(`/api/v1/cases/${c.id}/${action}`, { token: who, body })).status]).toEqual([action, 403]);
        }
        expect((await t.post(`/api/v1/rectifications/${c.id}/complete`, { token: who, body: { measures: 'x' } })).status).toBe(403);
      }
    });
  });

  describe('the violation registry: an office head reads their own office’s, an admin none', () => {
    const register = (staffId: string, summary: string) =>
      t.post('/api/v1/violations', {
        token: w.tokens.inspector01,
        body: { type: 'conduct', staffId, occurredAt: '2026-03-02T09:00:00+08:00', evidence: { summary, source: 'citizen_complaint' } },
      });

    it('lists and opens only their office’s violations; another office’s is not found, asking for it is 403 naming officeId', async () => {
      const ours = await register(w.staff.handler01, '登记股经办人态度生硬');
      const theirs = await register(id.head02!, '食品股负责人推诿');
      expect([ours.status, theirs.status]).toEqual([201, 201]);
      const listed = (who: string, query: Record<string, string> = {}) => t.get('/api/v1/violations', { token: who, query: { pageSize: '100', ...query } });

      const head01 = await listed(w.tokens.head01);
      expect(head01.status).toBe(200);
      expect(head01.body.items.map((v: { id: string }) => v.id)).toContain(ours.body.id);
      expect(head01.body.items.map((v: { id: string }) => v.id)).not.toContain(theirs.body.id);
      expect(new Set(head01.body.items.map((v: { officeId: string }) => v.officeId))).toEqual(new Set([w.offices.registration]));
      expect(head01.body.total).toBe(head01.body.items.length);
      expect((await t.get(`/api/v1/violations/${ours.body.id}`, { token: w.tokens.head01 })).status).toBe(200);
      expectProblem(await t.get(`/api/v1/violations/${theirs.body.id}`, { token: w.tokens.head01 }), 404);
      expectProblem(await listed(w.tokens.head01, { officeId: w.offices.food }), 403, 'VIOLATION.OTHER_OFFICE', 'officeId');
      expect((await listed(w.tokens.head01, { officeId: w.offices.registration })).body.total).toBe(head01.body.total);

      // The food office's head sees theirs and not ours; the leader and the inspector see both.
      const head02 = (await listed(token.head02!)).body.items.map((v: { id: string }) => v.id);
      expect(head02).toContain(theirs.body.id);
      expect(head02).not.toContain(ours.body.id);
      for (const who of [w.tokens.leader01, w.tokens.inspector01]) {
        const all = (await listed(who)).body.items.map((v: { id: string }) => v.id);
        expect(all).toEqual(expect.arrayContaining([ours.body.id, theirs.body.id]));
      }
    });

    it('an admin manages accounts, not discipline: the registry and a violation are 403', async () => {
      const v = await register(w.staff.clerk01, '窗口空岗');
      expectProblem(await t.get('/api/v1/violations', { token: w.tokens.admin }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await t.get(`/api/v1/violations/${v.body.id}`, { token: w.tokens.admin }), 403, 'AUTH.FORBIDDEN');
    });
  });
});
