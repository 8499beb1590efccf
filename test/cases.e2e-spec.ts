import { TimerSweep } from '@app/deadlines';
import { APPLICANT, COMPLETE_MATERIALS, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('cases, receipts and one-time notices (一次性告知制, 限时办结制)', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  describe('acceptance', () => {
    it('complete materials: the case is accepted with a numbered receipt and a promised time on the calendar', async () => {
      const c = await receiveCase(t, w);
      expect(c.status).toBe('accepted');
      expect(c.receipt).toMatchObject({
        number: expect.stringMatching(/^收件〔2026〕\d{4}号$/),
        queryCode: expect.stringMatching(/^[A-Z0-9]{8}$/),
        unitName: '示范县市场监督管理局',
        serviceItem: { code: 'DEMO-001', name: '个体工商户设立登记' },
        handler: { id: w.staff.handler01, name: '李经办', badgeNo: 'DEMO-002' },
        receivedAt: t.clock.now().toISOString(),
        materials: COMPLETE_MATERIALS,
      });
      // 3 working days from Monday 2 March: Thursday 5 March at close of business.
      expect(shanghai(c.receipt.promisedAt)).toBe('2026-03-05 17:30');
      expect(c.deadline).toMatchObject({ state: 'running', dueAt: c.receipt.promisedAt, provisional: false });
      expect(c.deadline.steps.map((s: { step: string }) => s.step)).toEqual(['warning', 'due', 'overdue_office_head', 'overdue_leader', 'overdue_inspector']);
    });

    it('missing materials: ONE numbered notice lists every missing item with basis, limit, procedure and reasons', async () => {
      const c = await receiveCase(t, w, COMPLETE_MATERIALS.slice(0, 1), {
        noticeItems: [{ name: '租赁合同', reason: '经营场所为租赁，需提交租赁合同' }],
      });
      expect(c.status).toBe('awaiting_materials');
      expect(c.receipt).toBeNull();
      expect(c.deadline).toBeNull();
      expect(c.notices).toHaveLength(1);
      const notice = c.notices[0];
      expect(notice.number).toMatch(/^告知〔2026〕\d{4}号$/);
      expect(notice.items.map((i: { name: string }) => i.name)).toEqual(['经营者身份证明', '经营场所使用证明', '租赁合同']);
      expect(notice.items[0].reason).toBe('未提交（需复印件1份）');
      expect(notice.legalBasis).toContain('市场主体登记管理条例');
      expect(notice.timeLimit).toContain('3个工作日');
      expect(notice.procedure).toEqual(['申请', '受理', '审查', '决定', '发照']);
      expect(notice.issuedBy).toEqual({ id: w.staff.clerk01, name: '王小窗', badgeNo: 'DEMO-001' });
      const archived = await t.get(`/api/v1/notices/${notice.id}`, { token: w.tokens.head01 });
      expect(archived.body).toEqual(notice);
    });

    it('when the citizen brings the items, the case is accepted and gets its receipt', async () => {
      const c = await receiveCase(t, w, COMPLETE_MATERIALS.slice(0, 1), { noticeItems: [{ name: '租赁合同', reason: '需提交' }] });
      const partial = await t.post(`/api/v1/cases/${c.id}/materials`, { token: w.tokens.clerk01, body: { materials: COMPLETE_MATERIALS.slice(1) } });
      expect(partial.body.status).toBe('awaiting_materials'); // the lease the notice asked for is still missing
      t.clock.set('2026-03-03T09:30:00+08:00');
      const done = await t.post(`/api/v1/cases/${c.id}/materials`, { token: w.tokens.clerk01, body: { materials: [{ name: '租赁合同', pages: 4, copies: 1 }] } });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('accepted');
      expect(shanghai(done.body.receipt.promisedAt)).toBe('2026-03-06 17:30');
    });

    it('an issued notice is archived: it cannot be changed', async () => {
      const c = await receiveCase(t, w, []);
      await expect(t.db.query(`UPDATE one_time_notice SET items = '[]' WHERE id = $1`, [c.notices[0].id])).rejects.toThrow(/archived/);
    });
  });

  describe('a later notice (一次性告知)', () => {
    it('repeating items of the first notice is not a violation', async () => {
      const c = await receiveCase(t, w, []);
      const res = await t.post(`/api/v1/cases/${c.id}/notices`, { token: w.tokens.clerk01, body: { items: [{ name: '经营者身份证明', reason: '再次提醒' }] } });
      expect(res.status).toBe(201);
      expect(res.body.repeatedNoticeItems).toEqual([]);
      expect((await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: c.id } })).body.items).toEqual([]);
    });

    it('a second notice with a new item is flagged as a repeated notice against its issuer', async () => {
      const c = await receiveCase(t, w, []);
      const res = await t.post(`/api/v1/cases/${c.id}/notices`, { token: w.tokens.clerk01, body: { items: [{ name: '消防安全检查合格证', reason: '补充' }] } });
      expect(res.body.sequence).toBe(2);
      expect(res.body.repeatedNoticeItems).toEqual(['消防安全检查合格证']);
      const violations = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: c.id } })).body.items;
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({
        type: 'repeated_notice',
        code: 'REPEATED_NOTICE',
        staffId: w.staff.clerk01,
        officeId: w.offices.window,
        evidence: { notice: res.body.number, earlierNotices: [c.notices[0].number], newItems: ['消防安全检查合格证'] },
      });
    });

    it('a new item marked newly required with a justification is not flagged', async () => {
      const c = await receiveCase(t, w, []);
      const res = await t.post(`/api/v1/cases/${c.id}/notices`, {
        token: w.tokens.clerk01,
        body: { items: [{ name: '消防安全检查合格证', reason: '补充', newlyRequired: true, justification: '3月1日起施行的新规定' }] },
      });
      expect(res.body.repeatedNoticeItems).toEqual([]);
      expect((await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: c.id } })).body.items).toEqual([]);
    });

    it('newly required without a justification is refused', async () => {
      const c = await receiveCase(t, w, []);
      const res = await t.post(`/api/v1/cases/${c.id}/notices`, { token: w.tokens.clerk01, body: { items: [{ name: '新材料', reason: '补充', newlyRequired: true }] } });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'NOTICE.JUSTIFICATION_REQUIRED', errors: [{ field: 'items.0.justification' }] });
    });
  });

  describe('numbering', () => {
    it('receipts and notices are numbered per unit and year with no gaps or duplicates under concurrent issue', async () => {
      const created = await Promise.all(Array.from({ length: 12 }, (_, i) => receiveCase(t, w, i % 2 ? COMPLETE_MATERIALS : [])));
      const numbers = (await t.db.query(`SELECT kind, last_seq FROM document_counter ORDER BY kind`)) as Array<{ kind: string; last_seq: number }>;
      const receipts = (await t.db.query(`SELECT receipt_no FROM service_case WHERE receipt_no IS NOT NULL ORDER BY receipt_no`)).map((r: { receipt_no: string }) => r.receipt_no);
      const notices = (await t.db.query(`SELECT number FROM one_time_notice ORDER BY number`)).map((r: { number: string }) => r.number);
      const seq = (n: string) => Number(/(\d{4})号$/.exec(n)![1]);
      expect(receipts.map(seq)).toEqual(Array.from({ length: receipts.length }, (_, i) => i + 1));
      expect(notices.map(seq)).toEqual(Array.from({ length: notices.length }, (_, i) => i + 1));
      expect(numbers).toEqual([
        { kind: 'notice', last_seq: notices.length },
        { kind: 'receipt', last_seq: receipts.length },
      ]);
      expect(created).toHaveLength(12);
    });
  });

  describe('the clock', () => {
    it('pause and resume: paused working time does not count and every step moves', async () => {
      const c = await receiveCase(t, w); // due Thu 5 March 17:30
      t.clock.set('2026-03-03T10:00:00+08:00');
      const paused = await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待申请人补正说明' } });
      expect(paused.status).toBe(200);
      expect(paused.body.deadline.state).toBe('paused');
      t.clock.set('2026-03-05T10:00:00+08:00'); // two working days later
      const resumed = await t.post(`/api/v1/cases/${c.id}/resume`, { token: w.tokens.handler01 });
      expect(resumed.body.deadline.state).toBe('running');
      expect(shanghai(resumed.body.deadline.dueAt)).toBe('2026-03-09 17:30');
      expect(shanghai(resumed.body.receipt.promisedAt)).toBe('2026-03-05 17:30'); // the receipt stays as printed
      const due = resumed.body.deadline.steps.find((s: { step: string }) => s.step === 'due');
      expect(due.fireAt).toBe(resumed.body.deadline.dueAt);
    });

    it('a paused clock fires nothing, however late it gets', async () => {
      const c = await receiveCase(t, w);
      await t.post(`/api/v1/cases/${c.id}/pause`, { token: w.tokens.handler01, body: { reason: '等待' } });
      t.clock.set('2026-04-30T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      expect(await t.db.query('SELECT step FROM escalation WHERE subject_id = $1', [c.id])).toEqual([]);
    });

    it('the sweep fires every step whose time has passed, once, with alerts up the ladder and an overdue violation', async () => {
      const c = await receiveCase(t, w);
      t.clock.set('2026-03-10T09:00:00+08:00'); // past the inspector rung (Mon 9 March 17:30)
      await t.app.get(TimerSweep).sweep();
      await t.app.get(TimerSweep).sweep();
      const fired = (await t.db.query('SELECT step, recipients FROM escalation WHERE subject_id = $1 ORDER BY fire_at, step', [c.id])) as Array<{ step: string; recipients: string[] }>;
      expect(fired.map((f) => f.step).sort()).toEqual(['due', 'overdue_inspector', 'overdue_leader', 'overdue_office_head', 'warning']);
      const to = Object.fromEntries(fired.map((f) => [f.step, f.recipients]));
      expect(to).toMatchObject({
        warning: [w.staff.handler01],
        due: [w.staff.handler01],
        overdue_office_head: [w.staff.head01],
        overdue_leader: [w.staff.leader01],
        overdue_inspector: [w.staff.inspector01],
      });
      const overdue = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { caseId: c.id, type: 'overdue' } })).body.items;
      expect(overdue).toHaveLength(1);
      expect(overdue[0]).toMatchObject({ staffId: w.staff.handler01, officeId: w.offices.registration });
      const inbox = (await t.get('/api/v1/alerts', { token: w.tokens.head01, query: { unread: 'true' } })).body;
      expect(inbox.items.filter((a: { caseId: string }) => a.caseId === c.id)).toEqual([
        expect.objectContaining({ step: 'overdue_office_head', level: 'red', title: '办件超期，请股室负责人督办' }),
      ]);
    });

    it('completion cancels the steps that are left', async () => {
      const c = await receiveCase(t, w);
      t.clock.set('2026-03-04T16:00:00+08:00'); // past the warning (Wed 15:10), before due
      await t.app.get(TimerSweep).sweep();
      const done = await t.post(`/api/v1/cases/${c.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } });
      expect(done.body).toMatchObject({ status: 'completed', result: '准予登记', deadline: { state: 'stopped' } });
      t.clock.set('2026-04-30T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      expect((await t.db.query('SELECT step FROM escalation WHERE subject_id = $1', [c.id])).map((r: { step: string }) => r.step)).toEqual(['warning']);
    });
  });

  describe('extensions', () => {
    it('approved by a leader: a new due time, every step moved, and a numbered notice with the reason', async () => {
      const c = await receiveCase(t, w);
      const req = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查经营场所' } });
      expect(req.status).toBe(201);
      expect(req.body.status).toBe('requested');
      const decided = await t.post(`/api/v1/cases/${c.id}/extensions/${req.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } });
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ status: 'approved', reason: '需现场核查经营场所', decidedBy: { id: w.staff.leader01 }, noticeNumber: expect.stringMatching(/^延期〔2026〕\d{4}号$/) });
      expect(shanghai(decided.body.newDueAt)).toBe('2026-03-09 17:30');
      const after = (await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body;
      expect(after.deadline.dueAt).toBe(decided.body.newDueAt);
      expect(after.deadline.steps.find((s: { step: string }) => s.step === 'overdue_leader').fireAt).toBe(new Date('2026-03-10T09:30:00Z').toISOString());
      // Past the old due time nothing is overdue.
      t.clock.set('2026-03-06T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      expect((await t.db.query(`SELECT step FROM escalation WHERE subject_id = $1 AND step <> 'warning'`, [c.id]))).toEqual([]);
    });

    it('denied: nothing changes', async () => {
      const c = await receiveCase(t, w);
      const req = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需要' } });
      const decided = await t.post(`/api/v1/cases/${c.id}/extensions/${req.body.id}/decision`, { token: w.tokens.leader01, body: { approve: false, note: '理由不足' } });
      expect(decided.body).toMatchObject({ status: 'denied', newDueAt: null, noticeNumber: null });
      expect((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.deadline.dueAt).toBe(c.deadline.dueAt);
    });

    it('is refused after the due time', async () => {
      const c = await receiveCase(t, w);
      t.clock.set('2026-03-05T17:30:00+08:00');
      const res = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '来不及了' } });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CASE.EXTENSION_AFTER_DUE');
    });

    it('needs a leader: a handler cannot approve their own request', async () => {
      const c = await receiveCase(t, w);
      const req = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需要' } });
      const res = await t.post(`/api/v1/cases/${c.id}/extensions/${req.body.id}/decision`, { token: w.tokens.handler01, body: { approve: true } });
      expect(res.status).toBe(403);
      expect((await t.get(`/api/v1/cases/${c.id}`, { token: w.tokens.handler01 })).body.deadline.dueAt).toBe(c.deadline.dueAt);
    });
  });

  describe('the citizen', () => {
    it('looks a case up by receipt number and query code: status and promised time, no personal data', async () => {
      const c = await receiveCase(t, w);
      const res = await t.get(`/api/v1/public/cases/${encodeURIComponent(c.receipt.number)}`, { query: { code: c.receipt.queryCode } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ receiptNo: c.receipt.number, status: 'accepted', promisedAt: c.receipt.promisedAt });
      expect(JSON.stringify(res.body)).not.toContain(APPLICANT.name);
      expect(JSON.stringify(res.body)).not.toContain(APPLICANT.phone);
      const wrong = await t.get(`/api/v1/public/cases/${encodeURIComponent(c.receipt.number)}`, { query: { code: 'ZZZZZZZZ' } });
      expect(wrong.status).toBe(404);
    });
  });
});
