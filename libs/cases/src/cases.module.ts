import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule, PendingWorkRegistry } from '@app/organization';
import { CaseNumbers, FiguresSources, ReportsModule } from '@app/reports';
import { CasesController, PublicCasesController, PublicNoticesController } from './cases.controller.js';
import { CaseAccess } from './case-access.service.js';
import { CaseExtensions } from './case-extensions.usecase.js';
import { CaseHandling } from './case-handling.usecase.js';
import { CaseIntake } from './case-intake.usecase.js';
import { CaseReading } from './case-reading.service.js';
import { CaseViews } from './case-views.service.js';

@Module({
  imports: [CalendarModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, NoticesModule, OrganizationModule, ReportsModule],
  providers: [CaseAccess, CaseViews, CaseReading, CaseIntake, CaseHandling, CaseExtensions],
  exports: [CaseReading, CaseIntake, CaseHandling, CaseExtensions],
})
export class CasesModule {
  constructor(figures: FiguresSources, pendingWork: PendingWorkRegistry, cases: CaseReading, handling: CaseHandling, caseNumbers: CaseNumbers) {
    caseNumbers.register((ids) => cases.receiptNumbers(ids));
    // A handover before an absence lists the holder's open cases (同岗替代制); a deactivation hands them over.
    pendingWork.register((m, staffId) => cases.pendingWork(m, staffId));
    pendingWork.registerReassigner('case', (m, actor, fromId, toId) => handling.reassignAllOf(m, actor, fromId, toId));
    figures.register('cases', async (unitId, from, to) =>
      (await cases.figures(unitId, from, to)).map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: {
          casesAccepted: r.accepted,
          casesCompleted: r.completed,
          completedOnTime: r.completedOnTime,
          completedEarly: r.completedEarly,
          casesMeasured: r.measured,
          workingMinutesUsed: r.workingMinutesUsed,
          workingMinutesCommitted: r.workingMinutesCommitted,
          extensionsRequested: r.extensionsRequested,
          extensionsApproved: r.extensionsApproved,
        },
      })),
    );
  }
}

@Module({ imports: [CasesModule, DocumentsModule], controllers: [CasesController, PublicCasesController, PublicNoticesController] })
export class CasesHttpModule {}
