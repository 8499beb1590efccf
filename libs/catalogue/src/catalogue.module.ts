import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { CatalogueController, ServiceGuideController } from './catalogue.controller.js';
import { CatalogueService } from './catalogue.service.js';
import { ServiceItem } from './service-item.entity.js';

/** Service items and the commitment rule (服务承诺制). Offices are checked through the StaffDirectory port. */
@Module({
  imports: [TypeOrmModule.forFeature([ServiceItem]), CalendarModule],
  providers: [CatalogueService],
  exports: [CatalogueService],
})
export class CatalogueModule {}

@Module({ imports: [CatalogueModule], controllers: [CatalogueController, ServiceGuideController] })
export class CatalogueHttpModule {}
