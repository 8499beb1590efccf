import { randomUUID } from 'node:crypto';
import { CalendarService, type CalendarChange } from '@app/calendar';
import { DomainError } from '@app/core';
import { TestApp, type Reply } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

/**
 * A unit's own closures (local days off) on top of the national schedule: POST/GET/DELETE
 * /api/v1/calendar/closures, the deadlines of that unit, and the change listeners the deadlines library
 * re-plans from. The clock starts on Mon 2026-03-02 09:30 in Beijing.
 */

const CLOSURES = '/api/v1/calendar/closures';
const at = (iso: string) => new Date(iso);

function expectProblem(res: Reply, status: number, code: string, fields?: string[]): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toContain('application/problem+json');
  if (fields) expect([...new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field))].sort()).toEqual([...fields].sort());
}

describe('unit closures', () => {
  let t: TestApp;
  let world: World;
  let calendar: CalendarService;
  let otherUnit: string;

  beforeAll(async () => {
    t = await TestApp.start();
    world = await demoWorld(t);
    calendar = t.app.get(CalendarService);
    [{ id: otherUnit }] = await t.db.query(`INSERT INTO unit (code, name) VALUES ('OTHER', '另一单位') RETURNING id`);
  });
  afterAll(() => t.close());

  const add = (body: unknown, token = world.tokens.admin, headers?: Record<string, string>) => t.post(CLOSURES, { token, body, headers });
  const remove = (date: string, token = world.tokens.admin) => t.request('DELETE', `${CLOSURES}/${date}`, { token });
  const deadline = (from: string, workingDays: number) =>
    t.get('/api/v1/calendar/deadline', { token: world.tokens.clerk01, query: { from, workingDays: String(workingDays) } });
  const writes = async () => ({
    closures: await t.db.query(`SELECT unit_id, date::text, reason FROM unit_closure ORDER BY unit_id, date`),
    audit: await t.count('audit_log'),
  });

  describe('an admin closes the unit on Wed 2026-03-04', () => {
    it('answers 201 with the closure, and audits it as unit_closure.add', async () => {
      const res = await add({ date: '2026-03-04', reason: '  本地防汛停止对外办公 ' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        unitId: world.unitId,
        date: '2026-03-04',
        reason: '本地防汛停止对外办公',
        createdBy: world.staff.admin,
        createdAt: '2026-03-02T01:30:00.000Z',
      });
      const [audit] = await t.db.query(`SELECT unit_id, actor_id, entity_id, before, after FROM audit_log WHERE action = 'unit_closure.add'`);
      expect(audit).toMatchObject({ unit_id: world.unitId, actor_id: world.staff.admin, entity_id: '2026-03-04', before: null });
      expect(audit.after).toMatchObject({ date: '2026-03-04', reason: '本地防汛停止对外办公' });
    });

    it('moves the unit\'s deadlines: 1 working day from Tue Mar 3 is due Thu Mar 5, not Wed Mar 4', async () => {
      expect((await deadline('2026-03-03T10:00:00+08:00', 1)).body).toEqual({ dueAt: '2026-03-05T17:30:00+08:00', provisional: false });
      expect((await calendar.deadline(at('2026-03-03T10:00:00+08:00'), { workingDays: 1 }, world.unitId)).dueAt).toEqual(
        at('2026-03-05T17:30:00+08:00'),
      );
      expect((await calendar.calendar(world.unitId)).isWorkingDay('2026-03-04')).toEqual({ working: false, provisional: false });
    });

    it('leaves the national calendar and other units as they were (callers without a unit)', async () => {
      expect((await calendar.deadline(at('2026-03-03T10:00:00+08:00'), { workingDays: 1 })).dueAt).toEqual(at('2026-03-04T17:30:00+08:00'));
      expect((await calendar.calendar()).isWorkingDay('2026-03-04').working).toBe(true);
      expect((await calendar.calendar(otherUnit)).isWorkingDay('2026-03-04').working).toBe(true);
    });

    it('lists it for the admin, filtered by from and to', async () => {
      expect((await add({ date: '2026-05-06', reason: '县庆' })).status).toBe(201);
      const all = await t.get(CLOSURES, { token: world.tokens.admin });
      expect(all.status).toBe(200);
      expect(all.body.map((c: { date: string }) => c.date)).toEqual(['2026-03-04', '2026-05-06']);
      const may = await t.get(CLOSURES, { token: world.tokens.admin, query: { from: '2026-04-01', to: '2026-05-31' } });
      expect(may.body).toEqual([expect.objectContaining({ date: '2026-05-06', reason: '县庆' })]);
    });

    it('refuses the same day twice with 409 naming date, and writes nothing', async () => {
      const before = await writes();
      expectProblem(await add({ date: '2026-03-04', reason: '重复' }), 409, 'CALENDAR.CLOSURE_EXISTS', ['date']);
      expect(await writes()).toEqual(before);
    });

    it('answers a retry with the same Idempotency-Key with the first result, writing nothing new', async () => {
      const body = { date: '2026-06-01', reason: '停电检修' };
      const first = await add(body, world.tokens.admin, { 'idempotency-key': 'closure-0601' });
      expect(first.status).toBe(201);
      const before = await writes();
      const retry = await add(body, world.tokens.admin, { 'idempotency-key': 'closure-0601' });
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(await writes()).toEqual(before);
    });
  });

  describe('reopening a day', () => {
    it('removes a closure: 200 with what was removed, audited, and the deadline is back', async () => {
      const res = await remove('2026-06-01');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ date: '2026-06-01', reason: '停电检修' });
      expect(await t.db.query(`SELECT entity_id FROM audit_log WHERE action = 'unit_closure.remove'`)).toEqual([{ entity_id: '2026-06-01' }]);
      expect((await deadline('2026-05-29T10:00:00+08:00', 1)).body.dueAt).toBe('2026-06-01T17:30:00+08:00');
      expectProblem(await remove('2026-06-01'), 404, 'CALENDAR.CLOSURE_NOT_FOUND', ['date']);
    });

    it('keeps a closure once its day is past: 409, it stays on record', async () => {
      expect((await add({ date: '2026-03-02', reason: '今日临时停止办公' })).status).toBe(201);
      t.clock.set('2026-03-03T09:30:00+08:00');
      try {
        const before = await writes();
        expectProblem(await remove('2026-03-02'), 409, 'CALENDAR.CLOSURE_IN_PAST', ['date']);
        expect(await writes()).toEqual(before);
      } finally {
        t.clock.set('2026-03-02T09:30:00+08:00');
      }
    });
  });

  describe('who may, and bad input: a problem naming the field, nothing written', () => {
    let before: Awaited<ReturnType<typeof writes>>;
    beforeEach(async () => {
      before = await writes();
    });
    afterEach(async () => {
      expect(await writes()).toEqual(before);
    });

    it('refuses staff who are not admins (clerk, leader, inspector) with 403', async () => {
      for (const token of [world.tokens.clerk01, world.tokens.leader01, world.tokens.inspector01]) {
        expectProblem(await add({ date: '2026-07-01', reason: '停电' }, token), 403, 'AUTH.FORBIDDEN');
        expectProblem(await t.get(CLOSURES, { token }), 403, 'AUTH.FORBIDDEN');
        expectProblem(await remove('2026-03-04', token), 403, 'AUTH.FORBIDDEN');
      }
    });

    const bad: Array<[string, unknown, number, string, string]> = [
      ['no date', { reason: '停电' }, 400, 'REQUEST.INVALID', 'date'],
      ['a date not written YYYY-MM-DD', { date: '2026-7-1', reason: '停电' }, 400, 'REQUEST.INVALID', 'date'],
      ['a timestamp for a date', { date: '2026-07-01T00:00:00+08:00', reason: '停电' }, 400, 'REQUEST.INVALID', 'date'],
      ['a date that does not exist', { date: '2026-02-30', reason: '停电' }, 422, 'CALENDAR.INVALID_DATE', 'date'],
      ['a date past 2200', { date: '2201-01-05', reason: '停电' }, 422, 'CALENDAR.INVALID_DATE', 'date'],
      ['a day before today', { date: '2026-03-01', reason: '补登' }, 422, 'CALENDAR.CLOSURE_IN_PAST', 'date'],
      ['no reason', { date: '2026-07-01' }, 400, 'REQUEST.INVALID', 'reason'],
      ['a reason of spaces', { date: '2026-07-01', reason: '   ' }, 400, 'REQUEST.INVALID', 'reason'],
      ['a reason of 201 characters', { date: '2026-07-01', reason: '停'.repeat(201) }, 400, 'REQUEST.INVALID', 'reason'],
      ['a reason that is not text', { date: '2026-07-01', reason: 7 }, 400, 'REQUEST.INVALID', 'reason'],
      ['an unknown field', { date: '2026-07-01', reason: '停电', halfDay: true }, 400, 'REQUEST.INVALID', 'halfDay'],
    ];
    it.each(bad)('refuses %s', async (_label, body, status, code, field) => {
      expectProblem(await add(body), status, code, [field]);
    });

    it('refuses a bad date to remove and bad list bounds', async () => {
      expectProblem(await remove('tomorrow'), 400, 'REQUEST.INVALID', ['date']);
      expectProblem(await remove('2026-02-30'), 422, 'CALENDAR.INVALID_DATE', ['date']);
      expectProblem(await t.get(CLOSURES, { token: world.tokens.admin, query: { from: '2026-13-01' } }), 422, 'CALENDAR.INVALID_DATE', ['from']);
      expectProblem(await t.get(CLOSURES, { token: world.tokens.admin, query: { to: 'may' } }), 400, 'REQUEST.INVALID', ['to']);
      expectProblem(
        await t.get(CLOSURES, { token: world.tokens.admin, query: { from: '2026-05-01', to: '2026-04-01' } }),
        422,
        'CALENDAR.INVALID_RANGE',
        ['to'],
      );
    });
  });

  describe('listeners are told of each change, inside its transaction', () => {
    const seen: Array<{ unitId: string | null; from: string; to: string; working: boolean; audited: number }> = [];
    let stop: () => void;
    beforeAll(() => {
      stop = calendar.onChange(async (change: CalendarChange, manager) => {
        // What the deadlines library needs to re-plan: the range, and the calendar as it is after the change.
        const day = change.from;
        const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM audit_log`);
        seen.push({ ...pick(change), working: (await change.calendar(change.unitId)).isWorkingDay(day).working, audited: n });
      });
    });
    afterAll(() => stop());
    const pick = (c: CalendarChange) => ({ unitId: c.unitId, from: c.from, to: c.to });

    it('a closure added: its unit and day, with the day already closed', async () => {
      const audited = await t.count('audit_log');
      expect((await add({ date: '2026-07-01', reason: '停电' })).status).toBe(201);
      expect(seen).toEqual([{ unitId: world.unitId, from: '2026-07-01', to: '2026-07-01', working: false, audited: audited + 1 }]);
    });

    it('a closure removed: its unit and day, open again', async () => {
      seen.length = 0;
      expect((await remove('2026-07-01')).status).toBe(200);
      expect(seen).toEqual([expect.objectContaining({ unitId: world.unitId, from: '2026-07-01', to: '2026-07-01', working: true })]);
    });

    it('a year entered: every unit (null), the whole year, by the entered table', async () => {
      seen.length = 0;
      const put = await t.put('/api/v1/calendar/years/2028', { token: world.tokens.admin, body: { holidays: [], makeUpWorkdays: [] } });
      expect(put.status).toBe(200);
      // 2028-01-03 is given back for 元旦 by rule; the entered (empty) table makes it a working day.
      expect(seen).toEqual([expect.objectContaining({ unitId: null, from: '2028-01-01', to: '2028-12-31' })]);
      expect((await calendar.calendar()).isWorkingDay('2028-01-03')).toEqual({ working: true, provisional: false });
    });

    it('a listener that fails undoes the change: the request fails and nothing is written', async () => {
      const failing = calendar.onChange(() => Promise.reject(new DomainError('TEST.REPLAN_FAILED', 'cannot re-plan', 'conflict')));
      try {
        const before = await writes();
        expectProblem(await add({ date: '2026-08-03', reason: '停电' }), 409, 'TEST.REPLAN_FAILED');
        expect(await writes()).toEqual(before);
        expect((await calendar.calendar(world.unitId)).isWorkingDay('2026-08-03').working).toBe(true);
      } finally {
        failing();
      }
    });
  });

  it('keeps closures per unit: another unit\'s closure does not touch this one, nor shows in its list', async () => {
    const otherAdmin = { id: randomUUID(), unitId: otherUnit, roles: ['admin' as const] };
    await calendar.addClosure(otherAdmin, { date: '2026-09-01', reason: '另一单位停电' });
    expect((await calendar.calendar(otherUnit)).isWorkingDay('2026-09-01').working).toBe(false);
    expect((await calendar.calendar(world.unitId)).isWorkingDay('2026-09-01').working).toBe(true);
    const list = await t.get(CLOSURES, { token: world.tokens.admin, query: { from: '2026-09-01', to: '2026-09-01' } });
    expect(list.body).toEqual([]);
    expectProblem(await remove('2026-09-01'), 404, 'CALENDAR.CLOSURE_NOT_FOUND', ['date']);
  });

  it('sees a closure written by another replica after the cache\'s minute', async () => {
    await t.db.query(`INSERT INTO unit_closure (unit_id, date, reason, created_by) VALUES ($1, '2026-09-02', '另一副本写入', $2)`, [
      world.unitId,
      world.staff.admin,
    ]);
    expect((await calendar.calendar(world.unitId)).isWorkingDay('2026-09-02').working).toBe(true);
    t.clock.advance(61_000);
    await calendar.calendar(world.unitId); // starts the reload in the background
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await calendar.calendar(world.unitId)).isWorkingDay('2026-09-02').working).toBe(false);
  });
});
