/**
 * Statutory holidays by rule, for a year whose official arrangement (国务院办公厅节假日安排) is not out yet.
 *
 * 《全国年节及纪念日放假办法》 as amended in 2024, in force since 2025-01-01, article 2: 元旦 1 day (Jan 1),
 * 春节 4 days (农历除夕 and 正月初一 to 初三), 清明节 1 day (the day of the solar term), 劳动节 2 days
 * (May 1-2), 端午节 1 day (五月初五), 中秋节 1 day (八月十五), 国庆节 3 days (Oct 1-3). Article 6: a statutory
 * day that falls on a Saturday or Sunday is given back on a working day (补假).
 *
 * "Given back" as computed here: each statutory day on a weekend owes one day off, placed on the first
 * working day after it, that is the first Monday-to-Friday after the whole run of days off it belongs to
 * (weekends, statutory days and days already given back). Days owed are placed in date order, so two
 * owed by one run land on the two working days after it: 春节 2027 (除夕 Fri Feb 5, 初一 Sat, 初二 Sun,
 * 初三 Mon Feb 8) gives back Tue Feb 9 and Wed Feb 10; 国庆 2027 (Fri Oct 1, Sat, Sun) gives back Mon Oct 4
 * and Tue Oct 5. A date that is a statutory day of two festivals at once (中秋 on Oct 3 2028) counts
 * twice and owes one day as well, as the arrangement of 2020 did when 中秋 fell on Oct 1 (eight days
 * with two make-up Saturdays/Sundays: four statutory days, one on a Saturday, one shared).
 *
 * Make-up working days (调休上班) are a choice of each year's notice, not a rule: they are never guessed.
 *
 * The lunar dates and the solar term come from tyme4ts (寿星天文历 algorithms), in Beijing time; nothing
 * here is a table.
 */
import { LunarDay, SolarTerm, type SolarDay } from 'tyme4ts';
import type { YearSchedule } from './working-calendar.js';

/** The first year under the amended rules; earlier years without a schedule are counted on weekdays. */
export const STATUTORY_RULE_FROM_YEAR = 2025;

export const FESTIVALS = ['new_year', 'spring_festival', 'qingming', 'labour_day', 'dragon_boat', 'mid_autumn', 'national_day'] as const;
export type Festival = (typeof FESTIVALS)[number];

export interface StatutoryDayOff {
  /** 'YYYY-MM-DD' in Asia/Shanghai. */
  date: string;
  festival: Festival;
  /** `statutory`: a day the law names; `given_back`: a working day off owed for one on a weekend or shared. */
  kind: 'statutory' | 'given_back';
  /** For a day given back: the statutory date it makes up for. */
  forDate?: string;
}

const MS_PER_DAY = 86_400_000;

/**
 * Every day off the law gives in `year` (statutory days, including those on a weekend, and the days given
 * back), in date order; statutory days of two festivals on one date appear once per festival.
 * Throws a RangeError for a year before 2025, when other rules applied.
 */
export function statutoryDaysOff(year: number): StatutoryDayOff[] {
  if (!Number.isInteger(year) || year < STATUTORY_RULE_FROM_YEAR || year > 9998) {
    throw new RangeError(`Statutory holidays by rule are known for ${STATUTORY_RULE_FROM_YEAR}..9998, not ${year}`);
  }
  const newYearsDay = LunarDay.fromYmd(year, 1, 1); // 正月初一 of the lunar year beginning in `year`
  const statutory: Array<{ date: string; festival: Festival }> = [
    { date: ymd(year, 1, 1), festival: 'new_year' },
    ...[-1, 0, 1, 2].map((n) => ({ date: solarDate(newYearsDay.next(n).getSolarDay()), festival: 'spring_festival' as const })),
    { date: solarDate(SolarTerm.fromName(year, '清明').getSolarDay()), festival: 'qingming' },
    { date: ymd(year, 5, 1), festival: 'labour_day' },
    { date: ymd(year, 5, 2), festival: 'labour_day' },
    { date: solarDate(LunarDay.fromYmd(year, 5, 5).getSolarDay()), festival: 'dragon_boat' },
    { date: solarDate(LunarDay.fromYmd(year, 8, 15).getSolarDay()), festival: 'mid_autumn' },
    ...[1, 2, 3].map((d) => ({ date: ymd(year, 10, d), festival: 'national_day' as const })),
  ];
  statutory.sort((a, b) => a.date.localeCompare(b.date) || FESTIVALS.indexOf(a.festival) - FESTIVALS.indexOf(b.festival));

  const off = new Set(statutory.map((s) => s.date));
  const seen = new Set<string>();
  const result: StatutoryDayOff[] = [];
  for (const s of statutory) {
    result.push({ ...s, kind: 'statutory' });
    const owesADay = isWeekend(s.date) || seen.has(s.date);
    seen.add(s.date);
    if (!owesADay) continue;
    let day = addDays(s.date, 1);
    while (isWeekend(day) || off.has(day)) day = addDays(day, 1);
    off.add(day);
    result.push({ date: day, festival: s.festival, kind: 'given_back', forDate: s.date });
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

const provisional = new Map<number, YearSchedule>();

/**
 * What the calendar assumes for a year without an official schedule: the days off by rule, and no
 * make-up working day. Before 2025 the rule does not apply: weekdays only. Memoised (pure and per year).
 */
export function provisionalSchedule(year: number): YearSchedule {
  let schedule = provisional.get(year);
  if (schedule === undefined) {
    const holidays = year >= STATUTORY_RULE_FROM_YEAR && year <= 9998 ? statutoryDaysOff(year).map((d) => d.date) : [];
    schedule = { holidays: new Set(holidays), makeUpWorkdays: new Set() };
    provisional.set(year, schedule);
  }
  return schedule;
}

function solarDate(day: SolarDay): string {
  return ymd(day.getYear(), day.getMonth(), day.getDay());
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
