import { DomainError } from '@app/core';
import { checkConfirmation } from './violation-rules.js';

const at = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00+08:00`);

describe('a confirmation', () => {
  const ctx = { now: at('16:00'), occurredAt: at('10:00') };
  const field = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return (e as DomainError).field;
    }
    return null;
  };

  it('names each person once and applies actions to them', () => {
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    const twice = [
      { staffId: a, role: 'direct' as const },
      { staffId: a, role: 'supervisor' as const },
    ];
    expect(field(() => checkConfirmation([], twice, ctx))).toBe('responsible.1.staffId');
    expect(field(() => checkConfirmation([{ decidedAt: at('15:00'), dueAt: null, staffId: b }], [twice[0]!], ctx))).toBe('actions.0.staffId');
    expect(field(() => checkConfirmation([{ decidedAt: at('15:00'), dueAt: null, staffId: a }], [twice[0]!], ctx))).toBeNull();
  });

  it('dates an action after the violation, not in the future, and due after its decision', () => {
    const one = [{ staffId: '00000000-0000-4000-8000-00000000000a', role: 'direct' as const }];
    expect(field(() => checkConfirmation([{ decidedAt: at('16:01'), dueAt: null }], one, ctx))).toBe('actions.0.decidedAt');
    expect(field(() => checkConfirmation([{ decidedAt: at('09:59'), dueAt: null }], one, ctx))).toBe('actions.0.decidedAt');
    expect(field(() => checkConfirmation([{ decidedAt: at('15:00'), dueAt: at('14:00') }], one, ctx))).toBe('actions.0.dueAt');
    expect(field(() => checkConfirmation([{ decidedAt: at('15:00'), dueAt: at('17:00') }], one, ctx))).toBeNull();
  });
});
