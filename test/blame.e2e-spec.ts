import ExcelJS from 'exceljs';
import { TimerSweep } from '@app/deadlines';
import { WindowWatch } from '@app/organization';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';

// Violations go to whoever held the work when the rule was broken; a leader's lateness goes up, never down.

const FILING = { reason: '不符合法定条件', legalBasis: [{ law: '《条例》', article: '第一条' }], contactPhone: '0851-28220002' };

describe('blame lands on whoever held the work', () => {
  let t: TestApp;
  let w: World;
  const id: Record<string, string> = {};
  const token: Record<string, string> = {};
  /** The case overdue while handler01 was away (its violation is confirmed later, then exported). */
  let coveredCase: { id: string; receipt: { number: string } };
  const tok = (name: string) => token[name] ?? w.tokens[name as keyof World['tokens']];
  const sid = (name: string) => id[name] ?? w.staff[name]!;

  async function approvedAbsence(who: string, approver: string, body: Record<string, unknown>): Promise<string> {
    const res = await t.post('/api/v1/absences', { token: tok(who), body: { type: 'leave', reason: '休假', ...body } });
    if (res.status !== 201) throw new Error(`absence not registered: ${res.status} ${JSON.stringify(res.body)}`);
    const ok = await t.post(`/api/v1/absences/${res.body.id}/decision`, { token: tok(approver), body: { approve: true } });
    if (ok.status !== 200) throw new Error(`absence not approved: ${ok.status} ${JSON.stringify(ok.body)}`);
    return res.body.id;
  }

  const violations = async (query: Record<string, string>) =>
    (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { pageSize: '100', ...query } })).body.items as Array<Record<string, any>>;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    const added = await addStaff(t, w, 'BLAME', [
      ['handler03', 'registration', ['handler']],
      ['leader02', 'general', ['leader']],
      ['clerk03', 'window', ['clerk']],
      ['clerk04', 'window', ['clerk']],
      ['head02', 'window', ['office_head']],
    ]);
    Object.assign(id, added.id);
    Object.assign(token, added.token);
    const posts = [
      { name: '登记注册经办 A 岗', kind: 'staff', officeId: w.offices.registration, holderId: w.staff.handler01, substituteId: sid('handler03') },
      { name: '综合窗口1', kind: 'staff', officeId: w.offices.window, window: true, holderId: w.staff.clerk01, substituteId: sid('clerk04') },
    ];
    for (const body of posts) {
      const res = await t.post('/api/v1/posts', { token: w.tokens.admin, body });
      if (res.status !== 201) throw new Error(`post: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  afterAll(() => t.close());

  it('a case overdue while its handler is on approved leave is charged to the substitute who held it, acting for the handler', async () => {
    t.clock.set('2026-03-02T08:00:00+08:00'); // a Monday
    const c = await receiveCase(t, w, [{ name: '补领营业执照申请书', pages: 1, copies: 1 }, { name: '遗失声明', pages: 1, copies: 1 }], { serviceItemCode: 'DEMO-003' });
    coveredCase = c;
    await approvedAbsence('handler01', 'head01', { startsAt: '2026-03-02T09:00:00+08:00', endsAt: '2026-03-02T17:30:00+08:00' });
    t.clock.set('2026-03-02T17:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    const found = await violations({ type: 'overdue' });
    const mine = found.filter((v) => v.caseId === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ staffId: sid('handler03'), evidence: { caseId: c.id, actingFor: w.staff.handler01 } });
    // The stand-in's alerts about the case say what it is in words.
    const [due] = (await t.get('/api/v1/alerts', { token: tok('handler03'), query: { pageSize: '100' } })).body.items.filter((a: any) => a.subjectId === c.id && a.step === 'due');
    expect(due).toMatchObject({ summary: { number: c.receipt.number, serviceItem: '营业执照遗失补领', applicant: '张*' }, link: `/cases/${c.id}` });
  });

  it('a case overdue with its handler present is charged to the handler', async () => {
    t.clock.set('2026-03-09T08:00:00+08:00');
    const c = await receiveCase(t, w, [{ name: '补领营业执照申请书', pages: 1, copies: 1 }, { name: '遗失声明', pages: 1, copies: 1 }], { serviceItemCode: 'DEMO-003' });
    t.clock.set('2026-03-10T12:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    const [v] = (await violations({ type: 'overdue' })).filter((x) => x.caseId === c.id);
    expect(v).toMatchObject({ staffId: w.staff.handler01 });
    expect(v!.evidence.actingFor).toBeUndefined();
  });

  it('an unattended window is charged to the stand-in the holder named for the absence, not to the holder', async () => {
    const MONDAY = (time: string) => `2026-03-16T${time}:00+08:00`;
    t.clock.set('2026-03-13T09:00:00+08:00');
    await approvedAbsence('clerk01', 'head02', { startsAt: MONDAY('09:00'), endsAt: MONDAY('17:30'), standInId: sid('clerk03') });
    // The substitute is away, and the stand-in is then given leave of their own (the approver is warned):
    // nobody attends the window.
    await approvedAbsence('clerk04', 'head02', { startsAt: MONDAY('09:00'), endsAt: MONDAY('17:30') });
    const standIn = await t.post('/api/v1/absences', { token: tok('clerk03'), body: { type: 'leave', reason: '病假', startsAt: MONDAY('09:00'), endsAt: MONDAY('12:00') } });
    expect(standIn.status).toBe(201);
    expect(standIn.body.warnings).toEqual([expect.objectContaining({ code: 'WINDOW_UNCOVERED', holderId: w.staff.clerk01, message: expect.stringContaining('stand in') })]);
    expect((await t.post(`/api/v1/absences/${standIn.body.id}/decision`, { token: tok('head02'), body: { approve: true } })).status).toBe(200);
    expect(await t.app.get(WindowWatch).check(new Date(MONDAY('10:00')))).toBe(1);
    const [v] = await violations({ type: 'unattended_window' });
    expect(v).toMatchObject({ staffId: sid('clerk03'), evidence: { standInFor: w.staff.clerk01 } });
  });

  describe("a leader's late decision escalates up", () => {
    let filingId: string;

    beforeAll(async () => {
      const principal = await t.patch(`/api/v1/units/${w.unitId}`, { token: w.tokens.admin, body: { principalId: sid('leader02') } });
      expect(principal.status).toBe(200);
      expect(principal.body).toMatchObject({ id: w.unitId, principalId: sid('leader02') });
      t.clock.set('2026-03-23T09:00:00+08:00');
      const c = await receiveCase(t, w);
      const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: c.id, approverId: w.staff.leader01 } });
      expect(filed.status).toBe(201);
      filingId = filed.body.id;
      t.clock.set('2026-04-10T12:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
    });

    it('to the principal leader and the inspector, never to an office head', async () => {
      const alerts = (await t.db.query('SELECT recipient_id, step, title FROM alert WHERE subject_id = $1 ORDER BY created_at, step', [filingId])) as Array<Record<string, string>>;
      const byStep = (step: string) => alerts.filter((a) => a.step === step).map((a) => a.recipient_id).sort();
      expect(byStep('due')).toEqual([w.staff.leader01]);
      expect(byStep('overdue_office_head')).toEqual([sid('leader02')]);
      expect(byStep('overdue_leader')).toEqual([sid('leader02')]);
      expect(byStep('overdue_inspector')).toEqual([w.staff.inspector01]);
      expect(alerts.map((a) => a.recipient_id)).not.toContain(w.staff.head01);
      for (const a of alerts) expect(a.title).not.toContain('股室负责人');
    });

    it('the late decision is the leader’s violation', async () => {
      const [v] = (await violations({ type: 'leader_decision_overdue' })).filter((x) => x.evidence.filingId === filingId);
      expect(v).toMatchObject({ staffId: w.staff.leader01 });
    });
  });

  describe('the leader in charge of an office (分管领导)', () => {
    it('an admin names it; a staff member who is not an active leader is refused naming the field, writing nothing', async () => {
      const bad = await t.patch(`/api/v1/offices/${w.offices.registration}`, { token: w.tokens.admin, body: { leaderId: w.staff.head01 } });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatchObject({ code: 'ORGANIZATION.NOT_A_LEADER', errors: [{ field: 'leaderId' }] });
      const [office] = await t.db.query('SELECT leader_id FROM office WHERE id = $1', [w.offices.registration]);
      expect(office.leader_id).toBeNull();
      const ok = await t.patch(`/api/v1/offices/${w.offices.registration}`, { token: w.tokens.admin, body: { leaderId: w.staff.leader01 } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: w.offices.registration, leaderId: w.staff.leader01 });
      expect((await t.get('/api/v1/offices', { token: w.tokens.clerk01 })).body.find((o: { id: string }) => o.id === w.offices.registration)).toMatchObject({ leaderId: w.staff.leader01 });
    });

    it('is the default approver of a refusal beyond the handler’s authority, not the leader with the lowest badge number', async () => {
      t.clock.set('2026-04-13T09:00:00+08:00');
      const c = await receiveCase(t, w);
      const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: c.id } });
      expect(filed.status).toBe(201);
      // leader02's badge (BLAME-02) sorts before leader01's (DEMO-005).
      expect(filed.body.approver.id).toBe(w.staff.leader01);
    });
  });

  describe('an extension request waiting with a leader (限时办结制)', () => {
    let caseId: string;
    let extensionId: string;

    beforeAll(async () => {
      t.clock.set('2026-04-20T09:00:00+08:00');
      caseId = (await receiveCase(t, w)).id;
      t.clock.set('2026-04-20T10:00:00+08:00');
      const ext = await t.post(`/api/v1/cases/${caseId}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查' } });
      expect(ext.status).toBe(201);
      extensionId = ext.body.id;
    });

    it('puts the request on the desk of the leader in charge at once, in words', async () => {
      const inbox = (await t.get('/api/v1/alerts', { token: w.tokens.leader01 })).body.items as Array<Record<string, any>>;
      const alert = inbox.find((a) => a.subjectId === extensionId);
      expect(alert).toMatchObject({
        kind: 'extension_decision',
        event: 'assigned',
        summary: { number: expect.stringMatching(/^收件〔2026〕\d{4}号$/), serviceItem: '个体工商户设立登记', applicant: '张*' },
        link: `/cases/${caseId}`,
      });
      expect(alert!.dueAt).toBeTruthy();
    });

    it('gets its own clock: late, it is the leader’s leader_decision_overdue, escalated to the principal leader; the case’s lateness meanwhile is charged to the leader, not the handler', async () => {
      t.clock.set('2026-05-20T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      const late = (await violations({ type: 'leader_decision_overdue' })).filter((v) => v.evidence.extensionId === extensionId);
      expect(late).toEqual([expect.objectContaining({ staffId: w.staff.leader01 })]);
      const overdue = (await violations({ type: 'overdue' })).filter((v) => v.caseId === caseId);
      expect(overdue).toEqual([expect.objectContaining({ staffId: w.staff.leader01, evidence: expect.objectContaining({ waitingFor: { kind: 'extension_decision', id: extensionId } }) })]);
      const [rung] = await t.db.query(`SELECT recipients FROM escalation WHERE subject_id = $1 AND step = 'overdue_office_head'`, [extensionId]);
      expect(rung.recipients).toEqual([sid('leader02')]);
    });

    it('a decision stops the leader’s clock', async () => {
      t.clock.set('2026-06-01T09:00:00+08:00');
      const c = await receiveCase(t, w);
      const ext = await t.post(`/api/v1/cases/${c.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 1, reason: '需补充核查' } });
      expect(ext.status).toBe(201);
      const decided = await t.post(`/api/v1/cases/${c.id}/extensions/${ext.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } });
      expect(decided.status).toBe(200);
      const [timer] = await t.db.query('SELECT state FROM deadline_timer WHERE subject_id = $1', [ext.body.id]);
      expect(timer.state).toBe('stopped');
    });
  });

  describe('the people who must act are told at once, in words', () => {
    const inboxOf = async (who: string, subjectId: string) =>
      ((await t.get('/api/v1/alerts', { token: tok(who), query: { pageSize: '100' } })).body.items as Array<Record<string, any>>).filter((a) => a.subjectId === subjectId);

    it('the target of a transfer', async () => {
      t.clock.set('2026-06-08T10:00:00+08:00');
      const res = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: {
          channel: 'visit',
          kind: 'application',
          subject: '申请个体工商户设立登记',
          serviceItemCode: 'DEMO-001',
          citizen: { name: '王大锤', phone: '13900000000' },
          outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 },
        },
      });
      expect(res.status).toBe(201);
      const [alert] = await inboxOf('handler01', res.body.id);
      expect(alert).toMatchObject({
        kind: 'enquiry',
        event: 'assigned',
        title: '转办事项待接收',
        summary: { serviceItem: '个体工商户设立登记', applicant: '王**', text: '申请个体工商户设立登记' },
        link: `/transfers?enquiry=${res.body.id}`,
      });
      expect(alert!.summary.number).toBeTruthy();
      expect(alert!.dueAt).toBeTruthy();
    });

    it('the leader with a refusal to decide', async () => {
      t.clock.set('2026-06-08T11:00:00+08:00');
      const c = await receiveCase(t, w);
      const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: c.id } });
      expect(filed.status).toBe(201);
      const [alert] = await inboxOf('leader01', filed.body.id);
      expect(alert).toMatchObject({
        kind: 'rejection_decision',
        event: 'assigned',
        summary: { number: c.receipt.number, serviceItem: '个体工商户设立登记', applicant: '张*' },
        link: `/approvals?filing=${filed.body.id}`,
        dueAt: filed.body.decisionDueAt,
      });
    });

    it('the office head with a new rectification', async () => {
      t.clock.set('2026-06-08T14:00:00+08:00');
      const c = await receiveCase(t, w);
      const rated = await t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level: 'very_dissatisfied', comment: '态度差' } });
      expect(rated.status).toBe(201);
      const [row] = await t.db.query(`SELECT r.id FROM rectification r JOIN rating g ON g.id = r.rating_id WHERE g.case_id = $1`, [c.id]);
      const [alert] = await inboxOf('head01', row.id);
      expect(alert).toMatchObject({ kind: 'rectification', event: 'assigned', summary: { number: c.receipt.number, applicant: '张*', text: '不满意评价：态度差' } });
      expect(alert!.dueAt).toBeTruthy();
    });

    it('the staff member whose violation is confirmed', async () => {
      t.clock.set('2026-06-09T10:00:00+08:00');
      const [v] = (await violations({ type: 'overdue' })).filter((x) => x.staffId === sid('handler03'));
      const res = await t.post(`/api/v1/violations/${v!.id}/confirm`, {
        token: w.tokens.inspector01,
        body: { reason: '代岗期间未及时办结', actions: [{ type: 'reminder_talk', staffId: sid('handler03'), decidedAt: '2026-06-09T10:00:00+08:00' }], responsible: [{ staffId: sid('handler03'), role: 'direct' }] },
      });
      expect(res.status).toBe(200);
      const [alert] = await inboxOf('handler03', v!.id);
      expect(alert).toMatchObject({ kind: 'violation', event: 'violation_confirmed', title: expect.stringContaining('违规已认定'), summary: { text: expect.stringContaining('代岗期间未及时办结') } });
    });
  });

  describe('the refusal notice is titled by its stage (否定报备制)', () => {
    const REISSUE = [{ name: '补领营业执照申请书', pages: 1, copies: 1 }, { name: '遗失声明', pages: 1, copies: 1 }];
    const refuse = async (caseId: string) => {
      const res = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId } });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('registered');
      return res.body.notice as { title: string; decision: string };
    };

    it('不予受理 before acceptance', async () => {
      t.clock.set('2026-06-10T10:00:00+08:00');
      const c = await receiveCase(t, w, [REISSUE[0]!], { serviceItemCode: 'DEMO-003' });
      expect(c.status).toBe('awaiting_materials');
      expect(await refuse(c.id)).toMatchObject({ title: '不予受理通知书', decision: '不予受理' });
    });

    it('不予办理 after acceptance of a service that is no licence', async () => {
      const c = await receiveCase(t, w, REISSUE, { serviceItemCode: 'DEMO-003' });
      expect(await refuse(c.id)).toMatchObject({ title: '不予办理通知书', decision: '不予办理' });
    });

    it('不予许可 after acceptance of an administrative licence (the service item’s kind)', async () => {
      const item = await t.post('/api/v1/services', {
        token: w.tokens.admin,
        body: {
          code: 'BLAME-L01',
          name: '食品小作坊登记证核发',
          kind: 'licensing',
          officeId: w.offices.registration,
          legalBasis: '《食品安全法》',
          statutoryLimit: { amount: 20, unit: 'working_days' },
          committedLimit: { amount: 10, unit: 'working_days' },
          materials: [{ name: '登记申请书', form: 'original', copies: 1 }],
          procedure: ['申请', '受理', '审查', '决定'],
          feeFen: 0,
          rejection: { withinAuthority: true, decisionWorkingHours: 4 },
        },
      });
      expect(item.status).toBe(201);
      expect(item.body.kind).toBe('licensing');
      const c = await receiveCase(t, w, [{ name: '登记申请书', pages: 1, copies: 1 }], { serviceItemCode: 'BLAME-L01' });
      expect(await refuse(c.id)).toMatchObject({ title: '不予许可决定书', decision: '不予许可' });
    });
  });

  describe('deactivating a staff member with open cases', () => {
    const more: Record<string, string> = {};
    beforeAll(async () => {
      const added = await addStaff(t, w, 'DEACT', [
        ['handler04', 'registration', ['handler']],
        ['handler05', 'registration', ['handler']],
      ]);
      Object.assign(more, added.id);
      const post = await t.post('/api/v1/posts', {
        token: w.tokens.admin,
        body: { name: '登记注册经办 B 岗', kind: 'staff', officeId: w.offices.registration, holderId: more.handler04, substituteId: sid('handler03') },
      });
      expect(post.status).toBe(201);
    });
    const handlerOf = async (caseId: string) => (await t.db.query('SELECT handler_id FROM service_case WHERE id = $1', [caseId]))[0].handler_id;
    const deactivate = (staffId: string, extra: Record<string, unknown> = {}) => t.patch(`/api/v1/staff/${staffId}`, { token: w.tokens.admin, body: { active: false, ...extra } });

    it('is refused (409) with the open cases listed, changing nothing', async () => {
      t.clock.set('2026-06-15T09:00:00+08:00');
      const c = await receiveCase(t, w, undefined, { handlerId: more.handler04 });
      const res = await deactivate(more.handler04!);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'STAFF.HAS_OPEN_CASES', errors: [{ field: 'active' }], openCases: [{ kind: 'case', id: c.id }] });
      expect((await t.db.query('SELECT active FROM staff WHERE id = $1', [more.handler04]))[0].active).toBe(true);
      expect(await handlerOf(c.id)).toBe(more.handler04);
    });

    it('with no substitute to name, reassignment is refused naming reassignTo', async () => {
      const c = await receiveCase(t, w, undefined, { handlerId: more.handler05 });
      const res = await deactivate(more.handler05!, { reassignTo: 'substitute' });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'STAFF.NO_SUBSTITUTE', errors: [{ field: 'reassignTo' }] });
      expect(await handlerOf(c.id)).toBe(more.handler05);
      expect(await t.count('staff_handover')).toBe(0);
    });

    it("reassigns them through the post's substitute with a handover record, and the clocks follow", async () => {
      const [c] = (await t.db.query('SELECT id FROM service_case WHERE handler_id = $1', [more.handler04])) as Array<{ id: string }>;
      const res = await deactivate(more.handler04!, { reassignTo: 'substitute' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: more.handler04, active: false, handover: { substituteId: sid('handler03'), items: [{ kind: 'case', id: c!.id }] } });
      expect(await handlerOf(c!.id)).toBe(sid('handler03'));
      const [timer] = await t.db.query('SELECT assignee_id FROM deadline_timer WHERE subject_id = $1', [c!.id]);
      expect(timer.assignee_id).toBe(sid('handler03'));
      const [handover] = await t.db.query('SELECT staff_id, substitute_id, reason, created_by FROM staff_handover');
      expect(handover).toEqual({ staff_id: more.handler04, substitute_id: sid('handler03'), reason: 'deactivation', created_by: w.staff.admin });
    });
  });

  describe('evaluation (绩效考评制): a list, a whole office scored at once, only the staff employed in the period', () => {
    let june: { id: string; results: Array<{ staff: { id: string; officeId: string | null } }> };
    let newcomer: string;
    const QUALITIES = { de: 90, neng: 85, qin: 88, ji: 80, lian: 95 };

    beforeAll(async () => {
      t.clock.set('2026-06-20T09:00:00+08:00');
      const res = await t.post('/api/v1/staff', {
        token: w.tokens.admin,
        body: { username: 'newcomer', password: 'Window-Duty-7Tea', name: '新同事', badgeNo: 'EVAL-01', officeId: w.offices.registration, roles: ['handler'], employedFrom: '2026-07-01T00:00:00+08:00' },
      });
      expect(res.status).toBe(201);
      expect(res.body.employedFrom).toBe(new Date('2026-07-01T00:00:00+08:00').toISOString());
      newcomer = res.body.id;
      t.clock.set('2026-07-01T10:00:00+08:00');
      const drafted = await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-06' } });
      expect(drafted.status).toBe(201);
      june = drafted.body;
    });

    it('a period includes the staff employed in it: not one who joined after it, but one deactivated during it', async () => {
      const ids = june.results.map((r) => r.staff.id);
      expect(ids).not.toContain(newcomer);
      const [leaver] = await t.db.query(`SELECT id FROM staff WHERE username = 'handler04'`);
      expect(ids).toContain(leaver.id);
      expect(ids).toContain(w.staff.handler01);
    });

    it('GET /api/v1/evaluations lists them, paged, newest period first', async () => {
      t.clock.set('2026-08-03T10:00:00+08:00');
      const july = (await t.post('/api/v1/evaluations', { token: w.tokens.leader01, body: { period: '2026-07' } })).body;
      expect(july.results.map((r: { staff: { id: string } }) => r.staff.id)).toContain(newcomer);
      const res = await t.get('/api/v1/evaluations', { token: w.tokens.head01, query: { pageSize: '1' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 2, page: 1, pageSize: 1, items: [{ id: july.id, period: '2026-07', status: 'draft', staffCount: july.results.length, scoredCount: 0 }] });
      expect((await t.get('/api/v1/evaluations', { token: w.tokens.leader01, query: { page: '2', pageSize: '1' } })).body.items[0]).toMatchObject({ id: june.id });
      expect((await t.get('/api/v1/evaluations', { token: w.tokens.clerk01 })).status).toBe(403);
    });

    it('scores a whole office in one request; one bad entry writes none of them', async () => {
      const office = june.results.filter((r) => r.staff.officeId === w.offices.registration).map((r) => r.staff.id);
      expect(office.length).toBeGreaterThan(2);
      const url = `/api/v1/evaluations/${june.id}/qualitative`;
      const bad = await t.put(url, { token: w.tokens.leader01, body: { scores: [...office.map((staffId) => ({ staffId, ...QUALITIES })), { staffId: newcomer, ...QUALITIES }] } });
      expect(bad.status).toBe(404);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: `scores.${office.length}.staffId` })]);
      expect((await t.db.query('SELECT count(*)::int AS n FROM evaluation_result WHERE evaluation_id = $1 AND qualitative IS NOT NULL', [june.id]))[0].n).toBe(0);
      const ok = await t.put(url, { token: w.tokens.leader01, body: { scores: office.map((staffId) => ({ staffId, ...QUALITIES })) } });
      expect(ok.status).toBe(200);
      const scored = ok.body.results.filter((r: { qualitative: unknown }) => r.qualitative).map((r: { staff: { id: string } }) => r.staff.id);
      expect(scored.sort()).toEqual([...office].sort());
      expect((await t.get('/api/v1/evaluations', { token: w.tokens.leader01, query: { status: 'draft' } })).body.items.find((e: { id: string }) => e.id === june.id)).toMatchObject({ scoredCount: office.length });
    });
  });

  describe('exports people can read', () => {
    const MARCH = { from: '2026-03-01T00:00:00+08:00', to: '2026-04-01T00:00:00+08:00' };

    it('CSV: Shanghai times, the receipt number instead of the case id, evidence and accountability as columns', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/reports/violations/items', query: { ...MARCH, format: 'csv' }, headers: { authorization: `Bearer ${w.tokens.inspector01}` } });
      expect(res.statusCode).toBe(200);
      const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
      const header = lines[0]!.split(',');
      expect(header).toEqual(expect.arrayContaining(['发生时间', '受理编号', '情况摘要', '应办结时间', '其他证据', '处理时间', '责任人', '追责措施']));
      const row = lines.find((l) => l.includes(coveredCase.receipt.number))!;
      expect(row).toBeDefined();
      expect(res.body).not.toContain(coveredCase.id);
      expect(res.body).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(res.body).not.toContain('{');
      expect(row).toContain('2026-03-02 ');
      expect(row).toContain(`BLAMEhandler03（BLAME-01，直接责任）`);
      expect(row).toContain('提醒谈话（BLAMEhandler03） 2026-06-09 10:00');
    });

    it('XLSX: the same columns, times in Asia/Shanghai', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/reports/violations/items', query: { ...MARCH, format: 'xlsx' }, headers: { authorization: `Bearer ${w.tokens.inspector01}` } });
      expect(res.statusCode).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('违规明细')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(header.indexOf('受理编号') + 1).value === coveredCase.receipt.number)!;
      expect(row).toBeDefined();
      expect(String(row.getCell(header.indexOf('发生时间') + 1).value)).toMatch(/^2026-03-02 \d{2}:\d{2}$/);
      expect(row.getCell(header.indexOf('处理时间') + 1).value).toBe('2026-06-09 10:00');
      expect(String(row.getCell(header.indexOf('应办结时间') + 1).value)).toMatch(/^2026-03-02 \d{2}:\d{2}$/);
      expect(row.getCell(header.indexOf('责任人') + 1).value).toBe('BLAMEhandler03（BLAME-01，直接责任）');
    });
  });
});
