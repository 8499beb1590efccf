/** A time limit as the rules state them: a number of working days or of working hours (seed 000). */
export const LIMIT_UNITS = ['working_days', 'working_hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export interface TimeLimit {
  amount: number;
  unit: LimitUnit;
}

/** Working hours in a standard working day, to compare limits of different units (7 h by default hours). */
export function limitInWorkingHours(limit: TimeLimit, hoursPerDay: number): number {
  return limit.unit === 'working_days' ? limit.amount * hoursPerDay : limit.amount;
}
