import { DomainError, limitInWorkingHours, type TimeLimit } from '@app/core';

/**
 * 服务承诺制: the committed limit must be at least one third shorter than the statutory one (seed 002,
 * 五(二)2). Limits in different units are compared in working hours.
 */
export function assertCommittedLimit(statutory: TimeLimit, committed: TimeLimit, hoursPerDay: number): void {
  const s = limitInWorkingHours(statutory, hoursPerDay);
  const c = limitInWorkingHours(committed, hoursPerDay);
  // c <= 2/3 s, in integers to avoid rounding: 3c <= 2s.
  if (3 * c > 2 * s) {
    throw new DomainError(
      'SERVICE_ITEM.COMMITMENT_TOO_LONG',
      `the committed limit (${committed.amount} ${committed.unit}) must be at least one third shorter than the statutory limit (${statutory.amount} ${statutory.unit})`,
      'invalid',
      'committedLimit',
    );
  }
}
