import { Module } from '@nestjs/common';
import { CasesModule } from '@app/cases';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { PeriodicTask } from '@app/platform';
import { RatingsModule } from '@app/ratings';
import { RejectionsModule } from '@app/rejections';
import { BulletinService } from './bulletin.service.js';
import { FiguresRollup } from './figures-rollup.service.js';
import { FiguresSources } from './figures-sources.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/** Reports over every feature lib's figures; it sits on top: nothing but the apps imports it. */
@Module({
  imports: [OrganizationModule, EnquiriesModule, CasesModule, NoticesModule, RejectionsModule, RatingsModule, OversightModule, DocumentsModule],
  controllers: [ReportsController],
  providers: [ReportsService, BulletinService, FiguresSources, FiguresRollup],
  exports: [ReportsService, FiguresRollup],
})
export class ReportsModule {}

/** The daily rollup kept up to date: only the worker role imports this. */
@Module({
  imports: [ReportsModule],
  providers: [
    // Catches the rollup up at start-up and every SWEEP_INTERVAL_SECONDS (a no-op once yesterday is in).
    PeriodicTask(FiguresRollup, 'figures rollup', async (rollup, logger) => {
      const first = await rollup.firstDay();
      if (!first) return;
      const days = await rollup.catchUp(first);
      if (days.length > 0) logger.log({ days: days.length, last: days[days.length - 1] }, 'efficiency figures rolled up');
    }),
  ],
})
export class FiguresRollupModule {}
