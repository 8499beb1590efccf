import { Module } from '@nestjs/common';
import { OrganizationModule } from '@app/organization';
import { AccountabilityService } from './accountability.service.js';
import { ViolationsController, ViolationTypesController } from './violations.controller.js';
import { ViolationsService } from './violations.service.js';

@Module({ imports: [OrganizationModule], controllers: [ViolationsController, ViolationTypesController], providers: [ViolationsService, AccountabilityService], exports: [ViolationsService, AccountabilityService] })
export class OversightModule {}
