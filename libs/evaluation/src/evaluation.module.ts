import { Module } from '@nestjs/common';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { ReportsModule } from '@app/reports';
import { EvaluationController } from './evaluation.controller.js';
import { EvaluationService } from './evaluation.service.js';

/** Performance evaluation (绩效考评制), on the efficiency report's figures. */
@Module({
  imports: [OrganizationModule, OversightModule, ReportsModule],
  providers: [EvaluationService],
  exports: [EvaluationService],
})
export class EvaluationModule {}

@Module({ imports: [EvaluationModule], controllers: [EvaluationController] })
export class EvaluationHttpModule {}
