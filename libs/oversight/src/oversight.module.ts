import { Module } from '@nestjs/common';
import { OrganizationModule } from '@app/organization';
import { AccountabilityService } from './accountability.service.js';
import { ViolationsController, ViolationTypesController } from './violations.controller.js';
import { ViolationReports } from './violation-report.service.js';
import { ViolationsService } from './violations.service.js';

@Module({ imports: [OrganizationModule], controllers: [ViolationsController, ViolationTypesController], providers: [ViolationsService, AccountabilityService, ViolationReports], exports: [ViolationsService, AccountabilityService, ViolationReports] })
export class OversightModule {}
