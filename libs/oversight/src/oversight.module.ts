import { Module } from '@nestjs/common';
import { AccountabilityService } from './accountability.service.js';
import { ViolationsController, ViolationTypesController } from './violations.controller.js';
import { ViolationReports } from './violation-report.service.js';
import { ViolationsService } from './violations.service.js';

/**
 * The violation registry (失职追究制) and the inspector's decisions. Low in the graph: the libraries whose
 * rules detect violations write here; it imports none of them (staff names come through StaffDirectory).
 */
@Module({ providers: [ViolationsService, AccountabilityService, ViolationReports], exports: [ViolationsService, AccountabilityService, ViolationReports] })
export class OversightModule {}

@Module({ imports: [OversightModule], controllers: [ViolationsController, ViolationTypesController] })
export class OversightHttpModule {}
