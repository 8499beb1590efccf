import { TimerSweep } from '@app/deadlines';
import { randomUUID } from 'node:crypto';
import { expectFieldProblem, expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';

const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * 内部事务 under work standards (seed 000, issue 12): an ordinary document circulates within 1 working day,
 * an urgent one within 4 working hours, minutes within half a working day, on the clock and ladder of a
 * case; handed from holder to holder with the clock running; late is the holder's violation.
 */
describe('internal tasks under work standards', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday; working hours 09:00-12:00, 13:30-17:30

  const create = (body: Record<string, unknown>, token = w.tokens.clerk01) =>
    t.post('/api/v1/internal-tasks', { token, body: { kind: 'document', title: '关于开展效能建设自查的通知', handlerId: w.staff.handler01, ...body } });
  const created = async (body: Record<string, unknown> = {}, token?: string) => {
    const res = await create(body, token);
    if (res.status !== 201) throw new Error(`task: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };
  const standards = async () => (await t.get('/api/v1/work-standards', { token: w.tokens.handler01 })).body as Array<Record<string, any>>;
  const violations = async (type: string) =>
    ((await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { type, pageSize: '100' } })).body.items as Array<Record<string, any>>);

  describe('work standards', () => {
    it('a unit starts from the seed’s standards: a document in 1 working day, urgent in 4 working hours, minutes in half a working day', async () => {
      expect((await standards()).map((s) => [s.kind, s.urgent, s.name, s.limitWorkingMinutes, s.limitText, s.version])).toEqual([
        ['document', false, '一般公文流转', 420, '1个工作日', 1],
        ['document', true, '急件公文流转', 240, '4个工作小时', 1],
        ['minutes', false, '会议纪要完成并分发', 210, '半个工作日', 1],
      ]);
    });

    it('the admin adds a kind (audited); the same kind twice is 409 naming kind; bad input is 4xx naming the field, writing nothing', async () => {
      const res = await t.post('/api/v1/work-standards', { token: w.tokens.admin, body: { kind: 'report', name: '信息报送', limitWorkingMinutes: 840 } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'report', urgent: false, name: '信息报送', limitWorkingMinutes: 840, limitText: '2个工作日', version: 1 });
      const [audit] = await t.db.query(`SELECT entity_id FROM audit_log WHERE action = 'work_standard.create'`);
      expect(audit).toEqual({ entity_id: res.body.id });
      const before = await t.count('work_standard');
      expectProblem(await t.post('/api/v1/work-standards', { token: w.tokens.admin, body: { kind: 'report', name: '又一个', limitWorkingMinutes: 60 } }), 409, 'WORK_STANDARD.EXISTS', 'kind');
      expectFieldProblem(await t.post('/api/v1/work-standards', { token: w.tokens.admin, body: { kind: 'Bad Kind', name: 'x', limitWorkingMinutes: 60 } }), 400, 'kind');
      expectFieldProblem(await t.post('/api/v1/work-standards', { token: w.tokens.admin, body: { kind: 'notice', name: 'x', limitWorkingMinutes: 0 } }), 400, 'limitWorkingMinutes');
      expectProblem(await t.post('/api/v1/work-standards', { token: w.tokens.admin, body: { kind: 'notice', name: 'x', limitWorkingMinutes: 41 * 420 } }), 422, 'WORK_STANDARD.LIMIT_TOO_LONG', 'limitWorkingMinutes');
      expectProblem(await t.post('/api/v1/work-standards', { token: w.tokens.head01, body: { kind: 'notice', name: 'x', limitWorkingMinutes: 60 } }), 403, 'AUTH.FORBIDDEN');
      expect(await t.count('work_standard')).toBe(before);
    });

    it('a changed standard is a new version: the running task keeps the limit it started with, a new one takes the new limit', async () => {
      const running = await created({ kind: 'minutes', title: '局务会会议纪要' });
      expect(running.standard).toMatchObject({ name: '会议纪要完成并分发', limitWorkingMinutes: 210, limitText: '半个工作日', version: 1 });
      const minutes = (await standards()).find((s) => s.kind === 'minutes')!;
      const res = await t.patch(`/api/v1/work-standards/${minutes.id}`, { token: w.tokens.admin, body: { name: '会议纪要', limitWorkingMinutes: 420 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2, limitWorkingMinutes: 420, name: '会议纪要' });
      const kept = (await t.get(`/api/v1/internal-tasks/${running.id}`, { token: w.tokens.handler01 })).body;
      expect(kept).toMatchObject({ dueAt: running.dueAt, standard: { version: 1, limitWorkingMinutes: 210, name: '会议纪要完成并分发' } });
      expect(kept.deadline.dueAt).toBe(running.dueAt);
      const next = await created({ kind: 'minutes', title: '党组会会议纪要' });
      expect(next.standard).toMatchObject({ version: 2, limitWorkingMinutes: 420 });
      expect(shanghai(next.dueAt)).toBe('2026-03-03 10:00');
      expect(await t.db.query(`SELECT version, limit_minutes FROM work_standard_version WHERE standard_id = $1 ORDER BY version`, [minutes.id])).toEqual([
        { version: 1, limit_minutes: 210 },
        { version: 2, limit_minutes: 420 },
      ]);
      const [audit] = await t.db.query(`SELECT before->>'limitWorkingMinutes' AS before, after->>'limitWorkingMinutes' AS after FROM audit_log WHERE action = 'work_standard.update'`);
      expect(audit).toEqual({ before: '210', after: '420' });
      await t.patch(`/api/v1/work-standards/${minutes.id}`, { token: w.tokens.admin, body: { name: '会议纪要完成并分发', limitWorkingMinutes: 210 } });
    });

    it('a change is refused naming the field (nothing to change, a bad limit), 404 for an unknown standard, 403 for others than the admin', async () => {
      const doc = (await standards()).find((s) => s.kind === 'document' && !s.urgent)!;
      expectProblem(await t.patch(`/api/v1/work-standards/${doc.id}`, { token: w.tokens.admin, body: {} }), 422, 'WORK_STANDARD.NOTHING_TO_CHANGE', 'limitWorkingMinutes');
      expectFieldProblem(await t.patch(`/api/v1/work-standards/${doc.id}`, { token: w.tokens.admin, body: { limitWorkingMinutes: 'soon' } }), 400, 'limitWorkingMinutes');
      expectProblem(await t.patch(`/api/v1/work-standards/${randomUUID()}`, { token: w.tokens.admin, body: { limitWorkingMinutes: 60 } }), 404, 'WORK_STANDARD.NOT_FOUND', 'id');
      expectProblem(await t.patch(`/api/v1/work-standards/${doc.id}`, { token: w.tokens.leader01, body: { limitWorkingMinutes: 60 } }), 403, 'AUTH.FORBIDDEN');
      expect((await standards()).find((s) => s.id === doc.id)).toMatchObject({ version: 1, limitWorkingMinutes: 420 });
    });
  });

  describe('a task on the clock of its standard', () => {
    it('an ordinary document is due 1 working day on, an urgent one 4 working hours on, minutes half a working day on; the steps are a case’s', async () => {
      const doc = await created({ reference: '示市监发〔2026〕12号' });
      expect(doc).toMatchObject({
        kind: 'document',
        urgent: false,
        reference: '示市监发〔2026〕12号',
        status: 'open',
        statusLabel: '办理中',
        handler: { id: w.staff.handler01, name: '李经办' },
        createdBy: { id: w.staff.clerk01 },
        officeId: w.offices.registration,
        standard: { name: '一般公文流转', limitWorkingMinutes: 420, limitText: '1个工作日' },
        handovers: [],
        completion: null,
      });
      expect(shanghai(doc.dueAt)).toBe('2026-03-03 10:00');
      expect(doc.deadline).toMatchObject({ state: 'running', dueAt: doc.dueAt, level: 'normal', remainingWorkingMinutes: 420 });
      expect(doc.deadline.steps.map((s: { step: string }) => s.step)).toEqual(['warning', 'due', 'overdue_office_head', 'overdue_leader', 'overdue_inspector']);
      const urgent = await created({ urgent: true });
      expect(urgent.standard).toMatchObject({ name: '急件公文流转', limitWorkingMinutes: 240 });
      expect(shanghai(urgent.dueAt)).toBe('2026-03-02 15:30');
      const minutes = await created({ kind: 'minutes', title: '周例会会议纪要' });
      expect(shanghai(minutes.dueAt)).toBe('2026-03-02 15:00');
      // Urgent minutes: the unit has no urgent standard for minutes, so the kind's own applies.
      expect((await created({ kind: 'minutes', urgent: true })).standard).toMatchObject({ limitWorkingMinutes: 210 });
      const [audit] = await t.db.query(`SELECT actor_id, after->>'limitMinutes' AS limit FROM audit_log WHERE action = 'internal_task.create' AND entity_id = $1`, [doc.id]);
      expect(audit).toEqual({ actor_id: w.staff.clerk01, limit: '420' });
    });

    it('bad input is 4xx naming the field and writes nothing; inspectors and admins do not create tasks', async () => {
      const before = [await t.count('internal_task'), await t.count('deadline_timer')];
      expectProblem(await create({ kind: 'telegram' }), 422, 'WORK_STANDARD.UNKNOWN_KIND', 'kind');
      expectProblem(await create({ handlerId: randomUUID() }), 422, 'INTERNAL_TASK.UNKNOWN_STAFF', 'handlerId');
      expectFieldProblem(await create({ title: '   ' }), 400, 'title');
      expectFieldProblem(await create({ urgent: 'yes' }), 400, 'urgent');
      expectFieldProblem(await create({ handlerId: 'nobody' }), 400, 'handlerId');
      expectFieldProblem(await create({ reference: 'x'.repeat(61) }), 400, 'reference');
      expectProblem(await create({}, w.tokens.inspector01), 403, 'AUTH.FORBIDDEN');
      expectProblem(await create({}, w.tokens.admin), 403, 'AUTH.FORBIDDEN');
      expect([await t.count('internal_task'), await t.count('deadline_timer')]).toEqual(before);
    });
  });

  describe('hand-over and completion', () => {
    it('转交: the next holder takes it with the clock running, the timer follows (assignee and office), audited', async () => {
      const task = await created();
      t.clock.set('2026-03-02T11:00:00+08:00');
      const res = await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.handler01, body: { toId: w.staff.handler02, note: '请食品股会签' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ handler: { id: w.staff.handler02 }, officeId: w.offices.food, dueAt: task.dueAt });
      expect(res.body.handovers).toEqual([
        expect.objectContaining({ from: expect.objectContaining({ id: w.staff.handler01 }), to: expect.objectContaining({ id: w.staff.handler02 }), note: '请食品股会签', actingFor: null }),
      ]);
      expect(res.body.deadline).toMatchObject({ dueAt: task.dueAt, remainingWorkingMinutes: 360 });
      const [timer] = await t.db.query(`SELECT assignee_id, office_id, due_at FROM deadline_timer WHERE subject_id = $1`, [task.id]);
      expect(timer).toEqual({ assignee_id: w.staff.handler02, office_id: w.offices.food, due_at: new Date(task.dueAt) });
      const [audit] = await t.db.query(`SELECT before->>'handlerId' AS before, after->>'handlerId' AS after FROM audit_log WHERE action = 'internal_task.hand_over'`);
      expect(audit).toEqual({ before: w.staff.handler01, after: w.staff.handler02 });
      // The former holder still sees it; the new one lists it among his own.
      expect((await t.get(`/api/v1/internal-tasks/${task.id}`, { token: w.tokens.handler01 })).status).toBe(200);
      expect(((await t.get('/api/v1/internal-tasks', { token: w.tokens.handler02 })).body.items as Array<{ id: string }>).map((i) => i.id)).toContain(task.id);
    });

    it('a hand-over is refused: to its holder (422 toId), to nobody of the unit (422 toId), by someone who does not hold it (403); nothing written', async () => {
      const task = await created();
      const before = await t.count('internal_task_handover');
      expectProblem(await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.handler01, body: { toId: w.staff.handler01 } }), 422, 'INTERNAL_TASK.SAME_HOLDER', 'toId');
      expectProblem(await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.handler01, body: { toId: randomUUID() } }), 422, 'INTERNAL_TASK.UNKNOWN_STAFF', 'toId');
      expectFieldProblem(await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.handler01, body: {} }), 400, 'toId');
      expectProblem(await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.handler02, body: { toId: w.staff.handler02 } }), 403, 'INTERNAL_TASK.NOT_THE_HOLDER');
      expectProblem(await t.post(`/api/v1/internal-tasks/${randomUUID()}/handover`, { token: w.tokens.handler01, body: { toId: w.staff.handler02 } }), 404, 'INTERNAL_TASK.NOT_FOUND', 'id');
      expect(await t.count('internal_task_handover')).toBe(before);
      // The office head of its office moves it (督办).
      const moved = await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.head01, body: { toId: w.staff.handler02 } });
      expect([moved.status, moved.body]).toEqual([200, expect.objectContaining({ handler: expect.objectContaining({ id: w.staff.handler02 }) })]);
    });

    it('办结 stops the clock; done in time is not late; a completed task is neither handed over nor completed again (409)', async () => {
      const task = await created({ kind: 'minutes' });
      t.clock.set('2026-03-02T14:00:00+08:00');
      const res = await t.post(`/api/v1/internal-tasks/${task.id}/complete`, { token: w.tokens.handler01, body: { note: '已分发各股室' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'completed', statusLabel: '已办结', completion: { by: { id: w.staff.handler01 }, note: '已分发各股室', late: false, actingFor: null } });
      expect(res.body.deadline).toMatchObject({ state: 'stopped', remainingWorkingMinutes: null });
      expectProblem(await t.post(`/api/v1/internal-tasks/${task.id}/complete`, { token: w.tokens.handler01, body: {} }), 409, 'INTERNAL_TASK.COMPLETED');
      expectProblem(await t.post(`/api/v1/internal-tasks/${task.id}/handover`, { token: w.tokens.handler01, body: { toId: w.staff.handler02 } }), 409, 'INTERNAL_TASK.COMPLETED');
      expectProblem(await t.post(`/api/v1/internal-tasks/${task.id}/complete`, { token: w.tokens.clerk01, body: {} }), 409, 'INTERNAL_TASK.COMPLETED');
      t.clock.set('2026-03-04T10:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      expect((await violations('internal_task_overdue')).filter((v) => v.evidence.taskId === task.id)).toEqual([]);
    });
  });

  describe('late: a violation of whoever held it when the limit passed', () => {
    it('handed over before the due time, the lateness is the new holder’s, not the first one’s; kept, it is the holder’s; counted as its own type', async () => {
      t.clock.set('2026-04-08T10:00:00+08:00'); // a Wednesday, away from the other tests' days
      const handed = await created({ urgent: true, title: '急件：防汛值班安排' });
      const kept = await created({ urgent: true, title: '急件：安全生产检查' });
      await t.post(`/api/v1/internal-tasks/${handed.id}/handover`, { token: w.tokens.handler01, body: { toId: w.staff.handler02 } });
      t.clock.set(new Date(new Date(handed.dueAt).getTime() + 60_000));
      await t.app.get(TimerSweep).sweep();
      const late = await violations('internal_task_overdue');
      expect(late.filter((v) => v.evidence.taskId === handed.id)).toEqual([expect.objectContaining({ staffId: w.staff.handler02, officeId: w.offices.food, status: 'detected' })]);
      expect(late.filter((v) => v.evidence.taskId === kept.id)).toEqual([expect.objectContaining({ staffId: w.staff.handler01, officeId: w.offices.registration })]);
      const view = (await t.get(`/api/v1/internal-tasks/${kept.id}`, { token: w.tokens.handler01 })).body;
      expect(view.deadline.level).toBe('overdue'); // the office head's rung is at the due time (office_head:0d)
      const alerts = await t.db.query(`SELECT recipient_id, title FROM alert WHERE subject_id = $1 AND step = 'due'`, [kept.id]);
      expect(alerts).toEqual([{ recipient_id: w.staff.handler01, title: '内部事务已到工作标准时限' }]);
      // Done late: the violation stands, the completion says late.
      const done = await t.post(`/api/v1/internal-tasks/${kept.id}/complete`, { token: w.tokens.handler01, body: {} });
      expect(done.body.completion).toMatchObject({ late: true });
      const report = await t.get('/api/v1/reports/violations', { token: w.tokens.inspector01, query: { from: '2026-04-01T00:00:00+08:00', to: '2026-05-01T00:00:00+08:00' } });
      expect(report.status).toBe(200);
      expect((report.body.byType as Array<Record<string, any>>).find((r) => r.type === 'internal_task_overdue')).toMatchObject({
        code: 'INTERNAL_TASK_OVERDUE',
        name: '内部事务超时未办',
        total: 2,
      });
    });
  });

  describe('while the holder is away (同岗替代制)', () => {
    let standIn: { id: string; token: string };
    beforeAll(async () => {
      const added = await addStaff(t, w, 'TASK', [['handler03', 'registration', ['handler']]]);
      standIn = { id: added.id.handler03!, token: added.token.handler03! };
      const post = await t.post('/api/v1/posts', {
        token: w.tokens.admin,
        body: { name: '登记注册经办 A 岗', kind: 'staff', officeId: w.offices.registration, holderId: w.staff.handler01, substituteId: standIn.id },
      });
      expect(post.status).toBe(201);
      t.clock.set('2026-05-11T08:00:00+08:00'); // a Monday
      const absence = await t.post('/api/v1/absences', {
        token: w.tokens.handler01,
        body: { type: 'leave', reason: '休假', startsAt: '2026-05-11T09:00:00+08:00', endsAt: '2026-05-11T17:30:00+08:00' },
      });
      expect((await t.post(`/api/v1/absences/${absence.body.id}/decision`, { token: w.tokens.head01, body: { approve: true } })).status).toBe(200);
    });

    it('a task late while its holder is on leave is charged to the stand-in who held it, acting for the holder', async () => {
      t.clock.set('2026-05-11T08:30:00+08:00');
      const task = await created({ urgent: true, title: '急件：端午值班表' });
      expect(shanghai(task.dueAt)).toBe('2026-05-11 14:30'); // 4 working hours from 09:00
      t.clock.set('2026-05-11T15:00:00+08:00');
      await t.app.get(TimerSweep).sweep();
      const [late] = (await violations('internal_task_overdue')).filter((v) => v.evidence.taskId === task.id);
      expect(late).toMatchObject({ staffId: standIn.id, evidence: { taskId: task.id, actingFor: w.staff.handler01 } });
    });

    it('the stand-in sees and completes the holder’s task, recorded as acting for the holder', async () => {
      t.clock.set('2026-05-11T10:00:00+08:00');
      const task = await created({ kind: 'minutes', title: '周例会会议纪要（请假期间）' });
      expect((await t.get(`/api/v1/internal-tasks/${task.id}`, { token: standIn.token })).status).toBe(200);
      const done = await t.post(`/api/v1/internal-tasks/${task.id}/complete`, { token: standIn.token, body: {} });
      expect(done.status).toBe(200);
      expect(done.body.completion).toMatchObject({ by: { id: standIn.id }, actingFor: w.staff.handler01, late: false });
      // Back from leave, the holder works the task alone: the former stand-in may not.
      t.clock.set('2026-05-12T10:00:00+08:00');
      const later = await created({ kind: 'minutes', title: '销假后的会议纪要' });
      expectProblem(await t.post(`/api/v1/internal-tasks/${later.id}/complete`, { token: standIn.token, body: {} }), 403, 'INTERNAL_TASK.NOT_THE_HOLDER');
      expectProblem(await t.get(`/api/v1/internal-tasks/${later.id}`, { token: standIn.token }), 404, 'INTERNAL_TASK.NOT_FOUND', 'id');
    });
  });

  describe('a holder deactivated with open tasks', () => {
    let holder: string;
    let substitute: string;
    beforeAll(async () => {
      const added = await addStaff(t, w, 'LEAVER', [
        ['leaver01', 'registration', ['handler']],
        ['keeper01', 'registration', ['handler']],
      ]);
      [holder, substitute] = [added.id.leaver01!, added.id.keeper01!];
      const post = await t.post('/api/v1/posts', {
        token: w.tokens.admin,
        body: { name: '登记注册经办 C 岗', kind: 'staff', officeId: w.offices.registration, holderId: holder, substituteId: substitute },
      });
      expect(post.status).toBe(201);
    });
    const deactivate = (extra: Record<string, unknown> = {}) => t.patch(`/api/v1/staff/${holder}`, { token: w.tokens.admin, body: { active: false, ...extra } });

    it('is refused (409) with the open tasks listed; with reassignTo: substitute they go to the B 角 as hand-overs, the clocks following', async () => {
      t.clock.set('2026-06-15T09:00:00+08:00');
      const task = await created({ handlerId: holder, title: '离岗前未办的公文' });
      const refused = await deactivate();
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'STAFF.HAS_OPEN_CASES', openCases: [{ kind: 'internal_task', id: task.id }] });
      const res = await deactivate({ reassignTo: 'substitute' });
      expect(res.status).toBe(200);
      expect(res.body.handover).toMatchObject({ substituteId: substitute, items: [{ kind: 'internal_task', id: task.id }] });
      const moved = (await t.get(`/api/v1/internal-tasks/${task.id}`, { token: w.tokens.leader01 })).body;
      expect(moved).toMatchObject({ handler: { id: substitute }, dueAt: task.dueAt });
      expect(moved.handovers).toEqual([expect.objectContaining({ from: expect.objectContaining({ id: holder }), by: expect.objectContaining({ id: w.staff.admin }), note: '人员停用，移交B角' })]);
      const [timer] = await t.db.query('SELECT assignee_id FROM deadline_timer WHERE subject_id = $1', [task.id]);
      expect(timer.assignee_id).toBe(substitute);
    });
  });

  describe('lists by scope', () => {
    it('mine for everyone serving; office for an office head (their office); unit for leaders and inspectors; others 403 naming scope', async () => {
      const mine = (await t.get('/api/v1/internal-tasks', { token: w.tokens.handler02 })).body;
      expect(mine.total).toBeGreaterThan(0);
      expect((mine.items as Array<Record<string, any>>).every((i) => i.handler.id === w.staff.handler02)).toBe(true);
      const office = (await t.get('/api/v1/internal-tasks', { token: w.tokens.head01, query: { scope: 'office', pageSize: '100' } })).body;
      expect((office.items as Array<Record<string, any>>).every((i) => i.officeId === w.offices.registration)).toBe(true);
      expect(office.total).toBeGreaterThan(0);
      const unit = (await t.get('/api/v1/internal-tasks', { token: w.tokens.leader01, query: { scope: 'unit', pageSize: '100' } })).body;
      expect(unit.total).toBe(await t.count('internal_task'));
      const open = (await t.get('/api/v1/internal-tasks', { token: w.tokens.inspector01, query: { scope: 'unit', status: 'completed', pageSize: '100' } })).body;
      expect((open.items as Array<Record<string, any>>).every((i) => i.status === 'completed')).toBe(true);
      expectProblem(await t.get('/api/v1/internal-tasks', { token: w.tokens.handler01, query: { scope: 'office' } }), 403, 'INTERNAL_TASK.SCOPE', 'scope');
      expectProblem(await t.get('/api/v1/internal-tasks', { token: w.tokens.head01, query: { scope: 'unit' } }), 403, 'INTERNAL_TASK.SCOPE', 'scope');
      expectFieldProblem(await t.get('/api/v1/internal-tasks', { token: w.tokens.head01, query: { scope: 'everything' } }), 400, 'scope');
      expectFieldProblem(await t.get('/api/v1/internal-tasks', { token: w.tokens.head01, query: { status: 'lost' } }), 400, 'status');
    });

    it('a task is not shown to staff who never held it and do not supervise it (404)', async () => {
      const task = await created({ handlerId: w.staff.handler01 }, w.tokens.handler01);
      expectProblem(await t.get(`/api/v1/internal-tasks/${task.id}`, { token: w.tokens.handler02 }), 404, 'INTERNAL_TASK.NOT_FOUND', 'id');
      expect((await t.get(`/api/v1/internal-tasks/${task.id}`, { token: w.tokens.head01 })).status).toBe(200);
      expect((await t.get(`/api/v1/internal-tasks/${task.id}`, { token: w.tokens.inspector01 })).status).toBe(200);
    });
  });
});
