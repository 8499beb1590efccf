/**
 * The escalation ladder of a case's time limit (限时办结制), as plain functions: when each step fires.
 * A warning (yellow) when most of the time is used, the due time (red), then the overdue ladder up to
 * the office head, the leader and the inspector.
 */
import type { Step } from '@app/core';

/** Who hears of a step. The case handler hears of the warning and the due time. */
export const STEP_RECIPIENT: Record<Step, 'handler' | 'office_head' | 'leader' | 'inspector'> = {
  warning: 'handler',
  due: 'handler',
  overdue_office_head: 'office_head',
  overdue_leader: 'leader',
  overdue_inspector: 'inspector',
};

/** A rung's distance after the due time: working minutes on the calendar, or plain seconds (test ladders). */
export type Offset = { workingMinutes: number } | { seconds: number };

export interface Ladder {
  /** Share of the committed time after which the warning fires (2/3 by default). */
  warningFraction: number;
  /** The warning fires at least this many working minutes before the due time. */
  warningLeadMinutes: number;
  overdue: Record<'overdue_office_head' | 'overdue_leader' | 'overdue_inspector', Offset>;
}

/** What the ladder needs of the working-day calendar. */
export interface WorkingTime {
  addWorkingMinutes(from: Date, minutes: number): { dueAt: Date };
  addWorkingMilliseconds(from: Date, ms: number): { dueAt: Date };
  workingMinutesBetween(from: Date, to: Date): number;
  workingMillisecondsBetween(from: Date, to: Date): number;
  workingHoursPerDay(): number;
}

export interface PlannedStep {
  step: Step;
  fireAt: Date;
}

/**
 * Parses OVERDUE_LADDER, e.g. "office_head:0d,leader:1d,inspector:2d" (working days), "…:4h" (working
 * hours), "…:30m" (working minutes) or "…:5s" (plain seconds, for tests of real delays).
 */
export function parseLadder(spec: string, warningFraction: number, warningLeadMinutes: number, hoursPerDay: number): Ladder {
  const overdue = {} as Ladder['overdue'];
  for (const part of spec.split(',')) {
    const m = /^\s*(office_head|leader|inspector):(\d+)([dhms])\s*$/.exec(part);
    if (!m) throw new Error(`OVERDUE_LADDER: "${part}" is not like office_head:0d, leader:1d or inspector:30s`);
    const amount = Number(m[2]);
    const unit = m[3] as 'd' | 'h' | 'm' | 's';
    const key = `overdue_${m[1]}` as keyof Ladder['overdue'];
    if (overdue[key]) throw new Error(`OVERDUE_LADDER: ${m[1]} is given twice`);
    overdue[key] =
      unit === 's'
        ? { seconds: amount }
        : { workingMinutes: amount * (unit === 'd' ? hoursPerDay * 60 : unit === 'h' ? 60 : 1) };
  }
  for (const key of ['overdue_office_head', 'overdue_leader', 'overdue_inspector'] as const) {
    if (!overdue[key]) throw new Error(`OVERDUE_LADDER: ${key.replace('overdue_', '')} is missing`);
  }
  if (!(warningFraction > 0 && warningFraction < 1)) throw new Error('WARNING_FRACTION must be between 0 and 1');
  return { warningFraction, warningLeadMinutes, overdue };
}

function after(calendar: WorkingTime, due: Date, offset: Offset): Date {
  return 'seconds' in offset
    ? new Date(due.getTime() + offset.seconds * 1000)
    : calendar.addWorkingMinutes(due, offset.workingMinutes).dueAt;
}

/** Every step of a limit running from `startedAt` to `dueAt`. */
export function planSteps(calendar: WorkingTime, ladder: Ladder, startedAt: Date, dueAt: Date): PlannedStep[] {
  const total = calendar.workingMinutesBetween(startedAt, dueAt);
  const warningAfter = Math.max(0, Math.min(Math.floor(total * ladder.warningFraction), total - ladder.warningLeadMinutes));
  return [
    { step: 'warning', fireAt: calendar.addWorkingMinutes(startedAt, warningAfter).dueAt },
    { step: 'due', fireAt: dueAt },
    { step: 'overdue_office_head', fireAt: after(calendar, dueAt, ladder.overdue.overdue_office_head) },
    { step: 'overdue_leader', fireAt: after(calendar, dueAt, ladder.overdue.overdue_leader) },
    { step: 'overdue_inspector', fireAt: after(calendar, dueAt, ladder.overdue.overdue_inspector) },
  ];
}

/**
 * After a pause from `pausedAt` to `resumedAt`: each step keeps the working time it had left, so paused
 * time does not count. Steps at or before the pause (already due) stay where they are.
 */
export function shiftAfterPause(calendar: WorkingTime, pausedAt: Date, resumedAt: Date, fireAt: Date): Date {
  if (fireAt.getTime() <= pausedAt.getTime()) return fireAt;
  // To the millisecond: a pause of no time moves nothing (whole minutes once pulled steps earlier).
  return calendar.addWorkingMilliseconds(resumedAt, calendar.workingMillisecondsBetween(pausedAt, fireAt)).dueAt;
}
