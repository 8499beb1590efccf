import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { BatchQualitiesDto, DraftDto, ListEvaluationsQuery, QualitiesDto, ResultParams, SchemeDto } from './evaluation.dto.js';
import { EvaluationService } from './evaluation.service.js';

@ApiTags('performance evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluations')
export class EvaluationController {
  constructor(private readonly evaluation: EvaluationService) {}

  /** The unit's weights, thresholds and 优秀 cap. */
  @Get('scheme')
  @Roles('leader', 'office_head', 'inspector', 'admin')
  scheme(@CurrentActor() actor: Actor) {
    return this.evaluation.scheme(actor.unitId);
  }

  @Put('scheme')
  @Roles('leader', 'admin')
  setScheme(@CurrentActor() actor: Actor, @Body() dto: SchemeDto) {
    return this.evaluation.setScheme(actor, dto);
  }

  /** The caller's own published results, with the figures behind them. */
  @Get('mine')
  mine(@CurrentActor() actor: Actor) {
    return this.evaluation.mine(actor);
  }

  /** The unit's evaluations (paged, newest period first), to open one by its id. */
  @Get()
  @Roles('leader', 'office_head', 'inspector')
  list(@CurrentActor() actor: Actor, @Query() q: ListEvaluationsQuery) {
    return this.evaluation.list(actor, q);
  }

  @Post()
  @Idempotent()
  @Roles('leader')
  draft(@CurrentActor() actor: Actor, @Body() dto: DraftDto) {
    return this.evaluation.draft(actor, dto.period);
  }

  @Get(':id')
  @Roles('leader', 'office_head', 'inspector')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.evaluation.get(actor, p.id);
  }

  @Put(':id/results/:staffId/qualitative')
  @Roles('leader')
  score(@CurrentActor() actor: Actor, @Param() p: ResultParams, @Body() dto: QualitiesDto) {
    return this.evaluation.scoreQualities(actor, p.id, p.staffId, dto);
  }

  /** Qualitative scores of several staff (a whole office) in one request: all written, or none. */
  @Put(':id/qualitative')
  @Roles('leader')
  scoreMany(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: BatchQualitiesDto) {
    return this.evaluation.scoreMany(actor, p.id, dto);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('leader')
  review(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.evaluation.review(actor, p.id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('leader')
  publish(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.evaluation.publish(actor, p.id);
  }
}
