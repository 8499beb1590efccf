import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { CatalogueModule } from '@app/catalogue';
import { OrganizationModule, PendingWorkRegistry } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { FiguresSources, ReportsModule } from '@app/reports';
import { EnquiriesController } from './enquiries.controller.js';
import { EnquiryIntake } from './enquiry-intake.usecase.js';
import { EnquiryReading } from './enquiry-reading.service.js';
import { EnquiryTransfers } from './enquiry-transfers.service.js';
import { EnquiryViews } from './enquiry-views.service.js';
import { Enquiry } from './enquiry.entity.js';
import { TransferWatch } from './transfer-watch.js';

/** The first-contact log (首问负责制) and its transfer watch (推诿). */
@Module({
  imports: [TypeOrmModule.forFeature([Enquiry]), OrganizationModule, CatalogueModule, CalendarModule, OversightModule, ReportsModule],
  providers: [EnquiryViews, EnquiryIntake, EnquiryTransfers, EnquiryReading, TransferWatch],
  exports: [EnquiryIntake, EnquiryTransfers, EnquiryReading, TransferWatch],
})
export class EnquiriesModule {
  constructor(figures: FiguresSources, pendingWork: PendingWorkRegistry, enquiries: EnquiryReading, transfers: EnquiryTransfers) {
    // A handover before an absence lists the transfers the holder has not yet taken over.
    pendingWork.register((m, staffId) => transfers.unacknowledged(m, staffId));
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
