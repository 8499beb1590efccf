import { addCounts, ratesOf, zeroCounts, type Counts, type KeyedCounts } from '@app/reports';
import type { StaffFigures } from './evaluation-rules.js';

/** Mean rating on a 0..1 scale: 非常满意 1, 满意 0.75, 基本满意 0.5, 不满意 0.25, 非常不满意 0. */
export function satisfactionOf(c: Counts): number | null {
  const n = c.ratingsVerySatisfied + c.ratingsSatisfied + c.ratingsBasicallySatisfied + c.ratingsDissatisfied + c.ratingsVeryDissatisfied;
  if (n === 0) return null;
  const points = c.ratingsVerySatisfied + 0.75 * c.ratingsSatisfied + 0.5 * c.ratingsBasicallySatisfied + 0.25 * c.ratingsDissatisfied;
  return Math.round((points / n) * 10_000) / 10_000;
}

/**
 * The efficiency report's rows (the figures inspectors read) as each staff member's figures, across
 * offices. `confirmedViolations` counts their own; the evaluation replaces it with those they were held responsible for.
 */
export function staffFigures(rows: KeyedCounts[]): Map<string, StaffFigures> {
  const byStaff = new Map<string, Counts>();
  for (const row of rows) {
    if (!byStaff.has(row.staffId)) byStaff.set(row.staffId, zeroCounts());
    addCounts(byStaff.get(row.staffId)!, row.counts);
  }
  return new Map(
    [...byStaff].map(([staffId, c]) => {
      const rates = ratesOf(c);
      return [
        staffId,
        {
          casesCompleted: c.casesCompleted,
          onTimeRate: rates.onTimeRate,
          earlyRate: rates.earlyRate,
          meanHandlingRatio: rates.handlingRatio,
          satisfaction: satisfactionOf(c),
          confirmedViolations: c.violationsConfirmed,
        },
      ];
    }),
  );
}
