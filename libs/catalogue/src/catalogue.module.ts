import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarModule } from '@app/calendar';
import { OrganizationModule } from '@app/organization';
import { CatalogueController, ServiceGuideController } from './catalogue.controller.js';
import { CatalogueService } from './catalogue.service.js';
import { ServiceItem } from './service-item.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([ServiceItem]), OrganizationModule, CalendarModule],
  controllers: [CatalogueController, ServiceGuideController],
  providers: [CatalogueService],
  exports: [CatalogueService],
})
export class CatalogueModule {}
