import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { FiguresSources, ReportsModule } from '@app/reports';
import { CasesController, PublicCasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [CalendarModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, NoticesModule, OrganizationModule, ReportsModule],
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {
  constructor(figures: FiguresSources, cases: CasesService) {
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

@Module({ imports: [CasesModule, DocumentsModule], controllers: [CasesController, PublicCasesController] })
export class CasesHttpModule {}
