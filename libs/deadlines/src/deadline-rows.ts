import { STEPS } from '@app/core';
import { json, nullable, oneOf, rowMapper } from '@app/platform';
import type { TimerLabel } from './deadlines.service.js';
import type { Ladder } from './escalation-ladder.js';
import { TIMER_KIND_NAMES } from './timer-kinds.js';

export const timerRow = rowMapper('deadline_timer', {
  subject_id: 'text',
  kind: oneOf(TIMER_KIND_NAMES),
  unit_id: 'text',
  office_id: 'text?',
  assignee_id: 'text',
  started_at: 'timestamp',
  due_at: 'timestamp',
  provisional: 'bool',
  state: oneOf(['running', 'paused', 'stopped']),
  paused_at: 'timestamp?',
  version: 'int',
  round: 'int',
  /** What the alerts say about the subject; {} for a clock started without one. */
  label: json<Partial<TimerLabel>>(),
  /** The ladder the clock started on (its unit's rule then); null: started before units had rules, the installation's. */
  ladder: json<Ladder | null>(),
});
export type TimerRow = ReturnType<typeof timerRow>;

/** A step of a clock and when it fires (or fired). */
export const stepRow = rowMapper('deadline_step', { step: oneOf(STEPS), fire_at: 'timestamp' });
export const firedStepRow = rowMapper('deadline_step', { step: oneOf(STEPS) });
/** A clock's step joined to it (none: a clock without steps in its round). */
export const joinedStepRow = rowMapper('deadline_step', { step: nullable(oneOf(STEPS)), fire_at: 'timestamp?', fired_at: 'timestamp?' });
/** A step of the current plan whose time has come, as the sweep fires it. */
export const dueStepRow = rowMapper('deadline_step', { subject_id: 'text', step: oneOf(STEPS), version: 'int' });
/** A pending step of the current plan, as the sweep re-adds its job. */
export const pendingStepRow = rowMapper('deadline_step', { subject_id: 'text', step: oneOf(STEPS), version: 'int', fire_at: 'timestamp' });

export const pauseRow = rowMapper('deadline_pause', { paused_at: 'timestamp', resumed_at: 'timestamp?' });
