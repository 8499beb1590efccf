/**
 * Official holiday arrangements (国务院办公厅节假日安排) from the `chinese-days` package.
 *
 * Caveat about the package: it parses 'YYYY-MM-DD' strings as UTC midnight but reads them back
 * with the machine's local-time getters. Under a negative UTC offset (e.g. America/New_York)
 * every date and weekday it *returns* is one day early: getDayDetail('2026-03-02') answers
 * "2026-03-01, Sunday, not a working day". Its own tables are keyed the same way, so looking a
 * date string up still finds the right entry. We therefore use the package only to ask "is this
 * date listed as an official holiday / workday?" (through getDayDetail's `name`, which is a
 * weekday name for unlisted dates) and compute weekdays ourselves.
 */
import chineseDays from 'chinese-days';
import type { YearSchedule } from './working-calendar.js';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** getDayDetail names a date that is not in the official arrangement after its weekday. */
const UNLISTED_DAY_NAMES = new Set(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']);

type Listing = 'holiday' | 'workday' | 'unlisted';

function officialListing(date: string): Listing {
  const detail = chineseDays.getDayDetail(date);
  if (UNLISTED_DAY_NAMES.has(detail.name)) return 'unlisted';
  return detail.work ? 'workday' : 'holiday';
}

/**
 * Whether the package holds the arrangement for `year`. For years it does not know it silently
 * answers "weekdays only", so we test a date that every published arrangement lists: 1 October
 * (National Day) has been an official holiday every year, and no neighbouring year's arrangement
 * (which can spill over New Year only) reaches it.
 */
function isPublished(year: number): boolean {
  return year >= 1000 && year <= 9999 && officialListing(`${year}-10-01`) === 'holiday';
}

/**
 * The official schedule of `year`, or null when `chinese-days` has no data for it.
 *
 * `holidays` holds every official holiday date of the year, including those that fall on a
 * weekend (e.g. 2026-02-15, a Sunday in the Spring Festival break); they change nothing under the
 * working-day rule but keep the set identical to the official notice. `makeUpWorkdays` holds the
 * weekend dates that are official workdays (调休上班). Dates are those falling inside `year`, so a
 * New Year arrangement that starts in late December of the previous year is split between the two.
 */
export function officialSchedule(year: number): YearSchedule | null {
  if (!Number.isInteger(year)) {
    throw new RangeError(`Year must be an integer, got ${year}`);
  }
  if (!isPublished(year)) return null;

  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += MS_PER_DAY) {
    const day = new Date(t);
    const date = day.toISOString().slice(0, 10);
    const listing = officialListing(date);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    if (listing === 'holiday') holidays.add(date);
    // The package lists no weekday as a workday; such an entry would change nothing anyway.
    if (listing === 'workday' && weekend) makeUpWorkdays.add(date);
  }
  return { holidays, makeUpWorkdays };
}

/** First and last year for which officialSchedule returns a schedule (2004..2026 in chinese-days 1.5.7). */
export const OFFICIAL_SCHEDULE_YEARS: { readonly first: number; readonly last: number } = findPublishedYears();

function findPublishedYears(): { readonly first: number; readonly last: number } {
  // The current system of statutory holidays with 调休 dates from 1999; the package starts in 2004.
  const published: number[] = [];
  for (let year = 1999; year <= 2100; year++) {
    if (isPublished(year)) published.push(year);
  }
  if (published.length === 0) {
    throw new Error('chinese-days holds no official holiday arrangement at all');
  }
  return Object.freeze({ first: published[0], last: published[published.length - 1] });
}
