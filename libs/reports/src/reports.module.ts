import { Module } from '@nestjs/common';
import { DocumentsModule } from '@app/documents';
import { OversightModule } from '@app/oversight';
import { BulletinService } from './bulletin.service.js';
import { CaseNumbers } from './case-numbers.js';
import { FiguresRollup } from './figures-rollup.service.js';
import { FiguresSources } from './figures-sources.service.js';
import { ReportExports } from './report-exports.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

/**
 * Reports over the efficiency figures, the daily rollup and the monthly bulletin. The libraries that own
 * the records import this one to register their figures (FiguresSources), so it imports none of them;
 * names come through the StaffDirectory port.
 */
@Module({
  imports: [OversightModule, DocumentsModule],
  providers: [ReportsService, BulletinService, FiguresSources, FiguresRollup, CaseNumbers],
  exports: [ReportsService, BulletinService, FiguresSources, FiguresRollup, CaseNumbers],
})
export class ReportsModule {}

@Module({ imports: [ReportsModule, DocumentsModule], providers: [ReportExports], controllers: [ReportsController] })
export class ReportsHttpModule {}
