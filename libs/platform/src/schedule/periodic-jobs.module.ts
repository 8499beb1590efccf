import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { PeriodicJobs } from './periodic-jobs.js';

/** Periodic work on @nestjs/schedule, one replica at a time: only the worker role imports this. */
@Module({ imports: [ScheduleModule.forRoot()], providers: [PeriodicJobs], exports: [PeriodicJobs] })
export class PeriodicJobsModule {}
