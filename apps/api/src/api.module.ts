import { Module } from '@nestjs/common';
import { BadgesHttpModule } from '@app/badges';
import { TransparencyHttpModule } from '@app/transparency';
import { CalendarHttpModule } from '@app/calendar';
import { CasesHttpModule } from '@app/cases';
import { CatalogueHttpModule } from '@app/catalogue';
import { DeadlinesHttpModule } from '@app/deadlines';
import { ComplaintsHttpModule } from '@app/complaints';
import { EnquiriesHttpModule } from '@app/enquiries';
import { EvaluationHttpModule } from '@app/evaluation';
import { NoticesHttpModule } from '@app/notices';
import { OrganizationHttpModule } from '@app/organization';
import { OversightHttpModule } from '@app/oversight';
import { AuditHttpModule, InboxHttpModule } from '@app/platform';
import { RatingsHttpModule } from '@app/ratings';
import { RejectionsHttpModule } from '@app/rejections';
import { ReportsHttpModule } from '@app/reports';
import { TasksHttpModule } from '@app/tasks';

/** The api role: REST under /api/v1. Each feature library's HTTP module brings its controllers. */
@Module({
  imports: [
    OrganizationHttpModule,
    CatalogueHttpModule,
    CalendarHttpModule,
    EnquiriesHttpModule,
    CasesHttpModule,
    NoticesHttpModule,
    InboxHttpModule,
    OversightHttpModule,
    RejectionsHttpModule,
    RatingsHttpModule,
    ComplaintsHttpModule,
    ReportsHttpModule,
    EvaluationHttpModule,
    AuditHttpModule,
    BadgesHttpModule,
    DeadlinesHttpModule,
    TasksHttpModule,
    TransparencyHttpModule,
  ],
})
export class ApiModule {}
