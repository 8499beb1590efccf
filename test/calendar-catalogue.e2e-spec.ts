import { randomUUID } from 'node:crypto';
import { TestApp, type Reply } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/**
 * The working-day calendar (GET /calendar/deadline, PUT /calendar/years/{year}) and the service catalogue
 * (POST/PUT /services, the public service guide), through the whole HTTP stack on a real database.
 * Every expected deadline below was counted by hand on the official 2026 arrangement.
 */

const DEADLINE = '/api/v1/calendar/deadline';
const SERVICES = '/api/v1/services';
const GUIDE = '/api/v1/public/services';

/** A refusal in RFC 9457 form; `fields`, when given, are exactly the fields named in errors[]. */
function expectProblem(res: Reply, status: number, code: string, fields?: string[]): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code, type: expect.stringMatching(/^https?:\/\//), title: expect.any(String) });
  expect(typeof res.body.detail).toBe('string');
  if (fields) {
    expect(Array.isArray(res.body.errors)).toBe(true);
    expect([...new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field))].sort()).toEqual([...fields].sort());
  }
}

describe('calendar and service catalogue', () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await TestApp.start();
    world = await demoWorld(t);
  });
  afterAll(() => t.close());

  const deadline = (query: Record<string, string>, token: string = world.tokens.clerk01) =>
    t.get(DEADLINE, { token, query });

  /** Everything a refused calendar request could have touched. */
  const calendarState = async () => ({
    years: await t.db.query(
      `SELECT year, holidays::text AS holidays, make_up_workdays::text AS make_up, source, updated_at FROM calendar_year ORDER BY year`,
    ),
    audit: await t.count('audit_log'),
  });

  describe('deadline in working days', () => {
    it('counts the Spring Festival make-up Saturday (Feb 14) as day 1 and skips Feb 15-23', async () => {
      // Fri Feb 13 is the day of acceptance; Sat Feb 14 = 1, Feb 15..23 off, Tue Feb 24 = 2, Wed Feb 25 = 3.
      const res = await deadline({ from: '2026-02-13T10:00:00+08:00', workingDays: '3' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-02-25T17:30:00+08:00', provisional: false });
    });

    it('skips the National Day week: 2 working days from Sep 30 end on Fri Oct 9', async () => {
      // Oct 1..7 off, Thu Oct 8 = 1, Fri Oct 9 = 2.
      const res = await deadline({ from: '2026-09-30T10:00:00+08:00', workingDays: '2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-10-09T17:30:00+08:00', provisional: false });
    });

    it('counts the National Day make-up Saturday Oct 10: 3 working days from Sep 30 end on it', async () => {
      const res = await deadline({ from: '2026-09-30T10:00:00+08:00', workingDays: '3' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-10-10T17:30:00+08:00', provisional: false });
    });

    it('counts the make-up Sunday Sep 20: 1 working day from Fri Sep 18 ends on it, not on Mon Sep 21', async () => {
      const res = await deadline({ from: '2026-09-18T10:00:00+08:00', workingDays: '1' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-09-20T17:30:00+08:00', provisional: false });
    });

    it('takes the day of acceptance in Beijing time when `from` is given in UTC', async () => {
      // 2026-02-13T17:00Z is Sat Feb 14 01:00 in Beijing: Feb 14 is the day of acceptance and is not
      // counted, Feb 15..23 off, Tue Feb 24 = 1.
      const res = await deadline({ from: '2026-02-13T17:00:00Z', workingDays: '1' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-02-24T17:30:00+08:00', provisional: false });
    });

    it('is open to any logged-in staff member, not only to clerks', async () => {
      const res = await deadline({ from: '2026-09-18T10:00:00+08:00', workingDays: '1' }, world.tokens.inspector01);
      expect(res.status).toBe(200);
      expect(res.body.dueAt).toBe('2026-09-20T17:30:00+08:00');
    });
  });

  describe('deadline in working hours', () => {
    it('does not count the lunch break: Mon 11:00 + 2 h is 14:30', async () => {
      // 11:00..12:00 = 1 h, 13:30 + 1 h = 14:30.
      const res = await deadline({ from: '2026-03-02T11:00:00+08:00', workingHours: '2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-03-02T14:30:00+08:00', provisional: false });
    });

    it('does not count the weekend: Fri 16:30 + 2 h is Mon 10:00', async () => {
      // Fri 16:30..17:30 = 1 h, Mon 09:00 + 1 h.
      const res = await deadline({ from: '2026-03-06T16:30:00+08:00', workingHours: '2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-03-09T10:00:00+08:00', provisional: false });
    });

    it('reads a `from` given in UTC (Z) and answers in Beijing time', async () => {
      // 03:00Z = 11:00 in Beijing, as in the lunch-break case.
      const res = await deadline({ from: '2026-03-02T03:00:00Z', workingHours: '2' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-03-02T14:30:00+08:00', provisional: false });
    });

    it('accepts a fraction of an hour in whole minutes: Mon 11:50 + 0.25 h is 13:35', async () => {
      const res = await deadline({ from: '2026-03-02T11:50:00+08:00', workingHours: '0.25' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2026-03-02T13:35:00+08:00', provisional: false });
    });
  });

  describe('a year without an official schedule, then entered by an admin', () => {
    const newYearQuery = { from: '2026-12-30T10:00:00+08:00', workingDays: '5' };
    const springQuery = { from: '2027-02-04T10:00:00+08:00', workingDays: '1' };
    const schedule2027 = { holidays: ['2027-01-01'], makeUpWorkdays: [] };
    // 2027 by rule: 元旦; 春节 Feb 5-8 with Sat 6 and Sun 7 given back Feb 9-10; 清明 Apr 5; 劳动节 Sat May 1 and
    // Sun May 2 given back May 3-4; 端午 Jun 9; 中秋 Sep 15; 国庆 Fri Oct 1 to Sun Oct 3 given back Oct 4-5.
    const byRule2027 = [
      '2027-01-01',
      '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10',
      '2027-04-05',
      '2027-05-01', '2027-05-02', '2027-05-03', '2027-05-04',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05',
    ];

    it('is provisional and knows its statutory holidays: 5 working days from 2026-12-30 skip 元旦 2027-01-01', async () => {
      // Thu Dec 31 = 1, Fri Jan 1 off by rule, Mon Jan 4 = 2, Tue = 3, Wed = 4, Thu Jan 7 = 5.
      const res = await deadline(newYearQuery);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ dueAt: '2027-01-07T17:30:00+08:00', provisional: true });
    });

    it('is provisional over 春节: 1 working day from 2027-02-04 skips Feb 5-8 and the days given back, Feb 9-10', async () => {
      expect((await deadline(springQuery)).body).toEqual({ dueAt: '2027-02-11T17:30:00+08:00', provisional: true });
    });

    it('answers GET /years/2027 as provisional, with the holidays by rule and no make-up day', async () => {
      const res = await t.get('/api/v1/calendar/years/2027', { token: world.tokens.clerk01 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ year: 2027, source: 'provisional', holidays: byRule2027, makeUpWorkdays: [], updatedAt: null });
    });

    it('lists the next year as provisional beside the years entered', async () => {
      const res = await t.get('/api/v1/calendar/years', { token: world.tokens.clerk01 });
      expect(res.status).toBe(200);
      expect(res.body.slice(-2)).toEqual([
        { year: 2026, source: 'official', updatedAt: expect.any(String) },
        { year: 2027, source: 'provisional', updatedAt: null },
      ]);
    });

    it('a clerk may not enter a year: 403, and nothing changes', async () => {
      const before = await calendarState();
      const res = await t.put('/api/v1/calendar/years/2027', { token: world.tokens.clerk01, body: schedule2027 });
      expectProblem(res, 403, 'AUTH.FORBIDDEN');
      expect(await calendarState()).toEqual(before);
      expect((await deadline(newYearQuery)).body).toEqual({ dueAt: '2027-01-07T17:30:00+08:00', provisional: true });
    });

    it('an admin enters 2027: 200, the deadlines are no longer provisional, and the entered table wins over the rule', async () => {
      const put = await t.put('/api/v1/calendar/years/2027', { token: world.tokens.admin, body: schedule2027 });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ year: 2027, source: 'admin', holidays: ['2027-01-01'], makeUpWorkdays: [] });

      // Thu Dec 31 = 1, Jan 1 off, Mon Jan 4 = 2, Tue = 3, Wed = 4, Thu Jan 7 = 5.
      expect((await deadline(newYearQuery)).body).toEqual({ dueAt: '2027-01-07T17:30:00+08:00', provisional: false });
      // This (made-up) entry lists no 春节 days: the entered year is the whole truth for 2027.
      expect((await deadline(springQuery)).body).toEqual({ dueAt: '2027-02-05T17:30:00+08:00', provisional: false });
    });

    it('shows the entered year with source admin to any staff member', async () => {
      const res = await t.get('/api/v1/calendar/years/2027', { token: world.tokens.clerk01 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ year: 2027, source: 'admin', holidays: ['2027-01-01'], makeUpWorkdays: [] });
      const official = await t.get('/api/v1/calendar/years/2026', { token: world.tokens.clerk01 });
      expect(official.body).toMatchObject({ year: 2026, source: 'official' });
      expect(official.body.makeUpWorkdays).toEqual(expect.arrayContaining(['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10']));
      const list = await t.get('/api/v1/calendar/years', { token: world.tokens.clerk01 });
      expect(list.body.slice(-1)).toEqual([{ year: 2027, source: 'admin', updatedAt: expect.any(String) }]);
    });

    it('records the entry in the audit trail as calendar_year.put by the admin', async () => {
      const rows = await t.db.query(
        `SELECT entity, entity_id, actor_id, before, after FROM audit_log WHERE action = 'calendar_year.put'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ entity: 'calendar_year', entity_id: '2027', actor_id: world.staff.admin, before: null });
      expect(rows[0].after).toMatchObject({ year: 2027, source: 'admin', holidays: ['2027-01-01'] });
    });
  });

  describe('calendar: bad input is refused with a problem naming the field, and writes nothing', () => {
    const ok = { from: '2026-03-02T10:00:00+08:00', workingDays: '1' };

    it('refuses a caller without a token with 401', async () => {
      expectProblem(await t.get(DEADLINE, { query: ok }), 401, 'AUTH.TOKEN_REQUIRED');
      expectProblem(await t.get(DEADLINE, { query: ok, headers: { authorization: 'Bearer not-a-token' } }), 401, 'AUTH.INVALID_TOKEN');
      expectProblem(await t.get('/api/v1/calendar/years/2026'), 401, 'AUTH.TOKEN_REQUIRED');
      const before = await calendarState();
      expectProblem(await t.put('/api/v1/calendar/years/2028', { body: { holidays: [], makeUpWorkdays: [] } }), 401, 'AUTH.TOKEN_REQUIRED');
      expect(await calendarState()).toEqual(before);
    });

    it('refuses a missing `from`', async () => {
      expectProblem(await deadline({ workingDays: '1' }), 400, 'REQUEST.INVALID', ['from']);
    });

    it('refuses a `from` that is not an ISO-8601 time', async () => {
      for (const from of ['next monday', '2026-03-02', '02/03/2026 10:00+08:00', '']) {
        expectProblem(await deadline({ ...ok, from }), 400, 'REQUEST.INVALID', ['from']);
      }
    });

    it('refuses a `from` without an offset, which would be ambiguous', async () => {
      expectProblem(await deadline({ ...ok, from: '2026-03-02T10:00:00' }), 400, 'REQUEST.INVALID', ['from']);
    });

    it('refuses a `from` on a date that does not exist (2026-02-30, 2026-04-31)', async () => {
      // The year schedule refuses 2027-02-30 (see below); the deadline must not read 2026-02-30 as March 2.
      // new Date() would roll 2026-02-30 over into March.
      for (const from of ['2026-02-30T10:00:00+08:00', '2026-04-31T10:00:00+08:00']) {
        const res = await deadline({ ...ok, from });
        expect({ from, refused: res.status >= 400 && res.status < 500, field: res.body?.errors?.[0]?.field }).toEqual({
          from,
          refused: true,
          field: 'from',
        });
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('refuses a `from` whose time is out of range with 4xx naming from', async () => {
      const res = await deadline({ ...ok, from: '2026-03-02T10:61:00+08:00' });
      expect([400, 422]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].field).toBe('from');
    });

    it('refuses workingDays that is not a positive whole number (0, -1, 1.5, abc)', async () => {
      for (const workingDays of ['0', '-1', '1.5', 'abc']) {
        const res = await deadline({ ...ok, workingDays });
        expect({ workingDays, status: res.status }).toEqual({ workingDays, status: 400 });
        expectProblem(res, 400, 'REQUEST.INVALID', ['workingDays']);
      }
    });

    it('refuses workingHours that is not positive or not whole minutes', async () => {
      for (const workingHours of ['0', '-2', 'abc']) {
        expectProblem(await deadline({ from: ok.from, workingHours }), 400, 'REQUEST.INVALID', ['workingHours']);
      }
      // 0.5 minute: a number, but not whole minutes.
      expectProblem(await deadline({ from: ok.from, workingHours: '0.025' }), 422, 'CALENDAR.INVALID_LIMIT', ['workingHours']);
    });

    it('refuses both workingDays and workingHours', async () => {
      expectProblem(await deadline({ ...ok, workingHours: '2' }), 422, 'CALENDAR.ONE_LIMIT', ['workingDays']);
    });

    it('refuses neither workingDays nor workingHours', async () => {
      expectProblem(await deadline({ from: ok.from }), 422, 'CALENDAR.ONE_LIMIT', ['workingDays']);
    });

    it('refuses an unknown query parameter', async () => {
      const res = await deadline({ ...ok, calendar: 'lunar' });
      expectProblem(res, 400, 'REQUEST.INVALID', ['calendar']);
      expect(res.body.errors[0].code).toBe('unknown_field');
    });

    describe('PUT /calendar/years/{year}', () => {
      const put = (year: string | number, body: unknown) =>
        t.put(`/api/v1/calendar/years/${year}`, { token: world.tokens.admin, body });

      let before: Awaited<ReturnType<typeof calendarState>>;
      beforeEach(async () => {
        before = await calendarState();
      });
      afterEach(async () => {
        expect(await calendarState()).toEqual(before);
      });

      it('refuses a make-up workday on a weekday (Wed 2027-03-03): it is a workday anyway', async () => {
        expectProblem(await put(2027, { holidays: ['2027-01-01'], makeUpWorkdays: ['2027-03-03'] }), 422, 'CALENDAR.MAKE_UP_NOT_WEEKEND', [
          'makeUpWorkdays.0',
        ]);
        expectProblem(
          await put(2027, { holidays: [], makeUpWorkdays: ['2027-02-20', '2027-03-03'] }),
          422,
          'CALENDAR.MAKE_UP_NOT_WEEKEND',
          ['makeUpWorkdays.1'],
        );
      });

      it('refuses a date in another year', async () => {
        expectProblem(await put(2027, { holidays: ['2027-01-01', '2028-01-01'], makeUpWorkdays: [] }), 422, 'CALENDAR.WRONG_YEAR', [
          'holidays.1',
        ]);
        expectProblem(await put(2027, { holidays: [], makeUpWorkdays: ['2026-02-14'] }), 422, 'CALENDAR.WRONG_YEAR', ['makeUpWorkdays.0']);
      });

      it('refuses a date that does not exist (2027-02-30)', async () => {
        expectProblem(await put(2027, { holidays: ['2027-02-30'], makeUpWorkdays: [] }), 422, 'CALENDAR.INVALID_DATE', ['holidays.0']);
      });

      it('refuses a day that is both a holiday and a make-up workday', async () => {
        expectProblem(
          await put(2027, { holidays: ['2027-02-20'], makeUpWorkdays: ['2027-02-20'] }),
          422,
          'CALENDAR.BOTH_HOLIDAY_AND_WORKDAY',
          ['makeUpWorkdays.0'],
        );
      });

      it('refuses a date not written YYYY-MM-DD, and a list that is not a list', async () => {
        expectProblem(await put(2027, { holidays: ['2027-1-1'], makeUpWorkdays: [] }), 400, 'REQUEST.INVALID', ['holidays']);
        expectProblem(await put(2027, { holidays: '2027-01-01', makeUpWorkdays: [] }), 400, 'REQUEST.INVALID', ['holidays']);
        expectProblem(await put(2027, { holidays: [] }), 400, 'REQUEST.INVALID', ['makeUpWorkdays']);
      });

      it('refuses an unknown field', async () => {
        const res = await put(2027, { holidays: [], makeUpWorkdays: [], halfDays: ['2027-02-05'] });
        expectProblem(res, 400, 'REQUEST.INVALID', ['halfDays']);
        expect(res.body.errors[0].code).toBe('unknown_field');
      });

      it('refuses year 1800 in the path', async () => {
        expectProblem(await put(1800, { holidays: [], makeUpWorkdays: [] }), 400, 'REQUEST.INVALID', ['year']);
        expectProblem(await put('twenty', { holidays: [], makeUpWorkdays: [] }), 400, 'REQUEST.INVALID', ['year']);
      });

      it('refuses a malformed JSON body', async () => {
        expectProblem(await t.put('/api/v1/calendar/years/2027', { token: world.tokens.admin, rawBody: '{"holidays":' }), 400, 'REQUEST.MALFORMED_JSON');
      });
    });
  });

  describe('service catalogue', () => {
    /** A valid item: statutory 30 working days, committed 20 (exactly one third shorter). */
    const item = (overrides: Record<string, unknown> = {}) => ({
      code: 'E2E-001',
      name: '测试事项',
      officeId: world.offices.registration,
      legalBasis: '《测试条例》第一条',
      statutoryLimit: { amount: 30, unit: 'working_days' },
      committedLimit: { amount: 20, unit: 'working_days' },
      materials: [{ name: '申请书', form: 'original', copies: 1 }],
      procedure: ['申请', '受理', '决定'],
      feeFen: 0,
      ...overrides,
    });
    const create = (body: unknown, token = world.tokens.admin) => t.post(SERVICES, { token, body });
    const replace = (code: string, body: unknown, token = world.tokens.admin) => t.put(`${SERVICES}/${code}`, { token, body });
    const itemRows = (code: string) => t.db.query(`SELECT code FROM service_item WHERE code = $1`, [code]);
    const writes = async () => ({ items: await t.count('service_item'), audit: await t.count('audit_log') });

    describe('the public service guide (no login)', () => {
      it('lists the demo items DEMO-001..003 with their materials, limits and office', async () => {
        const res = await t.get(GUIDE);
        expect(res.status).toBe(200);
        const byCode: Record<string, any> = Object.fromEntries((res.body as Array<{ code: string }>).map((i) => [i.code, i]));
        expect(Object.keys(byCode)).toEqual(expect.arrayContaining(['DEMO-001', 'DEMO-002', 'DEMO-003']));
        expect(byCode['DEMO-001']).toMatchObject({
          name: '个体工商户设立登记',
          office: { id: world.offices.registration, name: '登记注册股', phone: '0851-28220002' },
          statutoryLimit: { amount: 15, unit: 'working_days' },
          committedLimit: { amount: 3, unit: 'working_days' },
          procedure: ['申请', '受理', '审查', '决定', '发照'],
          feeFen: 0,
          active: true,
        });
        expect(byCode['DEMO-001'].materials).toEqual([
          { id: 'M1', name: '个体工商户登记（备案）申请书', form: 'original', copies: 1 },
          { id: 'M2', name: '经营者身份证明', form: 'copy', copies: 1, notes: '核验原件' },
          { id: 'M3', name: '经营场所使用证明', form: 'copy', copies: 1 },
        ]);
        expect(byCode['DEMO-002']).toMatchObject({
          office: { id: world.offices.food, name: '食品经营许可股' },
          statutoryLimit: { amount: 20, unit: 'working_days' },
          committedLimit: { amount: 10, unit: 'working_days' },
        });
        expect(byCode['DEMO-002'].materials).toHaveLength(4);
        expect(byCode['DEMO-003']).toMatchObject({
          statutoryLimit: { amount: 1, unit: 'working_days' },
          committedLimit: { amount: 4, unit: 'working_hours' },
        });
      });

      it('shows one item by code without a token', async () => {
        const res = await t.get(`${GUIDE}/DEMO-003`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ code: 'DEMO-003', name: '营业执照遗失补领', office: { name: '登记注册股' } });
        expect(res.body.materials.map((m: { name: string }) => m.name)).toEqual(['补领营业执照申请书', '遗失声明']);
      });

      it('answers an unknown code with a 404 problem naming code', async () => {
        expectProblem(await t.get(`${GUIDE}/NOPE-999`), 404, 'SERVICE_ITEM.NOT_FOUND', ['code']);
        expectProblem(await t.get(`${GUIDE}/x`), 400, 'REQUEST.INVALID', ['code']);
      });

      it('keeps the staff list behind a login', async () => {
        expectProblem(await t.get(SERVICES), 401, 'AUTH.TOKEN_REQUIRED');
      });
    });

    describe('the committed limit is at least one third shorter than the statutory one (服务承诺制)', () => {
      it('refuses 21 of 30 working days with 422 on committedLimit, and writes no row', async () => {
        const before = await writes();
        const res = await create(item({ code: 'E2E-R21', committedLimit: { amount: 21, unit: 'working_days' } }));
        expectProblem(res, 422, 'SERVICE_ITEM.COMMITMENT_TOO_LONG', ['committedLimit']);
        expect(await writes()).toEqual(before);
        expect(await itemRows('E2E-R21')).toHaveLength(0);
      });

      it('accepts 20 of 30 working days (exactly one third shorter) with 201', async () => {
        const before = await writes();
        const res = await create(item({ code: 'E2E-R20' }));
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          code: 'E2E-R20',
          unitId: world.unitId,
          office: { id: world.offices.registration, name: '登记注册股' },
          statutoryLimit: { amount: 30, unit: 'working_days' },
          committedLimit: { amount: 20, unit: 'working_days' },
          active: true,
        });
        expect(await writes()).toEqual({ items: before.items + 1, audit: before.audit + 1 });
        const [audit] = await t.db.query(
          `SELECT actor_id FROM audit_log WHERE action = 'service_item.create' AND after::jsonb->>'code' = 'E2E-R20'`,
        );
        expect(audit?.actor_id).toBe(world.staff.admin);
      });

      it('compares mixed units at 7 h a day: 5 working hours of 1 working day is too long', async () => {
        // 1 day = 7 h; 2/3 of it is 4 h 40 min.
        const before = await writes();
        const res = await create(
          item({ code: 'E2E-H5', statutoryLimit: { amount: 1, unit: 'working_days' }, committedLimit: { amount: 5, unit: 'working_hours' } }),
        );
        expectProblem(res, 422, 'SERVICE_ITEM.COMMITMENT_TOO_LONG', ['committedLimit']);
        expect(await writes()).toEqual(before);
      });

      it('compares mixed units at 7 h a day: 4 working hours of 1 working day is fine', async () => {
        const res = await create(
          item({ code: 'E2E-H4', statutoryLimit: { amount: 1, unit: 'working_days' }, committedLimit: { amount: 4, unit: 'working_hours' } }),
        );
        expect(res.status).toBe(201);
        expect(res.body.committedLimit).toEqual({ amount: 4, unit: 'working_hours' });
      });

      it('applies the same rule on PUT: 21 of 30 is refused and the item keeps its limits', async () => {
        const before = await writes();
        const res = await replace('E2E-R20', item({ code: 'E2E-R20', committedLimit: { amount: 21, unit: 'working_days' } }));
        expectProblem(res, 422, 'SERVICE_ITEM.COMMITMENT_TOO_LONG', ['committedLimit']);
        expect(await writes()).toEqual(before);
        const stored = await t.get(`${SERVICES}/E2E-R20`, { token: world.tokens.clerk01 });
        expect(stored.body.committedLimit).toEqual({ amount: 20, unit: 'working_days' });
      });

      it('applies the same rule on PUT across units: 5 working hours of 1 working day is refused', async () => {
        const res = await replace(
          'E2E-H4',
          item({ code: 'E2E-H4', statutoryLimit: { amount: 1, unit: 'working_days' }, committedLimit: { amount: 5, unit: 'working_hours' } }),
        );
        expectProblem(res, 422, 'SERVICE_ITEM.COMMITMENT_TOO_LONG', ['committedLimit']);
        const stored = await t.get(`${SERVICES}/E2E-H4`, { token: world.tokens.clerk01 });
        expect(stored.body.committedLimit).toEqual({ amount: 4, unit: 'working_hours' });
      });

      it('accepts a PUT that keeps within the rule, and the item then shows the new limit', async () => {
        const res = await replace('E2E-R20', item({ code: 'E2E-R20', committedLimit: { amount: 10, unit: 'working_days' } }));
        expect(res.status).toBe(200);
        expect(res.body.committedLimit).toEqual({ amount: 10, unit: 'working_days' });
        const stored = await t.get(`${GUIDE}/E2E-R20`);
        expect(stored.body.committedLimit).toEqual({ amount: 10, unit: 'working_days' });
      });
    });

    describe('an inactive item', () => {
      it('is in the public guide while active', async () => {
        expect((await create(item({ code: 'E2E-GONE' }))).status).toBe(201);
        expect((await t.get(`${GUIDE}/E2E-GONE`)).status).toBe(200);
        expect((await t.get(GUIDE)).body.map((i: { code: string }) => i.code)).toContain('E2E-GONE');
      });

      it('disappears from the public guide once an admin PUTs active:false', async () => {
        const res = await replace('E2E-GONE', item({ code: 'E2E-GONE', active: false }));
        expect(res.status).toBe(200);
        expect(res.body.active).toBe(false);
        const guide = await t.get(GUIDE);
        expect(guide.body.map((i: { code: string }) => i.code)).not.toContain('E2E-GONE');
        expect(guide.body.map((i: { code: string }) => i.code)).toEqual(expect.arrayContaining(['DEMO-001', 'DEMO-002', 'DEMO-003']));
        expectProblem(await t.get(`${GUIDE}/E2E-GONE`), 404, 'SERVICE_ITEM.NOT_FOUND', ['code']);
      });

      it('stays in the staff list and can still be read by staff', async () => {
        const list = await t.get(SERVICES, { token: world.tokens.clerk01 });
        expect(list.status).toBe(200);
        expect(list.body.find((i: { code: string }) => i.code === 'E2E-GONE')).toMatchObject({ active: false });
        const one = await t.get(`${SERVICES}/E2E-GONE`, { token: world.tokens.handler01 });
        expect(one.status).toBe(200);
        expect(one.body.active).toBe(false);
      });
    });

    it('an enquiry may name an item as soon as it is created (an unknown code is never remembered as unknown)', async () => {
      const enquire = () =>
        t.post('/api/v1/enquiries', {
          token: world.tokens.clerk01,
          body: { channel: 'phone', kind: 'consultation', subject: '咨询', serviceItemCode: 'E2E-RENAME', outcome: { type: 'answered', answer: '见办事指南' } },
        });
      expectProblem(await enquire(), 422, 'ENQUIRY.UNKNOWN_SERVICE_ITEM', ['serviceItemCode']);
      expect((await create(item({ code: 'E2E-RENAME' }))).status).toBe(201);
      const res = await enquire();
      expect(res.status).toBe(201);
      expect(res.body.serviceItemCode).toBe('E2E-RENAME');
    });

    describe('who may write, and what is refused', () => {
      it('a clerk cannot create an item: 403, nothing written', async () => {
        const before = await writes();
        expectProblem(await create(item({ code: 'E2E-CLERK' }), world.tokens.clerk01), 403, 'AUTH.FORBIDDEN');
        expectProblem(await replace('DEMO-001', item({ code: 'DEMO-001' }), world.tokens.clerk01), 403, 'AUTH.FORBIDDEN');
        expect(await writes()).toEqual(before);
        expect(await itemRows('E2E-CLERK')).toHaveLength(0);
      });

      it('refuses a duplicate code with 409 naming code', async () => {
        const before = await writes();
        expectProblem(await create(item({ code: 'DEMO-001' })), 409, 'SERVICE_ITEM.CODE_TAKEN', ['code']);
        expect(await writes()).toEqual(before);
        expect((await t.get(`${GUIDE}/DEMO-001`)).body.name).toBe('个体工商户设立登记');
      });

      it('refuses a duplicate code with 409 also when two admins create it at the same moment', async () => {
        // The unique constraint decides the race; the losers get a 409, never a 500.
        const body = item({ code: 'E2E-RACE' });
        const replies = await Promise.all([create(body), create(body), create(body)]);
        expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
        expect(await itemRows('E2E-RACE')).toHaveLength(1);
      });

      it('refuses an officeId of no office, naming officeId', async () => {
        const before = await writes();
        const res = await create(item({ code: 'E2E-NOOFFICE', officeId: randomUUID() }));
        expect([404, 422]).toContain(res.status);
        expectProblem(res, res.status, 'OFFICE.NOT_FOUND', ['officeId']);
        expect(await writes()).toEqual(before);
      });

      it('refuses a PUT whose body code differs from the path, and a PUT of an unknown code', async () => {
        const before = await writes();
        expectProblem(await replace('DEMO-001', item({ code: 'DEMO-002' })), 422, 'SERVICE_ITEM.CODE_MISMATCH', ['code']);
        expectProblem(await replace('E2E-NONE', item({ code: 'E2E-NONE' })), 404, 'SERVICE_ITEM.NOT_FOUND', ['code']);
        expect(await writes()).toEqual(before);
      });

      describe('bad input: 400 problem naming the field, nothing written', () => {
        let before: Awaited<ReturnType<typeof writes>>;
        beforeEach(async () => {
          before = await writes();
        });
        afterEach(async () => {
          expect(await writes()).toEqual(before);
        });

        const cases: Array<[string, Record<string, unknown>, string]> = [
          ['feeFen as a string', { feeFen: '0' }, 'feeFen'],
          ['statutoryLimit.amount as a string', { statutoryLimit: { amount: '30', unit: 'working_days' } }, 'statutoryLimit.amount'],
          ['committedLimit.amount as a fraction', { committedLimit: { amount: 2.5, unit: 'working_days' } }, 'committedLimit.amount'],
          ['an unknown limit unit', { committedLimit: { amount: 2, unit: 'calendar_days' } }, 'committedLimit.unit'],
          ['procedure that is not a list', { procedure: '申请' }, 'procedure'],
          ['active as a string', { active: 'no' }, 'active'],
          ['officeId that is not a UUID', { officeId: 'registration' }, 'officeId'],
          ['a name of 101 characters', { name: '事'.repeat(101) }, 'name'],
          ['a name of only spaces', { name: '   ' }, 'name'],
          ['materials[0].copies of 0', { materials: [{ name: '申请书', form: 'original', copies: 0 }] }, 'materials.0.copies'],
          ['an unknown material form', { materials: [{ name: '申请书', form: 'scan', copies: 1 }] }, 'materials.0.form'],
          ['a code with spaces', { code: 'E2E 001' }, 'code'],
        ];
        it.each(cases)('refuses %s', async (_label, overrides, field) => {
          expectProblem(await create(item({ code: 'E2E-BAD', ...overrides })), 400, 'REQUEST.INVALID', [field]);
        });

        it('accepts a name of exactly 100 characters (the limit is not off by one)', async () => {
          const res = await create(item({ code: 'E2E-NAME100', name: '事'.repeat(100) }));
          expect(res.status).toBe(201);
          before = { items: before.items + 1, audit: before.audit + 1 };
        });

        it('refuses an unknown field, at the top and inside a material', async () => {
          const top = await create(item({ code: 'E2E-BAD', colour: 'red' }));
          expectProblem(top, 400, 'REQUEST.INVALID', ['colour']);
          expect(top.body.errors[0].code).toBe('unknown_field');
          const nested = await create(item({ code: 'E2E-BAD', materials: [{ name: '申请书', form: 'original', copies: 1, stamp: true }] }));
          expectProblem(nested, 400, 'REQUEST.INVALID', ['materials.0.stamp']);
          expect(nested.body.errors[0].code).toBe('unknown_field');
        });

        it('refuses a body missing a required field', async () => {
          const { legalBasis: _omitted, ...body } = item({ code: 'E2E-BAD' });
          expectProblem(await create(body), 400, 'REQUEST.INVALID', ['legalBasis']);
        });

        it('refuses a malformed JSON body', async () => {
          expectProblem(await t.post(SERVICES, { token: world.tokens.admin, rawBody: '{"code":' }), 400, 'REQUEST.MALFORMED_JSON');
        });

        it('refuses a body that is not an object', async () => {
          expectProblem(await t.post(SERVICES, { token: world.tokens.admin, rawBody: '[]' }), 400, 'REQUEST.INVALID', ['(body)']);
        });

        it('refuses the same bad input on PUT', async () => {
          expectProblem(
            await replace('DEMO-001', item({ code: 'DEMO-001', materials: [{ name: '申请书', form: 'original', copies: 0 }] })),
            400,
            'REQUEST.INVALID',
            ['materials.0.copies'],
          );
        });
      });
    });
  });
});
