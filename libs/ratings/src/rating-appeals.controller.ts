import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { DecideAppealDto, FileAppealDto, RatingSettingsDto } from './rating-appeal.dto.js';
import { RatingAppeals } from './rating-appeals.service.js';

/** 好差评申诉: the office rated appeals, an inspector decides. */
@ApiTags('rectifications')
@ApiBearerAuth()
@Controller('api/v1/rating-appeals')
export class RatingAppealsController {
  constructor(private readonly appeals: RatingAppeals) {}

  @Post()
  @HttpCode(201)
  @Idempotent()
  @Roles('office_head', 'leader')
  file(@CurrentActor() actor: Actor, @Body() dto: FileAppealDto) {
    return this.appeals.file(actor, dto);
  }

  @Get()
  @Roles('office_head', 'leader', 'inspector', 'admin')
  list(@CurrentActor() actor: Actor) {
    return this.appeals.list(actor);
  }

  /** Upheld: the rating leaves the figures and stays on record; its open rectification is annulled. */
  @Post(':id/decision')
  @HttpCode(200)
  @Roles('inspector')
  decide(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: DecideAppealDto) {
    return this.appeals.decide(actor, p.id, dto);
  }
}

/** The unit's rectification limit (default 15 working days; some provinces use 5 or 7). */
@ApiTags('rectifications')
@ApiBearerAuth()
@Controller('api/v1/rating-settings')
export class RatingSettingsController {
  constructor(private readonly appeals: RatingAppeals) {}

  @Get()
  get(@CurrentActor() actor: Actor) {
    return this.appeals.settings(actor);
  }

  @Put()
  @Roles('admin')
  set(@CurrentActor() actor: Actor, @Body() dto: RatingSettingsDto) {
    return this.appeals.setSettings(actor, dto);
  }
}
