import { Module } from '@nestjs/common';
import { CatalogueModule } from '@app/catalogue';
import { DocumentsModule } from '@app/documents';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { FiguresSources, ReportsModule } from '@app/reports';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

@Module({
  imports: [CatalogueModule, DocumentsModule, OversightModule, OrganizationModule, ReportsModule],
  providers: [NoticesService],
  exports: [NoticesService],
})
export class NoticesModule {
  constructor(figures: FiguresSources, notices: NoticesService) {
    figures.register('notices', async (unitId, from, to) =>
      (await notices.figures(unitId, from, to)).map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: { noticesIssued: r.issued, casesNoticed: r.casesNoticed },
      })),
    );
  }
}

@Module({ imports: [NoticesModule, DocumentsModule], controllers: [NoticesController] })
export class NoticesHttpModule {}
