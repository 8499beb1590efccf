import { Module } from '@nestjs/common';
import { EvaluationModule } from '@app/evaluation';
import { OrganizationModule } from '@app/organization';
import { ReportsModule } from '@app/reports';
import { PublicBulletinController, PublicReleasesController } from './public-releases.controller.js';
import { PublicReleasesService } from './public-releases.service.js';

/** 政务公开: the monthly bulletin and the published evaluations, on a unit's public page. */
@Module({
  imports: [OrganizationModule, ReportsModule, EvaluationModule],
  providers: [PublicReleasesService],
  exports: [PublicReleasesService],
})
export class TransparencyModule {}

@Module({ imports: [TransparencyModule], controllers: [PublicReleasesController, PublicBulletinController] })
export class TransparencyHttpModule {}
