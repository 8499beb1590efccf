import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { DocumentsService } from '@app/documents';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { IsIn, IsOptional } from 'class-validator';
import { badgeCard } from './badge-card.js';
import { BADGE_STATUSES, type BadgeStatus } from './badge-rules.js';
import { IssueBadgeDto, WithdrawBadgeDto } from './badge.dto.js';
import { BadgesService } from './badges.service.js';

class ListBadgesQuery {
  @ApiPropertyOptional({ enum: BADGE_STATUSES }) @IsOptional() @IsIn(BADGE_STATUSES) status?: BadgeStatus;
}

/** 持证上岗: work badges (上岗证). */
@ApiTags('badges')
@ApiBearerAuth()
@Controller('api/v1/badges')
export class BadgesController {
  constructor(
    private readonly badges: BadgesService,
    private readonly documents: DocumentsService,
  ) {}

  @Idempotent()
  @Post()
  @HttpCode(201)
  @Roles('admin', 'office_head')
  issue(@CurrentActor() actor: Actor, @Body() dto: IssueBadgeDto) {
    return this.badges.issue(actor, dto);
  }

  @Get()
  @Roles('admin', 'office_head', 'leader', 'inspector')
  list(@CurrentActor() actor: Actor, @Query() q: ListBadgesQuery) {
    return this.badges.list(actor, q.status);
  }

  /** Everyone's own badges, valid and withdrawn. */
  @Get('mine')
  mine(@CurrentActor() actor: Actor) {
    return this.badges.mine(actor);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.badges.get(actor, p.id);
  }

  /** The card as printed (上岗证); a withdrawn badge is not printed (409). */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  async pdf(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.documents.file(badgeCard(await this.badges.printable(actor, p.id)), 'badge');
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('admin', 'office_head')
  withdraw(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: WithdrawBadgeDto) {
    return this.badges.withdraw(actor, p.id, dto);
  }
}
