import { Module } from '@nestjs/common';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { ReportsModule } from '@app/reports';
import { EvaluationController } from './evaluation.controller.js';
import { EvaluationService } from './evaluation.service.js';
import { OfficeEvaluationController } from './office-evaluation.controller.js';
import { OfficeEvaluationService } from './office-evaluation.service.js';

/** Performance evaluation (绩效考评制) of staff and of offices, on the efficiency report's figures. */
@Module({
  imports: [OrganizationModule, OversightModule, ReportsModule],
  providers: [EvaluationService, OfficeEvaluationService],
  exports: [EvaluationService, OfficeEvaluationService],
})
export class EvaluationModule {}

@Module({ imports: [EvaluationModule], controllers: [EvaluationController, OfficeEvaluationController] })
export class EvaluationHttpModule {}
