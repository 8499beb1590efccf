import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { DeadlinesModule } from '@app/deadlines';
import { EnquiriesModule } from '@app/enquiries';
import { OrganizationModule } from '@app/organization';
import { PublicRatingsController } from './ratings.controller.js';
import { RatingsService } from './ratings.service.js';
import { RectificationsController } from './rectifications.controller.js';
import { RectificationsService } from './rectifications.service.js';

/** Citizen ratings (好差评) and rectifications (差评整改). Their clocks fire through the deadlines timers. */
@Module({
  imports: [CalendarModule, CasesModule, DeadlinesModule, EnquiriesModule, OrganizationModule],
  controllers: [PublicRatingsController, RectificationsController],
  providers: [RatingsService, RectificationsService],
  exports: [RatingsService, RectificationsService],
})
export class RatingsModule {}
