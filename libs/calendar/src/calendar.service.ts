import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, shanghaiDate, shanghaiYear, type Actor } from '@app/core';
import { AppConfig, AuditService, oneOf, readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClosureDto, ClosuresQuery, YearScheduleDto } from './calendar.dto.js';
import { provisionalSchedule } from './statutory-holidays.js';
import { parseBusinessHours, WorkingCalendar, type BusinessPeriod, type Deadline, type YearSchedule } from './working-calendar.js';

export interface CalendarYearView {
  year: number;
  /** `provisional`: no schedule entered yet; the statutory holidays by rule, no make-up working day. */
  source: 'official' | 'admin' | 'provisional';
  holidays: string[];
  makeUpWorkdays: string[];
  /** When the schedule was entered; null for a provisional year. */
  updatedAt: string | null;
}

/** A unit's own day off (a local closure) on top of the national schedule. */
export interface ClosureView {
  unitId: string;
  date: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/**
 * The calendar changed for the dates `from`..`to` (inclusive, 'YYYY-MM-DD' in Asia/Shanghai): for one
 * unit (its closures) or, when `unitId` is null, for every unit (a year's schedule was entered).
 */
export interface CalendarChange {
  unitId: string | null;
  from: string;
  to: string;
  /** The calendar as it is after the change, read inside the transaction (the cache is not reloaded yet). */
  calendar(unitId: string | null): Promise<WorkingCalendar>;
}

/**
 * Told of every change inside the transaction that makes it, after the write: what it writes through
 * `manager` commits with the change, and a listener that throws undoes it (the request fails). It may
 * return work to do once the change has committed (e.g. queue the timers it re-planned).
 */
export type CalendarChangeListener = (change: CalendarChange, manager: EntityManager) => Promise<void | AfterCommit>;
type AfterCommit = () => Promise<void>;

/** A year's arrangement as YEAR_COLUMNS reads it (dates as YYYY-MM-DD text). */
const calendarYearRow = rowMapper('calendar_year', {
  year: 'int',
  holidays: 'text[]',
  make_up_workdays: 'text[]',
  source: oneOf(['official', 'admin']),
  updated_at: 'timestamp',
});
type CalendarYearRow = ReturnType<typeof calendarYearRow>;

/** A unit's closure as CLOSURE_COLUMNS reads it. */
const closureRow = rowMapper('unit_closure', { unit_id: 'text', date: 'text', reason: 'text', created_by: 'text', created_at: 'timestamp' });
type ClosureRow = ReturnType<typeof closureRow>;

const closedDayRow = rowMapper('unit_closure', { date: 'text' });
const unitClosedDayRow = rowMapper('unit_closure', { unit_id: 'text', date: 'text' });

interface Snapshot {
  national: WorkingCalendar;
  closures: ReadonlyMap<string, ReadonlySet<string>>;
  /** Calendars of units with closures, made on first use. */
  units: Map<string, WorkingCalendar>;
  loadedAt: number;
}

/** Other replicas may change the calendar: reload it at most this often. */
const RELOAD_AFTER_MS = 60_000;
const YEAR_COLUMNS = `year, holidays::text[] AS holidays, make_up_workdays::text[] AS make_up_workdays, source, updated_at`;
const CLOSURE_COLUMNS = `unit_id, date::text AS date, reason, created_by, created_at`;

/**
 * The working-day calendar as data (DESIGN.md section 4): a row per year, editable by an admin; a year
 * without one is provisional (statutory holidays by rule); each unit may add closures of its own.
 */
@Injectable()
export class CalendarService implements OnModuleInit {
  private readonly hours: BusinessPeriod[];
  private readonly hoursPerDay: number;
  private cached: Snapshot | undefined;
  private reloading: Promise<unknown> | undefined;
  private readonly listeners: CalendarChangeListener[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.hours = parseBusinessHours(config.BUSINESS_HOURS);
    this.hoursPerDay = new WorkingCalendar(new Map(), this.hours).workingHoursPerDay();
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  workingHoursPerDay(): number {
    return this.hoursPerDay;
  }

  /**
   * The calendar (of a unit: with its closures), reloaded in the background when stale: callers are
   * often inside a transaction, and waiting there for a second pool connection can deadlock a busy pool.
   */
  async calendar(unitId?: string | null): Promise<WorkingCalendar> {
    if (!this.cached) await this.reload();
    else if (this.clock.now().getTime() - this.cached.loadedAt > RELOAD_AFTER_MS && !this.reloading) {
      this.reloading = this.reload()
        .catch(() => undefined)
        .finally(() => (this.reloading = undefined));
    }
    const snapshot = this.cached!;
    const closures = unitId ? snapshot.closures.get(unitId) : undefined;
    if (!unitId || !closures) return snapshot.national;
    let calendar = snapshot.units.get(unitId);
    if (!calendar) snapshot.units.set(unitId, (calendar = snapshot.national.withClosures(closures)));
    return calendar;
  }

  /** When a limit counted from `from` runs out (the calendar's arithmetic, DESIGN.md section 4), for a unit if given. */
  async deadline(from: Date, limit: { workingDays?: number; workingHours?: number }, unitId?: string | null): Promise<Deadline> {
    const calendar = await this.calendar(unitId);
    try {
      return limit.workingDays !== undefined
        ? calendar.addWorkingDays(from, limit.workingDays)
        : calendar.addWorkingHours(from, limit.workingHours!);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      const field = limit.workingDays !== undefined ? 'workingDays' : 'workingHours';
      throw new DomainError('CALENDAR.INVALID_LIMIT', e.message, 'invalid', field);
    }
  }

  /** Registers a listener told of every change of the calendar (see CalendarChangeListener); returns its removal. */
  onChange(listener: CalendarChangeListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /**
   * The years entered, and the current and next year (Asia/Shanghai) as provisional when not entered:
   * the years a deadline counted today can reach. Any other year is answered by getYear.
   */
  async listYears(): Promise<Array<Omit<CalendarYearView, 'holidays' | 'makeUpWorkdays'>>> {
    const rows = await this.rows();
    const current = shanghaiYear(this.clock.now());
    const views: Array<Omit<CalendarYearView, 'holidays' | 'makeUpWorkdays'>> = rows.map((r) => ({
      year: r.year,
      source: r.source,
      updatedAt: r.updated_at.toISOString(),
    }));
    for (const year of [current, current + 1]) {
      if (!rows.some((r) => r.year === year)) views.push({ year, source: 'provisional', updatedAt: null });
    }
    return views.sort((a, b) => a.year - b.year);
  }

  /** The year as entered, or else as the calendar counts it now (provisional). */
  async getYear(year: number): Promise<CalendarYearView> {
    const [row] = await this.rows(year);
    if (row) return view(row);
    return {
      year,
      source: 'provisional',
      holidays: [...provisionalSchedule(year).holidays].sort(),
      makeUpWorkdays: [],
      updatedAt: null,
    };
  }

  /** Enters or corrects a year's arrangement: it replaces the provisional one. */
  async putYear(actor: Actor, year: number, dto: YearScheduleDto): Promise<CalendarYearView> {
    validateYear(year, dto);
    const result = await this.db.transaction(async (m) => {
      const [before] = readRows(calendarYearRow, await m.query(`SELECT ${YEAR_COLUMNS} FROM calendar_year WHERE year = $1 FOR UPDATE`, [year]));
      const [row] = readRows(
        calendarYearRow,
        await m.query(
          `INSERT INTO calendar_year (year, holidays, make_up_workdays, source, updated_at, updated_by)
           VALUES ($1, $2, $3, 'admin', $4, $5)
           ON CONFLICT (year) DO UPDATE SET holidays = $2, make_up_workdays = $3, source = 'admin', updated_at = $4, updated_by = $5
           RETURNING ${YEAR_COLUMNS}`,
          [year, [...dto.holidays].sort(), [...dto.makeUpWorkdays].sort(), this.clock.now(), actor.id],
        ),
      );
      const after = view(row!);
      await this.audit.record(m, {
        actor,
        unitId: null,
        action: 'calendar_year.put',
        entity: 'calendar_year',
        entityId: String(year),
        before: before ? view(before) : null,
        after,
      });
      return { view: after, after: await this.changed(m, { unitId: null, from: `${year}-01-01`, to: `${year}-12-31` }) };
    });
    await this.committed(result.after);
    return result.view;
  }

  /** The unit's closures, by date, within `from`..`to` when given. */
  async listClosures(actor: Actor, q: ClosuresQuery): Promise<ClosureView[]> {
    const from = q.from === undefined ? undefined : checkDate(q.from, 'from');
    const to = q.to === undefined ? undefined : checkDate(q.to, 'to');
    if (from && to && to < from) throw new DomainError('CALENDAR.INVALID_RANGE', 'to must not be before from', 'invalid', 'to');
    const rows = readRows(
      closureRow,
      await this.db.query(
        `SELECT ${CLOSURE_COLUMNS} FROM unit_closure
          WHERE unit_id = $1 AND ($2::date IS NULL OR date >= $2) AND ($3::date IS NULL OR date <= $3) ORDER BY date`,
        [actor.unitId, from ?? null, to ?? null],
      ),
    );
    return rows.map(closureView);
  }

  /** Closes the admin's unit on a day (today or later): deadlines of the unit skip it. */
  async addClosure(actor: Actor, dto: ClosureDto): Promise<ClosureView> {
    const date = checkClosureDate(dto.date, shanghaiDate(this.clock.now()));
    let then: AfterCommit[] = [];
    const closure = await this.db.transaction(async (m) => {
      const [row] = readRows(
        closureRow,
        await m.query(
          `INSERT INTO unit_closure (unit_id, date, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (unit_id, date) DO NOTHING RETURNING ${CLOSURE_COLUMNS}`,
          [actor.unitId, date, dto.reason, actor.id, this.clock.now()],
        ),
      );
      if (!row) throw new DomainError('CALENDAR.CLOSURE_EXISTS', `the unit is already closed on ${date}`, 'conflict', 'date');
      const after = closureView(row);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'unit_closure.add', entity: 'unit_closure', entityId: date, before: null, after });
      then = await this.changed(m, { unitId: actor.unitId, from: date, to: date });
      return after;
    });
    await this.committed(then);
    return closure;
  }

  /** Reopens the admin's unit on a day closed by mistake; a closure in the past stays, as history. */
  async removeClosure(actor: Actor, rawDate: string): Promise<ClosureView> {
    const date = checkDate(rawDate, 'date');
    const result = await this.db.transaction(async (m) => {
      const [row] = readRows(closureRow, await m.query(`SELECT ${CLOSURE_COLUMNS} FROM unit_closure WHERE unit_id = $1 AND date = $2 FOR UPDATE`, [actor.unitId, date]));
      if (!row) throw new DomainError('CALENDAR.CLOSURE_NOT_FOUND', `the unit is not closed on ${date}`, 'not_found', 'date');
      if (date < shanghaiDate(this.clock.now())) {
        throw new DomainError('CALENDAR.CLOSURE_IN_PAST', `${date} is past: its closure stays on record`, 'conflict', 'date');
      }
      await m.query(`DELETE FROM unit_closure WHERE unit_id = $1 AND date = $2`, [actor.unitId, date]);
      const before = closureView(row);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'unit_closure.remove', entity: 'unit_closure', entityId: date, before, after: null });
      return { view: before, after: await this.changed(m, { unitId: actor.unitId, from: date, to: date }) };
    });
    await this.committed(result.after);
    return result.view;
  }

  private async changed(m: EntityManager, range: { unitId: string | null; from: string; to: string }): Promise<AfterCommit[]> {
    let national: Promise<WorkingCalendar> | undefined;
    const change: CalendarChange = {
      ...range,
      calendar: async (unitId) => {
        national ??= loadYears(m).then((years) => new WorkingCalendar(years, this.hours));
        if (unitId === null) return national;
        const rows = readRows(closedDayRow, await m.query(`SELECT date::text AS date FROM unit_closure WHERE unit_id = $1`, [unitId]));
        return rows.length === 0 ? national : (await national).withClosures(new Set(rows.map((r) => r.date)));
      },
    };
    const after: AfterCommit[] = [];
    for (const listener of this.listeners) {
      const then = await listener(change, m);
      if (then) after.push(then);
    }
    return after;
  }

  /** Runs what the listeners left for after commit, once the cache holds the new calendar. */
  private async committed(after: AfterCommit[]): Promise<void> {
    await this.reload();
    for (const then of after) await then();
  }

  private async reload(): Promise<void> {
    const years = await loadYears(this.db.manager);
    const closures = new Map<string, Set<string>>();
    for (const r of readRows(unitClosedDayRow, await this.db.query(`SELECT unit_id, date::text AS date FROM unit_closure`))) {
      let dates = closures.get(r.unit_id);
      if (!dates) closures.set(r.unit_id, (dates = new Set()));
      dates.add(r.date);
    }
    this.cached = { national: new WorkingCalendar(years, this.hours), closures, units: new Map(), loadedAt: this.clock.now().getTime() };
  }

  private async rows(year?: number): Promise<CalendarYearRow[]> {
    return readRows(
      calendarYearRow,
      await this.db.query(`SELECT ${YEAR_COLUMNS} FROM calendar_year ${year === undefined ? '' : 'WHERE year = $1'} ORDER BY year`, year === undefined ? [] : [year]),
    );
  }
}

async function loadYears(m: EntityManager): Promise<Map<number, YearSchedule>> {
  const rows = readRows(calendarYearRow, await m.query(`SELECT ${YEAR_COLUMNS} FROM calendar_year`));
  return new Map(rows.map((r) => [r.year, { holidays: new Set(r.holidays), makeUpWorkdays: new Set(r.make_up_workdays) }]));
}

function view(r: CalendarYearRow): CalendarYearView {
  return {
    year: r.year,
    source: r.source,
    holidays: r.holidays,
    makeUpWorkdays: r.make_up_workdays,
    updatedAt: r.updated_at.toISOString(),
  };
}

function closureView(r: ClosureRow): ClosureView {
  return { unitId: r.unit_id, date: r.date, reason: r.reason, createdBy: r.created_by, createdAt: r.created_at.toISOString() };
}

/** A date written YYYY-MM-DD that exists, in the years the calendar holds (1992-2200). */
function checkDate(d: string, field: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d) {
    throw new DomainError('CALENDAR.INVALID_DATE', `${d} is not a date`, 'invalid', field);
  }
  const year = t.getUTCFullYear();
  if (year < 1992 || year > 2200) throw new DomainError('CALENDAR.INVALID_DATE', `${d} is outside 1992-2200`, 'invalid', field);
  return d;
}

/** A closure is today or later: an earlier one would move deadlines and figures already past. */
function checkClosureDate(d: string, today: string): string {
  checkDate(d, 'date');
  if (d < today) throw new DomainError('CALENDAR.CLOSURE_IN_PAST', `${d} is before today (${today})`, 'invalid', 'date');
  return d;
}

/** Dates must exist, lie in the year, and make sense: a make-up workday is a weekend day. */
function validateYear(year: number, dto: YearScheduleDto): void {
  const check = (dates: string[], field: string) =>
    dates.forEach((d, i) => {
      const t = new Date(`${d}T00:00:00Z`);
      if (Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d) {
        throw new DomainError('CALENDAR.INVALID_DATE', `${d} is not a date`, 'invalid', `${field}.${i}`);
      }
      if (t.getUTCFullYear() !== year) {
        throw new DomainError('CALENDAR.WRONG_YEAR', `${d} is not in ${year}`, 'invalid', `${field}.${i}`);
      }
      if (field === 'makeUpWorkdays' && t.getUTCDay() !== 0 && t.getUTCDay() !== 6) {
        throw new DomainError('CALENDAR.MAKE_UP_NOT_WEEKEND', `${d} is a weekday: it is a workday anyway`, 'invalid', `${field}.${i}`);
      }
      if (field === 'makeUpWorkdays' && dto.holidays.includes(d)) {
        throw new DomainError('CALENDAR.BOTH_HOLIDAY_AND_WORKDAY', `${d} cannot be both a holiday and a workday`, 'invalid', `${field}.${i}`);
      }
    });
  check(dto.holidays, 'holidays');
  check(dto.makeUpWorkdays, 'makeUpWorkdays');
}
