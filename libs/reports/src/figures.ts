/**
 * Efficiency figures (绩效考评) as plain data: additive counts per unit, office and staff member, merged
 * from the libs that own the records, and the rates derived from them. No Nest, no SQL: the same
 * functions sum a live period, a rolled-up one, or both.
 */
import { DAY_MS, shanghaiDate, shanghaiDayStart } from '@app/core';

/** Counts that add up across days and people: a rollup may store them per day. */
export const COUNT_FIELDS = [
  'enquiries',
  'complaints',
  'repeatComplaints',
  'casesAccepted',
  'casesCompleted',
  'completedOnTime',
  'completedEarly',
  /** Completed cases with both working times measured: the count behind the two sums below. */
  'casesMeasured',
  'workingMinutesUsed',
  'workingMinutesCommitted',
  'extensionsRequested',
  'extensionsApproved',
  'rejectionsFiled',
  'rejectionsInForce',
  'noticesIssued',
  'casesNoticed',
  'ratingsVerySatisfied',
  'ratingsSatisfied',
  'ratingsBasicallySatisfied',
  'ratingsDissatisfied',
  'ratingsVeryDissatisfied',
  /** Violations not dismissed by an inspector (still open or confirmed). */
  'violations',
  'violationsConfirmed',
] as const;
export type CountField = (typeof COUNT_FIELDS)[number];
export type Counts = Record<CountField, number>;

/** Counts a rollup keeps per day. Violations are left out: an inspector's decision changes them later. */
export const ROLLED_UP_FIELDS = COUNT_FIELDS.filter((f) => f !== 'violations' && f !== 'violationsConfirmed');

export interface KeyedCounts {
  unitId: string;
  /** Null when the source records no office (a notice issued by staff in no office): the report places the staff member. */
  officeId: string | null;
  staffId: string;
  counts: Partial<Counts>;
}

export function zeroCounts(): Counts {
  return Object.fromEntries(COUNT_FIELDS.map((f) => [f, 0])) as Counts;
}

export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const f of COUNT_FIELDS) into[f] += more[f] ?? 0;
  return into;
}

/** Merges rows of the same unit, office and staff member. */
export function mergeKeyed(rows: Iterable<KeyedCounts>): Array<KeyedCounts & { counts: Counts }> {
  const merged = new Map<string, KeyedCounts & { counts: Counts }>();
  for (const r of rows) {
    const key = `${r.unitId}|${r.officeId ?? ''}|${r.staffId}`;
    let m = merged.get(key);
    if (!m) merged.set(key, (m = { unitId: r.unitId, officeId: r.officeId, staffId: r.staffId, counts: zeroCounts() }));
    addCounts(m.counts, r.counts);
  }
  return [...merged.values()];
}

export interface Rates {
  /** Completed on time / completed. */
  onTimeRate: number | null;
  /** Completed with at least one working day left / completed. */
  earlyRate: number | null;
  meanHandlingHours: number | null;
  meanCommittedHours: number | null;
  /** Working time used / committed working time: below 1 is faster than promised. */
  handlingRatio: number | null;
  /** Notices issued / cases that got a first notice: 1 when every case was told once. */
  noticesPerCase: number | null;
  ratingsTotal: number;
  /** Ratings of 基本满意 or better / all ratings. */
  satisfactionRate: number | null;
  /** Complaints from a phone that complained in the 90 days before / complaints. */
  repeatComplaintRate: number | null;
}

const ratio = (a: number, b: number, digits = 4): number | null => (b > 0 ? round(a / b, digits) : null);

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function ratesOf(c: Counts): Rates {
  const ratingsTotal = c.ratingsVerySatisfied + c.ratingsSatisfied + c.ratingsBasicallySatisfied + c.ratingsDissatisfied + c.ratingsVeryDissatisfied;
  return {
    onTimeRate: ratio(c.completedOnTime, c.casesCompleted),
    earlyRate: ratio(c.completedEarly, c.casesCompleted),
    meanHandlingHours: ratio(c.workingMinutesUsed, c.casesMeasured * 60, 2),
    meanCommittedHours: ratio(c.workingMinutesCommitted, c.casesMeasured * 60, 2),
    handlingRatio: ratio(c.workingMinutesUsed, c.workingMinutesCommitted),
    noticesPerCase: ratio(c.noticesIssued, c.casesNoticed, 2),
    ratingsTotal,
    satisfactionRate: ratio(c.ratingsVerySatisfied + c.ratingsSatisfied + c.ratingsBasicallySatisfied, ratingsTotal),
    repeatComplaintRate: ratio(c.repeatComplaints, c.complaints),
  };
}

/** The whole local days (Asia/Shanghai) inside [from, to), as 'YYYY-MM-DD'. */
export function wholeDaysWithin(from: Date, to: Date): string[] {
  const days: string[] = [];
  for (let start = nextDayStart(from); start.getTime() + DAY_MS <= to.getTime(); start = new Date(start.getTime() + DAY_MS)) {
    days.push(shanghaiDate(start));
  }
  return days;
}

/** `at` itself when it is a local midnight, else the next one. */
function nextDayStart(at: Date): Date {
  const start = shanghaiDayStart(shanghaiDate(at));
  return start.getTime() === at.getTime() ? start : new Date(start.getTime() + DAY_MS);
}

/**
 * Splits [from, to) into the runs of rolled-up days (read from the rollup) and the rest (computed live):
 * the live intervals are what lies outside every rolled-up day.
 */
export function splitPeriod(from: Date, to: Date, rolledUp: ReadonlySet<string>): { rolledDays: string[]; live: Array<[Date, Date]> } {
  const rolledDays = wholeDaysWithin(from, to).filter((d) => rolledUp.has(d));
  const live: Array<[Date, Date]> = [];
  let cursor = from;
  for (const d of rolledDays) {
    const start = shanghaiDayStart(d);
    if (start.getTime() > cursor.getTime()) live.push([cursor, start]);
    cursor = new Date(start.getTime() + DAY_MS);
  }
  if (cursor.getTime() < to.getTime()) live.push([cursor, to]);
  return { rolledDays, live };
}
