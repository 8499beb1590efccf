import { TimerSweep } from '@app/deadlines';
import { APPLICANT, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';
import { expectFieldProblem } from './support/problem.js';

// 好差评: a citizen rates a case or an enquiry once, on five levels; a dissatisfied rating opens a
// rectification (差评整改) for the office head, due in 15 working days on a clock that escalates, with
// follow-up calls (回访); not done in time is a violation of the office head.

const LEVELS: Array<[string, string]> = [
  ['very_satisfied', '非常满意'],
  ['satisfied', '满意'],
  ['basically_satisfied', '基本满意'],
  ['dissatisfied', '不满意'],
  ['very_dissatisfied', '非常不满意'],
];

describe('citizen ratings (好差评) and rectification (差评整改)', () => {
  let t: TestApp;
  let w: World;

  /** An accepted DEMO-001 case (登记注册股, handled by handler01): its receipt number and query code. */
  const acceptedCase = async () => {
    const c = await receiveCase(t, w);
    return { id: c.id as string, receiptNo: c.receipt.number as string, code: c.receipt.queryCode as string };
  };
  const rate = (body: Record<string, unknown>) => t.post('/api/v1/public/ratings', { body });
  const rateCase = async (level: string, comment?: string) => {
    const c = await acceptedCase();
    const res = await rate({ receiptNo: c.receiptNo, code: c.code, level, comment });
    expect(res.status).toBe(201);
    return c;
  };
  /** The rectification opened by the rating of this receipt number or reference. */
  const rectificationOf = async (reference: string) => {
    const [row] = await t.db.query(`SELECT r.id FROM rectification r JOIN rating g ON g.id = r.rating_id WHERE g.reference = $1`, [reference]);
    // A leader reads every rectification of the unit, the complainant's phone included (they may call back).
    return row ? ((await t.get(`/api/v1/rectifications/${row.id}`, { token: w.tokens.leader01 })).body as any) : null;
  };
  const followUp = (token: string, id: string, body: Record<string, unknown> = {}) =>
    t.post(`/api/v1/rectifications/${id}/follow-ups`, {
      token,
      body: { calledAt: '2026-03-05T09:30:00+08:00', contactResult: 'reached', note: '已向申请人说明并致歉', ...body },
    });
  const complete = (token: string, id: string, body: Record<string, unknown> = {}) =>
    t.post(`/api/v1/rectifications/${id}/complete`, { token, body: { measures: '已对经办人批评教育，优化窗口告知流程', citizenSatisfied: true, ...body } });
  const notRectified = async (id: string) =>
    (await t.db.query(`SELECT staff_id, office_id, evidence FROM violation WHERE type = 'rating_not_rectified' AND evidence->>'rectificationId' = $1`, [id])) as Array<{
      staff_id: string;
      office_id: string;
      evidence: Record<string, string>;
    }>;
  const counts = async () =>
    (await t.db.query(
      `SELECT (SELECT count(*) FROM rating)::int AS ratings, (SELECT count(*) FROM rectification)::int AS rectifications,
              (SELECT count(*) FROM rectification_follow_up)::int AS "followUps", (SELECT count(*) FROM deadline_timer WHERE kind = 'rectification')::int AS timers,
              (SELECT count(*) FROM audit_log)::int AS audit`,
    ))[0];

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  describe('rating', () => {
    it.each(LEVELS)('%s is recorded as its stable code and shown as %s', async (level, label) => {
      const c = await acceptedCase();
      const res = await rate({ receiptNo: c.receiptNo, code: c.code, level, comment: '  办事很快  ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ reference: c.receiptNo, subject: 'case', level, levelLabel: label, comment: '办事很快', ratedAt: '2026-03-02T02:00:00.000Z' });
      const [row] = await t.db.query('SELECT level, staff_id, office_id FROM rating WHERE case_id = $1', [c.id]);
      expect(row).toEqual({ level, staff_id: w.staff.handler01, office_id: w.offices.registration });
    });

    it('a case is rated once: a second rating is 409 and changes nothing', async () => {
      const c = await rateCase('satisfied');
      const before = await counts();
      const again = await rate({ receiptNo: c.receiptNo, code: c.code, level: 'very_dissatisfied', comment: '改主意了' });
      expect({ status: again.status, code: again.body.code, field: again.body.errors?.[0]?.field }).toEqual({ status: 409, code: 'RATING.ALREADY_RATED', field: 'receiptNo' });
      expect(await counts()).toEqual(before);
      expect(await t.db.query('SELECT level, comment FROM rating WHERE case_id = $1', [c.id])).toEqual([{ level: 'satisfied', comment: null }]);
      // Nor can anyone change it behind the service's back.
      await expect(t.db.query(`UPDATE rating SET level = 'very_satisfied' WHERE case_id = $1`, [c.id])).rejects.toThrow(/cannot be changed/);
    });

    it('rated twice at once: one rating, one rectification, the other request 409', async () => {
      const c = await acceptedCase();
      const before = await counts();
      const replies = await Promise.all([1, 2].map(() => rate({ receiptNo: c.receiptNo, code: c.code, level: 'dissatisfied' })));
      expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
      const after = await counts();
      expect({ ratings: after.ratings - before.ratings, rectifications: after.rectifications - before.rectifications, timers: after.timers - before.timers }).toEqual({
        ratings: 1,
        rectifications: 1,
        timers: 1,
      });
    });

    it('a wrong code and an unknown number get the same 404, and nothing is written', async () => {
      const c = await acceptedCase();
      const before = await counts();
      const wrongCode = await rate({ receiptNo: c.receiptNo, code: c.code === 'ABCDEFGH' ? 'HGFEDCBA' : 'ABCDEFGH', level: 'satisfied' });
      const unknown = await rate({ receiptNo: '收件〔2026〕9999号', code: c.code, level: 'satisfied' });
      for (const res of [wrongCode, unknown]) {
        expect({ status: res.status, code: res.body.code, detail: res.body.detail }).toEqual({
          status: 404,
          code: 'RATING.NOT_FOUND',
          detail: 'no case, notice or enquiry with this number and query code',
        });
      }
      expect(Object.keys(wrongCode.body).sort()).toEqual(Object.keys(unknown.body).sort());
      expect(await counts()).toEqual(before);
      // The code may be typed in lower case.
      expect((await rate({ receiptNo: c.receiptNo, code: c.code.toLowerCase(), level: 'satisfied' })).status).toBe(201);
    });

    it('only an accepted case can be rated: one waiting for materials has no receipt to rate it by', async () => {
      const c = await receiveCase(t, w, [{ name: '经营者身份证明', pages: 1, copies: 1 }]);
      expect({ status: c.status, receipt: c.receipt }).toEqual({ status: 'awaiting_materials', receipt: null });
      const before = await counts();
      const res = await rate({ receiptNo: c.notices[0].number, code: 'ABCDEFGH', level: 'satisfied' });
      expect(res.status).toBe(404);
      expect(await counts()).toEqual(before);
    });

    it('an enquiry is rated once with the public reference and query code shown at its creation', async () => {
      const created = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'visit', kind: 'consultation', subject: '咨询经营范围', citizen: { name: '李四', phone: '13900139000' }, outcome: { type: 'answered', answer: '可登录系统查询' } },
      });
      expect(created.status).toBe(201);
      const { reference, queryCode } = created.body;
      expect({ reference, queryCode }).toEqual({ reference: expect.stringMatching(/^ZX\d{8,}$/), queryCode: expect.stringMatching(/^[A-Z0-9]{8}$/) });
      // Lists do not show the code.
      const listed = (await t.get('/api/v1/enquiries', { token: w.tokens.clerk01 })).body.items.find((e: { id: string }) => e.id === created.body.id);
      expect({ reference: listed.reference, queryCode: listed.queryCode }).toEqual({ reference, queryCode: null });

      const res = await rate({ receiptNo: reference, code: queryCode, level: 'very_dissatisfied', comment: '等了很久' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ reference, subject: 'enquiry', level: 'very_dissatisfied', levelLabel: '非常不满意' });
      const again = await rate({ receiptNo: reference, code: queryCode, level: 'satisfied' });
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'RATING.ALREADY_RATED' });

      // The window has no office head: a leader rectifies, on the window's clock; the first responder was rated.
      const r = await rectificationOf(reference);
      expect(r).toMatchObject({
        status: 'open',
        officeId: w.offices.window,
        assignee: { id: w.staff.leader01 },
        rating: { subject: 'enquiry', enquiryId: created.body.id, caseId: null, staffId: w.staff.clerk01, comment: '等了很久' },
        citizen: { name: '李四', phone: '13900139000' },
      });
    });

    it('a satisfied rating opens no rectification', async () => {
      const before = await counts();
      for (const level of ['very_satisfied', 'satisfied', 'basically_satisfied']) {
        const c = await rateCase(level);
        expect(await rectificationOf(c.receiptNo)).toBeNull();
      }
      const after = await counts();
      expect({ rectifications: after.rectifications - before.rectifications, timers: after.timers - before.timers }).toEqual({ rectifications: 0, timers: 0 });
    });
  });

  describe('rectification', () => {
    it('a dissatisfied rating opens one for the office head, due at close of business 15 working days later', async () => {
      // Rated Monday 2 March 10:00. The rating day does not count; 15 working days over three weekends:
      // 3-6 (4), 9-13 (9), 16-20 (14), Monday 23 March (15), 17:30.
      const c = await rateCase('dissatisfied', '材料被退回三次');
      const r = await rectificationOf(c.receiptNo);
      expect(r).toMatchObject({
        status: 'open',
        statusLabel: '整改中',
        officeId: w.offices.registration,
        assignee: { id: w.staff.head01, name: '张股长', badgeNo: 'DEMO-004' },
        openedAt: '2026-03-02T02:00:00.000Z',
        dueAt: '2026-03-23T09:30:00.000Z',
        rating: { subject: 'case', caseId: c.id, reference: c.receiptNo, staffId: w.staff.handler01, level: 'dissatisfied', levelLabel: '不满意', comment: '材料被退回三次' },
        citizen: { name: APPLICANT.name, phone: APPLICANT.phone },
        followUps: [],
        measures: null,
        completedAt: null,
      });
      expect(r.deadline).toMatchObject({ dueAt: '2026-03-23T09:30:00.000Z', state: 'running', provisional: false });
      const [timer] = await t.db.query('SELECT kind, assignee_id, office_id, state FROM deadline_timer WHERE subject_id = $1', [r.id]);
      expect(timer).toEqual({ kind: 'rectification', assignee_id: w.staff.head01, office_id: w.offices.registration, state: 'running' });
      const audit = await t.db.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = ANY ($1) ORDER BY id`, [[r.id, r.rating.id]]);
      expect(audit).toEqual([
        { action: 'rating.create', actor_id: null },
        { action: 'rectification.open', actor_id: null },
        // Reading the complainant's full phone is on the trail.
        { action: 'personal_data.read', actor_id: w.staff.leader01 },
      ]);

      // Rated Thursday 2 April: 清明 (Sat 4 – Mon 6 April) does not count either: Friday 24 April, 17:30.
      t.clock.set('2026-04-02T10:00:00+08:00');
      const later = await rateCase('very_dissatisfied');
      expect((await rectificationOf(later.receiptNo)).dueAt).toBe('2026-04-24T09:30:00.000Z');
    });

    it('followed up and completed in time: the clock stops, and nothing is flagged even after the due time', async () => {
      const c = await rateCase('very_dissatisfied');
      const r = await rectificationOf(c.receiptNo);
      t.clock.set('2026-03-05T10:00:00+08:00');

      const early = await complete(w.tokens.head01, r.id);
      expect({ status: early.status, code: early.body.code }).toEqual({ status: 409, code: 'RECTIFICATION.FOLLOW_UP_REQUIRED' });
      expect((await rectificationOf(c.receiptNo)).status).toBe('open');

      const call = await followUp(w.tokens.head01, r.id);
      expect(call.status).toBe(201);
      expect(call.body).toMatchObject({
        calledAt: '2026-03-05T01:30:00.000Z',
        contactResult: 'reached',
        contactResultLabel: '已接通',
        note: '已向申请人说明并致歉',
        recordedBy: { id: w.staff.head01, name: '张股长' },
        recordedActingFor: null,
      });
      const done = await complete(w.tokens.head01, r.id);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({
        status: 'completed',
        statusLabel: '已整改',
        measures: '已对经办人批评教育，优化窗口告知流程',
        citizenSatisfied: true,
        completedAt: '2026-03-05T02:00:00.000Z',
        completedBy: { id: w.staff.head01 },
        followUps: [expect.objectContaining({ id: call.body.id })],
      });
      expect((await rectificationOf(c.receiptNo)).deadline.state).toBe('stopped');
      const twice = await complete(w.tokens.head01, r.id);
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'RECTIFICATION.COMPLETED' });
      expect((await followUp(w.tokens.head01, r.id)).status).toBe(409);

      t.clock.set('2026-03-30T10:00:00+08:00'); // past the due time and every rung of the ladder
      await t.app.get(TimerSweep).sweep();
      expect(await notRectified(r.id)).toEqual([]);
      expect(await t.db.query('SELECT step FROM escalation WHERE subject_id = $1', [r.id])).toEqual([]);
      // The changes (reads of the complainant's phone are on the trail too, checked in personal-data.e2e-spec.ts).
      const audit = await t.db.query(`SELECT action, actor_id FROM audit_log WHERE entity_id = $1 AND action <> 'personal_data.read' ORDER BY id`, [r.id]);
      expect(audit).toEqual([
        { action: 'rectification.open', actor_id: null },
        { action: 'rectification.follow_up', actor_id: w.staff.head01 },
        { action: 'rectification.complete', actor_id: w.staff.head01 },
      ]);
    });

    it('not done in time: a rating_not_rectified violation of the office head, and the alerts escalate up the ladder', async () => {
      const c = await rateCase('dissatisfied');
      const r = await rectificationOf(c.receiptNo);
      // Due Monday 23 March 17:30; the leader hears one working day later, the inspector two.
      t.clock.set('2026-03-26T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();

      const steps = await t.db.query('SELECT step, recipients FROM escalation WHERE subject_id = $1 ORDER BY fire_at, step', [r.id]);
      expect(steps).toEqual([
        { step: 'warning', recipients: [w.staff.head01] },
        { step: 'due', recipients: [w.staff.head01] },
        { step: 'overdue_office_head', recipients: [w.staff.head01] },
        { step: 'overdue_leader', recipients: [w.staff.leader01] },
        { step: 'overdue_inspector', recipients: [w.staff.inspector01] },
      ]);
      const inbox = (await t.get('/api/v1/alerts', { token: w.tokens.head01, query: { pageSize: '100' } })).body.items.filter((a: { subjectId: string }) => a.subjectId === r.id);
      expect(inbox.find((a: { step: string }) => a.step === 'due')).toMatchObject({ kind: 'rectification', caseId: null, level: 'red', title: '差评整改已到时限' });
      const inspector = (await t.get('/api/v1/alerts', { token: w.tokens.inspector01, query: { pageSize: '100' } })).body.items.filter((a: { subjectId: string }) => a.subjectId === r.id);
      expect(inspector.map((a: { title: string }) => a.title)).toEqual(['差评整改超期，已报纪检监察']);

      expect(await notRectified(r.id)).toEqual([
        { staff_id: w.staff.head01, office_id: w.offices.registration, evidence: expect.objectContaining({ rectificationId: r.id, dueAt: '2026-03-23T09:30:00.000Z' }) },
      ]);
      const [audit] = await t.db.query(`SELECT entity FROM audit_log WHERE entity_id = $1 AND action = 'deadline.due'`, [r.id]);
      expect(audit).toEqual({ entity: 'rectification' });
      // A second sweep records nothing new; the office head can still finish late.
      await t.app.get(TimerSweep).sweep();
      expect(await notRectified(r.id)).toHaveLength(1);
      expect((await followUp(w.tokens.head01, r.id, { calledAt: '2026-03-26T09:00:00+08:00', contactResult: 'no_answer', note: '无人接听' })).status).toBe(201);
      expect((await complete(w.tokens.head01, r.id)).status).toBe(200);
    });

    it('only the office head assigned, their stand-in while away, or a leader acts on it', async () => {
      const c = await rateCase('dissatisfied');
      const r = await rectificationOf(c.receiptNo);
      t.clock.set('2026-03-04T08:00:00+08:00');
      const before = await counts();
      for (const token of [w.tokens.handler01, w.tokens.handler02, w.tokens.clerk01]) {
        const res = await followUp(token, r.id, { calledAt: '2026-03-04T07:30:00+08:00' });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'RECTIFICATION.NOT_THE_ASSIGNEE' });
      }
      // Inspectors write only oversight records: refused by role before anything is looked up.
      const byInspector = await followUp(w.tokens.inspector01, r.id, { calledAt: '2026-03-04T07:30:00+08:00' });
      expect({ status: byInspector.status, code: byInspector.body.code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
      expect(await counts()).toEqual(before);

      // head01's post names handler01 as substitute; head01 is away at a meeting on Wednesday 4 March.
      const post = { name: '登记注册股股长', kind: 'staff', officeId: w.offices.registration, holderId: w.staff.head01, substituteId: w.staff.handler01 };
      expect((await t.post('/api/v1/posts', { token: w.tokens.admin, body: post })).status).toBe(201);
      const absence = await t.post('/api/v1/absences', {
        token: w.tokens.head01,
        body: { type: 'meeting', startsAt: '2026-03-04T09:00:00+08:00', endsAt: '2026-03-04T17:00:00+08:00', reason: '参加全市业务培训' },
      });
      expect(absence.status).toBe(201);
      expect((await t.post(`/api/v1/absences/${absence.body.id}/decision`, { token: w.tokens.leader01, body: { approve: true } })).status).toBe(200);
      t.clock.set('2026-03-04T10:00:00+08:00');

      const standIn = await followUp(w.tokens.handler01, r.id, { calledAt: '2026-03-04T09:45:00+08:00' });
      expect(standIn.status).toBe(201);
      expect(standIn.body).toMatchObject({ recordedBy: { id: w.staff.handler01 }, recordedActingFor: w.staff.head01 });
      expect((await followUp(w.tokens.handler02, r.id, { calledAt: '2026-03-04T09:50:00+08:00' })).status).toBe(403);
      const byLeader = await complete(w.tokens.leader01, r.id);
      expect(byLeader.status).toBe(200);
      expect(byLeader.body).toMatchObject({ status: 'completed', completedBy: { id: w.staff.leader01 }, completedActingFor: null });
    });

    it('the list: a leader reads the own unit’s, by status and office, phones masked', async () => {
      const open = await rateCase('dissatisfied');
      const list = (query: Record<string, string>) => t.get('/api/v1/rectifications', { token: w.tokens.leader01, query: { pageSize: '100', ...query } });
      const all = await list({});
      expect(all.status).toBe(200);
      const mine = all.body.items.find((i: { rating: { reference: string } }) => i.rating.reference === open.receiptNo);
      expect(mine).toMatchObject({ status: 'open', citizen: { name: APPLICANT.name, phone: '138****8000' } });
      expect(mine.deadline).toBeUndefined();
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM rectification WHERE status = 'open' AND office_id = $1`, [w.offices.registration]);
      const filtered = await list({ status: 'open', officeId: w.offices.registration });
      expect(filtered.body.total).toBe(n);
      expect(filtered.body.items.every((i: { status: string; officeId: string }) => i.status === 'open' && i.officeId === w.offices.registration)).toBe(true);
      expect((await list({ officeId: w.offices.food })).body.total).toBe(0);
      expect((await t.get('/api/v1/rectifications')).status).toBe(401);
      expect((await t.get(`/api/v1/rectifications/00000000-0000-4000-8000-000000000000`, { token: w.tokens.head01 })).status).toBe(404);
    });
  });

  describe('bad input: 4xx problem+json naming the field, nothing written', () => {
    let c: { receiptNo: string; code: string };
    let rectificationId: string;
    beforeAll(async () => {
      t.clock.set('2026-03-02T10:00:00+08:00');
      c = await acceptedCase();
      const rated = await rateCase('dissatisfied');
      rectificationId = (await rectificationOf(rated.receiptNo)).id;
    });
    // An hour and a half after the rating: a call at 10:30 lies between the rating and now.
    beforeEach(() => t.clock.set('2026-03-02T11:30:00+08:00'));

    it.each<[string, Record<string, unknown>, string]>([
      ['no level', { level: undefined }, 'level'],
      ['a level by its label instead of its code', { level: '满意' }, 'level'],
      ['a sixth level', { level: 'ecstatic' }, 'level'],
      ['a malformed code', { code: 'abc' }, 'code'],
      ['a code that is not a string', { code: 12345678 }, 'code'],
      ['no number', { receiptNo: undefined }, 'receiptNo'],
      ['a blank number', { receiptNo: '   ' }, 'receiptNo'],
      ['an oversized number', { receiptNo: '收'.repeat(41) }, 'receiptNo'],
      ['a NUL in the number', { receiptNo: 'ZX1000\u00000001' }, 'receiptNo'],
      ['an oversized comment', { comment: '慢'.repeat(501) }, 'comment'],
      ['a NUL in the comment', { comment: 'bad\u0000comment' }, 'comment'],
      ['a comment that is not text', { comment: { $gt: '' } }, 'comment'],
      ['an unknown field', { staffId: 'x' }, 'staffId'],
    ])('a rating with %s', async (_label, change, field) => {
      const before = await counts();
      expectFieldProblem(await rate({ receiptNo: c.receiptNo, code: c.code, level: 'dissatisfied', ...change }), 400, field);
      expect(await counts()).toEqual(before);
    });

    it('a rating that is not a JSON object', async () => {
      const before = await counts();
      expectFieldProblem(await t.post('/api/v1/public/ratings', { rawBody: '[1,2]' }), 400, '(body)');
      expect((await t.post('/api/v1/public/ratings', { rawBody: '{"receiptNo":' })).status).toBe(400);
      expect(await counts()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, number, string]>([
      ['no call time', { calledAt: undefined }, 400, 'calledAt'],
      ['a call time without offset', { calledAt: '2026-03-02T10:30:00' }, 400, 'calledAt'],
      ['a call time on no real date', { calledAt: '2026-02-30T10:30:00+08:00' }, 400, 'calledAt'],
      ['a call in the future', { calledAt: '2026-03-02T12:00:00+08:00' }, 422, 'calledAt'],
      ['a call before the rating', { calledAt: '2026-03-02T09:00:00+08:00' }, 422, 'calledAt'],
      ['an unknown contact result', { contactResult: 'maybe' }, 400, 'contactResult'],
      ['a blank note', { note: '  ' }, 400, 'note'],
      ['an oversized note', { note: '话'.repeat(1001) }, 400, 'note'],
      ['a NUL in the note', { note: 'a\u0000b' }, 400, 'note'],
      ['an unknown field', { recordedBy: 'x' }, 400, 'recordedBy'],
    ])('a follow-up with %s', async (_label, change, status, field) => {
      const before = await counts();
      expectFieldProblem(await followUp(w.tokens.head01, rectificationId, { calledAt: '2026-03-02T10:30:00+08:00', ...change }), status, field);
      expect(await counts()).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['no measures', { measures: undefined }, 'measures'],
      ['blank measures', { measures: ' ' }, 'measures'],
      ['oversized measures', { measures: '改'.repeat(2001) }, 'measures'],
      ['a NUL in the measures', { measures: 'a\u0000' }, 'measures'],
      ['a satisfaction that is not a boolean', { citizenSatisfied: 'yes' }, 'citizenSatisfied'],
      ['an unknown field', { status: 'completed' }, 'status'],
    ])('a completion with %s', async (_label, change, field) => {
      const before = await counts();
      expectFieldProblem(await complete(w.tokens.head01, rectificationId, change), 400, field);
      expect(await counts()).toEqual(before);
      expect((await t.get(`/api/v1/rectifications/${rectificationId}`, { token: w.tokens.head01 })).body).toMatchObject({ status: 'open', completedAt: null });
    });

    it('a bad or unknown rectification id, and bad list filters', async () => {
      const before = await counts();
      expectFieldProblem(await followUp(w.tokens.head01, 'not-a-uuid'), 400, 'id');
      expectFieldProblem(await complete(w.tokens.head01, 'not-a-uuid'), 400, 'id');
      expectFieldProblem(await t.get('/api/v1/rectifications/not-a-uuid', { token: w.tokens.head01 }), 400, 'id');
      const unknown = await followUp(w.tokens.head01, '00000000-0000-4000-8000-000000000000', { calledAt: '2026-03-02T10:30:00+08:00' });
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'RECTIFICATION.NOT_FOUND' });
      for (const [query, field] of [
        [{ status: 'lost' }, 'status'],
        [{ officeId: 'x' }, 'officeId'],
        [{ pageSize: '1000' }, 'pageSize'],
        [{ page: '0' }, 'page'],
      ] as Array<[Record<string, string>, string]>) {
        expectFieldProblem(await t.get('/api/v1/rectifications', { token: w.tokens.head01, query }), 400, field);
      }
      expect(await counts()).toEqual(before);
    });
  });
});
