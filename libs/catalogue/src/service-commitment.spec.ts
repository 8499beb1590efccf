import { DomainError } from '@app/core';
import { assertCommittedLimit } from './service-commitment.js';

const days = (amount: number) => ({ amount, unit: 'working_days' as const });
const hours = (amount: number) => ({ amount, unit: 'working_hours' as const });

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as DomainError).code;
  }
}

describe('committed limit (服务承诺制: one third shorter than statutory)', () => {
  it('accepts a commitment exactly one third shorter', () => {
    expect(codeOf(() => assertCommittedLimit(days(30), days(20), 7))).toBeNull();
  });

  it('accepts a commitment shorter still', () => {
    expect(codeOf(() => assertCommittedLimit(days(20), days(5), 7))).toBeNull();
  });

  it('refuses a commitment one working day too long', () => {
    expect(codeOf(() => assertCommittedLimit(days(30), days(21), 7))).toBe('SERVICE_ITEM.COMMITMENT_TOO_LONG');
  });

  it('refuses a commitment equal to the statutory limit', () => {
    expect(codeOf(() => assertCommittedLimit(days(3), days(3), 7))).toBe('SERVICE_ITEM.COMMITMENT_TOO_LONG');
  });

  it('compares working hours with working days at the hours of a working day', () => {
    // 1 working day = 7 h: 2/3 of it is 4 h 40 min, so 4 h is fine and 5 h is not.
    expect(codeOf(() => assertCommittedLimit(days(1), hours(4), 7))).toBeNull();
    expect(codeOf(() => assertCommittedLimit(days(1), hours(5), 7))).toBe('SERVICE_ITEM.COMMITMENT_TOO_LONG');
  });

  it('names the committed limit as the field at fault', () => {
    try {
      assertCommittedLimit(hours(3), hours(3), 7);
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as DomainError).field).toBe('committedLimit');
    }
  });
});
