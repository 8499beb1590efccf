import { TimerSweep } from '@app/deadlines';
import { receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';

// 同岗替代制 across the other rules: while the holder is away, new work, transfers, alerts and approvals
// go to the substitute (then the office head), and every action records whom it was done for.

const FILING = { reason: '不符合法定条件', legalBasis: [{ law: '《条例》', article: '第一条' }], contactPhone: '0851-28220002' };

describe('acting for an absent colleague (同岗替代制)', () => {
  let t: TestApp;
  let w: World;
  let handler03: string;
  let leader02: string;
  const tokens: Record<string, string> = {};

  /** Registers (at 08:00, ahead) and approves an absence from 09:00 to 17:00 that Monday. */
  async function away(token: string, approverToken: string) {
    t.clock.set('2026-03-02T08:00:00+08:00');
    const res = await t.post('/api/v1/absences', {
      token,
      body: { type: 'meeting', startsAt: '2026-03-02T09:00:00+08:00', endsAt: '2026-03-02T17:00:00+08:00', reason: '参加全市业务培训' },
    });
    expect(res.status).toBe(201);
    const decided = await t.post(`/api/v1/absences/${res.body.id}/decision`, { token: approverToken, body: { approve: true } });
    expect(decided.status).toBe(200);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    // Badges after the demo's (DEMO-…), so leader01 stays the unit's first leader.
    const added = await addStaff(t, w, 'SUBST', [
      ['handler03', 'registration', ['handler']],
      ['leader02', 'general', ['leader']],
    ]);
    [handler03, leader02] = [added.id.handler03!, added.id.leader02!];
    Object.assign(tokens, added.token);
    const posts = [
      { name: '登记注册经办 A 岗', kind: 'staff', officeId: w.offices.registration, holderId: w.staff.handler01, substituteId: handler03 },
      { name: '局长', kind: 'leader', holderId: w.staff.leader01, substituteId: leader02 },
    ];
    for (const body of posts) expect((await t.post('/api/v1/posts', { token: w.tokens.admin, body })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('new work, a transfer, alerts and the stand-in’s actions go to the substitute, recorded as acting for the holder', async () => {
    // A case handed to handler01 before the absence: its alerts follow the absence.
    t.clock.set('2026-03-02T08:00:00+08:00');
    const before = await receiveCase(t, w, [{ name: '补领营业执照申请书', pages: 1, copies: 1 }, { name: '遗失声明', pages: 1, copies: 1 }], { serviceItemCode: 'DEMO-003' });
    await away(w.tokens.handler01, w.tokens.head01);
    t.clock.set('2026-03-02T10:00:00+08:00');

    const c = await receiveCase(t, w);
    expect({ handler: c.handler.id, actingFor: c.handlerActingFor }).toEqual({ handler: handler03, actingFor: w.staff.handler01 });

    const enquiry = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'visit', kind: 'consultation', subject: '咨询变更登记', outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } },
    });
    expect(enquiry.body.outcome).toMatchObject({ staff: { id: handler03 }, actingFor: w.staff.handler01 });
    expect((await t.post(`/api/v1/enquiries/${enquiry.body.id}/acknowledge`, { token: tokens.handler03! })).status).toBe(200);

    // The stand-in works the absent holder's case; the audit trail says for whom.
    expect((await t.post(`/api/v1/cases/${before.id}/pause`, { token: tokens.handler03!, body: { reason: '等待申请人说明' } })).status).toBe(200);
    const [audit] = await t.db.query(`SELECT actor_id, after FROM audit_log WHERE entity_id = $1 AND action = 'case.pause'`, [before.id]);
    expect(audit).toEqual({ actor_id: handler03, after: { reason: '等待申请人说明', actingFor: w.staff.handler01 } });
    expect((await t.post(`/api/v1/cases/${before.id}/resume`, { token: tokens.handler03! })).status).toBe(200);
    // Someone who stands in for nobody still cannot.
    expect((await t.post(`/api/v1/cases/${before.id}/pause`, { token: w.tokens.handler02, body: { reason: 'x' } })).status).toBe(403);

    // The warning of the earlier case fires while handler01 is away: handler03 gets it, acting for handler01.
    t.clock.set('2026-03-02T16:00:00+08:00');
    await t.app.get(TimerSweep).sweep();
    const alerts = (await t.db.query(`SELECT recipient_id, acting_for, step FROM alert WHERE subject_id = $1 ORDER BY step`, [before.id])) as Array<Record<string, string>>;
    expect(alerts.find((a) => a.step === 'warning')).toEqual({ recipient_id: handler03, acting_for: w.staff.handler01, step: 'warning' });
    const inbox = (await t.get('/api/v1/alerts', { token: tokens.handler03! })).body.items.find((a: { caseId: string }) => a.caseId === before.id);
    expect(inbox).toMatchObject({ actingFor: w.staff.handler01, recipientId: handler03 });
    expect((await t.get('/api/v1/alerts', { token: w.tokens.handler01 })).body.items.filter((a: { caseId: string }) => a.caseId === before.id)).toEqual([]);

    // After the absence, work goes to handler01 again.
    t.clock.set('2026-03-02T17:00:00+08:00');
    const later = await receiveCase(t, w);
    expect({ handler: later.handler.id, actingFor: later.handlerActingFor }).toEqual({ handler: w.staff.handler01, actingFor: null });
  });

  it('when the substitute is away too, the office head receives the work', async () => {
    t.clock.set('2026-03-09T08:00:00+08:00');
    for (const [staffId, token] of [[w.staff.handler01, w.tokens.handler01], [handler03, tokens.handler03!]] as const) {
      const res = await t.post('/api/v1/absences', {
        token,
        body: { type: 'trip', startsAt: '2026-03-09T09:00:00+08:00', endsAt: '2026-03-09T17:00:00+08:00', reason: '外出核查', staffId },
      });
      expect(res.status).toBe(201);
      expect((await t.post(`/api/v1/absences/${res.body.id}/decision`, { token: w.tokens.head01, body: { approve: true } })).status).toBe(200);
    }
    t.clock.set('2026-03-09T10:00:00+08:00');
    const c = await receiveCase(t, w);
    expect({ handler: c.handler.id, actingFor: c.handlerActingFor }).toEqual({ handler: w.staff.head01, actingFor: w.staff.handler01 });
  });

  it('approvals: a refusal for an absent leader goes to the deputy, who decides it acting for the principal', async () => {
    t.clock.set('2026-03-02T08:00:00+08:00');
    const pendingBefore = (await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: (await receiveCase(t, w)).id } })).body;
    expect(pendingBefore.approver.id).toBe(w.staff.leader01);
    await away(w.tokens.leader01, tokens.leader02!); // a leader's absence is approved by another leader
    t.clock.set('2026-03-02T10:00:00+08:00');

    const c = await receiveCase(t, w, undefined, { handlerId: handler03 });
    const filed = (await t.post('/api/v1/rejection-filings', { token: tokens.handler03!, body: { ...FILING, caseId: c.id } })).body;
    expect({ approver: filed.approver.id, actingFor: filed.approverActingFor }).toEqual({ approver: leader02, actingFor: w.staff.leader01 });
    const [timer] = await t.db.query('SELECT assignee_id FROM deadline_timer WHERE subject_id = $1', [filed.id]);
    expect(timer.assignee_id).toBe(leader02);

    // The refusal filed before the absence: the principal is away, so the deputy decides it for them.
    const decided = await t.post(`/api/v1/rejection-filings/${pendingBefore.id}/decision`, { token: tokens.leader02!, body: { approve: true } });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ decidedBy: { id: leader02 }, decidedActingFor: w.staff.leader01 });
    const deputy = await t.post(`/api/v1/rejection-filings/${filed.id}/decision`, { token: tokens.leader02!, body: { approve: false, note: '可补正' } });
    expect(deputy.body).toMatchObject({ status: 'denied', decidedBy: { id: leader02 }, decidedActingFor: w.staff.leader01 });

    // Back at work, the principal decides their own again; the deputy no longer can.
    t.clock.set('2026-03-02T17:30:00+08:00');
    const third = (await t.post('/api/v1/rejection-filings', { token: tokens.handler03!, body: { ...FILING, caseId: c.id } })).body;
    expect(third.approver.id).toBe(w.staff.leader01);
    const refused = await t.post(`/api/v1/rejection-filings/${third.id}/decision`, { token: tokens.leader02!, body: { approve: true } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'REJECTION.NOT_THE_APPROVER' });
  });

  it('a handover lists the holder’s real open cases, unacknowledged transfers and pending approvals', async () => {
    t.clock.set('2026-03-16T08:00:00+08:00');
    const c = await receiveCase(t, w);
    const transfer = await t.post('/api/v1/enquiries', {
      token: w.tokens.clerk01,
      body: { channel: 'visit', kind: 'consultation', subject: '咨询注销登记', outcome: { type: 'transferred', officeId: w.offices.registration, staffId: w.staff.handler01 } },
    });
    const filing = (await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: c.id } })).body;
    const handover = async (token: string) => {
      const absence = await t.post('/api/v1/absences', {
        token,
        body: { type: 'leave', startsAt: '2026-03-17T09:00:00+08:00', endsAt: '2026-03-18T17:30:00+08:00', reason: '年休假' },
      });
      expect(absence.body.handoverRequired).toBe(true);
      const res = await t.post(`/api/v1/absences/${absence.body.id}/handover`, { token, body: { notes: '已逐件交接' } });
      expect(res.status).toBe(201);
      return res.body.handover.items as Array<{ kind: string; id: string }>;
    };
    const handler = await handover(w.tokens.handler01);
    expect(handler).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'case', id: c.id }), expect.objectContaining({ kind: 'transfer', id: transfer.body.id })]));
    expect(handler.filter((i) => i.kind === 'approval')).toEqual([]);
    const leader = await handover(w.tokens.leader01);
    expect(leader).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'approval', id: filing.id })]));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM rejection_filing WHERE approver_id = $1 AND status = 'pending_decision'`, [w.staff.leader01]);
    expect(leader.map((i) => i.kind)).toEqual(Array(n).fill('approval'));
  });
});
