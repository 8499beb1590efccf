import { absenceLength, mayDecideAbsence, overlap } from './absence-rules.js';

const HOURS_PER_DAY = 7;

describe('absence length (同岗替代制)', () => {
  it('a window holder away for part of a working day needs a stand-in, but no handover', () => {
    expect(absenceLength(60, HOURS_PER_DAY)).toEqual({ standInRequiredAtWindow: true, handoverRequired: false });
    expect(absenceLength(419, HOURS_PER_DAY)).toEqual({ standInRequiredAtWindow: true, handoverRequired: false });
  });

  it('exactly one working day needs neither', () => {
    expect(absenceLength(420, HOURS_PER_DAY)).toEqual({ standInRequiredAtWindow: false, handoverRequired: false });
  });

  it('more than one working day needs a handover', () => {
    expect(absenceLength(421, HOURS_PER_DAY)).toEqual({ standInRequiredAtWindow: false, handoverRequired: true });
  });

  it('time away wholly outside working hours needs nothing', () => {
    expect(absenceLength(0, HOURS_PER_DAY)).toEqual({ standInRequiredAtWindow: false, handoverRequired: false });
  });
});

describe('who decides an absence', () => {
  const handler = { id: 'h', officeId: 'reg', roles: ['handler'] as const };
  const head = { id: 'oh', officeId: 'reg', roles: ['office_head'] as const };
  const otherHead = { id: 'oh2', officeId: 'food', roles: ['office_head'] as const };
  const leader = { id: 'l', officeId: 'gen', roles: ['leader'] as const };
  const deputy = { id: 'l2', officeId: 'gen', roles: ['leader'] as const };
  const clerk = { id: 'c', officeId: 'reg', roles: ['clerk'] as const };

  it('the office head of the absentee\'s office, or a leader', () => {
    expect(mayDecideAbsence(handler, head)).toBe('allowed');
    expect(mayDecideAbsence(handler, leader)).toBe('allowed');
  });

  it('not the head of another office, nor a colleague without the role', () => {
    expect(mayDecideAbsence(handler, otherHead)).toBe('not_the_approver');
    expect(mayDecideAbsence(handler, clerk)).toBe('not_the_approver');
  });

  it('an office head\'s or a leader\'s absence is a leader\'s to decide', () => {
    expect(mayDecideAbsence(head, { ...otherHead, officeId: 'reg' })).toBe('not_the_approver');
    expect(mayDecideAbsence(head, leader)).toBe('allowed');
    expect(mayDecideAbsence(leader, deputy)).toBe('allowed');
  });

  it('nobody decides their own', () => {
    expect(mayDecideAbsence(head, head)).toBe('own_absence');
    expect(mayDecideAbsence(leader, leader)).toBe('own_absence');
  });
});

describe('overlap', () => {
  const at = (h: number) => new Date(Date.UTC(2026, 2, 2, h));
  it('is the shared stretch, or null when the periods only touch', () => {
    expect(overlap({ from: at(1), to: at(5) }, { from: at(3), to: at(8) })).toEqual({ from: at(3), to: at(5) });
    expect(overlap({ from: at(1), to: at(3) }, { from: at(3), to: at(8) })).toBeNull();
  });
});
