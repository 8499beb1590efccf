import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { FiguresSources, ReportsModule } from '@app/reports';
import { RejectionWatch } from './rejection-watch.js';
import { RejectionsController } from './rejections.controller.js';
import { RejectionsService } from './rejections.service.js';

/** Rejection filings (否定报备制) and the watch for refusals at the window left unfiled. */
@Module({
  imports: [CalendarModule, CasesModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, OrganizationModule, OversightModule, ReportsModule],
  providers: [RejectionsService, RejectionWatch],
  exports: [RejectionsService, RejectionWatch],
})
export class RejectionsModule {
  constructor(figures: FiguresSources, rejections: RejectionsService) {
    figures.register('rejections', async (unitId, from, to) =>
      (await rejections.figures(unitId, from, to)).map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: { rejectionsFiled: r.filed, rejectionsInForce: r.inForce },
      })),
    );
  }
}

@Module({ imports: [RejectionsModule, DocumentsModule], controllers: [RejectionsController] })
export class RejectionsHttpModule {}
