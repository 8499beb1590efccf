import { mergeKeyed, ratesOf, splitPeriod, wholeDaysWithin, zeroCounts } from './figures.js';

describe('efficiency figures', () => {
  it('merges the counts of one person in one office from every source', () => {
    const merged = mergeKeyed([
      { unitId: 'u', officeId: 'o', staffId: 's', counts: { enquiries: 3 } },
      { unitId: 'u', officeId: 'o', staffId: 's', counts: { casesCompleted: 2, completedOnTime: 1 } },
      { unitId: 'u', officeId: 'p', staffId: 's', counts: { enquiries: 1 } },
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]!.counts).toMatchObject({ enquiries: 3, casesCompleted: 2, completedOnTime: 1 });
  });

  it('derives rates, and leaves a rate empty when there is nothing to divide by', () => {
    const c = { ...zeroCounts(), casesCompleted: 4, completedOnTime: 3, completedEarly: 1, casesMeasured: 4, workingMinutesUsed: 4 * 420, workingMinutesCommitted: 4 * 1260 };
    expect(ratesOf(c)).toMatchObject({ onTimeRate: 0.75, earlyRate: 0.25, meanHandlingHours: 7, meanCommittedHours: 21, handlingRatio: 0.3333, noticesPerCase: null, repeatComplaintRate: null });
  });

  it('counts the whole Shanghai days of a period', () => {
    expect(wholeDaysWithin(new Date('2026-03-01T00:00:00+08:00'), new Date('2026-03-04T00:00:00+08:00'))).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(wholeDaysWithin(new Date('2026-03-01T10:00:00+08:00'), new Date('2026-03-03T09:00:00+08:00'))).toEqual(['2026-03-02']);
  });

  it('reads rolled-up days from the rollup and computes the rest live', () => {
    const from = new Date('2026-03-01T10:00:00+08:00');
    const to = new Date('2026-03-05T12:00:00+08:00');
    const { rolledDays, live } = splitPeriod(from, to, new Set(['2026-03-02', '2026-03-04']));
    expect(rolledDays).toEqual(['2026-03-02', '2026-03-04']);
    expect(live.map(([a, b]) => [a.toISOString(), b.toISOString()])).toEqual([
      ['2026-03-01T02:00:00.000Z', '2026-03-01T16:00:00.000Z'],
      ['2026-03-02T16:00:00.000Z', '2026-03-03T16:00:00.000Z'],
      ['2026-03-04T16:00:00.000Z', '2026-03-05T04:00:00.000Z'],
    ]);
  });
});
