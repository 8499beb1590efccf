import { DomainError } from '@app/core';

/**
 * The life of a case (限时办结制). Waiting for materials until the one-time notice is answered; accepted
 * with a receipt; in progress; then completed, rejected (only through a rejection filing, 否定报备制;
 * before acceptance that is 不予受理) or withdrawn by the citizen.
 */
export const CASE_STATUSES = ['awaiting_materials', 'accepted', 'in_progress', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type CaseEvent = 'accept' | 'start' | 'complete' | 'withdraw' | 'reject';

const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseEvent, CaseStatus>>> = {
  awaiting_materials: { accept: 'accepted', withdraw: 'withdrawn', reject: 'rejected' },
  accepted: { start: 'in_progress', complete: 'completed', withdraw: 'withdrawn', reject: 'rejected' },
  in_progress: { complete: 'completed', withdraw: 'withdrawn', reject: 'rejected' },
  completed: {},
  rejected: {},
  withdrawn: {},
};

export function isOpen(status: CaseStatus): boolean {
  return status === 'awaiting_materials' || status === 'accepted' || status === 'in_progress';
}

/** Whether the promise clock runs: from acceptance to the end. */
export function hasClock(status: CaseStatus): boolean {
  return status === 'accepted' || status === 'in_progress';
}

export function transition(status: CaseStatus, event: CaseEvent): CaseStatus {
  const next = TRANSITIONS[status][event];
  if (!next) throw new DomainError('CASE.INVALID_TRANSITION', `a case that is ${status} cannot ${event}`, 'conflict', undefined, { caseStatus: status, event });
  return next;
}
