import { Module } from '@nestjs/common';
import { DeadlineTimersModule } from '@app/deadlines';
import { JobRunnerModule } from '@app/platform';
import { SystemJobs } from './system.jobs.js';

/** The worker role: BullMQ consumers and the timer sweep. No HTTP of its own but /health. */
@Module({ imports: [JobRunnerModule, DeadlineTimersModule], providers: [SystemJobs] })
export class WorkerModule {}
