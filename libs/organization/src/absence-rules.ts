import type { Role } from '@app/core';

/** What the length of an absence, in working time, asks for (同岗替代制). */
export interface AbsenceLength {
  /** A window holder away for part of a working day names a colleague to stand in at the window. */
  standInRequiredAtWindow: boolean;
  /** Away for more than one working day: a handover list, acknowledged by the substitute, before approval. */
  handoverRequired: boolean;
}

export function absenceLength(workingMinutes: number, workingHoursPerDay: number): AbsenceLength {
  const day = workingHoursPerDay * 60;
  return {
    // Time away that falls wholly outside working hours leaves no window duty to cover.
    standInRequiredAtWindow: workingMinutes > 0 && workingMinutes < day,
    handoverRequired: workingMinutes > day,
  };
}

interface Person {
  id: string;
  officeId: string | null;
  roles: readonly Role[];
}

export type DeciderVerdict = 'allowed' | 'own_absence' | 'not_the_approver';

/**
 * Who approves an absence: the office head of the absentee's office; a leader approves anyone's, and is
 * the only one who approves an office head's or a leader's. Nobody approves their own.
 */
export function mayDecideAbsence(absentee: Person, decider: Person): DeciderVerdict {
  if (absentee.id === decider.id) return 'own_absence';
  if (decider.roles.includes('leader')) return 'allowed';
  const supervisor = absentee.roles.includes('office_head') || absentee.roles.includes('leader');
  if (!supervisor && decider.roles.includes('office_head') && decider.officeId !== null && decider.officeId === absentee.officeId) {
    return 'allowed';
  }
  return 'not_the_approver';
}

/** The stretch two periods share, or null when they do not overlap ([start, end) both). */
export function overlap(a: { from: Date; to: Date }, b: { from: Date; to: Date }): { from: Date; to: Date } | null {
  const from = Math.max(a.from.getTime(), b.from.getTime());
  const to = Math.min(a.to.getTime(), b.to.getTime());
  return from < to ? { from: new Date(from), to: new Date(to) } : null;
}
