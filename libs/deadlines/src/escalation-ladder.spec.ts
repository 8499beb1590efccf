import { officialSchedule, WorkingCalendar } from '@app/calendar';
import { parseLadder, planSteps, shiftAfterPause } from './escalation-ladder.js';

const calendar = new WorkingCalendar(new Map([[2026, officialSchedule(2026)!]]));
const ladder = parseLadder('office_head:0d,leader:1d,inspector:2d', 2 / 3, 60, calendar.workingHoursPerDay());
const at = (iso: string) => new Date(iso);
const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('escalation ladder (限时办结制)', () => {
  it('warns when two thirds of the working time is used, then escalates up the ladder after the due time', () => {
    // Accepted Mon 2 Mar 09:00, 3 working days: due Thu 5 Mar 17:30. Mon to Thu is 4 x 7 h = 28 h of
    // working time; 2/3 = 18 h 40 min: Mon and Tue (14 h), then Wed 09:00-12:00 and 13:30-15:10.
    const due = calendar.addWorkingDays(at('2026-03-02T09:00:00+08:00'), 3).dueAt;
    const plan = planSteps(calendar, ladder, at('2026-03-02T09:00:00+08:00'), due);
    expect(plan.map((s) => [s.step, shanghai(s.fireAt)])).toEqual([
      ['warning', '2026-03-04 15:10'],
      ['due', '2026-03-05 17:30'],
      ['overdue_office_head', '2026-03-05 17:30'],
      ['overdue_leader', '2026-03-06 17:30'],
      ['overdue_inspector', '2026-03-09 17:30'],
    ]);
  });

  it('warns at least one working hour before a short limit runs out', () => {
    // 1.5 working hours from 09:00: 2/3 would be 60 min, the lead rule caps it at 30 min.
    const plan = planSteps(calendar, ladder, at('2026-03-02T09:00:00+08:00'), at('2026-03-02T10:30:00+08:00'));
    expect(shanghai(plan[0]!.fireAt)).toBe('2026-03-02 09:30');
  });

  it('warns at once when the whole limit is shorter than the lead', () => {
    const plan = planSteps(calendar, ladder, at('2026-03-02T09:00:00+08:00'), at('2026-03-02T09:40:00+08:00'));
    expect(plan[0]!.fireAt).toEqual(at('2026-03-02T09:00:00+08:00'));
  });

  it('climbs the overdue ladder on working days, over the National Day holiday', () => {
    const plan = planSteps(calendar, ladder, at('2026-09-28T09:00:00+08:00'), at('2026-09-30T17:30:00+08:00'));
    expect(plan.slice(2).map((s) => shanghai(s.fireAt))).toEqual(['2026-09-30 17:30', '2026-10-08 17:30', '2026-10-09 17:30']);
  });

  it('moves unfired steps by the paused working time', () => {
    // Paused Mon 2 Mar 10:00, resumed Wed 4 Mar 10:00: two working days do not count.
    const moved = shiftAfterPause(calendar, at('2026-03-02T10:00:00+08:00'), at('2026-03-04T10:00:00+08:00'), at('2026-03-05T17:30:00+08:00'));
    expect(shanghai(moved)).toBe('2026-03-09 17:30');
  });

  it('leaves steps that were already due before the pause where they are', () => {
    const fired = at('2026-03-02T09:30:00+08:00');
    expect(shiftAfterPause(calendar, at('2026-03-02T10:00:00+08:00'), at('2026-03-04T10:00:00+08:00'), fired)).toEqual(fired);
  });

  it('reads ladders in working days, hours, minutes or plain seconds', () => {
    const l = parseLadder('office_head:30m,leader:2h,inspector:5s', 0.5, 0, 7);
    expect(l.overdue).toEqual({
      overdue_office_head: { workingMinutes: 30 },
      overdue_leader: { workingMinutes: 120 },
      overdue_inspector: { seconds: 5 },
    });
  });

  it.each(['office_head:1d', 'office_head:1d,leader:1d,inspector:1w', 'boss:1d,leader:1d,inspector:1d', 'office_head:1d,office_head:1d,leader:1d,inspector:2d'])(
    'refuses the ladder %s',
    (spec) => expect(() => parseLadder(spec, 2 / 3, 60, 7)).toThrow(/OVERDUE_LADDER/),
  );
});

describe('a pause keeps every second', () => {
  it('a pause of no time moves nothing, seconds included', () => {
    const fireAt = at('2026-03-04T15:30:00+08:00');
    const pausedAt = at('2026-03-04T15:29:58+08:00');
    expect(shiftAfterPause(calendar, pausedAt, pausedAt, fireAt)).toEqual(fireAt);
  });

  it('a pause over lunch moves a step by the working time it had left, to the second', () => {
    // Paused 11:59:30 with 30 s + 1 h left; resumed 14:00:00 → 15:00:30.
    const moved = shiftAfterPause(calendar, at('2026-03-04T11:59:30+08:00'), at('2026-03-04T14:00:00+08:00'), at('2026-03-04T14:30:00+08:00'));
    expect(moved).toEqual(at('2026-03-04T15:00:30+08:00'));
  });
});
