import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { CatalogueModule } from '@app/catalogue';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { FiguresSources, ReportsModule } from '@app/reports';
import { EnquiriesController } from './enquiries.controller.js';
import { EnquiriesService } from './enquiries.service.js';
import { Enquiry } from './enquiry.entity.js';
import { TransferWatch } from './transfer-watch.js';

/** The first-contact log (首问负责制) and its transfer watch (推诿). */
@Module({
  imports: [TypeOrmModule.forFeature([Enquiry]), OrganizationModule, CatalogueModule, CalendarModule, OversightModule, ReportsModule],
  providers: [EnquiriesService, TransferWatch],
  exports: [EnquiriesService, TransferWatch],
})
export class EnquiriesModule {
  constructor(figures: FiguresSources, enquiries: EnquiriesService) {
    figures.register('enquiries', async (unitId, from, to) =>
      (await enquiries.figures(unitId, from, to)).map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: { enquiries: r.logged, complaints: r.complaints, repeatComplaints: r.repeatComplaints },
      })),
    );
  }
}

@Module({ imports: [EnquiriesModule], controllers: [EnquiriesController] })
export class EnquiriesHttpModule {}
