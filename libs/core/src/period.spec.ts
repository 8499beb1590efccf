import { parsePeriod } from './period.js';

const at = (iso: string) => new Date(iso);

describe('parsePeriod: a filter as people write it, in Asia/Shanghai, from inclusive and to exclusive', () => {
  it('reads a date as that whole Shanghai day', () => {
    expect(parsePeriod('2026-11-25')).toEqual({ kind: 'day', from: at('2026-11-25T00:00:00+08:00'), to: at('2026-11-26T00:00:00+08:00') });
  });

  it('reads the last day of a month and of a year into the next', () => {
    expect(parsePeriod('2028-02-29')?.to).toEqual(at('2028-03-01T00:00:00+08:00'));
    expect(parsePeriod('2026-12-31')?.to).toEqual(at('2027-01-01T00:00:00+08:00'));
  });

  it('reads a month', () => {
    expect(parsePeriod('2026-11')).toEqual({ kind: 'month', from: at('2026-11-01T00:00:00+08:00'), to: at('2026-12-01T00:00:00+08:00') });
    expect(parsePeriod('2026-12')?.to).toEqual(at('2027-01-01T00:00:00+08:00'));
  });

  it('reads a quarter, Q1 to Q4 (q in either case)', () => {
    expect(parsePeriod('2026-Q4')).toEqual({ kind: 'quarter', from: at('2026-10-01T00:00:00+08:00'), to: at('2027-01-01T00:00:00+08:00') });
    expect(parsePeriod('2026-Q1')).toEqual({ kind: 'quarter', from: at('2026-01-01T00:00:00+08:00'), to: at('2026-04-01T00:00:00+08:00') });
    expect(parsePeriod('2026-q2')?.from).toEqual(at('2026-04-01T00:00:00+08:00'));
    expect(parsePeriod('2026-Q3')?.to).toEqual(at('2026-10-01T00:00:00+08:00'));
  });

  it('reads a year', () => {
    expect(parsePeriod('2026')).toEqual({ kind: 'year', from: at('2026-01-01T00:00:00+08:00'), to: at('2027-01-01T00:00:00+08:00') });
  });

  it('reads a timestamp with its offset as an instant, both bounds on it', () => {
    const instant = at('2026-11-25T02:00:00Z');
    expect(parsePeriod('2026-11-25T10:00:00+08:00')).toEqual({ kind: 'instant', from: instant, to: instant });
    expect(parsePeriod('2026-11-25T02:00:00Z')).toEqual({ kind: 'instant', from: instant, to: instant });
    expect(parsePeriod('2026-11-25T10:00:00.250+08:00')?.from).toEqual(at('2026-11-25T02:00:00.250Z'));
  });

  it('tolerates spaces around the text', () => {
    expect(parsePeriod(' 2026-11 ')?.kind).toBe('month');
  });

  it('takes the day in Beijing, not in UTC: 2026-11-25 starts at 16:00 UTC the day before', () => {
    expect(parsePeriod('2026-11-25')?.from.toISOString()).toBe('2026-11-24T16:00:00.000Z');
  });

  it('accepts years 1900 to 2099 only', () => {
    expect(parsePeriod('1900-01-01')?.from).toEqual(at('1900-01-01T00:00:00+08:00'));
    expect(parsePeriod('2099-Q4')?.to).toEqual(at('2100-01-01T00:00:00+08:00'));
    for (const text of ['1899', '2100', '2100-01', '1899-12-31', '2100-Q1', '9999-12', '0099', '2100-01-01T00:00:00+08:00', '1899-12-31T23:00:00Z']) {
      expect({ text, period: parsePeriod(text) }).toEqual({ text, period: null });
    }
  });

  it('refuses what is not one of these forms, and dates that do not exist', () => {
    for (const text of [
      '', ' ', '2026-02-30', '2026-13-01', '2026-00-10', '2026-11-00', '2026-13', '2026-00', '2026-Q0', '2026-Q5', '2026-Q', '2026Q4',
      '26-11', '2026-1', '2026-11-5', '20261125', '2026/11/25', '2026-11-25T10:00:00', '2026-11-25T25:00:00+08:00', '2026-11-25 10:00+08:00',
      'last month', '2026-H1', '2026-W48',
    ]) {
      expect({ text, period: parsePeriod(text) }).toEqual({ text, period: null });
    }
  });
});
