import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SERVING_ROLES, type Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { CompleteRectificationDto, FollowUpDto, ListRectificationsQuery } from './rating.dto.js';
import { RectificationsService } from './rectifications.service.js';

/**
 * Rectifications after dissatisfied ratings (差评整改). Anyone of the unit reads them; the office head
 * assigned, their stand-in or a leader acts (checked by the service: a stand-in may hold any role).
 */
@ApiTags('rectifications')
@ApiBearerAuth()
@Controller('api/v1/rectifications')
export class RectificationsController {
  constructor(private readonly rectifications: RectificationsService) {}

  /** The unit's rectifications, newest first, by status and office; phones masked. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListRectificationsQuery) {
    return this.rectifications.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.rectifications.get(actor, p.id);
  }

  /** Records a follow-up call to the citizen (回访). */
  @Post(':id/follow-ups')
  @Idempotent()
  @HttpCode(201)
  @Roles(...SERVING_ROLES)
  followUp(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: FollowUpDto) {
    return this.rectifications.followUp(actor, p.id, dto);
  }

  /** Completes the rectification (after at least one follow-up call); its clock stops. */
  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  complete(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: CompleteRectificationDto) {
    return this.rectifications.complete(actor, p.id, dto);
  }
}
