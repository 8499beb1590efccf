import { DomainError } from '@app/core';
import { CASE_STATUSES, transition, type CaseEvent, type CaseStatus } from './case-lifecycle.js';

describe('case lifecycle', () => {
  it.each<[CaseStatus, CaseEvent, CaseStatus]>([
    ['awaiting_materials', 'accept', 'accepted'],
    ['awaiting_materials', 'withdraw', 'withdrawn'],
    ['awaiting_materials', 'reject', 'rejected'],
    ['accepted', 'reject', 'rejected'],
    ['accepted', 'start', 'in_progress'],
    ['accepted', 'complete', 'completed'],
    ['in_progress', 'complete', 'completed'],
    ['in_progress', 'withdraw', 'withdrawn'],
    ['in_progress', 'reject', 'rejected'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it.each<[CaseStatus, CaseEvent]>([
    ['awaiting_materials', 'complete'],
    ['awaiting_materials', 'start'],
    ['accepted', 'accept'],
    ['in_progress', 'start'],
  ])('refuses %s --%s--> with a stable code', (from, event) => {
    expect(() => transition(from, event)).toThrow(expect.objectContaining({ code: 'CASE.INVALID_TRANSITION', kind: 'conflict' }) as DomainError);
  });

  it('a finished case accepts no event at all', () => {
    for (const done of ['completed', 'rejected', 'withdrawn'] as CaseStatus[]) {
      for (const event of ['accept', 'start', 'complete', 'withdraw', 'reject'] as CaseEvent[]) {
        expect(() => transition(done, event)).toThrow(DomainError);
      }
    }
    expect(CASE_STATUSES).toHaveLength(6);
  });
});
