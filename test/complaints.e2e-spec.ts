import { TimerSweep } from '@app/deadlines';
import { expectFieldProblem, expectProblem } from './support/problem.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** A registered complaint or report (投诉/举报) gets a handler, a time limit on the case clock, a reply and a callback (issue 10). */
describe('complaints and reports: handler, time limit, reply, callback', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
  });
  afterAll(() => t?.close());
  beforeEach(() => t.clock.set('2026-03-02T10:00:00+08:00')); // a Monday

  const register = async (kind: 'complaint' | 'report' = 'complaint', outcome: Record<string, unknown> = { type: 'registered' }) => {
    const res = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'phone', kind, subject: '投诉窗口办事拖延', citizen: { name: '周八', phone: '13700137000' }, outcome },
    });
    if (res.status !== 201) throw new Error(`enquiry: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const assign = (enquiryId: string, token = w.tokens.head01, extra: Record<string, unknown> = {}) =>
    t.post('/api/v1/complaints', { token, body: { enquiryId, handlerId: w.staff.handler01, ...extra } });

  it('the office head gives a registered complaint a handler: 15 working days on the same clock and ladder', async () => {
    const enquiryId = await register();
    const res = await assign(enquiryId);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      enquiryId,
      kind: 'complaint',
      status: 'assigned',
      handler: { id: w.staff.handler01, name: '李经办' },
      assignedBy: { id: w.staff.head01 },
      limitWorkingDays: 15,
      citizen: { name: '周八', phone: '13700137000' },
      reply: null,
      callback: null,
    });
    // 15 working days from Monday 2 March 2026: Monday 23 March at close of business.
    expect(shanghai(res.body.dueAt)).toBe('2026-03-23 17:30');
    expect(res.body.deadline).toMatchObject({ state: 'running', dueAt: res.body.dueAt });
    expect(res.body.deadline.steps.map((s: { step: string }) => s.step)).toEqual(['warning', 'due', 'overdue_office_head', 'overdue_leader', 'overdue_inspector']);
  });

  it("one complaint's full phone only for whom must call the citizen (its handler, office heads, leaders, clerks), each reading audited; masked for another handler and an inspector", async () => {
    const complaint = (await assign(await register())).body;
    const disclosures = async () =>
      Number(((await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'personal_data.read' AND entity = 'complaint' AND entity_id = $1`, [complaint.id])) as Array<{ n: number }>)[0]!.n);
    const phoneFor = async (token: string) => (await t.get(`/api/v1/complaints/${complaint.id}`, { token })).body.citizen.phone;
    expect(await phoneFor(w.tokens.handler02)).toBe('137****7000');
    expect(await phoneFor(w.tokens.inspector01)).toBe('137****7000');
    expect(await disclosures()).toBe(0);
    expect(await phoneFor(w.tokens.handler01)).toBe('13700137000');
    expect(await phoneFor(w.tokens.clerk01)).toBe('13700137000');
    expect(await disclosures()).toBe(2);
  });

  it('only a registered complaint or report, once (409 COMPLAINT.ALREADY_ASSIGNED), and writes nothing when refused', async () => {
    const answered = await register('complaint', { type: 'answered', answer: '已当场解释' });
    expectProblem(await assign(answered), 422, 'COMPLAINT.NOT_REGISTERED', 'enquiryId');
    const enquiryId = await register('report');
    expect((await assign(enquiryId)).status).toBe(201);
    const before = await t.count('complaint');
    expectProblem(await assign(enquiryId), 409, 'COMPLAINT.ALREADY_ASSIGNED', 'enquiryId');
    expect(await t.count('complaint')).toBe(before);
  });

  it('the handler replies to the citizen (text, channel, time): the clock stops; then the callback records whether the citizen is satisfied', async () => {
    const complaint = (await assign(await register())).body;
    t.clock.set('2026-03-04T15:00:00+08:00');
    const reply = await t.post(`/api/v1/complaints/${complaint.id}/reply`, {
      token: w.tokens.handler01,
      body: { text: '经核查，已督促窗口整改并向您致歉', channel: 'phone', repliedAt: '2026-03-04T14:30:00+08:00' },
    });
    expect({ status: reply.status, body: reply.status === 200 ? null : reply.body }).toEqual({ status: 200, body: null });
    expect(reply.body).toMatchObject({ status: 'replied', reply: { text: '经核查，已督促窗口整改并向您致歉', channel: 'phone', repliedAt: new Date('2026-03-04T14:30:00+08:00').toISOString(), by: { id: w.staff.handler01 } } });
    expect(reply.body.deadline.state).toBe('stopped');
    t.clock.set('2026-03-05T11:00:00+08:00');
    const callback = await t.post(`/api/v1/complaints/${complaint.id}/callback`, {
      token: w.tokens.head01,
      body: { calledAt: '2026-03-05T10:00:00+08:00', satisfied: false, note: '群众认为整改不到位' },
    });
    expect(callback.status).toBe(200);
    expect(callback.body).toMatchObject({ status: 'closed', callback: { satisfied: false, note: '群众认为整改不到位', by: { id: w.staff.head01 } } });
    const listed = (await t.get('/api/v1/complaints', { token: w.tokens.head01, query: { status: 'closed' } })).body;
    expect(listed.items.map((c: { id: string }) => c.id)).toContain(complaint.id);
    expect(listed.items.find((c: { id: string }) => c.id === complaint.id).citizen.phone).toBe('137****7000');
  });

  it('a callback before the reply is 409 COMPLAINT.NOT_REPLIED; someone else than the handler cannot reply (403)', async () => {
    const complaint = (await assign(await register())).body;
    expectProblem(await t.post(`/api/v1/complaints/${complaint.id}/callback`, { token: w.tokens.head01, body: { calledAt: '2026-03-02T10:00:00+08:00', satisfied: true } }), 409, 'COMPLAINT.NOT_REPLIED');
    expectProblem(await t.post(`/api/v1/complaints/${complaint.id}/reply`, { token: w.tokens.handler02, body: { text: '已处理', channel: 'sms' } }), 403, 'COMPLAINT.NOT_THE_HANDLER');
    expectFieldProblem(await t.post(`/api/v1/complaints/${complaint.id}/reply`, { token: w.tokens.handler01, body: { text: '已处理', channel: 'pigeon' } }), 400, 'channel');
  });

  it('the limit is configurable (COMPLAINT_WORKING_DAYS)', async () => {
    const other = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0', COMPLAINT_WORKING_DAYS: '5' }, replicaOf: t });
    try {
      other.clock.set('2026-03-02T10:00:00+08:00');
      const res = await other.post('/api/v1/complaints', { token: w.tokens.head01, body: { enquiryId: await register(), handlerId: w.staff.handler01 } });
      expect(res.status).toBe(201);
      expect(res.body.limitWorkingDays).toBe(5);
      expect(shanghai(res.body.dueAt)).toBe('2026-03-09 17:30');
    } finally {
      await other.close();
    }
  });

  it('not replied by the due time: an overdue complaint is a violation of the handler, and the ladder escalates', async () => {
    const complaint = (await assign(await register())).body;
    t.clock.set('2026-03-24T10:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    const violations = (await t.get('/api/v1/violations', { token: w.tokens.inspector01, query: { type: 'complaint_overdue' } })).body.items.filter(
      (v: { evidence: { complaintId: string } }) => v.evidence.complaintId === complaint.id,
    );
    expect(violations).toEqual([expect.objectContaining({ staffId: w.staff.handler01, evidence: expect.objectContaining({ complaintId: complaint.id }) })]);
    const headAlerts = (await t.get('/api/v1/alerts', { token: w.tokens.head01 })).body.items;
    expect(headAlerts.some((a: { kind: string; subjectId?: string }) => a.kind === 'complaint')).toBe(true);
  });
});
