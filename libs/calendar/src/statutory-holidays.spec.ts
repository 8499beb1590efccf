import { LunarFestival, SolarDay } from 'tyme4ts';
import { officialSchedule } from './official-schedule.js';
import { provisionalSchedule, statutoryDaysOff, type Festival } from './statutory-holidays.js';

const iso = (d: SolarDay) => `${d.getYear()}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;

/** The library's own date of a lunar festival of lunar year `lunarYear`, asked by its Chinese name. */
function festival(lunarYear: number, name: string): SolarDay {
  const found = LunarFestival.fromIndex(lunarYear, LunarFestival.NAMES.indexOf(name));
  if (found === null) throw new Error(`tyme4ts knows no ${name} in ${lunarYear}`);
  return found.getDay().getSolarDay();
}

const statutory = (year: number, f: Festival) =>
  statutoryDaysOff(year)
    .filter((d) => d.festival === f && d.kind === 'statutory')
    .map((d) => d.date);
const givenBack = (year: number) =>
  statutoryDaysOff(year)
    .filter((d) => d.kind === 'given_back')
    .map((d) => [d.forDate, d.date]);

describe('statutory days off by rule (全国年节及纪念日放假办法, 2024 amendment)', () => {
  describe.each([2027, 2028, 2029, 2030])('the lunar holidays of %i are the library\'s own festival dates', (year) => {
    it('春节 is 除夕 and 正月初一 to 初三, 除夕 being the last day of the lunar year before', () => {
      const newYear = festival(year, '春节');
      expect(statutory(year, 'spring_festival')).toEqual([festival(year - 1, '除夕'), newYear, newYear.next(1), newYear.next(2)].map(iso));
    });

    it('清明 is the day of the solar term', () => {
      expect(statutory(year, 'qingming')).toEqual([iso(festival(year, '清明节'))]);
    });

    it('端午 and 中秋 are 五月初五 and 八月十五', () => {
      expect(statutory(year, 'dragon_boat')).toEqual([iso(festival(year, '端午节'))]);
      expect(statutory(year, 'mid_autumn')).toEqual([iso(festival(year, '中秋节'))]);
    });

    it('元旦, 劳动节 and 国庆节 are Jan 1, May 1-2 and Oct 1-3', () => {
      expect(statutory(year, 'new_year')).toEqual([`${year}-01-01`]);
      expect(statutory(year, 'labour_day')).toEqual([`${year}-05-01`, `${year}-05-02`]);
      expect(statutory(year, 'national_day')).toEqual([`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]);
    });

    it('gives 13 statutory days', () => {
      expect(statutoryDaysOff(year).filter((d) => d.kind === 'statutory')).toHaveLength(13);
    });
  });

  describe('a statutory day on a weekend is given back on the working day after the whole run of days off', () => {
    it('春节 2027 (除夕 Fri Feb 5 to 初三 Mon Feb 8): Sat and Sun are given back Tue Feb 9 and Wed Feb 10', () => {
      expect(statutory(2027, 'spring_festival')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
      expect(givenBack(2027)).toEqual(expect.arrayContaining([
        ['2027-02-06', '2027-02-09'],
        ['2027-02-07', '2027-02-10'],
      ]));
    });

    it('国庆 2027 (Fri Oct 1 to Sun Oct 3): Sat and Sun are given back Mon Oct 4 and Tue Oct 5', () => {
      expect(givenBack(2027)).toEqual(expect.arrayContaining([
        ['2027-10-02', '2027-10-04'],
        ['2027-10-03', '2027-10-05'],
      ]));
    });

    it('劳动节 2027 on Sat May 1 and Sun May 2 is given back Mon May 3 and Tue May 4', () => {
      expect(givenBack(2027)).toEqual(expect.arrayContaining([
        ['2027-05-01', '2027-05-03'],
        ['2027-05-02', '2027-05-04'],
      ]));
    });

    it('元旦 2028 on a Saturday is given back on Monday Jan 3', () => {
      expect(givenBack(2028)).toContainEqual(['2028-01-01', '2028-01-03']);
    });

    it('gives back exactly the weekend statutory days of 2027 and nothing else', () => {
      expect(givenBack(2027)).toEqual([
        ['2027-02-06', '2027-02-09'],
        ['2027-02-07', '2027-02-10'],
        ['2027-05-01', '2027-05-03'],
        ['2027-05-02', '2027-05-04'],
        ['2027-10-02', '2027-10-04'],
        ['2027-10-03', '2027-10-05'],
      ]);
    });

    it('中秋 on 国庆 Oct 3 2028 counts twice: after Oct 1 (a Sunday) given back on Wed Oct 4, the shared day on Thu Oct 5', () => {
      expect(statutory(2028, 'mid_autumn')).toEqual(['2028-10-03']);
      expect(givenBack(2028)).toEqual(expect.arrayContaining([
        ['2028-10-01', '2028-10-04'],
        ['2028-10-03', '2028-10-05'],
      ]));
      expect(provisionalSchedule(2028).holidays.has('2028-10-06')).toBe(false);
    });

    it('never gives a day back on a weekend or on another day off', () => {
      for (let year = 2025; year <= 2060; year++) {
        const days = statutoryDaysOff(year);
        const dates = days.map((d) => d.date);
        for (const d of days.filter((x) => x.kind === 'given_back')) {
          expect({ year, date: d.date, weekday: new Date(`${d.date}T00:00:00Z`).getUTCDay() % 6 !== 0 }).toEqual({ year, date: d.date, weekday: true });
          expect(dates.filter((x) => x === d.date)).toHaveLength(1);
        }
      }
    });
  });

  describe.each([2025, 2026])('agrees with the official arrangement of %i, the years under the amended rules that have one', (year) => {
    it('every day off by rule is a holiday of the official notice (which adds bridge days with make-up Saturdays)', () => {
      const official = officialSchedule(year)!;
      const missing = statutoryDaysOff(year).filter((d) => !official.holidays.has(d.date));
      expect(missing).toEqual([]);
    });
  });

  it('applies only from 2025, when the amendment came into force', () => {
    expect(() => statutoryDaysOff(2024)).toThrow(RangeError);
    expect(provisionalSchedule(2024).holidays.size).toBe(0);
    expect(provisionalSchedule(2027).makeUpWorkdays.size).toBe(0);
    expect([...provisionalSchedule(2027).holidays].sort()).toEqual(statutoryDaysOff(2027).map((d) => d.date));
  });
});
