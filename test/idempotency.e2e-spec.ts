import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { IDEMPOTENT, IdempotencyService } from '@app/platform';
import { APPLICANT, receiveCase } from './support/cases.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, STAFF_PASSWORD, type World } from './support/world.js';

// DESIGN.md section 5: every POST that creates something honours Idempotency-Key. A retry with the same
// key gets the first answer and writes nothing; the same key with another body is refused.

interface Creation {
  url: string;
  token?: string;
  body: Record<string, unknown>;
}

const REISSUE_MATERIALS = [
  { name: '补领营业执照申请书', pages: 1, copies: 1 },
  { name: '遗失声明', pages: 1, copies: 2 },
];
const FILING = { reason: '申请人不具备法定条件', legalBasis: [{ law: '《中华人民共和国市场主体登记管理条例》', article: '第二十六条' }], contactPhone: '0851-28220002' };

/** The routes the running app serves: method, full path pattern, status code, and whether @Idempotent() marks it. */
function routesOf(t: TestApp): Array<{ route: string; status: number; idempotent: boolean }> {
  const routes: Array<{ route: string; status: number; idempotent: boolean }> = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const type = controller.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, type) ?? '');
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST) continue;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
        const full = `/${[base, path].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;
        routes.push({
          route: `POST ${full}`,
          status: (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? 201,
          idempotent: Reflect.getMetadata(IDEMPOTENT, handler) === true,
        });
      }
    }
  }
  return routes;
}

describe('Idempotency-Key on every POST that creates something', () => {
  let t: TestApp;
  let w: World;
  let tables: string[];

  /** Rows per table: what a request wrote (objects of 40 tables joined: a function takes at most 100 arguments). */
  const rows = async () => {
    const chunks = Array.from({ length: Math.ceil(tables.length / 40) }, (_, i) => tables.slice(i * 40, i * 40 + 40));
    const objects = chunks.map((c) => `jsonb_build_object(${c.map((n) => `'${n}', (SELECT count(*) FROM "${n}")`).join(', ')})`);
    const [counted] = (await t.db.query(`SELECT ${objects.join(' || ')} AS counts`)) as Array<{
      counts: Record<string, number>;
    }>;
    return counted!.counts;
  };

  /** A valid request per creating route (its prerequisites made through the API). */
  const creations: Record<string, () => Creation | Promise<Creation>> = {
    'POST /api/v1/cases': () => ({
      url: '/api/v1/cases',
      token: w.tokens.clerk01,
      body: { serviceItemCode: 'DEMO-001', applicant: APPLICANT, handlerId: w.staff.handler01, materials: [{ name: '经营者身份证明', pages: 1, copies: 1 }], issueNotice: true },
    }),
    'POST /api/v1/complaints': async () => {
      const enquiry = await t.post('/api/v1/enquiries', {
        token: w.tokens.clerk01,
        body: { channel: 'phone', kind: 'complaint', subject: '投诉窗口办事拖延', citizen: { name: '周八', phone: '13700137000' }, outcome: { type: 'registered' } },
      });
      return { url: '/api/v1/complaints', token: w.tokens.head01, body: { enquiryId: enquiry.body.id, handlerId: w.staff.handler01 } };
    },
    'POST /api/v1/cases/:id/notices': async () => ({
      url: `/api/v1/cases/${(await receiveCase(t, w, [])).id}/notices`,
      token: w.tokens.clerk01,
      body: { items: [{ name: '经营者身份证明', reason: '再次提醒' }] },
    }),
    'POST /api/v1/cases/:id/extensions': async () => ({
      url: `/api/v1/cases/${(await receiveCase(t, w)).id}/extensions`,
      token: w.tokens.handler01,
      body: { workingDays: 2, reason: '需现场核查' },
    }),
    'POST /api/v1/enquiries': () => ({
      url: '/api/v1/enquiries',
      token: w.tokens.clerk01,
      body: { channel: 'visit', kind: 'consultation', subject: '咨询变更登记', outcome: { type: 'answered', answer: '已当场解答' } },
    }),
    'POST /api/v1/rejection-filings': async () => ({
      url: '/api/v1/rejection-filings',
      token: w.tokens.handler01,
      body: { ...FILING, caseId: (await receiveCase(t, w)).id },
    }),
    'POST /api/v1/rejection-filings/:id/material-returns': async () => {
      const c = await receiveCase(t, w, REISSUE_MATERIALS, { serviceItemCode: 'DEMO-003' });
      const filed = await t.post('/api/v1/rejection-filings', { token: w.tokens.handler01, body: { ...FILING, caseId: c.id } });
      return { url: `/api/v1/rejection-filings/${filed.body.id}/material-returns`, token: w.tokens.clerk01, body: { items: [{ name: '遗失声明', copies: 2 }], channel: 'visit' } };
    },
    'POST /api/v1/public/ratings': async () => {
      const c = await receiveCase(t, w);
      return { url: '/api/v1/public/ratings', body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level: 'very_dissatisfied', comment: '等了很久' } };
    },
    'POST /api/v1/rating-appeals': async () => {
      const c = await receiveCase(t, w);
      await t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level: 'very_dissatisfied', comment: '态度差' } });
      const [row] = (await t.db.query('SELECT id FROM rating WHERE case_id = $1', [c.id])) as Array<{ id: string }>;
      return { url: '/api/v1/rating-appeals', token: w.tokens.head01, body: { ratingId: row!.id, ground: 'malicious', reason: '评价人并非本件申请人，经调取窗口录像核实' } };
    },
    'POST /api/v1/badges': () => ({
      url: '/api/v1/badges',
      token: w.tokens.admin,
      body: { staffId: w.staff.clerk01, number: 'SZJ-IDEM-01', position: '登记窗口受理员', politicalStatus: '中共党员', reason: 'new' },
    }),
    'POST /api/v1/rectifications/:id/follow-ups': async () => {
      const c = await receiveCase(t, w);
      await t.post('/api/v1/public/ratings', { body: { receiptNo: c.receipt.number, code: c.receipt.queryCode, level: 'very_dissatisfied', comment: '态度差' } });
      const [row] = (await t.db.query(`SELECT r.id FROM rectification r JOIN rating g ON g.id = r.rating_id WHERE g.reference = $1`, [c.receipt.number])) as Array<{ id: string }>;
      return {
        url: `/api/v1/rectifications/${row!.id}/follow-ups`,
        token: w.tokens.head01,
        body: { calledAt: '2026-03-02T10:00:00+08:00', contactResult: 'reached', note: '已向申请人说明并致歉' },
      };
    },
    'POST /api/v1/violations': () => ({
      url: '/api/v1/violations',
      token: w.tokens.inspector01,
      body: { type: 'conduct', staffId: w.staff.clerk01, occurredAt: '2026-03-02T09:00:00+08:00', evidence: { summary: '群众来电投诉窗口人员态度生硬，经调取录像核实', source: 'citizen_complaint' } },
    }),
    'POST /api/v1/services': () => ({
      url: '/api/v1/services',
      token: w.tokens.admin,
      body: {
        code: 'IDEM-001',
        name: '测试事项',
        officeId: w.offices.registration,
        legalBasis: '《测试条例》第一条',
        statutoryLimit: { amount: 30, unit: 'working_days' },
        committedLimit: { amount: 20, unit: 'working_days' },
        materials: [{ name: '申请书', form: 'original', copies: 1 }],
        procedure: ['申请', '受理', '决定'],
        feeFen: 0,
      },
    }),
    'POST /api/v1/posts': () => ({
      url: '/api/v1/posts',
      token: w.tokens.admin,
      body: { name: '登记岗', kind: 'staff', officeId: w.offices.registration, window: false, holderId: w.staff.handler01, substituteId: w.staff.handler02 },
    }),
    'POST /api/v1/absences': () => ({
      url: '/api/v1/absences',
      token: w.tokens.handler02,
      body: { type: 'meeting', startsAt: '2026-03-03T09:00:00+08:00', endsAt: '2026-03-03T17:00:00+08:00', reason: '参加全市业务培训' },
    }),
    'POST /api/v1/absences/:id/handover': async () => {
      const absence = await t.post('/api/v1/absences', {
        token: w.tokens.handler01,
        body: { type: 'trip', startsAt: '2026-03-10T09:00:00+08:00', endsAt: '2026-03-12T17:30:00+08:00', reason: '赴省局学习' },
      });
      return { url: `/api/v1/absences/${absence.body.id}/handover`, token: w.tokens.handler01, body: { notes: '已逐件交接' } };
    },
    'POST /api/v1/units': () => ({ url: '/api/v1/units', token: w.tokens.admin, body: { code: 'IDEM-U', name: '另一单位' } }),
    'POST /api/v1/offices': () => ({ url: '/api/v1/offices', token: w.tokens.admin, body: { name: '重试股' } }),
    'POST /api/v1/staff': () => ({
      url: '/api/v1/staff',
      token: w.tokens.admin,
      body: { username: 'retry01', password: STAFF_PASSWORD, name: '重试', badgeNo: 'IDEM-01', officeId: w.offices.window, roles: ['clerk'] },
    }),
    'POST /api/v1/calendar/closures': () => ({ url: '/api/v1/calendar/closures', token: w.tokens.admin, body: { date: '2026-03-20', reason: '县城停电检修' } }),
    'POST /api/v1/evaluations': () => ({ url: '/api/v1/evaluations', token: w.tokens.leader01, body: { period: '2026-02' } }),
    'POST /api/v1/internal-tasks': () => ({ url: '/api/v1/internal-tasks', token: w.tokens.clerk01, body: { kind: 'document', title: '重试的公文', handlerId: w.staff.handler01 } }),
    'POST /api/v1/work-standards': () => ({ url: '/api/v1/work-standards', token: w.tokens.admin, body: { kind: 'retry', name: '重试的标准', limitWorkingMinutes: 60 } }),
    'POST /api/v1/office-evaluations': () => ({ url: '/api/v1/office-evaluations', token: w.tokens.leader01, body: { period: '2026-02' } }),
    'POST /api/v1/public-releases': () => ({ url: '/api/v1/public-releases', token: w.tokens.admin, body: { kind: 'bulletin', period: '2026-01' } }),
  };

  beforeAll(async () => {
    t = await TestApp.start({ env: { SWEEP_INTERVAL_SECONDS: '0' } });
    w = await demoWorld(t);
    t.clock.set('2026-03-02T10:00:00+08:00'); // a Monday
    // Written by the worker's own timers (the audit sealer's chain heads and checkpoints, the periodic runs' log), not by requests.
    const background = ['audit_chain_head', 'audit_checkpoint', 'periodic_run'];
    tables = ((await t.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)) as Array<{ tablename: string }>)
      .map((r) => r.tablename)
      .filter((n) => !background.includes(n));
  });
  afterAll(() => t.close());

  it('every POST that answers 201 is marked @Idempotent(), and this suite covers each of them', () => {
    const creating = routesOf(t).filter((r) => r.status === 201);
    expect(creating.filter((r) => !r.idempotent).map((r) => r.route)).toEqual([]);
    expect(creating.map((r) => r.route).sort()).toEqual(Object.keys(creations).sort());
  });

  it.each(Object.keys(creations).sort())('%s: a retry with the same key answers the same and writes nothing more', async (route) => {
    const request = await creations[route]!();
    const key = `retry${route.replace(/[^A-Za-z0-9]+/g, '-')}`;
    const send = () => t.post(request.url, { token: request.token, body: request.body, headers: { 'idempotency-key': key } });
    const before = await rows();
    const first = await send();
    expect({ status: first.status, body: first.body }).toEqual({ status: 201, body: expect.objectContaining({}) });
    const afterFirst = await rows();
    expect(afterFirst).not.toEqual(before);
    const retry = await send();
    expect({ status: retry.status, body: retry.body, replayed: retry.headers['idempotent-replayed'] }).toEqual({ status: 201, body: first.body, replayed: 'true' });
    expect(await rows()).toEqual(afterFirst);
  });

  it('a double POST /api/v1/cases with the same key, at once, creates one case', async () => {
    const creation = await creations['POST /api/v1/cases']!();
    const cases = await t.count('service_case');
    const replies = await Promise.all(
      [1, 2, 3].map(() => t.post(creation.url, { token: creation.token, body: creation.body, headers: { 'idempotency-key': 'double-intake' } })),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(await t.count('service_case')).toBe(cases + 1);
  });

  it('the same key with another body is refused (409 problem+json naming Idempotency-Key) and writes nothing', async () => {
    const creation = await creations['POST /api/v1/cases']!();
    const headers = { 'idempotency-key': 'changed-body' };
    expect((await t.post(creation.url, { token: creation.token, body: creation.body, headers })).status).toBe(201);
    const before = await rows();
    const res = await t.post(creation.url, { token: creation.token, body: { ...creation.body, applicant: { ...APPLICANT, name: '李四' } }, headers });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_REUSED', errors: [{ field: 'Idempotency-Key' }] });
    expect(await rows()).toEqual(before);
  });

  it('a refused request keeps no key: corrected, the same key is done once', async () => {
    const creation = await creations['POST /api/v1/cases']!();
    const headers = { 'idempotency-key': 'fixed-after-422' };
    const refused = await t.post(creation.url, { token: creation.token, body: { ...creation.body, handlerId: 'not-a-uuid' }, headers });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const cases = await t.count('service_case');
    const done = await t.post(creation.url, { token: creation.token, body: creation.body, headers });
    expect(done.status).toBe(201);
    expect(done.headers['idempotent-replayed']).toBeUndefined();
    expect(await t.count('service_case')).toBe(cases + 1);
  });

  it('keys are per staff member and route: the same key elsewhere is a new request', async () => {
    const creation = await creations['POST /api/v1/enquiries']!();
    const headers = { 'idempotency-key': 'same-everywhere' };
    const a = await t.post(creation.url, { token: w.tokens.clerk01, body: creation.body, headers });
    const b = await t.post(creation.url, { token: w.tokens.handler01, body: creation.body, headers });
    const c = await t.post('/api/v1/violations', { token: w.tokens.inspector01, body: (await creations['POST /api/v1/violations']!()).body, headers });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(3);
  });

  // Last: it moves the clock a day on.
  it('a key is kept a day: the worker then forgets it, and the same key is a new request', async () => {
    const creation = await creations['POST /api/v1/enquiries']!();
    const send = () => t.post(creation.url, { token: creation.token, body: creation.body, headers: { 'idempotency-key': 'kept-a-day' } });
    const first = await send();
    const keys = await t.count('idempotency_key');
    t.clock.advance(23 * 3600_000);
    expect(await t.app.get(IdempotencyService).forgetExpired()).toBe(0);
    expect((await send()).body.id).toBe(first.body.id);
    t.clock.advance(2 * 3600_000);
    expect(await t.app.get(IdempotencyService).forgetExpired()).toBe(keys);
    expect(await t.count('idempotency_key')).toBe(0);
    const later = await send();
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });
});
