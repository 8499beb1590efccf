import { formatShanghaiDate, formatShanghaiDateTime, shanghaiDate, shanghaiDayStart, shanghaiMonthStart, shanghaiYear, toShanghaiIso } from './shanghai.js';

describe('times on printed documents (Asia/Shanghai)', () => {
  it('prints the wall-clock time in China, whatever the offset it was given in', () => {
    expect(formatShanghaiDateTime('2026-03-02T02:00:00.000Z')).toBe('2026年3月2日 10:00');
    expect(formatShanghaiDateTime('2026-03-02T10:05:00+08:00')).toBe('2026年3月2日 10:05');
    expect(formatShanghaiDateTime(new Date('2026-09-30T18:30:00-04:00'))).toBe('2026年10月1日 06:30');
  });

  it('dates a moment after 16:00 UTC on the next day, and the last evening of the year in that year', () => {
    expect(formatShanghaiDate('2026-12-31T16:00:00Z')).toBe('2027年1月1日');
    expect(formatShanghaiDate('2026-12-31T15:59:59Z')).toBe('2026年12月31日');
  });

  it('refuses what is not a time', () => {
    expect(() => formatShanghaiDate('yesterday')).toThrow(RangeError);
  });
});

describe('Shanghai dates and times', () => {
  it('reads the local date, year and offset of an instant', () => {
    const lastEvening = new Date('2026-12-31T15:59:59Z');
    const newYear = new Date('2026-12-31T16:00:00Z');
    expect(shanghaiDate(lastEvening)).toBe('2026-12-31');
    expect(shanghaiDate(newYear)).toBe('2027-01-01');
    expect(shanghaiYear(lastEvening)).toBe(2026);
    expect(shanghaiYear(newYear)).toBe(2027);
    expect(toShanghaiIso(newYear)).toBe('2027-01-01T00:00:00+08:00');
  });

  it('finds the instant a local day or month begins', () => {
    expect(shanghaiDayStart('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(shanghaiMonthStart(2026, 13).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
