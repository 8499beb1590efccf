import type { Step } from '@app/core';

/**
 * Queue and job names are persisted in Redis with every job: do not rename them, add new ones.
 * Payloads carry ids only; handlers re-read state (STYLE.md rule 5).
 */
export enum QueueName {
  System = 'system',
  Deadlines = 'deadlines',
}

export enum JobName {
  /** Round trip through the queue: proves a worker is consuming. */
  Ping = 'system.ping',
  /** One step of a case's escalation ladder comes due. */
  DeadlineStep = 'deadline.step',
}

export interface JobPayloads {
  [JobName.Ping]: { requestedBy: string };
  [JobName.DeadlineStep]: { subjectId: string; step: Step; version: number };
}

export const QUEUE_OF_JOB: Record<JobName, QueueName> = {
  [JobName.Ping]: QueueName.System,
  [JobName.DeadlineStep]: QueueName.Deadlines,
};
