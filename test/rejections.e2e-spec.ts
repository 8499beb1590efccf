import { TimerSweep } from '@app/deadlines';
import { RejectionWatch } from '@app/rejections';
import { APPLICANT, COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, STAFF_PASSWORD, type World } from './support/world.js';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { expectFieldProblem } from './support/problem.js';

// 否定报备制: refusals are filed, justified, decided in time, notified in writing and their materials returned.

const BASIS = [{ law: '《中华人民共和国市场主体登记管理条例》', article: '第二十六条' }];
const REISSUE_MATERIALS = [
  { name: '补领营业执照申请书', pages: 1, copies: 1 },
  { name: '遗失声明', pages: 1, copies: 2 },
];

function filing(extra: Record<string, unknown>) {
  return { reason: '申请人不具备法定条件', legalBasis: BASIS, contactPhone: '0851-28220002', ...extra };
}

describe('rejection filings (否定报备制)', () => {
  let t: TestApp;
  let w: World;

  /** A DEMO-003 case (refusable on the handler's own authority), accepted with two copies of the 遗失声明. */
  const reissueCase = () => receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' });
  const file = (token: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    t.post('/api/v1/rejection-filings', { token, body: filing(body), headers });
  const caseOf = async (id: string) => (await t.get(`/api/v1/cases/${id}`, { token: w.tokens.handler01 })).body;
  const violations = async (type: string) =>
    (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { type } })).body.items as Array<{ staffId: string; evidence: Record<string, string> }>;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  describe('within the handler’s authority', () => {
    it('is registered at once: a numbered notice with reason, basis and remedies, the case closed as rejected and its clock stopped', async () => {
      const c = await reissueCase();
      const res = await file(w.tokens.handler01, { caseId: c.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        caseId: c.id,
        status: 'registered',
        withinAuthority: true,
        approver: null,
        decisionDueAt: null,
        filedBy: { id: w.staff.handler01, name: '李经办', badgeNo: 'DEMO-002' },
        citizen: { name: APPLICANT.name, idNumber: APPLICANT.idNumber },
      });
      const notice = res.body.notice;
      expect(notice.number).toMatch(/^不予〔2026〕\d{4}号$/);
      expect(notice).toMatchObject({
        unitName: '示范县市场监督管理局',
        citizen: '张三',
        serviceItem: { code: 'DEMO-003', name: '营业执照遗失补领' },
        reason: '申请人不具备法定条件',
        legalBasis: ['《中华人民共和国市场主体登记管理条例》第二十六条'],
        handler: { name: '李经办', badgeNo: 'DEMO-002' },
        contactPhone: '0851-28220002',
        approvedBy: null,
      });
      expect(notice.remedies.map((r: { kind: string }) => r.kind)).toEqual(['administrative_reconsideration', 'administrative_litigation']);
      expect(notice.remedies[0].text).toContain('六十日内');
      expect(notice.remedies[1].text).toContain('六个月内');
      expect((await t.get(`/api/v1/rejection-filings/${res.body.id}/notice`, { token: w.tokens.clerk01 })).body).toEqual(notice);

      const after = await caseOf(c.id);
      expect({ status: after.status, filing: after.rejectionFilingId, clock: after.deadline.state }).toEqual({
        status: 'rejected',
        filing: res.body.id,
        clock: 'stopped',
      });
      // A closed case is not refused twice.
      const again = await file(w.tokens.handler01, { caseId: c.id });
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CASE.CLOSED' });
    });

    it('a case waiting for materials can be refused too (不予受理)', async () => {
      const c = await receiveCase(t, w, [REISSUE_MATERIALS[0]!], { serviceItemCode: 'DEMO-003' });
      expect(c.status).toBe('awaiting_materials');
      const res = await file(w.tokens.handler01, { caseId: c.id });
      expect(res.status).toBe(201);
      expect((await caseOf(c.id)).status).toBe('rejected');
    });

    it('needs no leader: a unit without one still refuses within authority, and only a refusal beyond it is turned away', async () => {
      const deactivate = (active: boolean) => t.patch(`/api/v1/staff/${w.staff.leader01}`, { token: w.tokens.admin, body: { active } });
      expect((await deactivate(false)).status).toBe(200);
      try {
        expect((await file(w.tokens.handler01, { caseId: (await reissueCase()).id })).status).toBe(201);
        const beyond = await file(w.tokens.handler01, { caseId: (await receiveCase(t, w)).id });
        expect({ status: beyond.status, code: beyond.body.code, field: beyond.body.errors?.[0]?.field }).toEqual({ status: 422, code: 'REJECTION.NO_LEADER', field: 'approverId' });
      } finally {
        await deactivate(true);
        // Deactivation ended the leader's sessions: a new login for the tests that follow.
        w.tokens.leader01 = (await t.post('/api/v1/auth/login', { body: { username: 'leader01', password: DEMO_PASSWORD } })).body.accessToken;
      }
    });

    it('only the handler, their stand-in or a supervisor files the refusal of a case', async () => {
      const c = await reissueCase();
      const res = await file(w.tokens.handler02, { caseId: c.id });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'CASE.NOT_THE_HANDLER' });
      expect((await caseOf(c.id)).status).toBe('accepted');
    });
  });

  describe('beyond the handler’s authority', () => {
    it('waits for the leader, with a decision due in 8 working hours on its own timer; the case keeps running', async () => {
      const c = await receiveCase(t, w);
      const res = await file(w.tokens.handler01, { caseId: c.id });
      expect(res.status).toBe(201);
      // Monday 10:00 + 8 working hours (09:00-12:00, 13:30-17:30): 6 on Monday, 2 on Tuesday.
      expect(res.body).toMatchObject({
        status: 'pending_decision',
        withinAuthority: false,
        approver: { id: w.staff.leader01 },
        decisionDueAt: '2026-03-03T03:00:00.000Z',
        notice: null,
      });
      const [timer] = await t.db.query('SELECT kind, assignee_id, due_at, state FROM deadline_timer WHERE subject_id = $1', [res.body.id]);
      expect(timer).toEqual({ kind: 'rejection_decision', assignee_id: w.staff.leader01, due_at: new Date('2026-03-03T03:00:00Z'), state: 'running' });
      expect((await caseOf(c.id)).status).toBe('accepted');
      const notice = await t.get(`/api/v1/rejection-filings/${res.body.id}/notice`, { token: w.tokens.handler01 });
      expect({ status: notice.status, code: notice.body.code }).toEqual({ status: 409, code: 'REJECTION.NO_NOTICE' });
      // One filing waiting per case.
      const twice = await file(w.tokens.handler01, { caseId: c.id });
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'REJECTION.ALREADY_FILED' });
    });

    it('approved in time: the notice names the leader, the case is rejected, and nothing escalates afterwards', async () => {
      const c = await receiveCase(t, w);
      const filed = (await file(w.tokens.handler01, { caseId: c.id })).body;
      t.clock.set('2026-03-02T16:00:00+08:00');
      const handlerTries = await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: w.tokens.handler01, body: { approve: true } });
      expect(handlerTries.status).toBe(403);
      const res = await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: w.tokens.leader01, body: { approve: true, note: '同意' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'approved', decidedBy: { id: w.staff.leader01 }, decidedActingFor: null, decisionNote: '同意' });
      expect(res.body.notice).toMatchObject({ approvedBy: { name: '陈局长', badgeNo: 'DEMO-005' }, citizen: '张三' });
      expect((await caseOf(c.id)).status).toBe('rejected');

      const twice = await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: w.tokens.leader01, body: { approve: false, note: '再议' } });
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'REJECTION.DECIDED' });

      t.clock.set('2026-03-10T10:00:00+08:00'); // past every rung of the decision's ladder
      await t.app.get(TimerSweep).sweep();
      expect(await t.db.query('SELECT step FROM escalation WHERE subject_id = $1', [filed.id])).toEqual([]);
      expect((await violations('leader_decision_overdue')).filter((v) => v.evidence.filingId === filed.id)).toEqual([]);
    });

    it('denied: a reason is required, the case goes back to its handler still running, and it may be filed again', async () => {
      const c = await receiveCase(t, w);
      const filed = (await file(w.tokens.handler01, { caseId: c.id })).body;
      const bare = await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: w.tokens.leader01, body: { approve: false } });
      expectFieldProblem(bare, 422, 'note');
      const res = await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: w.tokens.leader01, body: { approve: false, note: '材料可补正，应继续办理' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'denied', notice: null });
      const after = await caseOf(c.id);
      expect({ status: after.status, clock: after.deadline.state, filing: after.rejectionFilingId }).toEqual({ status: 'accepted', clock: 'running', filing: null });
      const [timer] = await t.db.query('SELECT state FROM deadline_timer WHERE subject_id = $1', [filed.id]);
      expect(timer.state).toBe('stopped');
      expect((await file(w.tokens.handler01, { caseId: c.id })).status).toBe(201);
    });

    it('overdue: the decision escalates up, never down (leader warned; the unit has no other leader, so the inspector hears every overdue rung), recorded as a violation of the leader', async () => {
      const c = await receiveCase(t, w);
      const filed = (await file(w.tokens.handler01, { caseId: c.id })).body;
      t.clock.set('2026-03-09T10:00:00+08:00'); // four working days after the due time
      await t.app.get(TimerSweep).sweep();

      const steps = (await t.db.query('SELECT step, recipients FROM escalation WHERE subject_id = $1 ORDER BY fire_at, step', [filed.id])) as Array<{ step: string; recipients: string[] }>;
      expect(steps).toEqual([
        { step: 'warning', recipients: [w.staff.leader01] },
        { step: 'due', recipients: [w.staff.leader01] },
        { step: 'overdue_office_head', recipients: [w.staff.inspector01] },
        { step: 'overdue_leader', recipients: [w.staff.inspector01] },
        { step: 'overdue_inspector', recipients: [w.staff.inspector01] },
      ]);
      const inbox = (await t.get('/api/v1/alerts', { token: w.tokens.leader01 })).body.items.filter((a: { subjectId: string }) => a.subjectId === filed.id);
      // Put on the leader's desk at filing, then the clock's own steps.
      expect(inbox.map((a: { event: string; step: string | null }) => `${a.event}:${a.step}`).sort()).toEqual(['assigned:null', 'escalation:due', 'escalation:warning']);
      expect(inbox.find((a: { step: string }) => a.step === 'due')).toMatchObject({ kind: 'rejection_decision', caseId: null, level: 'red', title: '否定报备审批已到时限' });

      const found = (await violations('leader_decision_overdue')).filter((v) => v.evidence.filingId === filed.id);
      expect(found).toEqual([expect.objectContaining({ staffId: w.staff.leader01, code: 'LEADER_DECISION_OVERDUE' })]);
      // The case's own clock did not fire anything for the filing, and a second sweep records nothing new.
      await t.app.get(TimerSweep).sweep();
      expect((await violations('leader_decision_overdue')).filter((v) => v.evidence.filingId === filed.id)).toHaveLength(1);
      // Late, but the leader can still decide.
      expect((await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).status).toBe(200);
    });
  });

  describe('notice numbering', () => {
    it('numbers only refusals in force, one after the other, per unit and year', async () => {
      const pending = (await file(w.tokens.handler01, { caseId: (await receiveCase(t, w)).id })).body;
      const a = (await file(w.tokens.handler01, { caseId: (await reissueCase()).id })).body;
      const approved = (await t.post(`/api/v1/rejection-filings/${pending.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).body;
      const b = (await file(w.tokens.handler01, { caseId: (await reissueCase()).id })).body;
      const seq = (n: string) => Number(/〔2026〕(\d{4})号/.exec(n)![1]);
      expect([seq(approved.notice.number) - seq(a.notice.number), seq(b.notice.number) - seq(approved.notice.number)]).toEqual([1, 1]);
      const numbers = (await t.db.query(`SELECT notice_no FROM rejection_filing WHERE notice_no IS NOT NULL`)) as Array<{ notice_no: string }>;
      const all = numbers.map((n) => seq(n.notice_no)).sort((x, y) => x - y);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1)); // no gaps, no duplicates
    });
  });

  describe('returned materials', () => {
    let filingId: string;
    beforeAll(async () => {
      t.clock.set('2026-03-02T10:00:00+08:00');
      filingId = (await file(w.tokens.handler01, { caseId: (await reissueCase()).id })).body.id;
    });
    const ask = (body: unknown) => t.post(`/api/v1/rejection-filings/${filingId}/material-returns`, { token: w.tokens.clerk01, body });
    const handOver = (returnId: string, body: unknown) =>
      t.post(`/api/v1/rejection-filings/${filingId}/material-returns/${returnId}/hand-over`, { token: w.tokens.clerk01, body });
    const signed = (name: string) => ({ method: 'handwritten', signedName: name });

    it('asked for and handed back to the applicant, ID checked and signed for, with a numbered slip', async () => {
      const req = await ask({ items: [{ name: '遗失声明', copies: 2 }], channel: 'visit' });
      expect(req.status).toBe(201);
      expect(req.body).toMatchObject({ status: 'requested', items: [{ name: '遗失声明', copies: 2 }], channel: 'visit', slipNumber: null });

      const wrongId = await handOver(req.body.id, { recipient: { kind: 'applicant', name: '张三', idNumber: '110105198001010016' }, signature: signed('张三') });
      expect(wrongId.body.code).toBe('REJECTION.RECIPIENT_ID_MISMATCH');
      expectFieldProblem(wrongId, 422, 'recipient.idNumber');
      const [still] = await t.db.query('SELECT status, slip_no FROM material_return WHERE id = $1', [req.body.id]);
      expect(still).toEqual({ status: 'requested', slip_no: null });

      const badSignature = await handOver(req.body.id, { recipient: { kind: 'applicant', name: '张三', idNumber: APPLICANT.idNumber }, signature: signed('李四') });
      expectFieldProblem(badSignature, 422, 'signature.signedName');

      const res = await handOver(req.body.id, { recipient: { kind: 'applicant', name: '张三', idNumber: APPLICANT.idNumber.toLowerCase() }, signature: signed('张三') });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'returned', recipient: { kind: 'applicant', name: '张三' }, returnedBy: w.staff.clerk01, signature: signed('张三') });
      expect(res.body.slipNumber).toMatch(/^退件〔2026〕\d{4}号$/);
      const twice = await handOver(req.body.id, { recipient: { kind: 'applicant', name: '张三', idNumber: APPLICANT.idNumber }, signature: signed('张三') });
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'REJECTION.ALREADY_RETURNED' });
    });

    it('to an agent only with the applicant’s written authorization', async () => {
      const req = (await ask({ items: [{ name: '补领营业执照申请书', copies: 1 }], channel: 'phone' })).body;
      const agent = { kind: 'agent', name: '李四', idNumber: '110101199003074477' };
      expectFieldProblem(await handOver(req.id, { recipient: agent, signature: signed('李四') }), 422, 'recipient.authorization');
      const foreign = { ...agent, authorization: { reference: '委托书001', principalIdNumber: '110101199003074477' } };
      expectFieldProblem(await handOver(req.id, { recipient: foreign, signature: signed('李四') }), 422, 'recipient.authorization.principalIdNumber');
      const ok = await handOver(req.id, { recipient: { ...agent, authorization: { reference: '委托书001', principalIdNumber: APPLICANT.idNumber } }, signature: signed('李四') });
      expect(ok.status).toBe(200);
      expect(ok.body.recipient).toMatchObject({ kind: 'agent', authorization: { reference: '委托书001' } });
    });

    it('only what was handed in, and no more copies than are left', async () => {
      // Everything was asked back above: 遗失声明 ×2 and the 申请书 ×1.
      expectFieldProblem(await ask({ items: [{ name: '遗失声明', copies: 1 }], channel: 'visit' }), 422, 'items.0.copies');
      expectFieldProblem(await ask({ items: [{ name: '身份证', copies: 1 }], channel: 'visit' }), 422, 'items.0.name');
      const view = (await t.get(`/api/v1/rejection-filings/${filingId}`, { token: w.tokens.clerk01 })).body;
      expect(view.materialReturns.map((r: { status: string }) => r.status)).toEqual(['returned', 'returned']);
    });

    it('not while the refusal waits for the leader: the case keeps its materials', async () => {
      const pending = (await file(w.tokens.handler01, { caseId: (await receiveCase(t, w)).id })).body;
      const res = await t.post(`/api/v1/rejection-filings/${pending.id}/material-returns`, {
        token: w.tokens.clerk01,
        body: { items: [{ name: COMPLETE_MATERIALS[0]!.name, copies: 1 }], channel: 'visit' },
      });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 409, code: 'REJECTION.NOT_IN_FORCE' });
    });
  });

  describe('refusals at the window', () => {
    const refuse = async (token = w.tokens.clerk01) => {
      const res = await t.post('/api/v1/enquiries', {
        token,
        body: {
          channel: 'visit',
          kind: 'application',
          subject: '咨询在住宅内开办餐馆',
          citizen: { name: '王五', phone: '13900139000' },
          outcome: { type: 'answered', answer: '住宅不能作为餐饮经营场所，不能办理', refused: true },
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.outcome).toEqual({ type: 'answered', answer: '住宅不能作为餐饮经营场所，不能办理', refused: true });
      return res.body.id as string;
    };

    it('a "cannot be done" with no filing after half a working day is a rejection-without-filing violation of the first responder; a filed one is not', async () => {
      const unfiled = await refuse();
      const filed = await refuse();
      const res = await file(w.tokens.clerk01, { enquiryId: filed });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ enquiryId: filed, status: 'pending_decision', citizen: { name: '王五' } });

      const watch = t.app.get(RejectionWatch);
      expect(await watch.check(new Date('2026-03-02T15:29:00+08:00'))).toBe(0); // 4 working hours end at 15:30
      expect(await watch.check(new Date('2026-03-02T15:30:00+08:00'))).toBe(1);
      expect(await watch.check(new Date('2026-03-03T10:00:00+08:00'))).toBe(0); // recorded once
      const found = (await violations('rejection_without_filing')).filter((v) => v.evidence.enquiryId === unfiled || v.evidence.enquiryId === filed);
      expect(found).toEqual([expect.objectContaining({ staffId: w.staff.clerk01, code: 'REJECTION_WITHOUT_FILING', evidence: expect.objectContaining({ enquiryId: unfiled }) })]);
    });

    it('an answer that is not a refusal needs no filing', async () => {
      const res = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'phone', kind: 'consultation', subject: '咨询办事时间', outcome: { type: 'answered', answer: '工作日 9:00-17:30' } },
      });
      expect(res.body.outcome.refused).toBe(false);
      expect(await t.app.get(RejectionWatch).check(new Date('2026-03-04T10:00:00+08:00'))).toBe(0);
    });

    it('only the staff who dealt with the enquiry, or a supervisor, files it; the citizen must be named', async () => {
      const id = await refuse();
      const stranger = await file(w.tokens.handler02, { enquiryId: id });
      expect({ status: stranger.status, code: stranger.body.code }).toEqual({ status: 403, code: 'REJECTION.NOT_YOURS' });
      const anonymous = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'phone', kind: 'application', subject: '电话咨询', outcome: { type: 'answered', answer: '不能办理', refused: true } },
      });
      expectFieldProblem(await file(w.tokens.clerk01, { enquiryId: anonymous.body.id }), 422, 'citizen.name');
      expect((await file(w.tokens.clerk01, { enquiryId: anonymous.body.id, citizen: { name: '赵六' } })).status).toBe(201);
    });

    it('a refusal by staff of no office: filed, and its decision clock escalates above its only leader, to the inspector', async () => {
      const floater = await t.post('/api/v1/staff', {
        token: w.tokens.admin,
        body: { username: 'floater', password: STAFF_PASSWORD, name: '钱机动', badgeNo: 'DEMO-090', roles: ['clerk'] },
      });
      expect(floater.status).toBe(201);
      const token = (await t.post('/api/v1/auth/login', { body: { username: 'floater', password: STAFF_PASSWORD } })).body.accessToken;
      const filed = await file(token, { enquiryId: await refuse(token) });
      expect(filed.status).toBe(201);
      expect(filed.body).toMatchObject({ officeId: null, status: 'pending_decision' });
      t.clock.set('2026-03-09T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      const [rung] = await t.db.query(`SELECT recipients FROM escalation WHERE subject_id = $1 AND step = 'overdue_office_head'`, [filed.body.id]);
      expect(rung.recipients).toEqual([w.staff.inspector01]);
    });

    it('a refusal flag on anything but an answer is refused', async () => {
      const res = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'phone', kind: 'consultation', subject: '咨询', outcome: { type: 'open', refused: true } },
      });
      expect(res.status).toBe(400);
    });
  });

  it('a case becomes rejected only through a filing: the database refuses any other way, and there is no endpoint for it', async () => {
    const c = await receiveCase(t, w);
    await expect(t.db.query(`UPDATE service_case SET status = 'rejected' WHERE id = $1`, [c.id])).rejects.toThrow(/service_case_rejected_by_filing/);
    const direct = await t.post(`/api/v1/cases/${c.id}/reject`, { token: w.tokens.handler01, body: {} });
    expect(direct.status).toBe(404);
    expect((await caseOf(c.id)).status).toBe('accepted');
  });

  it('the register: by period, office, staff, status and service item, across units for inspectors, personal data masked', async () => {
    t.clock.set('2026-04-01T10:00:00+08:00');
    const mine = (await file(w.tokens.handler01, { caseId: (await reissueCase()).id })).body;
    const list = (query: Record<string, string>, token = w.tokens.inspector01) => t.get('/api/v1/rejection-filings', { token, query });

    const april = (await list({ from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' })).body;
    expect(april.items.map((f: { id: string }) => f.id)).toEqual([mine.id]);
    expect(april.items[0].citizen.idNumber).not.toBe(APPLICANT.idNumber);
    expect(april.items[0].citizen.idNumber).toMatch(/\*/);

    const [{ n: registered }] = await t.db.query(`SELECT count(*)::int AS n FROM rejection_filing WHERE status = 'registered'`);
    expect((await list({ status: 'registered', pageSize: '100' })).body.total).toBe(registered);
    const [{ n: byItem }] = await t.db.query(`SELECT count(*)::int AS n FROM rejection_filing WHERE service_item_code = 'DEMO-003'`);
    expect((await list({ serviceItemCode: 'DEMO-003' })).body.total).toBe(byItem);
    const [{ n: byClerk }] = await t.db.query(`SELECT count(*)::int AS n FROM rejection_filing WHERE filed_by = $1`, [w.staff.clerk01]);
    expect(byClerk).toBeGreaterThan(0);
    expect((await list({ staffId: w.staff.clerk01 })).body.total).toBe(byClerk);
    const [{ n: byOffice }] = await t.db.query(`SELECT count(*)::int AS n FROM rejection_filing WHERE office_id = $1`, [w.offices.registration]);
    expect((await list({ officeId: w.offices.registration })).body.total).toBe(byOffice);
    expect((await list({ officeId: w.offices.registration }, w.tokens.head01)).body.total).toBe(byOffice);
  });

  describe('bad input: 4xx problem+json naming the field, nothing written', () => {
    const count = async () => Number((await t.db.query('SELECT (SELECT count(*) FROM rejection_filing) + (SELECT count(*) FROM material_return) AS n'))[0].n);
    let caseId: string;
    let inForce: string;
    beforeAll(async () => {
      t.clock.set('2026-03-02T10:00:00+08:00');
      caseId = (await receiveCase(t, w)).id;
      inForce = (await file(w.tokens.handler01, { caseId: (await reissueCase()).id })).body.id;
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['neither case nor enquiry', { caseId: undefined }, 422, 'caseId'],
      ['both case and enquiry', { enquiryId: '00000000-0000-4000-8000-000000000000' }, 422, 'enquiryId'],
      ['no legal basis', { legalBasis: [] }, 400, 'legalBasis'],
      ['a citation without its article', { legalBasis: [{ law: '《条例》' }] }, 400, 'legalBasis.0.article'],
      ['a blank reason', { reason: '   ' }, 400, 'reason'],
      ['an oversized reason', { reason: '理'.repeat(2001) }, 400, 'reason'],
      ['a NUL character in the reason', { reason: '理\u0000由' }, 400, 'reason'],
      ['a NUL character in a citation', { legalBasis: [{ law: '《条例》\u0000', article: '第一条' }] }, 400, 'legalBasis.0.law'],
      ['a bad contact phone', { contactPhone: '12345' }, 400, 'contactPhone'],
      ['a malformed case id', { caseId: 'abc' }, 400, 'caseId'],
      ['an unknown case', { caseId: '00000000-0000-4000-8000-000000000000' }, 422, 'caseId'],
      ['an unknown enquiry', { caseId: undefined, enquiryId: '00000000-0000-4000-8000-000000000000' }, 422, 'enquiryId'],
      ['an approver who is not a leader', { approverId: 'HANDLER' }, 422, 'approverId'],
      ['an unknown field', { urgent: true }, 400, 'urgent'],
      ['legal basis not a list', { legalBasis: 'x' }, 400, 'legalBasis'],
    ])('filing with %s', async (_label, change, status, field) => {
      const before = await count();
      const body: Record<string, unknown> = filing({ caseId, ...change });
      if (body.approverId === 'HANDLER') body.approverId = w.staff.handler01;
      const res = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body });
      expectFieldProblem(res, status, field);
      expect(await count()).toBe(before);
    });

    it('a decision: a missing approve, a non-boolean, a bad id', async () => {
      const pending = (await file(w.tokens.handler01, { caseId })).body.id;
      const before = await count();
      expectFieldProblem(await t.post(`/api/v1/rejection-filings/${pending}/decision`, { token: w.tokens.leader01, body: {} }), 400, 'approve');
      expectFieldProblem(await t.post(`/api/v1/rejection-filings/${pending}/decision`, { token: w.tokens.leader01, body: { approve: 'yes' } }), 400, 'approve');
      expectFieldProblem(await t.post(`/api/v1/rejection-filings/not-a-uuid/decision`, { token: w.tokens.leader01, body: { approve: true } }), 400, 'id');
      const missing = await t.post(`/api/v1/rejection-filings/00000000-0000-4000-8000-000000000000/decision`, { token: w.tokens.leader01, body: { approve: true } });
      expect(missing.status).toBe(404);
      expect(await count()).toBe(before);
      expect((await t.get(`/api/v1/rejection-filings/${pending}`, { token: w.tokens.leader01 })).body.status).toBe('pending_decision');
    });

    it('returns: empty items, a bad channel, a bad recipient, no signature, a bad return id', async () => {
      const url = `/api/v1/rejection-filings/${inForce}/material-returns`;
      const before = await count();
      expectFieldProblem(await t.post(url, { token: w.tokens.clerk01, body: { items: [], channel: 'visit' } }), 400, 'items');
      expectFieldProblem(await t.post(url, { token: w.tokens.clerk01, body: { items: [{ name: '遗失声明', copies: 0 }], channel: 'visit' } }), 400, 'items.0.copies');
      expectFieldProblem(await t.post(url, { token: w.tokens.clerk01, body: { items: [{ name: '遗失声明', copies: 1 }], channel: 'pigeon' } }), 400, 'channel');
      expect(await count()).toBe(before);
      const req = (await t.post(url, { token: w.tokens.clerk01, body: { items: [{ name: '遗失声明', copies: 1 }], channel: 'visit' } })).body;
      const hand = (body: unknown, id = req.id) => t.post(`${url}/${id}/hand-over`, { token: w.tokens.clerk01, body });
      const recipient = { kind: 'applicant', name: '张三', idNumber: APPLICANT.idNumber };
      expectFieldProblem(await hand({ recipient }), 400, 'signature');
      expectFieldProblem(await hand({ recipient: { ...recipient, idNumber: '123' }, signature: { method: 'handwritten', signedName: '张三' } }), 400, 'recipient.idNumber');
      expectFieldProblem(await hand({ recipient: { ...recipient, kind: 'friend' }, signature: { method: 'handwritten', signedName: '张三' } }), 400, 'recipient.kind');
      expectFieldProblem(await hand({ recipient, signature: { method: 'handwritten', signedName: '张三' } }, 'nope'), 400, 'returnId');
      const [row] = await t.db.query('SELECT status FROM material_return WHERE id = $1', [req.id]);
      expect(row.status).toBe('requested');
    });

    it('the register: a bad period, status, page or item code', async () => {
      for (const [query, field] of [
        [{ from: '2026-04-01' }, 'from'],
        [{ status: 'lost' }, 'status'],
        [{ pageSize: '1000' }, 'pageSize'],
        [{ serviceItemCode: 'x' }, 'serviceItemCode'],
        [{ officeId: 'x' }, 'officeId'],
      ] as Array<[Record<string, string>, string]>) {
        expectFieldProblem(await t.get('/api/v1/rejection-filings', { token: w.tokens.inspector01, query }), 400, field);
      }
    });

    it('an idempotent retry files once', async () => {
      const c = await reissueCase();
      const headers = { 'idempotency-key': `k-${c.id}` };
      const [a, b] = [await file(w.tokens.handler01, { caseId: c.id }, headers), await file(w.tokens.handler01, { caseId: c.id }, headers)];
      expect([a.status, b.status, b.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
      expect(b.body.id).toBe(a.body.id);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM rejection_filing WHERE case_id = $1', [c.id]);
      expect(n).toBe(1);
    });
  });
});
