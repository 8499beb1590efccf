import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { PeriodicTask } from '@app/platform';
import { RejectionWatch } from './rejection-watch.js';
import { RejectionsController } from './rejections.controller.js';
import { RejectionsService } from './rejections.service.js';

@Module({
  imports: [CalendarModule, CasesModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, NoticesModule, OrganizationModule, OversightModule],
  controllers: [RejectionsController],
  providers: [RejectionsService, RejectionWatch],
  exports: [RejectionsService, RejectionWatch],
})
export class RejectionsModule {}

/** The watch itself, on a schedule. Only the worker role imports this. */
@Module({
  imports: [RejectionsModule],
  providers: [
    PeriodicTask(RejectionWatch, 'rejection watch', async (watch, logger) => {
      const recorded = await watch.check();
      if (recorded > 0) logger.warn({ recorded }, 'refusals at the window not filed');
    }),
  ],
})
export class RejectionWatchModule {}
