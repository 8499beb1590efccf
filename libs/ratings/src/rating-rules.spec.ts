import { DomainError } from '@app/core';
import { checkCallTime, checkCompletable, isDissatisfied, RATING_LABELS, RATING_LEVELS } from './rating-rules.js';

const at = (iso: string) => new Date(iso);
const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
};

describe('rating rules (好差评)', () => {
  it('has five levels, each with its Chinese label, best first', () => {
    expect(RATING_LEVELS.map((l) => RATING_LABELS[l])).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  });

  it('only 不满意 and 非常不满意 are dissatisfied', () => {
    expect(RATING_LEVELS.filter(isDissatisfied)).toEqual(['dissatisfied', 'very_dissatisfied']);
  });

  it('a follow-up call lies between the rating and now', () => {
    const rated = at('2026-03-02T02:00:00Z');
    const now = at('2026-03-05T02:00:00Z');
    expect(codeOf(() => checkCallTime(at('2026-03-03T02:00:00Z'), rated, now))).toBeNull();
    expect(codeOf(() => checkCallTime(rated, rated, now))).toBeNull();
    expect(codeOf(() => checkCallTime(at('2026-03-05T02:00:01Z'), rated, now))).toBe('RECTIFICATION.CALL_IN_FUTURE');
    expect(codeOf(() => checkCallTime(at('2026-03-01T02:00:00Z'), rated, now))).toBe('RECTIFICATION.CALL_BEFORE_RATING');
  });

  it('a rectification is completed once, and only after a follow-up call', () => {
    expect(codeOf(() => checkCompletable('open', 0))).toBe('RECTIFICATION.FOLLOW_UP_REQUIRED');
    expect(codeOf(() => checkCompletable('open', 1))).toBeNull();
    expect(codeOf(() => checkCompletable('completed', 1))).toBe('RECTIFICATION.COMPLETED');
  });
});
