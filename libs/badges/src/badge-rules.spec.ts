import { secondedLongEnough } from './badge-rules.js';

describe('借用期半年以上', () => {
  it('six months exactly is not more than six months; a day longer is', () => {
    expect(secondedLongEnough('2026-01-15', '2026-07-15')).toBe(false);
    expect(secondedLongEnough('2026-01-15', '2026-07-16')).toBe(true);
  });

  it('crosses a year end and a month without the same day', () => {
    expect(secondedLongEnough('2026-09-01', '2027-03-01')).toBe(false);
    expect(secondedLongEnough('2026-09-01', '2027-03-02')).toBe(true);
    expect(secondedLongEnough('2026-08-31', '2027-02-28')).toBe(false);
    expect(secondedLongEnough('2026-08-31', '2027-03-01')).toBe(true);
  });
});
