import { pdfText } from '@app/testing';
import { TestApp } from './support/test-app.js';
import { addStaff, demoWorld, type World } from './support/world.js';
import { expectProblem } from './support/problem.js';

// 持证上岗制度 (seed 002, section 9): a badge names its holder, unit, post and political status; it is
// printed as a card, withdrawn when the holder leaves the post, issued to staff seconded for more than six
// months; lending or not wearing one is a violation an inspector registers.

type Badge = Record<string, any> & { id: string };

describe('work badges (持证上岗)', () => {
  let t: TestApp;
  let w: World;
  let id: Record<string, string> = {};
  let token: Record<string, string> = {};
  const tok = (name: string) => token[name] ?? w.tokens[name as keyof World['tokens']];
  const issue = (body: Record<string, unknown>, who = 'admin') => t.post('/api/v1/badges', { token: tok(who), body });
  /** A badge to issue; a field given as undefined is left out. */
  const badgeOf = (staffId: string, extra: Record<string, unknown> = {}) =>
    Object.fromEntries(Object.entries({ staffId, number: `SZJ-${staffId.slice(0, 8)}`, position: '登记窗口受理员', politicalStatus: '中共党员', reason: 'new', ...extra }).filter(([, v]) => v !== undefined));
  const written = async () => ({ badge: await t.count('badge'), audit: await t.count(`audit_log WHERE entity = 'badge'`) });
  const get = async (badgeId: string, who = 'admin') => (await t.get(`/api/v1/badges/${badgeId}`, { token: tok(who) })).body as Badge;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await demoWorld(t);
    ({ id, token } = await addStaff(t, w, 'BDG', [
      ['reg01', 'registration', ['handler']],
      ['reg02', 'registration', ['handler']],
      ['reg03', 'registration', ['handler']],
      ['reg04', 'registration', ['handler']],
      ['win01', 'window', ['clerk']],
      ['lent01', 'window', ['clerk']],
    ]));
  });
  afterAll(() => t.close());
  beforeEach(() => t.clock.set('2026-11-26T10:00:00+08:00'));

  it('an admin issues a badge to a post holder: the card shows name, unit, post and political status, and prints as a PDF; the holder sees it as their own', async () => {
    const post = await t.post('/api/v1/posts', { token: w.tokens.admin, body: { name: '登记窗口A岗', kind: 'staff', officeId: w.offices.registration, holderId: id.reg01, substituteId: w.staff.handler01 } });
    expect(post.status).toBe(201);
    const res = await issue({ staffId: id.reg01, number: 'SZJ-2026-001', postId: post.body.id, politicalStatus: '共青团员', reason: 'new' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ staffId: id.reg01, postId: post.body.id, number: 'SZJ-2026-001', holderName: 'BDGreg01', position: '登记窗口A岗', politicalStatus: '共青团员', status: 'issued', issuedBy: w.staff.admin });
    expect(res.body.unitName).toMatch(/\p{Script=Han}/u);

    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/badges/${res.body.id}/pdf`, headers: { authorization: `Bearer ${token.reg01}` } });
    expect({ status: pdf.statusCode, type: pdf.headers['content-type'] }).toEqual({ status: 200, type: 'application/pdf' });
    const text = (await pdfText(pdf.rawPayload)).compact;
    for (const s of ['上岗证', 'BDGreg01', '登记窗口A岗', '共青团员', 'SZJ-2026-001', res.body.unitName]) expect(text).toContain(s);

    const mine = await t.get('/api/v1/badges/mine', { token: token.reg01 });
    expect(mine.body.map((b: Badge) => b.id)).toEqual([res.body.id]);
    expect((await t.get('/api/v1/badges/mine', { token: token.reg02 })).body).toEqual([]);
    // Someone else's badge: not for a colleague; the holder's office head, leaders and inspectors read it.
    expectProblem(await t.get(`/api/v1/badges/${res.body.id}`, { token: token.reg02 }), 403, 'BADGE.NOT_YOURS');
    expectProblem(await t.get('/api/v1/badges', { token: token.reg02 }), 403);
    for (const who of ['head01', 'leader01', 'inspector01'] as const) expect((await t.get(`/api/v1/badges/${res.body.id}`, { token: w.tokens[who] })).status).toBe(200);
    expect((await t.get('/api/v1/badges', { token: w.tokens.head01 })).body.map((b: Badge) => b.id)).toContain(res.body.id);
    expect(await t.count(`audit_log WHERE entity = 'badge' AND action = 'badge.issue' AND entity_id = '${res.body.id}'`)).toBe(1);
  });

  it('an office head issues to the staff of their own office only; nobody else issues (403, nothing written)', async () => {
    const res = await issue(badgeOf(id.reg02!, { number: 'SZJ-2026-002' }), 'head01');
    expect(res.status).toBe(201);
    const before = await written();
    expectProblem(await issue(badgeOf(id.win01!), 'head01'), 403, 'BADGE.NOT_ALLOWED');
    for (const who of ['clerk01', 'handler01', 'leader01', 'inspector01']) expectProblem(await issue(badgeOf(id.win01!), who), 403);
    expect(await written()).toEqual(before);
  });

  it('refuses a badge that breaks a rule: 400/409/422 naming the field, nothing written', async () => {
    await issue(badgeOf(id.reg03!, { number: 'SZJ-2026-003' }));
    const post = await t.post('/api/v1/posts', { token: w.tokens.admin, body: { name: '登记窗口B岗', kind: 'staff', officeId: w.offices.registration, holderId: id.reg04, substituteId: w.staff.handler01 } });
    const before = await written();
    const cases: Array<[Record<string, unknown>, number, string | undefined, string]> = [
      [badgeOf(id.reg03!, { number: 'SZJ-2026-099' }), 409, 'BADGE.ALREADY_ISSUED', 'staffId'],
      [badgeOf(id.win01!, { number: 'SZJ-2026-003' }), 409, 'BADGE.NUMBER_TAKEN', 'number'],
      [badgeOf(id.win01!, { politicalStatus: '无' }), 400, undefined, 'politicalStatus'],
      [badgeOf(id.win01!, { reason: 'borrowed' }), 400, undefined, 'reason'],
      [badgeOf(id.win01!, { position: undefined }), 422, 'BADGE.NO_POSITION', 'position'],
      [badgeOf(id.win01!, { postId: post.body.id }), 422, 'BADGE.NOT_THE_HOLDER', 'postId'],
      [badgeOf(w.staff.admin!, { staffId: '00000000-0000-4000-8000-000000000000' }), 422, 'BADGE.NO_SUCH_STAFF', 'staffId'],
      [badgeOf(id.win01!, { reason: 'seconded' }), 422, 'BADGE.SECONDMENT_DATES', 'secondedFrom'],
      [badgeOf(id.win01!, { reason: 'seconded', secondedFrom: '2026-11-01', secondedUntil: '2027-05-01' }), 422, 'BADGE.SECONDMENT_TOO_SHORT', 'secondedUntil'],
      [badgeOf(id.win01!, { secondedFrom: '2026-11-01', secondedUntil: '2027-12-01' }), 422, 'BADGE.NOT_SECONDED', 'secondedFrom'],
      [badgeOf(id.win01!, { reason: 'seconded', secondedFrom: '2026-02-30', secondedUntil: '2027-12-01' }), 400, undefined, 'secondedFrom'],
    ];
    for (const [body, status, code, field] of cases) expectProblem(await issue(body), status, code, field);
    expect(await written()).toEqual(before);
  });

  it('借用期半年以上: staff seconded for more than six months get a badge with the secondment on the card', async () => {
    const res = await issue(badgeOf(id.win01!, { number: 'SZJ-2026-J01', reason: 'seconded', secondedFrom: '2026-11-01', secondedUntil: '2027-05-02' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ reason: 'seconded', secondedFrom: '2026-11-01', secondedUntil: '2027-05-02' });
    const pdf = await t.app.inject({ method: 'GET', url: `/api/v1/badges/${res.body.id}/pdf`, headers: { authorization: `Bearer ${w.tokens.admin}` } });
    expect((await pdfText(pdf.rawPayload)).compact).toContain('2026-11-01至2027-05-02');
  });

  it('a badge is withdrawn when its holder leaves the post: another holder of the post, a move to another office, deactivation; a new one may then be issued', async () => {
    const [byPost] = (await t.get('/api/v1/badges/mine', { token: token.reg01 })).body as Badge[];
    const post = byPost!.postId as string;
    expect((await t.patch(`/api/v1/posts/${post}`, { token: w.tokens.admin, body: { holderId: id.reg03 } })).status).toBe(200);
    expect(await get(byPost!.id)).toMatchObject({ status: 'withdrawn', withdrawnBy: null, withdrawalReason: '持证人调离岗位，上岗证收回' });
    expectProblem(await t.get(`/api/v1/badges/${byPost!.id}/pdf`, { token: w.tokens.admin }), 409, 'BADGE.WITHDRAWN');

    const [moved] = (await t.get('/api/v1/badges/mine', { token: token.reg02 })).body as Badge[];
    expect((await t.patch(`/api/v1/staff/${id.reg02}`, { token: w.tokens.admin, body: { officeId: w.offices.window } })).status).toBe(200);
    expect(await get(moved!.id)).toMatchObject({ status: 'withdrawn', withdrawalReason: '持证人调离岗位，上岗证收回' });

    const [left] = (await t.get('/api/v1/badges/mine', { token: token.reg03 })).body as Badge[];
    expect((await t.patch(`/api/v1/staff/${id.reg03}`, { token: w.tokens.admin, body: { active: false } })).status).toBe(200);
    expect(await get(left!.id)).toMatchObject({ status: 'withdrawn', withdrawalReason: '持证人离职（账号停用），上岗证收回' });
    expect(await t.count(`audit_log WHERE entity = 'badge' AND action = 'badge.withdraw' AND actor_id IS NULL`)).toBe(3);

    // Re-issued for the new office, under a new number.
    expect((await issue(badgeOf(id.reg02!, { number: 'SZJ-2026-004', position: '综合窗口受理员' }))).status).toBe(201);
  });

  it('an admin or the office head withdraws a badge by hand with a reason, once (409 after)', async () => {
    const res = await issue(badgeOf(id.reg04!, { number: 'SZJ-2026-005' }));
    expectProblem(await t.post(`/api/v1/badges/${res.body.id}/withdraw`, { token: token.reg04, body: { reason: '遗失' } }), 403);
    expectProblem(await t.post(`/api/v1/badges/${res.body.id}/withdraw`, { token: w.tokens.head01, body: {} }), 400, undefined, 'reason');
    const done = await t.post(`/api/v1/badges/${res.body.id}/withdraw`, { token: w.tokens.head01, body: { reason: '持证人报告遗失，证件作废' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'withdrawn', withdrawnBy: w.staff.head01, withdrawalReason: '持证人报告遗失，证件作废' });
    expectProblem(await t.post(`/api/v1/badges/${res.body.id}/withdraw`, { token: w.tokens.admin, body: { reason: '再次收回' } }), 409, 'BADGE.WITHDRAWN');
  });

  it('a lent or missing badge is a violation an inspector registers under 持证上岗制度', async () => {
    for (const type of ['badge_lent', 'badge_missing']) {
      const res = await t.post('/api/v1/violations', {
        token: w.tokens.inspector01,
        body: { type, staffId: id.lent01, occurredAt: '2026-11-25T10:00:00+08:00', evidence: { summary: '暗访发现窗口人员所佩上岗证非本人', source: 'spot_check' } },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ type, source: 'manual', ruleName: '持证上岗制度' });
    }
  });
});
