export * from './alerts.service.js';
export * from './deadlines.module.js';
export { DeadlinesService, jobId, type TimerJob, type TimerKind, type TimerView } from './deadlines.service.js';
export { STEPS, type Step } from './escalation-ladder.js';
export { EscalationService, type AlertView } from './escalation.service.js';
export { Deadlines1767000008000 } from './migrations/1767000008000-deadlines.js';
export { DeadlineSubjects1767000010000 } from './migrations/1767000010000-deadline-subjects.js';
export { TimerSweep, type SweepResult } from './timer-sweep.service.js';
