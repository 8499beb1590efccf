import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { DraftDto, ListEvaluationsQuery } from './evaluation.dto.js';
import { AspectScoresDto, OfficeResultParams, OfficeSchemeDto, VerificationDto } from './office-evaluation.dto.js';
import { OfficeEvaluationService } from './office-evaluation.service.js';

/** 对机关各部门的绩效考评: leaders draft, score, review and publish; inspectors verify a failing office. */
@ApiTags('performance evaluation')
@ApiBearerAuth()
@Controller('api/v1/office-evaluations')
export class OfficeEvaluationController {
  constructor(private readonly evaluation: OfficeEvaluationService) {}

  /** The unit's weights of the four aspects and of 领导评议 against 群众评议 (the thresholds: the staff scheme's). */
  @Get('scheme')
  @Roles('leader', 'office_head', 'inspector', 'admin')
  scheme(@CurrentActor() actor: Actor) {
    return this.evaluation.weights(actor.unitId);
  }

  @Put('scheme')
  @Roles('leader', 'admin')
  setScheme(@CurrentActor() actor: Actor, @Body() dto: OfficeSchemeDto) {
    return this.evaluation.setWeights(actor, dto);
  }

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

  /** 领导评议: the calling leader's scores of one office on the four aspects. */
  @Put(':id/offices/:officeId/leader-score')
  @Roles('leader')
  score(@CurrentActor() actor: Actor, @Param() p: OfficeResultParams, @Body() dto: AspectScoresDto) {
    return this.evaluation.scoreByLeader(actor, p.id, p.officeId, dto);
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

  /** 组织核查 of an office that failed: the inspector's finding and the follow-up, once. */
  @Put(':id/offices/:officeId/verification')
  @Roles('inspector')
  verify(@CurrentActor() actor: Actor, @Param() p: OfficeResultParams, @Body() dto: VerificationDto) {
    return this.evaluation.verify(actor, p.id, p.officeId, dto);
  }
}
