import { OrganizationService, PendingWorkRegistry, SubstitutionService, WindowWatch, type PendingWorkItem } from '@app/organization';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';
import { expectProblem } from './support/problem.js';

// 同岗替代制 (A/B posts): no post, least of all a service window, is ever left without someone to act.
// The clock stays at Monday 2026-03-02 09:30 (Asia/Shanghai); absences are registered for the weeks after.

const PASSWORD = 'Substitute-2026';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** A problem+json reply with this status and code; when `field` is given, errors[] names it. */
describe('substitution (同岗替代制)', () => {
  let t: TestApp;
  let w: World;
  /** Extra staff of the demo unit, by username. */
  const id: Record<string, string> = {};
  const token: Record<string, string> = {};
  let outsider: string;
  let windowPost: string; // 综合窗口1: clerk01 (A), clerk02 (B)
  let windowPost2: string; // 综合窗口2: clerk04 (A), clerk02 (B)
  let registrationPost: string; // 登记岗: handler01 (A), handler03 (B)
  let leaderPost: string; // 局长: leader01 (principal), leader02 (deputy)
  let pending: PendingWorkItem[] = [];

  const tok = (name: string) => token[name] ?? w.tokens[name as keyof World['tokens']];
  const sid = (name: string) => id[name] ?? w.staff[name]!;
  const routeOf = (staff: string, at: string) => t.app.get(SubstitutionService).route(t.db.manager, sid(staff), new Date(at));
  const postAbsence = (who: string, body: Record<string, unknown>) => t.post('/api/v1/absences', { token: tok(who), body });
  const decide = (who: string, absenceId: string, body: Record<string, unknown>) =>
    t.post(`/api/v1/absences/${absenceId}/decision`, { token: tok(who), body });

  /** Registers an absence and has it approved; returns its id. */
  async function approvedAbsence(who: string, approver: string, body: Record<string, unknown>): Promise<string> {
    const res = await postAbsence(who, { type: 'meeting', reason: '会议', ...body });
    if (res.status !== 201) throw new Error(`absence not registered: ${res.status} ${JSON.stringify(res.body)}`);
    const ok = await decide(approver, res.body.id, { approve: true });
    if (ok.status !== 200) throw new Error(`absence not approved: ${ok.status} ${JSON.stringify(ok.body)}`);
    return res.body.id;
  }

  const counts = async () => ({
    post: await t.count('post'),
    absence: await t.count('absence'),
    handover: await t.count('handover'),
    violation: await t.count('violation'),
    audit_log: await t.count('audit_log'),
  });

  beforeAll(async () => {
    // The watch runs at start-up only; the tests call it at the moments they choose.
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    const more: Array<[string, keyof World['offices'], string[]]> = [
      ['clerk02', 'window', ['clerk']],
      ['clerk03', 'window', ['clerk']],
      ['clerk04', 'window', ['clerk']],
      ['head02', 'window', ['office_head']],
      ['handler03', 'registration', ['handler']],
      ['leader02', 'general', ['leader']],
      ['retired', 'window', ['clerk']],
    ];
    const added = await addStaff(t, w, 'SUB', more);
    Object.assign(id, added.id);
    Object.assign(token, added.token);
    await t.patch(`/api/v1/staff/${id.retired}`, { token: w.tokens.admin, body: { active: false } });
    const unit = await t.post('/api/v1/units', { token: w.tokens.admin, body: { code: 'OTHER-UNIT', name: '邻县市场监督管理局' } });
    outsider = (
      await t.app.get(OrganizationService).createStaff(null, unit.body.id, {
        username: 'outsider01',
        password: PASSWORD,
        name: '外单位',
        badgeNo: 'OUT-001',
        roles: ['clerk'],
      })
    ).id;
    // Pending work of handler01 from a source of the test's own: the registry is real, the items are not.
    t.app.get(PendingWorkRegistry).register((_m, staffId) => Promise.resolve(staffId === sid('handler01') ? pending : []));
  });
  afterAll(() => t.close());

  // ------------------------------------------------------------------------------------------------
  describe('posts (A/B)', () => {
    it('a window post names its holder (A) and its substitute (B), and the creation is audited', async () => {
      const res = await t.post('/api/v1/posts', {
        token: w.tokens.admin,
        body: { name: '综合窗口1', kind: 'staff', officeId: w.offices.window, window: true, holderId: w.staff.clerk01, substituteId: sid('clerk02') },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: '综合窗口1',
        kind: 'staff',
        officeId: w.offices.window,
        window: true,
        active: true,
        holder: { id: w.staff.clerk01, name: '王小窗', badgeNo: 'DEMO-001' },
        substitute: { id: sid('clerk02'), badgeNo: 'SUB-01', active: true },
        createdAt: t.clock.now().toISOString(),
      });
      windowPost = res.body.id;
      const audit = await t.db.query(`SELECT actor_id, action FROM audit_log WHERE entity = 'post' AND entity_id = $1`, [windowPost]);
      expect(audit).toEqual([{ actor_id: w.staff.admin, action: 'post.create' }]);
      const list = await t.get('/api/v1/posts', { token: w.tokens.clerk01 });
      expect(list.status).toBe(200);
      expect(list.body.map((p: { id: string }) => p.id)).toContain(windowPost);
    });

    it('the head of an office sets up its posts; the head of another office, or a clerk, cannot', async () => {
      const body = { name: '登记岗', kind: 'staff', officeId: w.offices.registration, holderId: w.staff.handler01, substituteId: sid('handler03') };
      const before = await counts();
      expectProblem(await t.post('/api/v1/posts', { token: tok('head02'), body }), 403, 'POST.NOT_ALLOWED');
      expectProblem(await t.post('/api/v1/posts', { token: w.tokens.clerk01, body }), 403, 'AUTH.FORBIDDEN');
      expect(await counts()).toEqual(before);
      const res = await t.post('/api/v1/posts', { token: w.tokens.head01, body });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ window: false, holder: { id: w.staff.handler01 }, substitute: { id: sid('handler03') } });
      registrationPost = res.body.id;
      const second = await t.post('/api/v1/posts', {
        token: tok('head02'),
        body: { name: '综合窗口2', kind: 'staff', officeId: w.offices.window, window: true, holderId: sid('clerk04'), substituteId: sid('clerk02') },
      });
      expect(second.status).toBe(201);
      windowPost2 = second.body.id;
    });

    it.each([
      ['the substitute is the holder', { holderId: 'clerk03', substituteId: 'clerk03' }, 'POST.SUBSTITUTE_IS_HOLDER', 'substituteId'],
      ['the substitute works in another unit', { holderId: 'clerk03', substituteId: 'outsider' }, 'POST.OTHER_UNIT', 'substituteId'],
      ['the substitute is no longer active', { holderId: 'clerk03', substituteId: 'retired' }, 'POST.STAFF_INACTIVE', 'substituteId'],
      ['the substitute does not exist', { holderId: 'clerk03', substituteId: 'nobody' }, 'POST.UNKNOWN_STAFF', 'substituteId'],
      ['the holder works in another office', { holderId: 'handler02', substituteId: 'clerk03' }, 'POST.HOLDER_NOT_IN_OFFICE', 'holderId'],
    ])('a post is refused when %s', async (_rule, people, code, field) => {
      const person = (n: string) => (n === 'outsider' ? outsider : n === 'nobody' ? NO_SUCH_ID : sid(n));
      const before = await counts();
      const res = await t.post('/api/v1/posts', {
        token: w.tokens.admin,
        body: { name: '综合窗口3', kind: 'staff', officeId: w.offices.window, window: true, holderId: person(people.holderId), substituteId: person(people.substituteId) },
      });
      expectProblem(res, 422, code, field);
      expect(await counts()).toEqual(before);
    });

    it('a staff member holds one active post at a time', async () => {
      const before = await counts();
      const res = await t.post('/api/v1/posts', {
        token: w.tokens.admin,
        body: { name: '综合窗口9', kind: 'staff', officeId: w.offices.window, holderId: w.staff.clerk01, substituteId: sid('clerk03') },
      });
      expectProblem(res, 409, 'POST.HOLDER_HAS_POST', 'holderId');
      expect(await counts()).toEqual(before);
    });

    it('a leader post: the principal names a deputy, both leaders, with no office and no window', async () => {
      const leaderBody = { name: '局长', kind: 'leader', holderId: w.staff.leader01 };
      const before = await counts();
      expectProblem(await t.post('/api/v1/posts', { token: w.tokens.leader01, body: { ...leaderBody, substituteId: w.staff.head01 } }), 422, 'POST.LEADER_REQUIRED', 'substituteId');
      expectProblem(
        await t.post('/api/v1/posts', { token: w.tokens.leader01, body: { ...leaderBody, substituteId: sid('leader02'), officeId: w.offices.general } }),
        422,
        'POST.LEADER_POST_HAS_NO_OFFICE',
        'officeId',
      );
      expectProblem(
        await t.post('/api/v1/posts', { token: w.tokens.leader01, body: { ...leaderBody, substituteId: sid('leader02'), window: true } }),
        422,
        'POST.WINDOW_STAFF_ONLY',
        'window',
      );
      // Someone else's leader post is for the admin or that principal to set up.
      expectProblem(await t.post('/api/v1/posts', { token: tok('leader02'), body: { ...leaderBody, substituteId: sid('leader02') } }), 403, 'POST.NOT_ALLOWED');
      expect(await counts()).toEqual(before);
      const res = await t.post('/api/v1/posts', { token: w.tokens.leader01, body: { ...leaderBody, substituteId: sid('leader02') } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'leader', officeId: null, window: false, holder: { id: w.staff.leader01 }, substitute: { id: sid('leader02') } });
      leaderPost = res.body.id;
    });

    it('PATCH changes the substitute, audited with before and after; a broken change writes nothing', async () => {
      const changed = await t.patch(`/api/v1/posts/${windowPost}`, { token: tok('head02'), body: { substituteId: sid('clerk03') } });
      expect(changed.status).toBe(200);
      expect(changed.body.substitute.id).toBe(sid('clerk03'));
      const [audit] = await t.db.query(`SELECT before, after FROM audit_log WHERE action = 'post.update' AND entity_id = $1`, [windowPost]);
      expect(audit.before.substitute.id).toBe(sid('clerk02'));
      expect(audit.after.substitute.id).toBe(sid('clerk03'));
      const before = await counts();
      expectProblem(await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.admin, body: { substituteId: w.staff.clerk01 } }), 422, 'POST.SUBSTITUTE_IS_HOLDER', 'substituteId');
      expectProblem(await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.head01, body: { window: false } }), 403, 'POST.NOT_ALLOWED');
      expectProblem(await t.patch(`/api/v1/posts/${NO_SUCH_ID}`, { token: w.tokens.admin, body: { window: false } }), 404, 'POST.NOT_FOUND', 'id');
      expect(await counts()).toEqual(before);
      const back = await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.admin, body: { substituteId: sid('clerk02') } });
      expect(back.body.substitute.id).toBe(sid('clerk02'));
    });

    it.each([
      ['no body fields', {}, ['name', 'kind', 'holderId', 'substituteId']],
      ['an unknown kind', { kind: 'boss' }, ['kind']],
      ['a holder id that is not a uuid', { holderId: 'clerk01' }, ['holderId']],
      ['window as a string', { window: 'yes' }, ['window']],
      ['a blank name', { name: '   ' }, ['name']],
      ['an unknown field', { floor: 3 }, ['floor']],
    ])('POST /posts with %s is 400 naming the field, and writes nothing', async (_what, patch, fields) => {
      const base = { name: '综合窗口5', kind: 'staff', officeId: w.offices.window, holderId: sid('clerk03'), substituteId: sid('clerk04') };
      const body = Object.keys(patch).length === 0 ? {} : { ...base, ...patch };
      const before = await counts();
      const res = await t.post('/api/v1/posts', { token: w.tokens.admin, body });
      expectProblem(res, 400, 'REQUEST.INVALID');
      for (const f of fields) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(f);
      expect(await counts()).toEqual(before);
    });

    it('PATCH /posts and GET /posts refuse malformed input with 400/422 naming the field', async () => {
      const before = await counts();
      expectProblem(await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.admin, body: { name: null } }), 400, 'REQUEST.INVALID', 'name');
      expectProblem(await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.admin, body: { active: 'no' } }), 400, 'REQUEST.INVALID', 'active');
      expectProblem(await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.admin, body: { kind: 'leader' } }), 400, 'REQUEST.INVALID', 'kind');
      expectProblem(await t.patch(`/api/v1/posts/${windowPost}`, { token: w.tokens.admin, body: {} }), 422, 'POST.NOTHING_TO_CHANGE', '(body)');
      expectProblem(await t.patch('/api/v1/posts/not-a-uuid', { token: w.tokens.admin, body: { window: true } }), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await t.get('/api/v1/posts', { token: w.tokens.admin, query: { officeId: 'x' } }), 400, 'REQUEST.INVALID', 'officeId');
      expect(await counts()).toEqual(before);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('registering an absence', () => {
    it('is done ahead: a start before now is refused', async () => {
      const before = await counts();
      const res = await postAbsence('handler02', { type: 'meeting', startsAt: '2026-03-02T09:00:00+08:00', endsAt: '2026-03-02T11:00:00+08:00', reason: '会议' });
      expectProblem(res, 422, 'ABSENCE.NOT_AHEAD', 'startsAt');
      expectProblem(
        await postAbsence('handler02', { type: 'meeting', startsAt: '2026-03-03T11:00:00+08:00', endsAt: '2026-03-03T11:00:00+08:00', reason: '会议' }),
        422,
        'ABSENCE.ENDS_BEFORE_START',
        'endsAt',
      );
      expect(await counts()).toEqual(before);
    });

    it('a window holder away for part of a working day must name a stand-in', async () => {
      const body = { type: 'meeting', startsAt: '2026-03-03T09:00:00+08:00', endsAt: '2026-03-03T11:00:00+08:00', reason: '业务培训' };
      const before = await counts();
      expectProblem(await postAbsence('clerk01', body), 422, 'ABSENCE.STAND_IN_REQUIRED', 'standInId');
      expect(await counts()).toEqual(before);
      const res = await postAbsence('clerk01', { ...body, standInId: sid('clerk03') });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        staff: { id: w.staff.clerk01 },
        standIn: { id: sid('clerk03') },
        status: 'requested',
        requestedBy: { id: w.staff.clerk01 },
        requestedAt: t.clock.now().toISOString(),
        workingMinutes: 120,
        handoverRequired: false,
        handover: null,
        warnings: [],
      });
      expect(await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1`, [res.body.id])).toEqual([{ action: 'absence.create' }]);
    });

    it('a colleague without a window post needs no stand-in for a short absence', async () => {
      const res = await postAbsence('handler02', { type: 'trip', startsAt: '2026-03-03T14:00:00+08:00', endsAt: '2026-03-03T16:00:00+08:00', reason: '现场核查' });
      expect(res.status).toBe(201);
      expect(res.body.standIn).toBeNull();
    });

    it('the stand-in is an active colleague of the unit, not the absentee, and present throughout', async () => {
      const leave = await postAbsence('clerk03', { type: 'leave', startsAt: '2026-03-04T09:00:00+08:00', endsAt: '2026-03-04T17:30:00+08:00', reason: '事假' });
      expect(leave.status).toBe(201);
      expect(leave.body).toMatchObject({ workingMinutes: 420, handoverRequired: false });
      const body = { type: 'meeting', startsAt: '2026-03-04T10:00:00+08:00', endsAt: '2026-03-04T11:00:00+08:00', reason: '会议' };
      const before = await counts();
      expectProblem(await postAbsence('clerk01', { ...body, standInId: sid('clerk03') }), 422, 'ABSENCE.STAND_IN_ABSENT', 'standInId');
      expectProblem(await postAbsence('clerk01', { ...body, standInId: outsider }), 422, 'ABSENCE.UNKNOWN_STAND_IN', 'standInId');
      expectProblem(await postAbsence('clerk01', { ...body, standInId: sid('retired') }), 422, 'ABSENCE.UNKNOWN_STAND_IN', 'standInId');
      expectProblem(await postAbsence('clerk01', { ...body, standInId: w.staff.clerk01 }), 422, 'ABSENCE.STAND_IN_IS_SELF', 'standInId');
      expect(await counts()).toEqual(before);
    });

    it('two absences of one person never overlap; a cancelled one frees the time', async () => {
      const body = { type: 'meeting', startsAt: '2026-03-03T10:00:00+08:00', endsAt: '2026-03-03T12:00:00+08:00', reason: '第二个会', standInId: sid('clerk04') };
      const before = await counts();
      expectProblem(await postAbsence('clerk01', body), 409, 'ABSENCE.OVERLAP', 'startsAt');
      expect(await counts()).toEqual(before);
      const [first] = await t.db.query(`SELECT id FROM absence WHERE staff_id = $1 AND starts_at = '2026-03-03T09:00:00+08:00'`, [w.staff.clerk01]);
      expectProblem(await t.post(`/api/v1/absences/${first.id}/cancel`, { token: tok('clerk02') }), 403, 'ABSENCE.NOT_ALLOWED');
      const cancelled = await t.post(`/api/v1/absences/${first.id}/cancel`, { token: w.tokens.clerk01 });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: { id: w.staff.clerk01 }, cancelledAt: t.clock.now().toISOString() });
      expect((await postAbsence('clerk01', body)).status).toBe(201);
    });

    it('warns WINDOW_UNCOVERED when the holder would be away while the substitute is away too', async () => {
      const bLeave = await postAbsence('clerk02', { type: 'leave', startsAt: '2026-03-05T09:00:00+08:00', endsAt: '2026-03-05T17:30:00+08:00', reason: '年假' });
      expect(bLeave.body.warnings).toEqual([]);
      const res = await postAbsence('clerk01', { type: 'trip', startsAt: '2026-03-05T09:00:00+08:00', endsAt: '2026-03-05T17:30:00+08:00', reason: '出差' });
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([
        expect.objectContaining({
          code: 'WINDOW_UNCOVERED',
          postId: windowPost,
          postName: '综合窗口1',
          holderId: w.staff.clerk01,
          from: new Date('2026-03-05T09:00:00+08:00').toISOString(),
          to: new Date('2026-03-05T17:30:00+08:00').toISOString(),
        }),
      ]);
    });

    it('warns the substitute too, when the holder is already away then, for the stretch they share', async () => {
      const aLeave = await postAbsence('clerk01', { type: 'leave', startsAt: '2026-03-06T09:00:00+08:00', endsAt: '2026-03-06T17:30:00+08:00', reason: '事假' });
      expect(aLeave.body.warnings).toEqual([]);
      const res = await postAbsence('clerk02', { type: 'meeting', startsAt: '2026-03-06T13:30:00+08:00', endsAt: '2026-03-06T15:00:00+08:00', reason: '会议' });
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([
        expect.objectContaining({ code: 'WINDOW_UNCOVERED', postId: windowPost, from: new Date('2026-03-06T13:30:00+08:00').toISOString(), to: new Date('2026-03-06T15:00:00+08:00').toISOString() }),
      ]);
    });

    it("registering someone else's absence is for their office head, a leader or an admin", async () => {
      const body = { staffId: w.staff.handler01, type: 'meeting', startsAt: '2026-03-13T09:00:00+08:00', endsAt: '2026-03-13T10:00:00+08:00', reason: '会议' };
      const before = await counts();
      expectProblem(await postAbsence('clerk01', body), 403, 'ABSENCE.NOT_ALLOWED');
      expectProblem(await postAbsence('head02', body), 403, 'ABSENCE.NOT_ALLOWED');
      expectProblem(await postAbsence('head01', { ...body, staffId: NO_SUCH_ID }), 422, 'ABSENCE.UNKNOWN_STAFF', 'staffId');
      expectProblem(await postAbsence('admin', { ...body, staffId: outsider }), 422, 'ABSENCE.UNKNOWN_STAFF', 'staffId');
      expect(await counts()).toEqual(before);
      const res = await postAbsence('head01', body);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ staff: { id: w.staff.handler01 }, requestedBy: { id: w.staff.head01 } });
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('approval', () => {
    it("the office head of the absentee's office approves; another office's head, a clerk, the absentee cannot", async () => {
      const res = await postAbsence('handler01', { type: 'meeting', startsAt: '2026-03-09T09:00:00+08:00', endsAt: '2026-03-09T11:00:00+08:00', reason: '培训' });
      const before = await counts();
      expectProblem(await decide('head02', res.body.id, { approve: true }), 403, 'ABSENCE.NOT_THE_APPROVER');
      expectProblem(await decide('clerk01', res.body.id, { approve: true }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await decide('handler01', res.body.id, { approve: true }), 403, 'AUTH.FORBIDDEN');
      expect(await counts()).toEqual(before);
      const ok = await decide('head01', res.body.id, { approve: true, note: '同意' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'approved', decidedBy: { id: w.staff.head01 }, decidedAt: t.clock.now().toISOString(), decisionNote: '同意' });
      const audit = await t.db.query(`SELECT actor_id, action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [res.body.id]);
      expect(audit).toEqual([
        { actor_id: w.staff.handler01, action: 'absence.create' },
        { actor_id: w.staff.head01, action: 'absence.approve' },
      ]);
      expectProblem(await decide('head01', res.body.id, { approve: false, note: '改主意' }), 409, 'ABSENCE.ALREADY_DECIDED');
    });

    it("an office head's absence is a leader's to approve, never their own", async () => {
      const res = await postAbsence('head01', { type: 'meeting', startsAt: '2026-03-11T09:00:00+08:00', endsAt: '2026-03-11T12:00:00+08:00', reason: '市局会议' });
      expect(res.status).toBe(201);
      expectProblem(await decide('head01', res.body.id, { approve: true }), 403, 'ABSENCE.OWN_ABSENCE');
      expectProblem(await decide('head02', res.body.id, { approve: true }), 403, 'ABSENCE.NOT_THE_APPROVER');
      expect((await decide('leader01', res.body.id, { approve: true })).body.status).toBe('approved');
    });

    it("a leader's absence is approved by another leader", async () => {
      const res = await postAbsence('leader01', { type: 'meeting', startsAt: '2026-03-19T09:00:00+08:00', endsAt: '2026-03-19T12:00:00+08:00', reason: '省厅会议' });
      expectProblem(await decide('leader01', res.body.id, { approve: true }), 403, 'ABSENCE.OWN_ABSENCE');
      expectProblem(await decide('head01', res.body.id, { approve: true }), 403, 'ABSENCE.NOT_THE_APPROVER');
      expect((await decide('leader02', res.body.id, { approve: true })).body.status).toBe('approved');
    });

    it('a refusal says why', async () => {
      const res = await postAbsence('handler03', { type: 'other', startsAt: '2026-03-09T14:00:00+08:00', endsAt: '2026-03-09T15:00:00+08:00', reason: '私事' });
      const before = await counts();
      expectProblem(await decide('head01', res.body.id, { approve: false }), 422, 'ABSENCE.NOTE_REQUIRED', 'note');
      expect(await counts()).toEqual(before);
      const refused = await decide('head01', res.body.id, { approve: false, note: '当天窗口人手不足' });
      expect(refused.body).toMatchObject({ status: 'rejected', decisionNote: '当天窗口人手不足' });
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('handover over one working day', () => {
    let absenceId: string;

    it('an absence longer than one working day needs a handover the substitute has acknowledged', async () => {
      const res = await postAbsence('handler01', { type: 'trip', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-12T17:30:00+08:00', reason: '赴省局学习' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ workingMinutes: 3 * 420, handoverRequired: true, handover: null });
      absenceId = res.body.id;
      const before = await counts();
      const refused = await decide('head01', absenceId, { approve: true });
      expectProblem(refused, 409, 'ABSENCE.HANDOVER_REQUIRED');
      expect(await counts()).toEqual(before);
    });

    it('only the absentee draws up the list: a snapshot of their pending work', async () => {
      pending = [
        { kind: 'case', id: 'case-1', title: '收件〔2026〕0001号 DEMO-001 张三', dueAt: '2026-03-11T09:30:00.000Z' },
        { kind: 'approval', id: 'approval-1', title: '延期申请', dueAt: null },
      ];
      expectProblem(await t.post(`/api/v1/absences/${absenceId}/handover`, { token: w.tokens.head01, body: { notes: '代交' } }), 403, 'ABSENCE.NOT_THE_ABSENTEE');
      const res = await t.post(`/api/v1/absences/${absenceId}/handover`, { token: w.tokens.handler01, body: { notes: '张三案已电话联系' } });
      expect(res.status).toBe(201);
      expect(res.body.handover).toMatchObject({
        notes: '张三案已电话联系',
        substitute: { id: sid('handler03') },
        createdAt: t.clock.now().toISOString(),
        acknowledgedBy: null,
        acknowledgedAt: null,
      });
      expect(res.body.handover.items).toEqual(expect.arrayContaining(pending));
      // A snapshot: later work does not change it.
      pending = [...pending, { kind: 'transfer', id: 'transfer-1', title: '新转办', dueAt: null }];
      const again = await t.get(`/api/v1/absences/${absenceId}`, { token: w.tokens.head01 });
      expect(again.body.handover.items).not.toContainEqual(expect.objectContaining({ id: 'transfer-1' }));
      expectProblem(await decide('head01', absenceId, { approve: true }), 409, 'ABSENCE.HANDOVER_REQUIRED');
    });

    it('only the substitute acknowledges it, once; then the absence can be approved', async () => {
      const before = await counts();
      expectProblem(await t.post(`/api/v1/absences/${absenceId}/handover/acknowledge`, { token: w.tokens.head01 }), 403, 'ABSENCE.NOT_THE_SUBSTITUTE');
      expectProblem(await t.post(`/api/v1/absences/${absenceId}/handover/acknowledge`, { token: w.tokens.handler01 }), 403, 'ABSENCE.NOT_THE_SUBSTITUTE');
      expect(await counts()).toEqual(before);
      const ack = await t.post(`/api/v1/absences/${absenceId}/handover/acknowledge`, { token: tok('handler03') });
      expect(ack.status).toBe(200);
      expect(ack.body.handover).toMatchObject({ acknowledgedBy: { id: sid('handler03') }, acknowledgedAt: t.clock.now().toISOString() });
      expectProblem(await t.post(`/api/v1/absences/${absenceId}/handover/acknowledge`, { token: tok('handler03') }), 409, 'ABSENCE.HANDOVER_ACKNOWLEDGED');
      expectProblem(await t.post(`/api/v1/absences/${absenceId}/handover`, { token: w.tokens.handler01, body: { notes: '重写' } }), 409, 'ABSENCE.HANDOVER_ACKNOWLEDGED');
      const ok = await decide('head01', absenceId, { approve: true });
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('approved');
      const actions = await t.db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [absenceId]);
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['absence.create', 'absence.handover', 'absence.handover.acknowledge', 'absence.approve']);
    });

    it('GET shows the absence with its handover list', async () => {
      const res = await t.get(`/api/v1/absences/${absenceId}`, { token: w.tokens.clerk01 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: absenceId, status: 'approved', handover: { substitute: { id: sid('handler03') }, acknowledgedBy: { id: sid('handler03') } } });
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('route(): who acts for whom', () => {
    it('someone present acts for themselves; a requested but unapproved absence changes nothing', async () => {
      expect(await routeOf('handler01', '2026-03-09T14:00:00+08:00')).toEqual({ staffId: w.staff.handler01, actingFor: null, via: 'self' });
      // clerk01's Thursday trip was registered, never approved.
      expect(await routeOf('clerk01', '2026-03-05T10:00:00+08:00')).toEqual({ staffId: w.staff.clerk01, actingFor: null, via: 'self' });
    });

    it('an absent holder is stood in for by the substitute of their post', async () => {
      expect(await routeOf('handler01', '2026-03-09T10:00:00+08:00')).toEqual({ staffId: sid('handler03'), actingFor: w.staff.handler01, via: 'substitute' });
      expect(await routeOf('handler01', '2026-03-11T14:00:00+08:00')).toEqual({ staffId: sid('handler03'), actingFor: w.staff.handler01, via: 'substitute' });
    });

    it('with the substitute away too, the office head; with the office head away as well, a leader', async () => {
      await approvedAbsence('handler03', 'head01', { startsAt: '2026-03-11T09:00:00+08:00', endsAt: '2026-03-11T11:00:00+08:00' });
      // head01 is at a meeting from 09:00 to 12:00 (approved above): at 11:30 only the substitute is back.
      expect(await routeOf('handler01', '2026-03-11T11:30:00+08:00')).toMatchObject({ staffId: sid('handler03'), via: 'substitute' });
      expect(await routeOf('handler01', '2026-03-11T10:00:00+08:00')).toEqual({ staffId: w.staff.leader01, actingFor: w.staff.handler01, via: 'leader' });
      const absent = await t.app.get(SubstitutionService).absentAt(t.db.manager, [w.staff.handler01, sid('handler03'), w.staff.head01, w.staff.leader01], new Date('2026-03-11T10:00:00+08:00'));
      expect([...absent].sort()).toEqual([w.staff.handler01, sid('handler03'), w.staff.head01].sort());
      await approvedAbsence('handler03', 'head01', { startsAt: '2026-03-12T09:00:00+08:00', endsAt: '2026-03-12T10:00:00+08:00' });
      expect(await routeOf('handler01', '2026-03-12T09:30:00+08:00')).toEqual({ staffId: w.staff.head01, actingFor: w.staff.handler01, via: 'office_head' });
    });

    it("a leader's deputy comes first; with nobody present, the leader acts for themselves", async () => {
      expect(await routeOf('leader01', '2026-03-19T10:00:00+08:00')).toEqual({ staffId: sid('leader02'), actingFor: w.staff.leader01, via: 'substitute' });
      await approvedAbsence('leader02', 'leader01', { startsAt: '2026-03-19T09:00:00+08:00', endsAt: '2026-03-19T11:00:00+08:00' });
      // Office heads do not act for a leader; no other leader is present.
      expect(await routeOf('leader01', '2026-03-19T10:00:00+08:00')).toEqual({ staffId: w.staff.leader01, actingFor: null, via: 'self' });
      expect(await routeOf('leader01', '2026-03-19T11:30:00+08:00')).toMatchObject({ staffId: sid('leader02'), via: 'substitute' });
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('coverage and the unattended window', () => {
    const MONDAY = (time: string) => `2026-03-16T${time}:00+08:00`;
    const violations = async () =>
      (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { type: 'unattended_window' } })).body.items as Array<Record<string, any>>;
    const coverage = async (at: string) => {
      const res = await t.get('/api/v1/coverage', { token: w.tokens.clerk01, query: { at } });
      expect(res.status).toBe(200);
      return new Map((res.body as Array<Record<string, any>>).map((c) => [c.post.id, c]));
    };

    beforeAll(async () => {
      // clerk01 (A of window 1) away all Monday; clerk04 (A of window 2) away 14:00-16:00 with clerk03 standing in.
      await approvedAbsence('clerk01', 'head02', { type: 'leave', startsAt: MONDAY('09:00'), endsAt: MONDAY('17:30') });
      await approvedAbsence('clerk04', 'head02', { startsAt: MONDAY('14:00'), endsAt: MONDAY('16:00'), standInId: sid('clerk03') });
    });

    it('shows who attends each post at a moment: the substitute while the holder is away', async () => {
      const at10 = await coverage(MONDAY('10:00'));
      expect(at10.get(windowPost)).toMatchObject({
        window: true,
        holder: { id: w.staff.clerk01, name: '王小窗', badgeNo: 'DEMO-001', present: false },
        coveredBy: { staffId: sid('clerk02'), as: 'substitute' },
      });
      expect(at10.get(windowPost2)).toMatchObject({ holder: { id: sid('clerk04'), present: true }, coveredBy: { staffId: sid('clerk04'), as: 'holder' } });
      expect(at10.get(registrationPost)).toMatchObject({ window: false, coveredBy: { staffId: w.staff.handler01, as: 'holder' } });
      expect(at10.get(leaderPost)).toMatchObject({ post: { kind: 'leader' }, coveredBy: { staffId: w.staff.leader01, as: 'holder' } });
      expect(await t.app.get(WindowWatch).check(new Date(MONDAY('10:00')))).toBe(0);
    });

    it('a post other than a window falls back to the office head or a leader', async () => {
      const wednesday = await coverage('2026-03-11T10:00:00+08:00');
      expect(wednesday.get(registrationPost)).toMatchObject({ holder: { present: false }, substitute: { present: false }, coveredBy: { staffId: w.staff.leader01, as: 'leader' } });
    });

    it('a window with holder and substitute away and no stand-in is unattended: a violation of the holder, once a day', async () => {
      const warned = await postAbsence('clerk02', { type: 'leave', startsAt: MONDAY('09:00'), endsAt: MONDAY('17:30'), reason: '病假' });
      expect(warned.body.warnings).toEqual([expect.objectContaining({ code: 'WINDOW_UNCOVERED', postId: windowPost })]);
      await decide('head02', warned.body.id, { approve: true });
      const at10 = await coverage(MONDAY('10:00'));
      expect(at10.get(windowPost)).toMatchObject({ holder: { present: false }, substitute: { id: sid('clerk02'), present: false }, coveredBy: null });
      expect(await t.app.get(SubstitutionService).uncoveredWindows(new Date(MONDAY('10:00')))).toEqual([
        { postId: windowPost, unitId: w.unitId, officeId: w.offices.window, holderId: w.staff.clerk01, standInId: null, postName: '综合窗口1' },
      ]);

      const watch = t.app.get(WindowWatch);
      // The lunch break is not working time: nothing to flag yet.
      expect(await watch.check(new Date(MONDAY('12:30')))).toBe(0);
      expect(await violations()).toEqual([]);
      expect(await watch.check(new Date(MONDAY('10:00')))).toBe(1);
      expect(await watch.check(new Date(MONDAY('11:00')))).toBe(0);
      const found = await violations();
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        type: 'unattended_window',
        code: 'UNATTENDED_WINDOW',
        unitId: w.unitId,
        staffId: w.staff.clerk01,
        officeId: w.offices.window,
        caseId: null,
        evidence: { postId: windowPost, postName: '综合窗口1', at: new Date(MONDAY('10:00')).toISOString() },
      });
    });

    it('a window whose holder named a present stand-in is attended, though its substitute is away', async () => {
      const at15 = await coverage(MONDAY('15:00'));
      expect(at15.get(windowPost2)).toMatchObject({ holder: { present: false }, substitute: { present: false }, coveredBy: { staffId: sid('clerk03'), as: 'stand_in' } });
      const uncovered = await t.app.get(SubstitutionService).uncoveredWindows(new Date(MONDAY('15:00')));
      expect(uncovered.map((u) => u.postId)).toEqual([windowPost]);
      await t.app.get(WindowWatch).check(new Date(MONDAY('15:00')));
      expect((await violations()).map((v) => v.evidence.postId)).not.toContain(windowPost2);
    });

    it('outside working hours nothing is flagged, on a weekend neither', async () => {
      // Saturday: clerk04 and clerk02 both away, no stand-in; the window is closed anyway.
      await approvedAbsence('clerk02', 'head02', { type: 'other', startsAt: '2026-03-21T08:00:00+08:00', endsAt: '2026-03-21T18:00:00+08:00' });
      await approvedAbsence('clerk04', 'head02', { type: 'other', startsAt: '2026-03-21T08:00:00+08:00', endsAt: '2026-03-21T18:00:00+08:00' });
      const saturday = new Date('2026-03-21T10:00:00+08:00');
      expect((await t.app.get(SubstitutionService).uncoveredWindows(saturday)).map((u) => u.postId)).toEqual([windowPost2]);
      const before = await t.count('violation');
      expect(await t.app.get(WindowWatch).check(saturday)).toBe(0);
      expect(await t.app.get(WindowWatch).check(new Date(MONDAY('18:00')))).toBe(0);
      expect(await t.count('violation')).toBe(before);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('calling an absence off', () => {
    it('the approver may call it off; once it has started it ends at that moment', async () => {
      const absenceId = await approvedAbsence('handler02', 'leader01', { startsAt: '2026-03-17T09:00:00+08:00', endsAt: '2026-03-17T17:30:00+08:00' });
      const saved = t.clock.now();
      try {
        t.clock.set('2026-03-17T10:15:00+08:00');
        const res = await t.post(`/api/v1/absences/${absenceId}/cancel`, { token: w.tokens.leader01 });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'approved', endsAt: new Date('2026-03-17T10:15:00+08:00').toISOString(), cancelledBy: { id: w.staff.leader01 } });
        expect(await routeOf('handler02', '2026-03-17T11:00:00+08:00')).toMatchObject({ via: 'self' });
        expectProblem(await t.post(`/api/v1/absences/${absenceId}/cancel`, { token: w.tokens.leader01 }), 409, 'ABSENCE.OVER');
      } finally {
        t.clock.set(saved);
      }
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('lists', () => {
    it('GET /absences filters by staff member, status and period', async () => {
      const res = await t.get('/api/v1/absences', {
        token: w.tokens.clerk01,
        query: { staffId: sid('clerk02'), status: 'approved', from: '2026-03-16T00:00:00+08:00', to: '2026-03-17T00:00:00+08:00' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(res.body.items[0]).toMatchObject({ staff: { id: sid('clerk02') }, status: 'approved', startsAt: new Date('2026-03-16T09:00:00+08:00').toISOString() });
      const requested = await t.get('/api/v1/absences', { token: w.tokens.clerk01, query: { status: 'requested' } });
      expect(requested.body.items.length).toBeGreaterThan(0);
      expect(requested.body.items.every((a: { status: string }) => a.status === 'requested')).toBe(true);
    });
  });

  // ------------------------------------------------------------------------------------------------
  describe('bad input on the absence and coverage endpoints is 400/422 naming the field, and writes nothing', () => {
    let absenceId: string;
    beforeAll(async () => {
      const [row] = await t.db.query(`SELECT id FROM absence WHERE status = 'requested' ORDER BY requested_at LIMIT 1`);
      absenceId = row.id;
    });
    const good = { type: 'meeting', startsAt: '2026-03-23T09:00:00+08:00', endsAt: '2026-03-23T10:00:00+08:00', reason: '会议' };

    it.each([
      ['no fields', {}, ['type', 'startsAt', 'endsAt', 'reason']],
      ['an unknown type', { ...good, type: 'vacation' }, ['type']],
      ['a time without offset', { ...good, startsAt: '2026-03-23 09:00' }, ['startsAt']],
      ['a date that does not exist', { ...good, endsAt: '2026-02-30T10:00:00+08:00' }, ['endsAt']],
      ['a stand-in that is not a uuid', { ...good, standInId: 'clerk03' }, ['standInId']],
      ['a staff id that is not a uuid', { ...good, staffId: 42 }, ['staffId']],
      ['a blank reason', { ...good, reason: '  ' }, ['reason']],
      ['an unknown field', { ...good, status: 'approved' }, ['status']],
    ])('POST /absences with %s', async (_what, body, fields) => {
      const before = await counts();
      const res = await postAbsence('handler02', body);
      expectProblem(res, 400, 'REQUEST.INVALID');
      for (const f of fields) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(f);
      expect(await counts()).toEqual(before);
    });

    it('POST /absences/{id}/decision', async () => {
      const before = await counts();
      expectProblem(await decide('head01', absenceId, {}), 400, 'REQUEST.INVALID', 'approve');
      expectProblem(await decide('head01', absenceId, { approve: 'yes' }), 400, 'REQUEST.INVALID', 'approve');
      expectProblem(await decide('head01', absenceId, { approve: true, note: 7 }), 400, 'REQUEST.INVALID', 'note');
      expectProblem(await decide('head01', 'abc', { approve: true }), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await decide('head01', NO_SUCH_ID, { approve: true }), 404, 'ABSENCE.NOT_FOUND', 'id');
      expect(await counts()).toEqual(before);
    });

    it('POST /absences/{id}/handover and …/acknowledge', async () => {
      const [own] = await t.db.query(`SELECT id, staff_id FROM absence WHERE status = 'requested' AND staff_id = $1 LIMIT 1`, [w.staff.handler02]);
      const before = await counts();
      const handover = (body: unknown) => t.post(`/api/v1/absences/${own.id}/handover`, { token: w.tokens.handler02, body });
      expectProblem(await handover({}), 400, 'REQUEST.INVALID', 'notes');
      expectProblem(await handover({ notes: '' }), 400, 'REQUEST.INVALID', 'notes');
      expectProblem(await handover({ notes: 'x'.repeat(2001) }), 400, 'REQUEST.INVALID', 'notes');
      expectProblem(await handover({ notes: '好', items: [] }), 400, 'REQUEST.INVALID', 'items');
      expectProblem(await t.post('/api/v1/absences/abc/handover', { token: w.tokens.handler02, body: { notes: '好' } }), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await t.post(`/api/v1/absences/${NO_SUCH_ID}/handover/acknowledge`, { token: w.tokens.handler02 }), 404, 'ABSENCE.NOT_FOUND', 'id');
      expectProblem(await t.post(`/api/v1/absences/${own.id}/handover/acknowledge`, { token: w.tokens.handler02 }), 409, 'ABSENCE.NO_HANDOVER');
      expectProblem(await t.post('/api/v1/absences/abc/cancel', { token: w.tokens.handler02 }), 400, 'REQUEST.INVALID', 'id');
      expect(await counts()).toEqual(before);
    });

    it('GET /absences, GET /absences/{id} and GET /coverage', async () => {
      const before = await counts();
      for (const [query, field] of [
        [{ status: 'away' }, 'status'],
        [{ from: '2026-03-01' }, 'from'],
        [{ to: 'tomorrow' }, 'to'],
        [{ staffId: 'x' }, 'staffId'],
        [{ page: '0' }, 'page'],
        [{ pageSize: '1000' }, 'pageSize'],
      ] as Array<[Record<string, string>, string]>) {
        expectProblem(await t.get('/api/v1/absences', { token: w.tokens.clerk01, query }), 400, 'REQUEST.INVALID', field);
      }
      expectProblem(await t.get('/api/v1/absences/abc', { token: w.tokens.clerk01 }), 400, 'REQUEST.INVALID', 'id');
      expectProblem(await t.get(`/api/v1/absences/${NO_SUCH_ID}`, { token: w.tokens.clerk01 }), 404, 'ABSENCE.NOT_FOUND', 'id');
      expectProblem(await t.get('/api/v1/coverage', { token: w.tokens.clerk01, query: { at: 'yesterday' } }), 400, 'REQUEST.INVALID', 'at');
      expectProblem(await t.get('/api/v1/coverage', { token: w.tokens.clerk01, query: { at: '2026-03-16T10:00:00+08:00', extra: '1' } }), 400, 'REQUEST.INVALID', 'extra');
      expectProblem(await t.get('/api/v1/coverage'), 401, 'AUTH.TOKEN_REQUIRED');
      expect(await counts()).toEqual(before);
    });
  });
});
