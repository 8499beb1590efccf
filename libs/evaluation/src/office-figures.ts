import { addCounts, ratesOf, zeroCounts, type Counts, type KeyedCounts } from '@app/reports';
import type { OfficeFigures } from './office-evaluation-rules.js';
import { satisfactionOf } from './staff-figures.js';

/**
 * The efficiency report's rows as each office's figures: the cases, the confirmed violations, and the
 * citizens' ratings (好差评) the ratings library counts for the office, an upheld appeal's taken out.
 */
export function officeFigures(rows: KeyedCounts[]): Map<string, OfficeFigures> {
  const byOffice = new Map<string, Counts>();
  for (const row of rows) {
    if (!row.officeId) continue;
    if (!byOffice.has(row.officeId)) byOffice.set(row.officeId, zeroCounts());
    addCounts(byOffice.get(row.officeId)!, row.counts);
  }
  return new Map([...byOffice].map(([officeId, c]) => [officeId, figuresOf(c)]));
}

export function figuresOf(c: Counts): OfficeFigures {
  return {
    casesCompleted: c.casesCompleted,
    onTimeRate: ratesOf(c).onTimeRate,
    ratings: c.ratingsVerySatisfied + c.ratingsSatisfied + c.ratingsBasicallySatisfied + c.ratingsDissatisfied + c.ratingsVeryDissatisfied,
    satisfaction: satisfactionOf(c),
    confirmedViolations: c.violationsConfirmed,
  };
}
