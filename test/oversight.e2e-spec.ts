import { TimerSweep } from '@app/deadlines';
import { TransferWatch } from '@app/enquiries';
import { OrganizationService, WindowWatch } from '@app/organization';
import { RejectionWatch } from '@app/rejections';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';
import { expectProblem } from './support/problem.js';

// 失职追究制: every violation type is detected from what really happened (and not when the rule was kept);
// an inspector confirms or dismisses each with a reason and records the accountability, all audited.

const PASSWORD = 'Oversight-2026';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const MONDAY = (time: string) => `2026-03-02T${time}:00+08:00`;

type Violation = Record<string, any> & { id: string; staffId: string; evidence: Record<string, any> };

/** A problem+json reply with this status (and code); when `field` is given, errors[] names it. */
describe('violations and accountability (失职追究制)', () => {
  let t: TestApp;
  let w: World;
  const id: Record<string, string> = {};
  const token: Record<string, string> = {};
  const tok = (name: string) => token[name] ?? w.tokens[name as keyof World['tokens']];
  const sid = (name: string) => id[name] ?? w.staff[name]!;

  const violations = async (query: Record<string, string>, who = 'inspector01') => {
    const res = await t.get('/api/v1/violations', { token: tok(who), query: { pageSize: '100', ...query } });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeLessThanOrEqual(100); // the whole list on one page
    return res.body.items as Violation[];
  };
  const about = (list: Violation[], key: string, value: string) => list.filter((v) => v.evidence[key] === value);
  const sweep = () => t.app.get(TimerSweep).sweep();
  const counts = async () => ({
    violation: await t.count('violation'),
    violation_action: await t.count('violation_action'),
    violation_responsible: await t.count('violation_responsible'),
    audit_log: await t.count('audit_log'),
    idempotency_key: await t.count('idempotency_key'),
  });
  const auditOf = (violationId: string) =>
    t.db.query(`SELECT action, actor_id FROM audit_log WHERE entity = 'violation' AND entity_id = $1 ORDER BY id`, [violationId]) as Promise<
      Array<{ action: string; actor_id: string | null }>
    >;

  /** A case received Monday 10:00 and left to run past its due time (Thu 17:30): an overdue violation of handler01. */
  async function overdueViolation(): Promise<Violation> {
    t.clock.set(MONDAY('10:00'));
    const c = await receiveCase(t, w);
    t.clock.set('2026-03-06T10:00:00+08:00');
    await sweep();
    const [v] = await violations({ caseId: c.id, type: 'overdue' });
    return v!;
  }

  /** A refusal at the window left unfiled: a rejection-without-filing violation of clerk01. */
  async function unfiledRefusal(): Promise<Violation> {
    t.clock.set(MONDAY('10:00'));
    const e = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'visit', kind: 'application', subject: '咨询在住宅内开办餐馆', citizen: { name: '王五', phone: '13900139000' }, outcome: { type: 'answered', answer: '不能办理', refused: true } },
    });
    await t.app.get(RejectionWatch).check(new Date(MONDAY('16:00')));
    return about(await violations({ type: 'rejection_without_filing' }), 'enquiryId', e.body.id)[0]!;
  }

  const confirmation = (extra: Record<string, unknown> = {}) => ({
    reason: '经核实，办件超期系经办人未及时审查，股室负责人督办不力',
    actions: [
      { type: 'written_self_examination', staffId: w.staff.handler01, decidedAt: '2026-03-09T10:00:00+08:00', dueAt: '2026-03-13T17:30:00+08:00', note: '三日内提交书面检查' },
      { type: 'reminder_talk', staffId: w.staff.head01, decidedAt: '2026-03-09T10:00:00+08:00' },
    ],
    responsible: [
      { staffId: w.staff.handler01, role: 'direct' },
      { staffId: w.staff.head01, role: 'supervisor' },
    ],
    ...extra,
  });
  const confirm = (violationId: string, body: unknown, who = 'inspector01') => t.post(`/api/v1/violations/${violationId}/confirm`, { token: tok(who), body });
  const dismiss = (violationId: string, body: unknown, who = 'inspector01') => t.post(`/api/v1/violations/${violationId}/dismiss`, { token: tok(who), body });
  const register = (body: Record<string, unknown>, who = 'inspector01', headers?: Record<string, string>) =>
    t.post('/api/v1/violations', { token: tok(who), body, headers });
  const conduct = (extra: Record<string, unknown> = {}) => ({
    type: 'conduct',
    staffId: w.staff.clerk01,
    occurredAt: '2026-03-02T11:00:00+08:00',
    evidence: { summary: '群众来电投诉窗口人员态度生硬、推诿，经调取窗口录像核实', source: 'citizen_complaint', reference: '投诉〔2026〕12号', attachments: ['录像截图-0302-1100.png'] },
    ...extra,
  });

  beforeAll(async () => {
    // The watches run at start-up only; the tests call them at the moments they choose.
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    const more: Array<[string, keyof World['offices'], string[]]> = [
      ['clerk02', 'window', ['clerk']],
      ['clerk03', 'window', ['clerk']],
      ['clerk04', 'window', ['clerk']],
      ['inspector02', 'general', ['inspector']],
      ['retired', 'registration', ['handler']],
    ];
    const added = await addStaff(t, w, 'OVS', more);
    Object.assign(id, added.id);
    Object.assign(token, added.token);
    await t.patch(`/api/v1/staff/${id.retired}`, { token: w.tokens.admin, body: { active: false } });
    // An inspector of another unit: reads every unit, decides only their own.
    const unit = await t.post('/api/v1/units', { token: w.tokens.admin, body: { code: 'OTHER-UNIT', name: '邻县市场监督管理局' } });
    id.outsider = (
      await t.app.get(OrganizationService).createStaff(null, unit.body.id, { username: 'outsider01', password: PASSWORD, name: '外单位纪检', badgeNo: 'OUT-001', roles: ['inspector'] })
    ).id;
    token.outsider = (await t.post('/api/v1/auth/login', { body: { username: 'outsider01', password: PASSWORD } })).body.accessToken;
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set(MONDAY('10:00')));

  // ------------------------------------------------------------------------------------------------
  describe('the catalogue', () => {
    it('lists every type with its stable code, Chinese name and description, its rule, and whether it is detected or registered by hand', async () => {
      const res = await t.get('/api/v1/violation-types', { token: w.tokens.clerk01 });
      expect(res.status).toBe(200);
      const byType = new Map((res.body as Array<Record<string, any>>).map((e) => [e.type, e]));
      expect(Object.fromEntries([...byType].map(([type, e]) => [type, [e.code, e.ruleName, e.detection]]))).toEqual({
        transfer_not_acknowledged: ['TRANSFER_NOT_ACKNOWLEDGED', '首问负责制', 'automatic'],
        repeated_notice: ['REPEATED_NOTICE', '一次性告知制', 'automatic'],
        overdue: ['OVERDUE', '限时办结制', 'automatic'],
        withdrawal_after_warning: ['WITHDRAWAL_AFTER_WARNING', '限时办结制', 'automatic'],
        rejection_without_filing: ['REJECTION_WITHOUT_FILING', '否定报备制', 'automatic'],
        leader_decision_overdue: ['LEADER_DECISION_OVERDUE', '否定报备制', 'automatic'],
        unattended_window: ['UNATTENDED_WINDOW', '同岗替代制', 'automatic'],
        rating_not_rectified: ['RATING_NOT_RECTIFIED', '好差评', 'automatic'],
        complaint_overdue: ['COMPLAINT_OVERDUE', '限时办结制', 'automatic'],
        internal_task_overdue: ['INTERNAL_TASK_OVERDUE', '岗位职责与工作标准', 'automatic'],
        conduct: ['CONDUCT', '工作作风', 'manual'],
        duplicity: ['PROHIBITION_DUPLICITY', '机关效能建设“十不准”', 'manual'],
        falsification: ['PROHIBITION_FALSIFICATION', '机关效能建设“十不准”', 'manual'],
        arbitrariness: ['PROHIBITION_ARBITRARINESS', '机关效能建设“十不准”', 'manual'],
        extravagance: ['PROHIBITION_EXTRAVAGANCE', '机关效能建设“十不准”', 'manual'],
        abuse_of_power: ['PROHIBITION_ABUSE_OF_POWER', '机关效能建设“十不准”', 'manual'],
        procrastination: ['PROHIBITION_PROCRASTINATION', '机关效能建设“十不准”', 'manual'],
        badge_lent: ['BADGE_LENT', '持证上岗制度', 'manual'],
        badge_missing: ['BADGE_MISSING', '持证上岗制度', 'manual'],
      });
      for (const e of byType.values()) {
        expect(e.name).toMatch(/\p{Script=Han}/u);
        expect(e.description).toMatch(/\p{Script=Han}/u);
        expect(e.registrableByHand).toBe(true);
      }
      expect(byType.get('transfer_not_acknowledged')).toMatchObject({ name: '推诿（转办未确认）', rule: 'first_contact' });
      expect((await t.get('/api/v1/violation-types')).status).toBe(401);
    });

    it('十不准: each prohibition is its own type with the seed’s wording, registered by an inspector and counted apart in the report', async () => {
      const types = (await t.get('/api/v1/violation-types', { token: w.tokens.inspector01 })).body as Array<Record<string, any>>;
      expect(types.filter((e) => e.rule === 'ten_prohibitions').map((e) => e.wording)).toEqual([
        '不准阳奉阴违、自行其是',
        '不准弄虚作假、与民争利',
        '不准独断专行、软弱放任',
        '不准奢侈浪费、挥霍公款',
        '不准滥用职权、吃拿卡要',
        '不准办事拖拉',
      ]);
      // January: a month the other tests leave empty.
      const period = { from: '2026-01-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' };
      const evidence = { summary: '暗访发现，经核实', source: 'spot_check' };
      for (const type of ['abuse_of_power', 'abuse_of_power', 'procrastination']) {
        t.clock.set('2026-01-20T10:00:00+08:00');
        const res = await register({ type, staffId: w.staff.clerk01, occurredAt: '2026-01-19T10:00:00+08:00', evidence });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ type, source: 'manual', ruleName: '机关效能建设“十不准”' });
      }
      expectProblem(await register({ type: 'extravagance', staffId: w.staff.clerk01, occurredAt: '2026-01-19T10:00:00+08:00', evidence }, 'head01'), 403, 'AUTH.FORBIDDEN');
      const report = await t.get('/api/v1/reports/violations', { token: w.tokens.inspector01, query: period });
      expect(report.status).toBe(200);
      const byType = Object.fromEntries((report.body.byType as Array<Record<string, any>>).map((r) => [r.type, [r.code, r.name, r.total]]));
      expect(byType).toEqual({
        abuse_of_power: ['PROHIBITION_ABUSE_OF_POWER', '十不准（五）：不准滥用职权、吃拿卡要', 2],
        procrastination: ['PROHIBITION_PROCRASTINATION', '十不准（六）：不准办事拖拉', 1],
      });
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('each type is detected from what happened, and not when the rule was kept', () => {
    it('限时办结制: a case past its due time with no approved extension is overdue; one completed in time, or extended by a leader, is not', async () => {
      const late = await receiveCase(t, w);
      const onTime = await receiveCase(t, w);
      const extended = await receiveCase(t, w);
      const req = await t.post(`/api/v1/cases/${extended.id}/extensions`, { token: w.tokens.handler01, body: { workingDays: 2, reason: '需现场核查经营场所' } });
      expect((await t.post(`/api/v1/cases/${extended.id}/extensions/${req.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).status).toBe(200);
      t.clock.set('2026-03-04T10:00:00+08:00');
      expect((await t.post(`/api/v1/cases/${onTime.id}/complete`, { token: w.tokens.handler01, body: { result: '准予登记' } })).status).toBe(200);

      t.clock.set('2026-03-06T10:00:00+08:00'); // past the promised Thu 17:30, before the extended Mon 9 March 17:30
      await sweep();
      const found = await violations({ type: 'overdue' });
      expect(found.filter((v) => v.caseId === late.id)).toEqual([
        expect.objectContaining({
          code: 'OVERDUE',
          status: 'detected',
          source: 'automatic',
          staffId: w.staff.handler01,
          officeId: w.offices.registration,
          evidence: expect.objectContaining({ caseId: late.id, dueAt: late.deadline.dueAt }),
        }),
      ]);
      expect(found.filter((v) => v.caseId === onTime.id || v.caseId === extended.id)).toEqual([]);
    });

    it('一次性告知制: a second notice asking for something new is a repeated notice; one marked newly required with a justification is not', async () => {
      const repeated = await receiveCase(t, w, []);
      const justified = await receiveCase(t, w, []);
      await t.post(`/api/v1/cases/${repeated.id}/notices`, { token: w.tokens.clerk01, body: { items: [{ name: '消防安全检查合格证', reason: '补充' }] } });
      await t.post(`/api/v1/cases/${justified.id}/notices`, {
        token: w.tokens.clerk01,
        body: { items: [{ name: '消防安全检查合格证', reason: '补充', newlyRequired: true, justification: '3月1日起施行的新规定' }] },
      });
      expect(await violations({ caseId: repeated.id })).toEqual([
        expect.objectContaining({ type: 'repeated_notice', code: 'REPEATED_NOTICE', staffId: w.staff.clerk01, evidence: expect.objectContaining({ newItems: ['消防安全检查合格证'] }) }),
      ]);
      expect(await violations({ caseId: justified.id })).toEqual([]);
    });

    it('否定报备制: a refusal at the window left unfiled after half a working day is a violation of the first responder; a filed one is not', async () => {
      const refuse = async () =>
        (
          await t.post('/api/v1/enquiries', {
            token: w.tokens.clerk01,
            body: { channel: 'visit', kind: 'application', subject: '咨询在住宅内开办餐馆', citizen: { name: '王五', phone: '13900139000' }, outcome: { type: 'answered', answer: '不能办理', refused: true } },
          })
        ).body.id as string;
      const unfiled = await refuse();
      const filed = await refuse();
      const filing = await t.post('/api/v1/rejection-filings', {
        token: w.tokens.clerk01,
        body: { enquiryId: filed, reason: '住宅不能作为餐饮经营场所', legalBasis: [{ law: '《食品经营许可和备案管理办法》', article: '第十二条' }], contactPhone: '0851-28220001' },
      });
      expect(filing.status).toBe(201);
      await t.app.get(RejectionWatch).check(new Date(MONDAY('15:30')));
      const found = await violations({ type: 'rejection_without_filing' });
      expect(about(found, 'enquiryId', unfiled)).toEqual([expect.objectContaining({ code: 'REJECTION_WITHOUT_FILING', staffId: w.staff.clerk01 })]);
      expect(about(found, 'enquiryId', filed)).toEqual([]);
    });

    it('否定报备制: a leader who does not decide a refusal within its limit is in violation; one who decides in time is not', async () => {
      const file = async () => {
        const c = await receiveCase(t, w); // DEMO-001: refusal beyond the handler's authority, 8 working hours to decide
        const res = await t.post('/api/v1/rejection-filings', {
          token: w.tokens.handler01,
          body: { caseId: c.id, reason: '申请人不具备法定条件', legalBasis: [{ law: '《条例》', article: '第二十六条' }], contactPhone: '0851-28220002' },
        });
        expect(res.body.status).toBe('pending_decision');
        return res.body.id as string;
      };
      const undecided = await file();
      const decided = await file();
      t.clock.set(MONDAY('16:00'));
      expect((await t.post(`/api/v1/rejection-filings/${decided}/decision`, { token: w.tokens.leader01, body: { approve: true } })).status).toBe(200);
      t.clock.set('2026-03-04T10:00:00+08:00'); // the decision was due Tuesday 11:00
      await sweep();
      const found = await violations({ type: 'leader_decision_overdue' });
      expect(about(found, 'filingId', undecided)).toEqual([expect.objectContaining({ code: 'LEADER_DECISION_OVERDUE', staffId: w.staff.leader01 })]);
      expect(about(found, 'filingId', decided)).toEqual([]);
    });

    it('首问负责制: a transfer not acknowledged within 4 working hours is 推诿 of its target, acknowledged late too; acknowledged in time it is not', async () => {
      const transfer = async () => {
        const res = await t.post('/api/v1/enquiries', {
          token: w.tokens.clerk01,
          body: { channel: 'visit', kind: 'consultation', subject: '咨询变更经营范围', outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } },
        });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const acknowledge = async (enquiryId: string, at: string) => {
        t.clock.set(at);
        expect((await t.post(`/api/v1/enquiries/${enquiryId}/acknowledge`, { token: w.tokens.handler01 })).status).toBe(200);
      };
      // Monday 10:00 + 4 working hours (09:00-12:00, 13:30-17:30): due at 15:30.
      const ignored = await transfer();
      const inTime = await transfer();
      const late = await transfer();
      await acknowledge(inTime, MONDAY('15:30'));
      await acknowledge(late, MONDAY('16:00'));
      const ours = async () => (await violations({ type: 'transfer_not_acknowledged' })).filter((v) => [ignored, inTime, late].includes(v.evidence.enquiryId));

      const watch = t.app.get(TransferWatch);
      await watch.check(new Date(MONDAY('15:30')));
      expect(await ours()).toEqual([]); // the limit has not passed yet
      await watch.check(new Date(MONDAY('16:30')));
      const found = await ours();
      expect(found.map((v) => v.evidence.enquiryId).sort()).toEqual([ignored, late].sort());
      const dueAt = new Date(MONDAY('15:30')).toISOString();
      expect(found.find((v) => v.evidence.enquiryId === ignored)).toMatchObject({
        code: 'TRANSFER_NOT_ACKNOWLEDGED',
        status: 'detected',
        staffId: w.staff.handler01,
        officeId: w.offices.registration,
        occurredAt: dueAt,
        evidence: {
          enquiryId: ignored,
          transferredAt: new Date(MONDAY('10:00')).toISOString(),
          dueAt,
          limitWorkingHours: 4,
          firstResponder: { id: w.staff.clerk01, name: '王小窗', badgeNo: 'DEMO-001' },
          acknowledgedAt: null,
        },
      });
      expect(found.find((v) => v.evidence.enquiryId === late)!.evidence.acknowledgedAt).toBe(new Date(MONDAY('16:00')).toISOString());
      // Detection is in the audit trail, by the system (no actor).
      expect(await auditOf(found[0]!.id)).toEqual([{ action: 'violation.detect', actor_id: null }]);
      // Checking again records nothing new.
      expect(await watch.check(new Date('2026-03-03T10:00:00+08:00'))).toBe(0);
      expect(await ours()).toHaveLength(2);
    });

    it('好差评: a dissatisfied rating not rectified within 15 working days is a violation of the office head; one rectified in time is not', async () => {
      const rate = async () => {
        const e = await t.post('/api/v1/enquiries', {
          token: w.tokens.clerk01,
          body: { channel: 'visit', kind: 'consultation', subject: '咨询注册登记', outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } },
        });
        const open = async () => ((await t.get('/api/v1/rectifications', { token: w.tokens.head01, query: { pageSize: '100' } })).body.items as Array<{ id: string }>).map((r) => r.id);
        const before = await open();
        const res = await t.post('/api/v1/public/ratings', { body: { receiptNo: e.body.reference, code: e.body.queryCode, level: 'very_dissatisfied', comment: '等了很久' } });
        expect(res.status).toBe(201);
        const opened = (await open()).filter((r) => !before.includes(r));
        expect(opened).toHaveLength(1);
        return opened[0]!;
      };
      const neglected = await rate();
      const rectified = await rate();
      t.clock.set('2026-03-05T10:00:00+08:00');
      const call = await t.post(`/api/v1/rectifications/${rectified}/follow-ups`, {
        token: w.tokens.head01,
        body: { calledAt: '2026-03-05T09:30:00+08:00', contactResult: 'reached', note: '已致歉并说明改进措施' },
      });
      expect(call.status).toBe(201);
      expect((await t.post(`/api/v1/rectifications/${rectified}/complete`, { token: w.tokens.head01, body: { measures: '增设咨询引导岗', citizenSatisfied: true } })).status).toBe(200);

      t.clock.set('2026-03-25T10:00:00+08:00'); // past 15 working days
      await sweep();
      const found = await violations({ type: 'rating_not_rectified' });
      expect(about(found, 'rectificationId', neglected)).toEqual([expect.objectContaining({ code: 'RATING_NOT_RECTIFIED', staffId: w.staff.head01 })]);
      expect(about(found, 'rectificationId', rectified)).toEqual([]);
    });

    it('同岗替代制: a window left with nobody in working hours is unattended; one whose holder named a present stand-in is not', async () => {
      const post = async (name: string, holder: string) => {
        const res = await t.post('/api/v1/posts', {
          token: w.tokens.admin,
          body: { name, kind: 'staff', officeId: w.offices.window, window: true, holderId: sid(holder), substituteId: sid('clerk02') },
        });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      const away = async (who: string, body: Record<string, unknown>) => {
        const res = await t.post('/api/v1/absences', { token: tok(who), body: { type: 'meeting', reason: '参加培训', ...body } });
        expect(res.status).toBe(201);
        expect((await t.post(`/api/v1/absences/${res.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).status).toBe(200);
      };
      const TUESDAY = (time: string) => `2026-03-17T${time}:00+08:00`;
      const unattended = await post('督查窗口1', 'clerk03');
      const covered = await post('督查窗口2', 'clerk04');
      // The substitute (B of both windows) and the first holder are away all Tuesday; the second holder
      // is away 14:00-16:00 and names clerk01, who is there, to stand in.
      await away('clerk02', { startsAt: TUESDAY('09:00'), endsAt: TUESDAY('17:30') });
      await away('clerk03', { startsAt: TUESDAY('09:00'), endsAt: TUESDAY('17:30') });
      await away('clerk04', { startsAt: TUESDAY('14:00'), endsAt: TUESDAY('16:00'), standInId: w.staff.clerk01 });

      await t.app.get(WindowWatch).check(new Date(TUESDAY('15:00')));
      const found = await violations({ type: 'unattended_window' });
      expect(about(found, 'postId', unattended)).toEqual([
        expect.objectContaining({ code: 'UNATTENDED_WINDOW', staffId: sid('clerk03'), officeId: w.offices.window, evidence: expect.objectContaining({ postName: '督查窗口1' }) }),
      ]);
      expect(about(found, 'postId', covered)).toEqual([]);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe("the inspector's decision", () => {
    it('confirms with a reason, the accountability actions and the persons held responsible (a supervisor for lax supervision), audited', async () => {
      const v = await overdueViolation();
      expect(v).toMatchObject({ status: 'detected', decidedAt: null });
      t.clock.set('2026-03-09T11:00:00+08:00');
      const res = await confirm(v.id, confirmation());
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: v.id,
        type: 'overdue',
        code: 'OVERDUE',
        name: '超期未办结',
        ruleName: '限时办结制',
        status: 'confirmed',
        staff: { id: w.staff.handler01, name: '李经办', badgeNo: 'DEMO-002' },
        decidedAt: new Date('2026-03-09T11:00:00+08:00').toISOString(),
        decision: { outcome: 'confirmed', decidedBy: { id: w.staff.inspector01, name: '刘纪检' }, reason: confirmation().reason },
        accountability: {
          responsible: [
            { id: w.staff.handler01, name: '李经办', role: 'direct' },
            { id: w.staff.head01, name: '张股长', role: 'supervisor' },
          ],
          actions: [
            {
              type: 'written_self_examination',
              staffId: w.staff.handler01,
              decidedAt: new Date('2026-03-09T10:00:00+08:00').toISOString(),
              dueAt: new Date('2026-03-13T17:30:00+08:00').toISOString(),
              note: '三日内提交书面检查',
            },
            { type: 'reminder_talk', staffId: w.staff.head01, dueAt: null, note: null },
          ],
        },
      });
      // Office heads and leaders of the unit read it too.
      expect((await t.get(`/api/v1/violations/${v.id}`, { token: w.tokens.head01 })).body).toEqual(res.body);
      expect((await t.get(`/api/v1/violations/${v.id}`, { token: token.outsider })).body).toEqual(res.body);
      expect(await auditOf(v.id)).toEqual([
        { action: 'violation.detect', actor_id: null },
        { action: 'violation.confirm', actor_id: w.staff.inspector01 },
      ]);
      const [entry] = await t.db.query(`SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'violation.confirm'`, [v.id]);
      expect(entry.before).toMatchObject({ status: 'detected', decision: null, accountability: null });
      expect(entry.after).toMatchObject({ status: 'confirmed', accountability: { responsible: [{ role: 'direct' }, { role: 'supervisor' }] } });
      expect((await violations({ status: 'confirmed' })).map((x) => x.id)).toContain(v.id);
      expect((await violations({ status: 'detected' })).map((x) => x.id)).not.toContain(v.id);
    });

    it('dismisses with a reason, audited; nobody is held responsible', async () => {
      const v = await unfiledRefusal();
      t.clock.set('2026-03-03T10:00:00+08:00');
      const res = await dismiss(v.id, { reason: '经核实，申请人当场撤回申请，不属于否定事项' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'dismissed',
        decision: { outcome: 'dismissed', decidedBy: { id: w.staff.inspector01 }, reason: '经核实，申请人当场撤回申请，不属于否定事项' },
        accountability: null,
      });
      expect(await auditOf(v.id)).toEqual([
        { action: 'violation.detect', actor_id: null },
        { action: 'violation.dismiss', actor_id: w.staff.inspector01 },
      ]);
      expect(await t.count(`violation_responsible WHERE violation_id = '${v.id}'`)).toBe(0);
    });

    it('a decided violation is not decided again (409), and the database refuses to change the decision', async () => {
      const confirmed = await overdueViolation();
      t.clock.set('2026-03-09T11:00:00+08:00');
      expect((await confirm(confirmed.id, confirmation())).status).toBe(200);
      const dismissed = await unfiledRefusal();
      t.clock.set('2026-03-09T11:00:00+08:00');
      expect((await dismiss(dismissed.id, { reason: '不属实' })).status).toBe(200);

      const before = await counts();
      expectProblem(await confirm(confirmed.id, confirmation()), 409, 'VIOLATION.ALREADY_DECIDED');
      expectProblem(await dismiss(confirmed.id, { reason: '改判' }), 409, 'VIOLATION.ALREADY_DECIDED');
      expectProblem(await confirm(dismissed.id, confirmation({ responsible: [{ staffId: w.staff.clerk01, role: 'direct' }], actions: [{ type: 'reminder_talk', decidedAt: '2026-03-09T10:00:00+08:00' }] })), 409, 'VIOLATION.ALREADY_DECIDED');
      expectProblem(await dismiss(dismissed.id, { reason: '再次驳回' }), 409, 'VIOLATION.ALREADY_DECIDED');
      expect(await counts()).toEqual(before);
      expect((await t.get(`/api/v1/violations/${dismissed.id}`, { token: w.tokens.inspector01 })).body.status).toBe('dismissed');

      await expect(t.db.query(`UPDATE violation SET status = 'dismissed' WHERE id = $1`, [confirmed.id])).rejects.toThrow(/cannot be changed/);
      await expect(t.db.query(`DELETE FROM violation_responsible WHERE violation_id = $1`, [confirmed.id])).rejects.toThrow(/cannot be changed/);
      await expect(t.db.query(`UPDATE violation_action SET note = 'x' WHERE violation_id = $1`, [confirmed.id])).rejects.toThrow(/cannot be changed/);
    });

    it('two inspectors deciding at once: one decision wins, the other gets 409', async () => {
      const v = await overdueViolation();
      t.clock.set('2026-03-09T11:00:00+08:00');
      const [a, b] = await Promise.all([confirm(v.id, confirmation()), dismiss(v.id, { reason: '不属实' }, 'inspector02')]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((await auditOf(v.id)).map((e) => e.action)).toHaveLength(2);
    });

    it('only inspectors of the unit decide, and never their own violation', async () => {
      const v = await overdueViolation();
      const mine = (await register(conduct({ staffId: id.inspector02 }))).body.id as string;
      t.clock.set('2026-03-09T11:00:00+08:00');
      const before = await counts();
      for (const who of ['handler01', 'head01', 'leader01', 'admin']) {
        expectProblem(await confirm(v.id, confirmation(), who), 403, 'AUTH.FORBIDDEN');
        expectProblem(await dismiss(v.id, { reason: '不属实' }, who), 403, 'AUTH.FORBIDDEN');
        expectProblem(await register(conduct(), who), 403, 'AUTH.FORBIDDEN');
      }
      expectProblem(await confirm(v.id, confirmation(), 'outsider'), 403, 'VIOLATION.OTHER_UNIT');
      expectProblem(await dismiss(v.id, { reason: '不属实' }, 'outsider'), 403, 'VIOLATION.OTHER_UNIT');
      expectProblem(await dismiss(mine, { reason: '自己的不算' }, 'inspector02'), 403, 'VIOLATION.OWN_VIOLATION');
      expect(await counts()).toEqual(before);
      expect((await dismiss(mine, { reason: '经复核不属实' }, 'inspector01')).status).toBe(200);
    });

    it('holds responsible only active staff of the violation’s unit, a supervisor only someone who supervises, and dates actions sensibly', async () => {
      const v = await overdueViolation();
      t.clock.set('2026-03-09T11:00:00+08:00');
      const action = { type: 'reminder_talk', decidedAt: '2026-03-09T10:00:00+08:00' };
      const person = (staffId: string, role = 'direct') => ({ staffId, role });
      const cases: Array<[string, Record<string, unknown>, string, string]> = [
        ['an inactive staff member', { responsible: [person(id.retired!)] }, 'VIOLATION.UNKNOWN_RESPONSIBLE', 'responsible.0.staffId'],
        ['staff of another unit', { responsible: [person(w.staff.handler01!), person(id.outsider!)] }, 'VIOLATION.UNKNOWN_RESPONSIBLE', 'responsible.1.staffId'],
        ['no such staff member', { responsible: [person(NO_SUCH_ID)] }, 'VIOLATION.UNKNOWN_RESPONSIBLE', 'responsible.0.staffId'],
        ['a supervisor who supervises nobody', { responsible: [person(w.staff.handler01!), person(w.staff.handler02!, 'supervisor')] }, 'VIOLATION.NOT_A_SUPERVISOR', 'responsible.1.role'],
        ['the same person twice', { responsible: [person(w.staff.head01!), person(w.staff.head01!, 'supervisor')] }, 'VIOLATION.RESPONSIBLE_TWICE', 'responsible.1.staffId'],
        ['an action for someone not held responsible', { actions: [{ ...action, staffId: w.staff.clerk01 }] }, 'VIOLATION.ACTION_NOT_RESPONSIBLE', 'actions.0.staffId'],
        ['an action decided in the future', { actions: [{ ...action, decidedAt: '2026-03-10T10:00:00+08:00' }] }, 'VIOLATION.ACTION_IN_FUTURE', 'actions.0.decidedAt'],
        ['an action decided before the violation', { actions: [{ ...action, decidedAt: '2026-03-01T10:00:00+08:00' }] }, 'VIOLATION.ACTION_BEFORE_VIOLATION', 'actions.0.decidedAt'],
        ['an action due before it was decided', { actions: [action, { ...action, dueAt: '2026-03-09T09:00:00+08:00' }] }, 'VIOLATION.DUE_BEFORE_DECISION', 'actions.1.dueAt'],
      ];
      const before = await counts();
      for (const [label, change, code, field] of cases) {
        const res = await confirm(v.id, { ...confirmation({ actions: [action] }), ...change });
        expect({ label, status: res.status, code: res.body.code, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ label, status: 422, code, fields: [field] });
      }
      expect(await counts()).toEqual(before);
      expect((await t.get(`/api/v1/violations/${v.id}`, { token: w.tokens.inspector01 })).body.status).toBe('detected');
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('registration by hand', () => {
    it('an inspector registers a verified complaint about conduct with its evidence; it waits for a decision like a detected one', async () => {
      t.clock.set(MONDAY('16:00'));
      const res = await register(conduct());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        type: 'conduct',
        code: 'CONDUCT',
        name: '作风问题',
        ruleName: '工作作风',
        status: 'detected',
        source: 'manual',
        unitId: w.unitId,
        staffId: w.staff.clerk01,
        officeId: w.offices.window, // the staff member's office by default
        caseId: null,
        registeredBy: w.staff.inspector01,
        occurredAt: new Date('2026-03-02T11:00:00+08:00').toISOString(),
        detectedAt: new Date(MONDAY('16:00')).toISOString(),
        evidence: {
          summary: '群众来电投诉窗口人员态度生硬、推诿，经调取窗口录像核实',
          source: 'citizen_complaint',
          reference: '投诉〔2026〕12号',
          attachments: ['录像截图-0302-1100.png'],
        },
        decision: null,
        accountability: null,
      });
      expect(await auditOf(res.body.id)).toEqual([{ action: 'violation.register', actor_id: w.staff.inspector01 }]);
      expect((await violations({ source: 'manual', type: 'conduct' })).map((v) => v.id)).toContain(res.body.id);

      t.clock.set(MONDAY('17:00'));
      const confirmed = await confirm(res.body.id, {
        reason: '投诉属实',
        actions: [{ type: 'circulated_criticism', decidedAt: MONDAY('17:00') }],
        responsible: [{ staffId: w.staff.clerk01, role: 'direct' }],
      });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.accountability.actions).toEqual([{ type: 'circulated_criticism', staffId: null, decidedAt: new Date(MONDAY('17:00')).toISOString(), dueAt: null, note: null }]);
      expect((await auditOf(res.body.id)).map((e) => e.action)).toEqual(['violation.register', 'violation.confirm']);
    });

    it('any other type may be registered by hand too (a spot check finds an empty window), with a case and an office', async () => {
      const c = await receiveCase(t, w);
      const res = await register({
        type: 'unattended_window',
        staffId: w.staff.handler01,
        officeId: w.offices.registration,
        caseId: c.id,
        occurredAt: MONDAY('10:00'),
        evidence: { summary: '暗访发现窗口无人值守', source: 'spot_check' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ type: 'unattended_window', source: 'manual', caseId: c.id, officeId: w.offices.registration, evidence: { summary: '暗访发现窗口无人值守', source: 'spot_check', attachments: [] } });
    });

    it('what a rule check already recorded on a case is decided there, not registered a second time', async () => {
      const v = await overdueViolation();
      const before = await counts();
      const res = await register({ type: 'overdue', staffId: v.staffId, caseId: v.caseId, occurredAt: '2026-03-06T09:00:00+08:00', evidence: { summary: '超期', source: 'supervisor_report' } });
      expectProblem(res, 409, 'VIOLATION.ALREADY_RECORDED', 'type');
      expect(res.body.violationId).toBe(v.id);
      expect(await counts()).toEqual(before);
    });

    it('a retry with the same Idempotency-Key registers once', async () => {
      t.clock.set(MONDAY('16:00'));
      const headers = { 'idempotency-key': 'oversight-register-1' };
      const a = await register(conduct(), 'inspector01', headers);
      const b = await register(conduct(), 'inspector01', headers);
      expect([a.status, b.status, b.headers['idempotent-replayed']]).toEqual([201, 201, 'true']);
      expect(b.body.id).toBe(a.body.id);
      expect(await t.count(`violation WHERE registered_by = '${w.staff.inspector01}' AND id = '${a.body.id}'`)).toBe(1);
      expect((await auditOf(a.body.id)).map((e) => e.action)).toEqual(['violation.register']);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('the registry', () => {
    it('filters by status, period, office, staff, type and source, a page at a time like every list; inspectors see every unit, others their own', async () => {
      t.clock.set('2026-04-01T10:00:00+08:00');
      const april = [];
      for (const [staff, type] of [
        ['clerk01', 'conduct'],
        ['handler01', 'conduct'],
        ['handler01', 'overdue'],
      ] as const) {
        april.push((await register({ type, staffId: w.staff[staff], occurredAt: '2026-04-01T09:00:00+08:00', evidence: { summary: '四月抽查', source: 'spot_check' } })).body.id);
      }
      const period = { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' };
      const ids = (list: Violation[]) => list.map((v) => v.id).sort();
      expect(ids(await violations(period))).toEqual([...april].sort());
      expect(ids(await violations({ ...period, staffId: w.staff.handler01! }))).toEqual([april[1], april[2]].sort());
      expect(ids(await violations({ ...period, officeId: w.offices.window }))).toEqual([april[0]]);
      expect(ids(await violations({ ...period, type: 'overdue' }))).toEqual([april[2]]);
      expect(ids(await violations({ ...period, source: 'automatic' }))).toEqual([]);
      expect(await violations({ from: '2026-05-01T00:00:00+08:00' })).toEqual([]);

      const page = await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { ...period, pageSize: '2', page: '2' } });
      expect({ status: page.status, total: page.body.total, page: page.body.page, pageSize: page.body.pageSize, n: page.body.items.length }).toEqual({ status: 200, total: 3, page: 2, pageSize: 2, n: 1 });
      const beyond = await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { ...period, pageSize: '2', page: '5' } });
      expect({ total: beyond.body.total, items: beyond.body.items }).toEqual({ total: 3, items: [] });

      const [{ n: detected }] = await t.db.query(`SELECT count(*)::int AS n FROM violation WHERE status = 'detected'`);
      expect((await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { status: 'detected', pageSize: '1' } })).body.total).toBe(detected);
      // Newest first by when they occurred.
      const all = await violations({});
      expect(all.map((v) => v.occurredAt)).toEqual([...all.map((v) => v.occurredAt)].sort().reverse());
      // The other unit's inspector reads this unit's; the unit's leader reads them; clerks and handlers do not.
      expect(ids(await violations(period, 'outsider'))).toEqual([...april].sort());
      expect(ids(await violations(period, 'leader01'))).toEqual([...april].sort());
      expectProblem(await t.get('/api/v1/violations', { token: w.tokens.handler01 }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await t.get(`/api/v1/violations/${april[0]}`, { token: w.tokens.clerk01 }), 403, 'AUTH.FORBIDDEN');
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('bad input: 400/422 problem+json naming the field, nothing written', () => {
    let open: string;
    beforeAll(async () => {
      open = (await overdueViolation()).id;
    });
    beforeEach(() => t.clock.set('2026-03-09T11:00:00+08:00'));

    it.each<[string, Record<string, unknown>, number, string]>([
      ['no type', { type: undefined }, 400, 'type'],
      ['an unknown type', { type: 'rudeness' }, 400, 'type'],
      ['a malformed staff id', { staffId: 'clerk01' }, 400, 'staffId'],
      ['no such staff member', { staffId: NO_SUCH_ID }, 422, 'staffId'],
      ['an inactive staff member', { staffId: 'RETIRED' }, 422, 'staffId'],
      ['staff of another unit', { staffId: 'OUTSIDER' }, 422, 'staffId'],
      ['an office of no unit', { officeId: NO_SUCH_ID }, 422, 'officeId'],
      ['a malformed case id', { caseId: 'C-1' }, 400, 'caseId'],
      ['no such case', { caseId: NO_SUCH_ID }, 422, 'caseId'],
      ['no evidence', { evidence: undefined }, 400, 'evidence'],
      ['evidence without a summary', { evidence: { source: 'spot_check' } }, 400, 'evidence.summary'],
      ['a blank summary', { evidence: { summary: '   ', source: 'spot_check' } }, 400, 'evidence.summary'],
      ['an unknown evidence source', { evidence: { summary: '投诉', source: 'rumour' } }, 400, 'evidence.source'],
      ['attachments not a list', { evidence: { summary: '投诉', source: 'spot_check', attachments: 'a.png' } }, 400, 'evidence.attachments'],
      ['an empty attachment reference', { evidence: { summary: '投诉', source: 'spot_check', attachments: [''] } }, 400, 'evidence.attachments'],
      ['no occurrence time', { occurredAt: undefined }, 400, 'occurredAt'],
      ['a time without its offset', { occurredAt: '2026-03-02T11:00:00' }, 400, 'occurredAt'],
      ['an impossible date', { occurredAt: '2026-02-30T11:00:00+08:00' }, 400, 'occurredAt'],
      ['a time in the future', { occurredAt: '2026-03-10T11:00:00+08:00' }, 422, 'occurredAt'],
      ['an unknown field', { severity: 'high' }, 400, 'severity'],
    ])('registering with %s', async (_label, change, status, field) => {
      const body: Record<string, unknown> = { ...conduct(), ...change };
      if (body.staffId === 'RETIRED') body.staffId = id.retired;
      if (body.staffId === 'OUTSIDER') body.staffId = id.outsider;
      const before = await counts();
      expectProblem(await register(body), status, undefined, field);
      expect(await counts()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no reason', { reason: undefined }, 'reason'],
      ['a blank reason', { reason: '  ' }, 'reason'],
      ['an oversized reason', { reason: '理'.repeat(2001) }, 'reason'],
      ['no actions', { actions: [] }, 'actions'],
      ['actions not a list', { actions: 'reminder_talk' }, 'actions'],
      ['an unknown action', { actions: [{ type: 'fine', decidedAt: '2026-03-09T10:00:00+08:00' }] }, 'actions.0.type'],
      ['an action without its date', { actions: [{ type: 'reminder_talk' }] }, 'actions.0.decidedAt'],
      ['an action date without an offset', { actions: [{ type: 'reminder_talk', decidedAt: '2026-03-09' }] }, 'actions.0.decidedAt'],
      ['a malformed due date', { actions: [{ type: 'reminder_talk', decidedAt: '2026-03-09T10:00:00+08:00', dueAt: 'next week' }] }, 'actions.0.dueAt'],
      ['nobody held responsible', { responsible: [] }, 'responsible'],
      ['a malformed staff id', { responsible: [{ staffId: 'handler01', role: 'direct' }] }, 'responsible.0.staffId'],
      ['an unknown role', { responsible: [{ staffId: NO_SUCH_ID, role: 'bystander' }] }, 'responsible.0.role'],
      ['an unknown field', { penalty: 100 }, 'penalty'],
    ])('confirming with %s', async (_label, change, field) => {
      const before = await counts();
      expectProblem(await confirm(open, { ...confirmation(), ...change }), 400, 'REQUEST.INVALID', field);
      expect(await counts()).toEqual(before);
    });

    it('confirming or dismissing: a bad id, no such violation, no body, no reason', async () => {
      const before = await counts();
      expectProblem(await confirm('not-a-uuid', confirmation()), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await confirm(NO_SUCH_ID, confirmation()), 404, 'VIOLATION.NOT_FOUND', 'id');
      expectProblem(await dismiss('not-a-uuid', { reason: '不属实' }), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await dismiss(NO_SUCH_ID, { reason: '不属实' }), 404, 'VIOLATION.NOT_FOUND', 'id');
      expectProblem(await dismiss(open, {}), 400, 'REQUEST.INVALID', 'reason');
      expectProblem(await dismiss(open, { reason: '' }), 400, 'REQUEST.INVALID', 'reason');
      expectProblem(await dismiss(open, { reason: '不属实', note: 'x' }), 400, 'REQUEST.INVALID', 'note');
      expectProblem(await t.post(`/api/v1/violations/${open}/dismiss`, { token: w.tokens.inspector01, rawBody: '[]' }), 400, 'REQUEST.INVALID', '(body)');
      expect(await counts()).toEqual(before);
      expect((await t.get(`/api/v1/violations/${open}`, { token: w.tokens.inspector01 })).body.status).toBe('detected');
    });

    it('reading: a bad id, no such violation, bad filters', async () => {
      expectProblem(await t.get('/api/v1/violations/nope', { token: w.tokens.inspector01 }), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await t.get(`/api/v1/violations/${NO_SUCH_ID}`, { token: w.tokens.inspector01 }), 404, 'VIOLATION.NOT_FOUND', 'id');
      for (const [query, field] of [
        [{ status: 'open' }, 'status'],
        [{ source: 'robot' }, 'source'],
        [{ from: '2026-03-01' }, 'from'],
        [{ to: '2026-13-01T00:00:00+08:00' }, 'to'],
        [{ officeId: 'window' }, 'officeId'],
        [{ page: '0' }, 'page'],
        [{ pageSize: '101' }, 'pageSize'],
        [{ type: 'rudeness' }, 'type'],
        [{ limit: '10' }, 'limit'],
      ] as Array<[Record<string, string>, string]>) {
        expectProblem(await t.get('/api/v1/violations', { token: w.tokens.inspector01, query }), 400, 'REQUEST.INVALID', field);
      }
    });
  });
});
