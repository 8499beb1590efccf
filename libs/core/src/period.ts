import { parseIsoWithOffset } from './iso-time.js';
import { DAY_MS, shanghaiDate, shanghaiMonthStart } from './shanghai.js';

/**
 * A period as people write it in a filter, in Asia/Shanghai: `from` inclusive, `to` exclusive.
 * An instant (a full timestamp) has `from` = `to` = that instant: a caller uses it as the bound it was
 * given for (`from` of a `from` filter, `to` of a `to` filter), so `to=2026-11-25` means up to the end of
 * that day and `to=2026-11-25T12:00:00+08:00` up to noon.
 */
export interface Period {
  kind: 'day' | 'month' | 'quarter' | 'year' | 'instant';
  from: Date;
  to: Date;
}

const YEAR = '(19\\d\\d|20\\d\\d)';
const DAY = new RegExp(`^${YEAR}-(\\d\\d)-(\\d\\d)$`);
const MONTH = new RegExp(`^${YEAR}-(0[1-9]|1[0-2])$`);
const QUARTER = new RegExp(`^${YEAR}-[Qq]([1-4])$`);
const WHOLE_YEAR = new RegExp(`^${YEAR}$`);
const TIMESTAMP_YEAR = new RegExp(`^${YEAR}-`);

/**
 * Reads `2026-11-25` (that Shanghai day), `2026-11` (month), `2026-Q4` (quarter), `2026` (year) or an
 * ISO-8601 timestamp with its offset (`2026-11-25T10:00:00+08:00`, an instant). Years 1900-2099 only.
 * Null for anything else, including dates that do not exist (2026-02-30).
 */
export function parsePeriod(text: string): Period | null {
  const s = text.trim();
  let m: RegExpExecArray | null;
  if ((m = DAY.exec(s))) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const from = shanghaiMidnight(y, mo, d);
    // The round trip refuses 2026-02-30 and 2026-13-01, which Date.UTC would roll over.
    if (shanghaiDate(from) !== s) return null;
    return { kind: 'day', from, to: shanghaiMidnight(y, mo, d + 1) };
  }
  if ((m = MONTH.exec(s))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    return { kind: 'month', from: shanghaiMidnight(y, mo, 1), to: shanghaiMidnight(y, mo + 1, 1) };
  }
  if ((m = QUARTER.exec(s))) {
    const [y, q] = [Number(m[1]), Number(m[2])];
    return { kind: 'quarter', from: shanghaiMidnight(y, 3 * q - 2, 1), to: shanghaiMidnight(y, 3 * q + 1, 1) };
  }
  if ((m = WHOLE_YEAR.exec(s))) {
    const y = Number(m[1]);
    return { kind: 'year', from: shanghaiMidnight(y, 1, 1), to: shanghaiMidnight(y + 1, 1, 1) };
  }
  const instant = TIMESTAMP_YEAR.test(s) ? parseIsoWithOffset(s) : null;
  return instant ? { kind: 'instant', from: instant, to: instant } : null;
}

/** 00:00 in Asia/Shanghai of a date (months and days may overflow into the next). */
function shanghaiMidnight(year: number, month: number, day: number): Date {
  return new Date(shanghaiMonthStart(year, month).getTime() + (day - 1) * DAY_MS);
}
