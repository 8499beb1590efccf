import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { DeadlinesModule } from '@app/deadlines';
import { EnquiriesModule } from '@app/enquiries';
import { OrganizationModule } from '@app/organization';
import { ComplaintsController } from './complaints.controller.js';
import { ComplaintsService } from './complaints.service.js';

/** Registered complaints and reports (投诉/举报). Their clocks fire through the deadlines timers. */
@Module({
  imports: [CalendarModule, DeadlinesModule, EnquiriesModule, OrganizationModule],
  providers: [ComplaintsService],
  exports: [ComplaintsService],
})
export class ComplaintsModule {}

@Module({ imports: [ComplaintsModule], controllers: [ComplaintsController] })
export class ComplaintsHttpModule {}
