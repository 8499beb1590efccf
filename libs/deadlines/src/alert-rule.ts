/**
 * 电子监察 thresholds of a unit (provinces differ: yellow at 90% of the time in one city, one working day
 * before due in another): when the warning fires and how far after the due time each overdue rung fires.
 * Plain functions; the installation's OVERDUE_LADDER / WARNING_* are the default.
 */
import { DomainError } from '@app/core';
import type { Ladder } from './escalation-ladder.js';

/** Working time as people write it: "1d" (working days), "4h" (working hours), "30m" (working minutes). */
export const WORKING_SPAN = /^(\d{1,4})([dhm])$/;

export interface AlertRule {
  /** Share of the limit after which the warning fires (0.9: at 90% of the time). */
  warningShare: number | null;
  /** The warning fires this long before the due time ("1d"); with a share too, whichever comes first. */
  warningBeforeDue: string | null;
  overdueOfficeHead: string;
  overdueLeader: string;
  overdueInspector: string;
}

/** Working minutes of a span; plain seconds ("5s", test ladders of the installation) are left to the caller. */
export function spanMinutes(span: string, hoursPerDay: number): number {
  const m = WORKING_SPAN.exec(span);
  if (!m) throw new RangeError(`"${span}" is not like 1d, 4h or 30m`);
  const amount = Number(m[1]);
  return Math.round(amount * (m[2] === 'd' ? hoursPerDay * 60 : m[2] === 'h' ? 60 : 1));
}

/** At most this much working time for any threshold: two months of working days. */
const MAX_DAYS = 40;

/**
 * Checks a unit's rule and turns it into the ladder a clock keeps: a warning rule is given (a share, a
 * time before due, or both), and the rungs climb (office head, then leader, then inspector, none earlier).
 */
export function ladderOfRule(rule: AlertRule, hoursPerDay: number): Ladder {
  if (rule.warningShare === null && rule.warningBeforeDue === null) {
    throw new DomainError('ALERT_RULE.NO_WARNING', 'give warningShare, warningBeforeDue or both', 'invalid', 'warningShare');
  }
  const minutes = (field: keyof AlertRule, span: string): number => {
    const n = spanMinutes(span, hoursPerDay);
    if (n > MAX_DAYS * hoursPerDay * 60) throw new DomainError('ALERT_RULE.TOO_LONG', `${field} is at most ${MAX_DAYS} working days`, 'invalid', field);
    return n;
  };
  const lead = rule.warningBeforeDue === null ? 0 : minutes('warningBeforeDue', rule.warningBeforeDue);
  if (rule.warningBeforeDue !== null && lead === 0) {
    throw new DomainError('ALERT_RULE.NO_LEAD', 'a warning before the due time is some time before it', 'invalid', 'warningBeforeDue');
  }
  const head = minutes('overdueOfficeHead', rule.overdueOfficeHead);
  const leader = minutes('overdueLeader', rule.overdueLeader);
  const inspector = minutes('overdueInspector', rule.overdueInspector);
  if (leader < head) throw new DomainError('ALERT_RULE.LADDER_ORDER', 'the leader hears of it no earlier than the office head', 'invalid', 'overdueLeader');
  if (inspector < leader) throw new DomainError('ALERT_RULE.LADDER_ORDER', 'the inspector hears of it no earlier than the leader', 'invalid', 'overdueInspector');
  return {
    // Only a time before due: the whole limit less that time (planSteps takes the earlier of the two).
    warningFraction: rule.warningShare ?? 1,
    warningLeadMinutes: lead,
    overdue: { overdue_office_head: { workingMinutes: head }, overdue_leader: { workingMinutes: leader }, overdue_inspector: { workingMinutes: inspector } },
  };
}

/** The installation's own rule (the default of every unit), as the API shows it. */
export function installationRule(overdueLadder: string, warningFraction: number, warningLeadMinutes: number): AlertRule {
  const part = (who: string) => new RegExp(`${who}:(\\d+[dhms])`).exec(overdueLadder)![1]!;
  return {
    warningShare: warningFraction,
    warningBeforeDue: warningLeadMinutes > 0 ? `${warningLeadMinutes}m` : null,
    overdueOfficeHead: part('office_head'),
    overdueLeader: part('leader'),
    overdueInspector: part('inspector'),
  };
}
