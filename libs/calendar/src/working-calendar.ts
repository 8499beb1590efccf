/**
 * Working-day calendar for statutory time limits (办理时限).
 *
 * Pure and framework-free: no clock, no I/O, no machine time zone. Every date is a calendar
 * date in Asia/Shanghai written 'YYYY-MM-DD'; every time of day is 'HH:MM' in Asia/Shanghai.
 */
import { provisionalSchedule } from './statutory-holidays.js';

import { SHANGHAI_OFFSET_MS } from '@app/core';

// "Local" values below are obtained by shifting an instant by the fixed Shanghai offset and reading
// the UTC fields, never through the machine's time zone.
const MS_PER_MINUTE = 60 * 1000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

/** A run of non-working days longer than this (about ten years) means the schedule is broken. */
const MAX_NON_WORKING_RUN = 3660;

/** The official arrangement of one year. */
export interface YearSchedule {
  /** Official holidays ('YYYY-MM-DD'). Only those falling Monday to Friday change anything. */
  holidays: ReadonlySet<string>;
  /** Weekend days that are official workdays (调休上班), 'YYYY-MM-DD'. */
  makeUpWorkdays: ReadonlySet<string>;
}

/** One opening period of a working day, 'HH:MM' in Asia/Shanghai, end exclusive. */
export interface BusinessPeriod {
  start: string;
  end: string;
}

export const DEFAULT_BUSINESS_HOURS: BusinessPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

export interface Deadline {
  dueAt: Date;
  /** True when a day the computation looked at belongs to a year without an official schedule. */
  provisional: boolean;
}

export interface DayStatus {
  working: boolean;
  /**
   * True when the year has no schedule: its statutory holidays are known by rule (statutory-holidays.ts),
   * its make-up working days are not, so the answer may change when the official schedule is entered.
   */
  provisional: boolean;
}

/** Parses a spec such as '09:00-12:00,13:30-17:30'. Throws an Error if it is not usable. */
export function parseBusinessHours(spec: string): BusinessPeriod[] {
  if (spec.trim() === '') {
    throw new Error('Business hours are empty: expected periods like "09:00-12:00,13:30-17:30"');
  }
  const periods = spec.split(',').map((part): BusinessPeriod => {
    const match = /^\s*(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})\s*$/.exec(part);
    if (match === null) {
      throw new Error(`Malformed business period "${part.trim()}" in "${spec}": expected HH:MM-HH:MM`);
    }
    return { start: match[1], end: match[2] };
  });
  toMsRanges(periods); // validates
  return periods;
}

export class WorkingCalendar {
  private readonly years: ReadonlyMap<number, YearSchedule>;
  /** Business periods as milliseconds after local midnight, in order. */
  private readonly periods: readonly MsRange[];
  /** End of the last business period (close of business), ms after local midnight. */
  private readonly closingTime: number;

  /**
   * `years` are the official (or admin-entered) schedules; a year missing there is provisional.
   * `closures` are a unit's own days off ('YYYY-MM-DD'), on top of the national schedule.
   */
  constructor(
    years: ReadonlyMap<number, YearSchedule>,
    private readonly hours: readonly BusinessPeriod[] = DEFAULT_BUSINESS_HOURS,
    private readonly closures: ReadonlySet<string> = new Set(),
  ) {
    this.years = new Map(years);
    this.periods = toMsRanges(hours);
    this.closingTime = this.periods[this.periods.length - 1].end;
  }

  /** The same calendar for a unit that is also closed on `closures`. */
  withClosures(closures: ReadonlySet<string>): WorkingCalendar {
    return new WorkingCalendar(this.years, this.hours, closures);
  }

  isWorkingDay(date: string): DayStatus {
    return this.dayStatus(parseLocalDate(date));
  }

  /**
   * The day of acceptance (local date of `from`) is not counted; the limit expires at close of
   * business of the n-th working day after it.
   */
  addWorkingDays(from: Date, n: number): Deadline {
    assertValidInstant(from);
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`Working days must be a positive integer, got ${n}`);
    }
    let provisional = false;
    let counted = 0;
    let nonWorkingRun = 0;
    for (let day = localDayNumber(from) + 1; ; day++) {
      const status = this.dayStatus(day);
      provisional ||= status.provisional;
      if (!status.working) {
        assertRunWithinLimit(++nonWorkingRun, day);
        continue;
      }
      nonWorkingRun = 0;
      if (++counted === n) {
        return { dueAt: localInstant(day, this.closingTime), provisional };
      }
    }
  }

  /**
   * Counts n hours of business time from `from` (whole minutes; fractions of an hour allowed).
   * Time outside the business periods does not count; a count ending exactly at the end of a
   * period is due at that end, not at the next opening.
   */
  addWorkingHours(from: Date, n: number): Deadline {
    assertValidInstant(from);
    const minutes = Math.round(n * 60);
    if (!Number.isFinite(n) || n <= 0 || Math.abs(n * 60 - minutes) > 1e-9) {
      throw new RangeError(`Working hours must be positive and a whole number of minutes, got ${n}`);
    }
    return this.addWorkingMilliseconds(from, minutes * MS_PER_MINUTE);
  }

  /** `ms` of working time after `from`, to the millisecond (moving a paused clock keeps its seconds). */
  addWorkingMilliseconds(from: Date, ms: number): Deadline {
    assertValidInstant(from);
    if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`Working time must be whole non-negative milliseconds, got ${ms}`);
    if (ms === 0) return { dueAt: new Date(from.getTime()), provisional: this.dayStatus(localDayNumber(from)).provisional };
    let remaining = ms;
    let provisional = false;
    let nonWorkingRun = 0;
    for (let day = localDayNumber(from), offset = msSinceLocalMidnight(from); ; day++, offset = 0) {
      // After close of business the rest of the day is irrelevant: don't even look at it.
      if (offset >= this.closingTime) continue;
      const status = this.dayStatus(day);
      provisional ||= status.provisional;
      if (!status.working) {
        assertRunWithinLimit(++nonWorkingRun, day);
        continue;
      }
      nonWorkingRun = 0;
      for (const period of this.periods) {
        const start = Math.max(period.start, offset);
        if (start >= period.end) continue;
        const available = period.end - start;
        if (remaining <= available) {
          return { dueAt: localInstant(day, start + remaining), provisional };
        }
        remaining -= available;
      }
    }
  }

  /** `n` whole working minutes after `from`; 0 is `from` itself. */
  addWorkingMinutes(from: Date, n: number): Deadline {
    if (!Number.isInteger(n)) throw new RangeError(`Working minutes must be whole, got ${n}`);
    return this.addWorkingMilliseconds(from, n * MS_PER_MINUTE);
  }

  /** Whole working minutes in [from, to): what has elapsed of a limit. Zero when `to` is not after `from`. */
  workingMinutesBetween(from: Date, to: Date): number {
    return Math.floor(this.workingMillisecondsBetween(from, to) / MS_PER_MINUTE);
  }

  /** Working time in [from, to) to the millisecond: what is left of a limit when its clock is paused. */
  workingMillisecondsBetween(from: Date, to: Date): number {
    assertValidInstant(from);
    assertValidInstant(to);
    let total = 0;
    const lastDay = localDayNumber(to);
    for (let day = localDayNumber(from); day <= lastDay; day++) {
      if (!this.dayStatus(day).working) continue;
      const dayStart = day === localDayNumber(from) ? msSinceLocalMidnight(from) : 0;
      const dayEnd = day === lastDay ? msSinceLocalMidnight(to) : MS_PER_DAY;
      for (const period of this.periods) {
        total += Math.max(0, Math.min(period.end, dayEnd) - Math.max(period.start, dayStart));
      }
    }
    return total;
  }

  workingHoursPerDay(): number {
    return this.periods.reduce((sum, p) => sum + (p.end - p.start), 0) / MS_PER_HOUR;
  }

  /** `day` is a local day number (days since 1970-01-01 in Asia/Shanghai). */
  private dayStatus(day: number): DayStatus {
    const date = formatDayNumber(day);
    const year = Number(date.slice(0, 4));
    const official = this.years.get(year);
    const schedule = official ?? provisionalSchedule(year);
    const working =
      !this.closures.has(date) && (schedule.makeUpWorkdays.has(date) || (isMondayToFriday(day) && !schedule.holidays.has(date)));
    return { working, provisional: official === undefined };
  }
}

interface MsRange {
  start: number;
  end: number;
}

/** Validates business periods (non-empty, well-formed, ordered, non-overlapping) and converts them. */
function toMsRanges(hours: readonly BusinessPeriod[]): MsRange[] {
  if (hours.length === 0) {
    throw new Error('Business hours must contain at least one period');
  }
  const ranges = hours.map((p) => ({ start: parseTimeOfDay(p.start), end: parseTimeOfDay(p.end) }));
  ranges.forEach((range, i) => {
    const label = `${hours[i].start}-${hours[i].end}`;
    if (range.start >= range.end) {
      throw new Error(`Business period ${label} must end after it starts`);
    }
    if (i === 0) return;
    const previous = ranges[i - 1];
    const previousLabel = `${hours[i - 1].start}-${hours[i - 1].end}`;
    if (range.start < previous.start) {
      throw new Error(`Business periods must be in chronological order: ${label} comes after ${previousLabel}`);
    }
    if (range.start < previous.end) {
      throw new Error(`Business periods ${previousLabel} and ${label} overlap`);
    }
  });
  return ranges;
}

/** 'HH:MM' (00:00..23:59) to milliseconds after midnight. */
function parseTimeOfDay(time: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (match === null) {
    throw new Error(`Invalid time of day "${time}": expected HH:MM between 00:00 and 23:59`);
  }
  return Number(match[1]) * MS_PER_HOUR + Number(match[2]) * MS_PER_MINUTE;
}

function assertValidInstant(from: Date): void {
  if (Number.isNaN(from.getTime())) {
    throw new RangeError('The start of the count must be a valid Date');
  }
}

function assertRunWithinLimit(nonWorkingRun: number, day: number): void {
  if (nonWorkingRun > MAX_NON_WORKING_RUN) {
    throw new Error(`No working day found in the ${MAX_NON_WORKING_RUN} days up to ${formatDayNumber(day)}`);
  }
}

// Local day numbers: whole days since 1970-01-01 in Asia/Shanghai.

function localDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

function msSinceLocalMidnight(instant: Date): number {
  return instant.getTime() + SHANGHAI_OFFSET_MS - localDayNumber(instant) * MS_PER_DAY;
}

function localInstant(day: number, msSinceMidnight: number): Date {
  return new Date(day * MS_PER_DAY + msSinceMidnight - SHANGHAI_OFFSET_MS);
}

function formatDayNumber(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function isMondayToFriday(day: number): boolean {
  const weekday = new Date(day * MS_PER_DAY).getUTCDay(); // 0 = Sunday
  return weekday >= 1 && weekday <= 5;
}

function parseLocalDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match === null ? NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
  // The round trip rejects impossible dates such as 2026-02-30.
  if (!Number.isInteger(day) || formatDayNumber(day) !== date) {
    throw new RangeError(`Invalid date "${date}": expected an existing date written YYYY-MM-DD`);
  }
  return day;
}
