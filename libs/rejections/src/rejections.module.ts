import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { OrganizationModule, PendingWorkRegistry } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { FiguresSources, ReportsModule } from '@app/reports';
import { RejectionWatch } from './rejection-watch.js';
import { RejectionsController } from './rejections.controller.js';
import { FilingScopes } from './filing-scope.service.js';
import { FilingViews } from './filing-views.service.js';
import { MaterialReturns } from './material-returns.usecase.js';
import { RejectionDecision } from './rejection-decision.usecase.js';
import { RejectionFiling } from './rejection-filing.usecase.js';
import { RejectionNotices } from './rejection-notice.service.js';
import { RejectionReading } from './rejection-reading.service.js';

/** Rejection filings (否定报备制) and the watch for refusals at the window left unfiled. */
@Module({
  imports: [CalendarModule, CasesModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, OrganizationModule, OversightModule, ReportsModule],
  providers: [FilingScopes, FilingViews, RejectionNotices, RejectionReading, RejectionFiling, RejectionDecision, MaterialReturns, RejectionWatch],
  exports: [RejectionReading, RejectionFiling, RejectionDecision, MaterialReturns, RejectionWatch],
})
export class RejectionsModule {
  constructor(figures: FiguresSources, pendingWork: PendingWorkRegistry, rejections: RejectionReading) {
    // A handover before an absence lists the refusals waiting for the holder's decision.
    pendingWork.register((m, staffId) => rejections.pendingApprovals(m, staffId));
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
