import { DomainError } from '@app/core';

export interface ActionInput {
  decidedAt: Date;
  dueAt: Date | null;
  staffId?: string;
}

export interface ResponsibleInput {
  staffId: string;
  role: 'direct' | 'supervisor';
}

/**
 * The consistency of a confirmation, before anything is read: each person is named once, an action
 * applies to one of them, and its dates make sense (decided after the violation, not in the future,
 * due after it was decided).
 */
export function checkConfirmation(actions: ActionInput[], responsible: ResponsibleInput[], ctx: { now: Date; occurredAt: Date }): void {
  const named = new Set<string>();
  responsible.forEach((r, i) => {
    if (named.has(r.staffId)) {
      throw new DomainError('VIOLATION.RESPONSIBLE_TWICE', 'each person held responsible is named once', 'invalid', `responsible.${i}.staffId`);
    }
    named.add(r.staffId);
  });
  actions.forEach((a, i) => {
    if (a.staffId !== undefined && !named.has(a.staffId)) {
      throw new DomainError('VIOLATION.ACTION_NOT_RESPONSIBLE', 'an action applies to one of the persons held responsible', 'invalid', `actions.${i}.staffId`);
    }
    if (a.decidedAt.getTime() > ctx.now.getTime()) {
      throw new DomainError('VIOLATION.ACTION_IN_FUTURE', 'an action is recorded once it has been decided', 'invalid', `actions.${i}.decidedAt`);
    }
    if (a.decidedAt.getTime() < ctx.occurredAt.getTime()) {
      throw new DomainError('VIOLATION.ACTION_BEFORE_VIOLATION', 'an action is decided after the violation occurred', 'invalid', `actions.${i}.decidedAt`);
    }
    if (a.dueAt && a.dueAt.getTime() < a.decidedAt.getTime()) {
      throw new DomainError('VIOLATION.DUE_BEFORE_DECISION', 'an action falls due after it was decided', 'invalid', `actions.${i}.dueAt`);
    }
  });
}
