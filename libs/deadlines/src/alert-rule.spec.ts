import { officialSchedule, WorkingCalendar } from '@app/calendar';
import { installationRule, ladderOfRule, spanMinutes, type AlertRule } from './alert-rule.js';
import { planSteps } from './escalation-ladder.js';

const calendar = new WorkingCalendar(new Map([[2026, officialSchedule(2026)!]]));
const HOURS = calendar.workingHoursPerDay();
const at = (iso: string) => new Date(iso);
const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const RULE: AlertRule = { warningShare: null, warningBeforeDue: '1d', overdueOfficeHead: '0d', overdueLeader: '4h', overdueInspector: '2d' };
const field = (rule: AlertRule) => {
  try {
    ladderOfRule(rule, HOURS);
    return null;
  } catch (e) {
    return (e as { field?: string }).field;
  }
};

describe('a unit’s alert rule (电子监察)', () => {
  it('reads working spans: days of the calendar’s working hours, hours, minutes', () => {
    expect([spanMinutes('1d', HOURS), spanMinutes('4h', HOURS), spanMinutes('30m', HOURS)]).toEqual([420, 240, 30]);
    expect(() => spanMinutes('5s', HOURS)).toThrow(RangeError);
  });

  it('one working day before due: a 3-working-day case warns at close of business two days before', () => {
    const start = at('2026-03-02T09:00:00+08:00');
    const due = calendar.addWorkingDays(start, 3).dueAt;
    const plan = planSteps(calendar, ladderOfRule(RULE, HOURS), start, due);
    expect(plan.map((s) => [s.step, shanghai(s.fireAt)])).toEqual([
      ['warning', '2026-03-04 17:30'],
      ['due', '2026-03-05 17:30'],
      ['overdue_office_head', '2026-03-05 17:30'],
      ['overdue_leader', '2026-03-06 14:30'], // 09:00-12:00, then an hour after 13:30
      ['overdue_inspector', '2026-03-09 17:30'],
    ]);
  });

  it('refuses a rule without a warning, a zero lead, rungs out of order and spans past 40 working days, naming the field', () => {
    expect(field(RULE)).toBeNull();
    expect(field({ ...RULE, warningBeforeDue: null })).toBe('warningShare');
    expect(field({ ...RULE, warningBeforeDue: '0m' })).toBe('warningBeforeDue');
    expect(field({ ...RULE, overdueOfficeHead: '1d', overdueLeader: '4h' })).toBe('overdueLeader');
    expect(field({ ...RULE, overdueInspector: '2h' })).toBe('overdueInspector');
    expect(field({ ...RULE, overdueInspector: '41d' })).toBe('overdueInspector');
  });

  it('shows the installation’s rule as the API gives it', () => {
    expect(installationRule('office_head:0d,leader:1d,inspector:30s', 2 / 3, 60)).toEqual({
      warningShare: 2 / 3,
      warningBeforeDue: '60m',
      overdueOfficeHead: '0d',
      overdueLeader: '1d',
      overdueInspector: '30s',
    });
  });
});
