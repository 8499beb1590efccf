import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { EnquiriesModule } from '@app/enquiries';
import { EvaluationModule } from '@app/evaluation';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { RatingsModule } from '@app/ratings';
import { RejectionsModule } from '@app/rejections';
import { ReportsModule } from '@app/reports';

/** The api role: REST under /api/v1. Controllers live in the feature libs. */
@Module({
  imports: [OrganizationModule, CatalogueModule, CalendarModule, EnquiriesModule, CasesModule, NoticesModule, DeadlinesModule, OversightModule, RejectionsModule, RatingsModule, ReportsModule, EvaluationModule],
})
export class ApiModule {}
