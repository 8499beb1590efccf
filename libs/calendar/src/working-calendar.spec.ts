import { OFFICIAL_SCHEDULE_YEARS, officialSchedule } from './official-schedule.js';
import {
  DEFAULT_BUSINESS_HOURS,
  WorkingCalendar,
  parseBusinessHours,
  type YearSchedule,
} from './working-calendar.js';

// All instants are written with an explicit +08:00 (Asia/Shanghai) offset.
const at = (localDateTime: string): Date => new Date(`${localDateTime}+08:00`);

// 2026 as published (https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm), read from chinese-days:
//   元旦   Jan 1 (Thu) – Jan 3 (Sat) off, Sun Jan 4 worked
//   春节   Feb 15 (Sun) – Feb 23 (Mon) off, Sat Feb 14 and Sat Feb 28 worked
//   清明   Apr 4 (Sat) – Apr 6 (Mon) off
//   中秋   Sep 25 (Fri) – Sep 27 (Sun) off
//   国庆   Oct 1 (Thu) – Oct 7 (Wed) off, Sun Sep 20 and Sat Oct 10 worked
// Only 2026 is given to the calendar, so 2025 and 2027 are "unscheduled" years.
const schedule2026 = officialSchedule(2026);
if (schedule2026 === null) throw new Error('chinese-days has no 2026 data');
const calendar = new WorkingCalendar(new Map([[2026, schedule2026]]));

describe('officialSchedule (from chinese-days)', () => {
  it('lists the 2026 Spring Festival days Feb 15..23 as holidays, but not Feb 14 or Feb 24', () => {
    const springFestival = [15, 16, 17, 18, 19, 20, 21, 22, 23].map((d) => `2026-02-${d}`);
    expect(springFestival.filter((d) => !schedule2026.holidays.has(d))).toEqual([]);
    expect(schedule2026.holidays.has('2026-02-14')).toBe(false);
    expect(schedule2026.holidays.has('2026-02-24')).toBe(false);
  });

  it('lists Mid-Autumn Sep 25..27 and National Day Oct 1..7 2026 as holidays, but not Sep 28..30', () => {
    const days = ['2026-09-25', '2026-09-26', '2026-09-27', ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d}`)];
    expect(days.filter((d) => !schedule2026.holidays.has(d))).toEqual([]);
    expect(['2026-09-28', '2026-09-29', '2026-09-30'].filter((d) => schedule2026.holidays.has(d))).toEqual([]);
  });

  it('gives exactly the six weekend make-up workdays of 2026', () => {
    expect(schedule2026.makeUpWorkdays).toEqual(
      new Set(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']),
    );
  });

  it('splits a New Year arrangement that starts in December between the two years', () => {
    // 2019 元旦: Dec 30 2018 – Jan 1 2019 off, Sat Dec 29 2018 worked.
    const s2018 = officialSchedule(2018);
    const s2019 = officialSchedule(2019);
    expect(s2018?.makeUpWorkdays.has('2018-12-29')).toBe(true);
    expect(s2018?.holidays.has('2018-12-31')).toBe(true);
    expect(s2019?.holidays.has('2019-01-01')).toBe(true);
    expect(s2019?.holidays.has('2018-12-31')).toBe(false);
  });

  it('returns null for years the package has no data for', () => {
    expect(officialSchedule(2030)).toBeNull();
    expect(officialSchedule(2003)).toBeNull();
    expect(officialSchedule(2004)).not.toBeNull();
  });

  it('reports the range of available years', () => {
    expect(OFFICIAL_SCHEDULE_YEARS.first).toBe(2004);
    expect(OFFICIAL_SCHEDULE_YEARS.last).toBeGreaterThanOrEqual(2026);
    expect(officialSchedule(OFFICIAL_SCHEDULE_YEARS.last + 1)).toBeNull();
  });
});

describe('WorkingCalendar.isWorkingDay', () => {
  it('counts an ordinary weekday and not a weekend', () => {
    expect(calendar.isWorkingDay('2026-03-03')).toEqual({ working: true, provisional: false });
    expect(calendar.isWorkingDay('2026-03-07')).toEqual({ working: false, provisional: false });
    expect(calendar.isWorkingDay('2026-03-08')).toEqual({ working: false, provisional: false });
  });

  it('counts the Spring Festival make-up Saturdays as working days', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toEqual({ working: true, provisional: false });
    expect(calendar.isWorkingDay('2026-02-28')).toEqual({ working: true, provisional: false });
  });

  it('does not count weekdays inside the Spring Festival holiday', () => {
    for (const date of ['2026-02-16', '2026-02-20', '2026-02-23']) {
      expect(calendar.isWorkingDay(date)).toEqual({ working: false, provisional: false });
    }
    expect(calendar.isWorkingDay('2026-02-24')).toEqual({ working: true, provisional: false });
  });

  it('counts the National Day make-up Sunday Sep 20 and Saturday Oct 10, not the holiday weekdays', () => {
    expect(calendar.isWorkingDay('2026-09-20').working).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10').working).toBe(true);
    expect(calendar.isWorkingDay('2026-09-25').working).toBe(false); // Mid-Autumn, Friday
    expect(calendar.isWorkingDay('2026-10-07').working).toBe(false); // National Day, Wednesday
    expect(calendar.isWorkingDay('2026-10-08').working).toBe(true);
  });

  it('knows the statutory holidays of a year without schedule by rule, provisionally', () => {
    expect(calendar.isWorkingDay('2027-01-01')).toEqual({ working: false, provisional: true }); // 元旦, a Friday
    expect(calendar.isWorkingDay('2027-01-02')).toEqual({ working: false, provisional: true });
    expect(calendar.isWorkingDay('2027-01-04')).toEqual({ working: true, provisional: true });
  });

  it('counts weekdays only, provisionally, for an unscheduled year before the 2025 rules', () => {
    expect(calendar.isWorkingDay('2024-10-01')).toEqual({ working: true, provisional: true });
    expect(calendar.isWorkingDay('2024-10-05')).toEqual({ working: false, provisional: true });
  });

  it('lets the official table win over the rule whenever the year has one (2026)', () => {
    // By rule Sat Feb 14 would be a weekend and Fri Feb 20 a working day; the notice says the opposite.
    expect(calendar.isWorkingDay('2026-02-14')).toEqual({ working: true, provisional: false });
    expect(calendar.isWorkingDay('2026-02-20')).toEqual({ working: false, provisional: false });
    expect(calendar.isWorkingDay('2026-10-07')).toEqual({ working: false, provisional: false });
    // Without the 2026 row the same days follow the rule.
    const unscheduled = new WorkingCalendar(new Map());
    expect(unscheduled.isWorkingDay('2026-02-14')).toEqual({ working: false, provisional: true });
    expect(unscheduled.isWorkingDay('2026-02-20')).toEqual({ working: true, provisional: true });
  });

  it('rejects malformed or impossible dates', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-2-3')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('')).toThrow(RangeError);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('does not count the day of acceptance and is due at close of business of the n-th working day', () => {
    expect(calendar.addWorkingDays(at('2026-03-03T10:00'), 1)).toEqual({
      dueAt: at('2026-03-04T17:30'),
      provisional: false,
    });
    // Wed 4, Thu 5, Fri 6, Mon 9, Tue 10
    expect(calendar.addWorkingDays(at('2026-03-03T10:00'), 5)).toEqual({
      dueAt: at('2026-03-10T17:30'),
      provisional: false,
    });
  });

  it('starts counting on the next working day after an acceptance on a Saturday', () => {
    expect(calendar.addWorkingDays(at('2026-03-07T10:00'), 1).dueAt).toEqual(at('2026-03-09T17:30'));
    expect(calendar.addWorkingDays(at('2026-03-07T10:00'), 2).dueAt).toEqual(at('2026-03-10T17:30'));
  });

  it('takes the acceptance date in Asia/Shanghai, not in UTC', () => {
    // Monday 07:00 in Shanghai is still Sunday in UTC.
    expect(calendar.addWorkingDays(at('2026-03-09T07:00'), 1).dueAt).toEqual(at('2026-03-10T17:30'));
  });

  it('skips the Spring Festival holiday and counts the make-up Saturday before it', () => {
    // Fri Feb 13, Sat Feb 14 (make-up), then Feb 15..23 off, Tue Feb 24
    expect(calendar.addWorkingDays(at('2026-02-12T15:00'), 3)).toEqual({
      dueAt: at('2026-02-24T17:30'),
      provisional: false,
    });
  });

  it('counts the make-up Saturday after the Spring Festival', () => {
    expect(calendar.addWorkingDays(at('2026-02-27T09:00'), 1).dueAt).toEqual(at('2026-02-28T17:30'));
  });

  it('skips the Mid-Autumn and National Day holidays', () => {
    // Sep 25..27 off, Mon 28, Tue 29, Wed 30, Oct 1..7 off, Thu Oct 8
    expect(calendar.addWorkingDays(at('2026-09-24T10:00'), 4).dueAt).toEqual(at('2026-10-08T17:30'));
  });

  it('counts the National Day make-up Sunday Sep 20 and Saturday Oct 10', () => {
    expect(calendar.addWorkingDays(at('2026-09-18T10:00'), 1).dueAt).toEqual(at('2026-09-20T17:30'));
    // Thu Oct 8, Fri Oct 9, Sat Oct 10 (make-up)
    expect(calendar.addWorkingDays(at('2026-09-30T10:00'), 3).dueAt).toEqual(at('2026-10-10T17:30'));
  });

  it('is exact while the deadline stays in a scheduled year', () => {
    expect(calendar.addWorkingDays(at('2026-12-29T10:00'), 2)).toEqual({
      dueAt: at('2026-12-31T17:30'),
      provisional: false,
    });
  });

  it('is provisional once it reaches 2027, which has no schedule, and skips its statutory holidays', () => {
    // Wed Dec 30, Thu Dec 31, Fri Jan 1 off (元旦 by rule), Mon Jan 4, Tue Jan 5, Wed Jan 6
    expect(calendar.addWorkingDays(at('2026-12-29T10:00'), 5)).toEqual({
      dueAt: at('2027-01-06T17:30'),
      provisional: true,
    });
  });

  describe('before the official 2027 schedule arrives (issue 12)', () => {
    it('one working day from 2026-12-31 10:00 is not due on 元旦 2027-01-01 but on Mon Jan 4', () => {
      expect(calendar.addWorkingDays(at('2026-12-31T10:00'), 1)).toEqual({ dueAt: at('2027-01-04T17:30'), provisional: true });
    });

    it('one working day from 2027-02-04 is not due in 春节 Feb 5..8 nor on the days given back, but on Thu Feb 11', () => {
      expect(calendar.addWorkingDays(at('2027-02-04T10:00'), 1)).toEqual({ dueAt: at('2027-02-11T17:30'), provisional: true });
    });

    it('one working day from 2027-09-30 is not due on 国庆 Oct 1 nor on Oct 4-5 given back, but on Wed Oct 6', () => {
      expect(calendar.addWorkingDays(at('2027-09-30T10:00'), 1)).toEqual({ dueAt: at('2027-10-06T17:30'), provisional: true });
    });

    it('one working hour from 2027-04-02 17:00 skips 清明 Mon Apr 5 (the solar term)', () => {
      // Fri 17:00..17:30, weekend, Mon Apr 5 off, Tue 09:00 + 0.5 h
      expect(calendar.addWorkingHours(at('2027-04-02T17:00'), 1)).toEqual({ dueAt: at('2027-04-06T09:30'), provisional: true });
    });
  });

  it('is due at the end of the last business period of custom hours', () => {
    const custom = new WorkingCalendar(new Map([[2026, schedule2026]]), parseBusinessHours('08:30-12:00,14:00-18:00'));
    expect(custom.addWorkingDays(at('2026-03-03T10:00'), 1).dueAt).toEqual(at('2026-03-04T18:00'));
  });

  it('rejects a number of days that is not a positive integer', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => calendar.addWorkingDays(at('2026-03-03T10:00'), n)).toThrow(RangeError);
    }
  });

  it('rejects an invalid start date', () => {
    expect(() => calendar.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
  });

  it('gives up instead of looping forever when no working day exists', () => {
    const years = new Map<number, YearSchedule>();
    for (let year = 2026; year <= 2040; year++) {
      const holidays = new Set<string>();
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        holidays.add(new Date(t).toISOString().slice(0, 10));
      }
      years.set(year, { holidays, makeUpWorkdays: new Set() });
    }
    const closed = new WorkingCalendar(years);
    expect(() => closed.addWorkingDays(at('2026-01-01T10:00'), 1)).toThrow(/No working day/);
    expect(() => closed.addWorkingHours(at('2026-01-01T10:00'), 1)).toThrow(/No working day/);
  });
});

describe('WorkingCalendar.addWorkingHours', () => {
  it('does not count the lunch break: 11:00 + 2h = 14:30', () => {
    expect(calendar.addWorkingHours(at('2026-03-03T11:00'), 2)).toEqual({
      dueAt: at('2026-03-03T14:30'),
      provisional: false,
    });
  });

  it('is due at 12:00, not 13:30, when the count ends exactly at the end of the morning', () => {
    expect(calendar.addWorkingHours(at('2026-03-03T10:00'), 2).dueAt).toEqual(at('2026-03-03T12:00'));
  });

  it('is due at close of business, not the next morning, when the count ends exactly then', () => {
    expect(calendar.addWorkingHours(at('2026-03-06T16:30'), 1).dueAt).toEqual(at('2026-03-06T17:30'));
  });

  it('continues on the next working day after a full day', () => {
    // Tue: 3h + 4h = 7h, Wed: 09:00 + 3h = 12:00
    expect(calendar.addWorkingHours(at('2026-03-03T09:00'), 10).dueAt).toEqual(at('2026-03-04T12:00'));
  });

  it('does not count the weekend', () => {
    // Fri 16:30..17:30 = 1h, Mon 09:00 + 2h
    expect(calendar.addWorkingHours(at('2026-03-06T16:30'), 3).dueAt).toEqual(at('2026-03-09T11:00'));
  });

  it('does not count an official holiday (Qingming Monday Apr 6)', () => {
    // Fri Apr 3 17:00..17:30, Apr 4..6 off, Tue Apr 7 09:00 + 0.5h
    expect(calendar.addWorkingHours(at('2026-04-03T17:00'), 1)).toEqual({
      dueAt: at('2026-04-07T09:30'),
      provisional: false,
    });
  });

  it('counts the Spring Festival make-up Saturday and skips the holiday after it', () => {
    expect(calendar.addWorkingHours(at('2026-02-13T17:00'), 1).dueAt).toEqual(at('2026-02-14T09:30'));
    expect(calendar.addWorkingHours(at('2026-02-14T17:00'), 1).dueAt).toEqual(at('2026-02-24T09:30'));
  });

  it('starts at the next opening when started in the evening', () => {
    expect(calendar.addWorkingHours(at('2026-03-03T20:00'), 1).dueAt).toEqual(at('2026-03-04T10:00'));
  });

  it('starts at opening when started before opening', () => {
    expect(calendar.addWorkingHours(at('2026-03-03T07:15'), 1.5).dueAt).toEqual(at('2026-03-03T10:30'));
  });

  it('starts at 13:30 when started during the lunch break', () => {
    expect(calendar.addWorkingHours(at('2026-03-03T12:45'), 0.5).dueAt).toEqual(at('2026-03-03T14:00'));
  });

  it('counts fractions of an hour in minutes and keeps the seconds of the start', () => {
    // 10 min before lunch, 5 min after
    expect(calendar.addWorkingHours(at('2026-03-03T11:50'), 0.25).dueAt).toEqual(at('2026-03-03T13:35'));
    // 30 s before lunch, 30 s after
    expect(calendar.addWorkingHours(at('2026-03-03T11:59:30'), 1 / 60).dueAt).toEqual(at('2026-03-03T13:30:30'));
  });

  it('is provisional when it reaches 2027, which has no schedule', () => {
    // Thu Dec 31 17:00..17:30, Fri Jan 1 2027 off by rule (元旦), weekend, Mon Jan 4 09:00 + 0.5 h
    expect(calendar.addWorkingHours(at('2026-12-31T17:00'), 1)).toEqual({
      dueAt: at('2027-01-04T09:30'),
      provisional: true,
    });
  });

  it('is provisional when it uses business time of an unscheduled day (2025-12-31)', () => {
    // Wed Dec 31 2025 17:00..17:30, Jan 1..3 2026 off, Sun Jan 4 2026 is a make-up workday
    expect(calendar.addWorkingHours(at('2025-12-31T17:00'), 1)).toEqual({
      dueAt: at('2026-01-04T09:30'),
      provisional: true,
    });
  });

  it('is not provisional when it starts after close of business on an unscheduled day', () => {
    expect(calendar.addWorkingHours(at('2025-12-31T18:00'), 1)).toEqual({
      dueAt: at('2026-01-04T10:00'),
      provisional: false,
    });
  });

  it('rejects a number of hours that is not positive or not whole minutes', () => {
    for (const n of [0, -2, 1 / 120, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => calendar.addWorkingHours(at('2026-03-03T10:00'), n)).toThrow(RangeError);
    }
  });

  it('rejects an invalid start date', () => {
    expect(() => calendar.addWorkingHours(new Date('not a date'), 1)).toThrow(RangeError);
  });
});

describe('WorkingCalendar.workingHoursPerDay', () => {
  it('is 7 hours with the default hours (3h morning + 4h afternoon)', () => {
    expect(calendar.workingHoursPerDay()).toBe(7);
  });

  it('follows custom hours', () => {
    const custom = new WorkingCalendar(new Map(), parseBusinessHours('08:30-12:00,14:00-18:00'));
    expect(custom.workingHoursPerDay()).toBe(7.5);
  });
});

describe('parseBusinessHours', () => {
  it('parses the default spec, tolerating spaces', () => {
    expect(parseBusinessHours(' 09:00-12:00 , 13:30 - 17:30 ')).toEqual(DEFAULT_BUSINESS_HOURS);
    expect(parseBusinessHours('08:00-16:00')).toEqual([{ start: '08:00', end: '16:00' }]);
  });

  it('rejects an empty spec', () => {
    expect(() => parseBusinessHours('')).toThrow(/empty/);
    expect(() => parseBusinessHours('  ')).toThrow(/empty/);
  });

  it('rejects malformed periods', () => {
    expect(() => parseBusinessHours('09:00')).toThrow(/Malformed/);
    expect(() => parseBusinessHours('9:00-12:00')).toThrow(/Malformed/);
    expect(() => parseBusinessHours('09:00-12:00,')).toThrow(/Malformed/);
    expect(() => parseBusinessHours('09:00-25:00')).toThrow(/Invalid time/);
    expect(() => parseBusinessHours('09:60-12:00')).toThrow(/Invalid time/);
  });

  it('rejects a period that does not end after it starts', () => {
    expect(() => parseBusinessHours('12:00-09:00')).toThrow(/must end after it starts/);
    expect(() => parseBusinessHours('09:00-09:00')).toThrow(/must end after it starts/);
  });

  it('rejects periods out of order', () => {
    expect(() => parseBusinessHours('13:30-17:30,09:00-12:00')).toThrow(/chronological order/);
  });

  it('rejects overlapping periods', () => {
    expect(() => parseBusinessHours('09:00-12:00,11:00-13:00')).toThrow(/overlap/);
  });

  it('is also enforced by the WorkingCalendar constructor', () => {
    expect(() => new WorkingCalendar(new Map(), [])).toThrow(/at least one period/);
    expect(
      () =>
        new WorkingCalendar(new Map(), [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ]),
    ).toThrow(/overlap/);
  });
});

describe('working minutes between two moments (what a paused clock keeps)', () => {
  const calendar = new WorkingCalendar(new Map([[2026, officialSchedule(2026)!]]));
  const at = (iso: string) => new Date(iso);

  it('counts only business time, skipping lunch', () => {
    expect(calendar.workingMinutesBetween(at('2026-03-02T11:00:00+08:00'), at('2026-03-02T14:30:00+08:00'))).toBe(120);
  });

  it('skips the weekend', () => {
    expect(calendar.workingMinutesBetween(at('2026-03-06T16:30:00+08:00'), at('2026-03-09T10:00:00+08:00'))).toBe(120);
  });

  it('skips the National Day holiday but counts its make-up Saturday', () => {
    // Wed 30 Sep 17:00 to Mon 12 Oct 09:00: 30 min on the 30th, Thu 8, Fri 9, Sat 10 Oct (make-up): 3 x 420.
    expect(calendar.workingMinutesBetween(at('2026-09-30T17:00:00+08:00'), at('2026-10-12T09:00:00+08:00'))).toBe(30 + 3 * 420);
  });

  it('is zero for an empty or reversed span', () => {
    const t = at('2026-03-02T10:00:00+08:00');
    expect(calendar.workingMinutesBetween(t, t)).toBe(0);
    expect(calendar.workingMinutesBetween(t, at('2026-03-02T09:00:00+08:00'))).toBe(0);
  });

  it('is the inverse of adding working minutes', () => {
    const from = at('2026-02-13T10:17:00+08:00');
    for (const minutes of [1, 59, 420, 1000, 5000]) {
      const { dueAt } = calendar.addWorkingMinutes(from, minutes);
      expect(calendar.workingMinutesBetween(from, dueAt)).toBe(minutes);
    }
  });

  it('adds zero minutes as the moment itself', () => {
    const from = at('2026-03-07T10:00:00+08:00');
    expect(calendar.addWorkingMinutes(from, 0).dueAt).toEqual(from);
  });
});

describe('a unit\'s own closures on top of the national schedule', () => {
  const closed = calendar.withClosures(new Set(['2026-03-04', '2027-01-04']));

  it('makes a closure day a non-working day for the unit only', () => {
    expect(closed.isWorkingDay('2026-03-04')).toEqual({ working: false, provisional: false });
    expect(calendar.isWorkingDay('2026-03-04')).toEqual({ working: true, provisional: false });
  });

  it('skips the closure in working-day and working-hour counts', () => {
    expect(closed.addWorkingDays(at('2026-03-03T10:00'), 1)).toEqual({ dueAt: at('2026-03-05T17:30'), provisional: false });
    expect(closed.addWorkingHours(at('2026-03-03T17:00'), 1).dueAt).toEqual(at('2026-03-05T09:30'));
    expect(closed.workingMinutesBetween(at('2026-03-03T17:00'), at('2026-03-05T09:30'))).toBe(60);
  });

  it('closes a make-up working day too, and adds to a provisional year\'s statutory days', () => {
    expect(calendar.withClosures(new Set(['2026-02-14'])).isWorkingDay('2026-02-14').working).toBe(false);
    // Thu Dec 31, Fri Jan 1 (元旦), weekend, Mon Jan 4 closed, Tue Jan 5
    expect(closed.addWorkingDays(at('2026-12-31T10:00'), 1)).toEqual({ dueAt: at('2027-01-05T17:30'), provisional: true });
  });

  it('keeps the business hours of the calendar it was made from', () => {
    const custom = new WorkingCalendar(new Map([[2026, schedule2026]]), parseBusinessHours('08:30-12:00,14:00-18:00'));
    expect(custom.withClosures(new Set(['2026-03-04'])).addWorkingDays(at('2026-03-03T10:00'), 1).dueAt).toEqual(at('2026-03-05T18:00'));
  });
});
