import { Module } from '@nestjs/common';
import { JobRunnerModule } from '@app/platform';
import { SystemJobs } from './system.jobs.js';

/** The worker role: BullMQ consumers (and, later, scheduled sweeps). No HTTP but /health. */
@Module({ imports: [JobRunnerModule], providers: [SystemJobs] })
export class WorkerModule {}
