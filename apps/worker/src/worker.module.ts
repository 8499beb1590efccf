import { Module } from '@nestjs/common';
import { DeadlineTimersModule } from '@app/deadlines';
import { TransferWatchModule, WindowWatchModule } from '@app/oversight';
import { JobRunnerModule } from '@app/platform';
import { RejectionWatchModule } from '@app/rejections';
import { FiguresRollupModule } from '@app/reports';
import { SystemJobs } from './system.jobs.js';

/** The worker role: BullMQ consumers, the timer sweep and the watches. No HTTP of its own but /health. */
@Module({ imports: [JobRunnerModule, DeadlineTimersModule, RejectionWatchModule, WindowWatchModule, TransferWatchModule, FiguresRollupModule], providers: [SystemJobs] })
export class WorkerModule {}
