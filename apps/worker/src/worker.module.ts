import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { DeadlinesModule } from '@app/deadlines';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { JobRunnerModule, PeriodicJobsModule } from '@app/platform';
import { RatingsModule } from '@app/ratings';
import { RejectionsModule } from '@app/rejections';
import { ReportsModule } from '@app/reports';
import { DeadlineJobs } from './deadline.jobs.js';
import { WorkerSchedule } from './schedule.js';
import { SystemJobs } from './system.jobs.js';

/**
 * The worker role: BullMQ consumers and the periodic work, over the libraries' service modules only (no
 * controllers: it serves nothing but /health). The figures rollup reads every library that owns figures.
 */
@Module({
  imports: [
    JobRunnerModule,
    PeriodicJobsModule,
    OrganizationModule,
    DeadlinesModule,
    EnquiriesModule,
    NoticesModule,
    CasesModule,
    RejectionsModule,
    RatingsModule,
    ReportsModule,
  ],
  providers: [SystemJobs, DeadlineJobs, WorkerSchedule],
})
export class WorkerModule {}
