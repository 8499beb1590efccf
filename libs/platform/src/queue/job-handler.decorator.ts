import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './jobs.js';

export const JOB_HANDLER = Symbol('JOB_HANDLER');

/** Marks the method that handles one job name. Exactly one handler per job name, or start-up fails. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);

export type JobHandlerFn<N extends JobName> = (data: JobPayloads[N], jobId: string) => Promise<unknown>;
