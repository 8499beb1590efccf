import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { AppConfig, AuditService } from '@app/platform';
import { DataSource } from 'typeorm';
import type { YearScheduleDto } from './calendar.dto.js';
import { parseBusinessHours, WorkingCalendar, type BusinessPeriod, type Deadline, type YearSchedule } from './working-calendar.js';

export interface CalendarYearView {
  year: number;
  source: 'official' | 'admin';
  holidays: string[];
  makeUpWorkdays: string[];
  updatedAt: string;
}

interface CalendarYearRow {
  year: number;
  holidays: string[];
  make_up_workdays: string[];
  source: 'official' | 'admin';
  updated_at: Date;
}

/** Other replicas may change the calendar: reload it at most this often. */
const RELOAD_AFTER_MS = 60_000;

/** The working-day calendar as data (DESIGN.md section 4): a row per year, editable by an admin. */
@Injectable()
export class CalendarService implements OnModuleInit {
  private readonly hours: BusinessPeriod[];
  private readonly hoursPerDay: number;
  private cached: { calendar: WorkingCalendar; loadedAt: number } | undefined;
  private reloading: Promise<unknown> | undefined;

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
   * The calendar, reloaded in the background when stale: callers are often inside a transaction, and
   * waiting there for a second pool connection can deadlock a busy pool.
   */
  async calendar(): Promise<WorkingCalendar> {
    if (!this.cached) await this.reload();
    else if (this.clock.now().getTime() - this.cached.loadedAt > RELOAD_AFTER_MS && !this.reloading) {
      this.reloading = this.reload()
        .catch(() => undefined)
        .finally(() => (this.reloading = undefined));
    }
    return this.cached!.calendar;
  }

  /** When a limit counted from `from` runs out (the calendar's arithmetic, DESIGN.md section 4). */
  async deadline(from: Date, limit: { workingDays?: number; workingHours?: number }): Promise<Deadline> {
    const calendar = await this.calendar();
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

  async listYears(): Promise<Array<Omit<CalendarYearView, 'holidays' | 'makeUpWorkdays'>>> {
    const rows = await this.rows();
    return rows.map((r) => ({ year: r.year, source: r.source, updatedAt: r.updated_at.toISOString() }));
  }

  async getYear(year: number): Promise<CalendarYearView> {
    const [row] = await this.rows(year);
    if (!row) throw new DomainError('CALENDAR.YEAR_NOT_FOUND', `no schedule for ${year} yet`, 'not_found', 'year');
    return view(row);
  }

  /** Enters or corrects a year's arrangement. */
  async putYear(actor: Actor, year: number, dto: YearScheduleDto): Promise<CalendarYearView> {
    validateYear(year, dto);
    const result = await this.db.transaction(async (m) => {
      const [before] = (await m.query(
        `SELECT year, holidays::text[] AS holidays, make_up_workdays::text[] AS make_up_workdays, source, updated_at
           FROM calendar_year WHERE year = $1 FOR UPDATE`,
        [year],
      )) as CalendarYearRow[];
      const [row] = (await m.query(
        `INSERT INTO calendar_year (year, holidays, make_up_workdays, source, updated_at, updated_by)
         VALUES ($1, $2, $3, 'admin', $4, $5)
         ON CONFLICT (year) DO UPDATE SET holidays = $2, make_up_workdays = $3, source = 'admin', updated_at = $4, updated_by = $5
         RETURNING year, holidays::text[] AS holidays, make_up_workdays::text[] AS make_up_workdays, source, updated_at`,
        [year, [...dto.holidays].sort(), [...dto.makeUpWorkdays].sort(), this.clock.now(), actor.id],
      )) as CalendarYearRow[];
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
      return after;
    });
    await this.reload();
    return result;
  }

  private async reload(): Promise<void> {
    const years = new Map<number, YearSchedule>();
    for (const r of await this.rows()) {
      years.set(r.year, { holidays: new Set(r.holidays), makeUpWorkdays: new Set(r.make_up_workdays) });
    }
    this.cached = { calendar: new WorkingCalendar(years, this.hours), loadedAt: this.clock.now().getTime() };
  }

  private rows(year?: number): Promise<CalendarYearRow[]> {
    return this.db.query(
      `SELECT year, holidays::text[] AS holidays, make_up_workdays::text[] AS make_up_workdays, source, updated_at
         FROM calendar_year ${year === undefined ? '' : 'WHERE year = $1'} ORDER BY year`,
      year === undefined ? [] : [year],
    );
  }
}

function view(r: CalendarYearRow): CalendarYearView {
  return {
    year: r.year,
    source: r.source,
    holidays: r.holidays,
    makeUpWorkdays: r.make_up_workdays,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
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
