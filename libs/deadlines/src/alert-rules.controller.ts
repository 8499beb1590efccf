import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Roles } from '@app/platform';
import { AlertRuleDto } from './alert-rule.dto.js';
import { AlertRules } from './alert-rules.service.js';

/** The unit's 电子监察 thresholds: read by all its staff, set by its admin; clocks already running keep theirs. */
@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('api/v1/alert-rule')
export class AlertRulesController {
  constructor(private readonly rules: AlertRules) {}

  @Get()
  get(@CurrentActor() actor: Actor) {
    return this.rules.view(actor.unitId);
  }

  @Put()
  @Roles('admin')
  set(@CurrentActor() actor: Actor, @Body() dto: AlertRuleDto) {
    return this.rules.set(actor, {
      warningShare: dto.warningShare ?? null,
      warningBeforeDue: dto.warningBeforeDue ?? null,
      overdueOfficeHead: dto.overdueOfficeHead,
      overdueLeader: dto.overdueLeader,
      overdueInspector: dto.overdueInspector,
    });
  }

  /** Back to the installation's default. */
  @Delete()
  @Roles('admin')
  reset(@CurrentActor() actor: Actor) {
    return this.rules.reset(actor);
  }
}
