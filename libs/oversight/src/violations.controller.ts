import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseIsoWithOffset, type Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { AccountabilityService } from './accountability.service.js';
import { violationTypes } from './violation-catalogue.js';
import { ConfirmViolationDto, DismissViolationDto, ListViolationsQuery, RegisterViolationDto } from './violation.dto.js';
import { ViolationsService } from './violations.service.js';

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('api/v1/violations')
export class ViolationsController {
  constructor(
    private readonly violations: ViolationsService,
    private readonly accountability: AccountabilityService,
  ) {}

  /**
   * The registry, newest first by when each occurred: a page `{items, total, page, pageSize}` like every list.
   * Inspectors read every unit, leaders their unit, office heads their own office (ViolationsService.readScope).
   */
  @Get()
  @Roles('inspector', 'leader', 'office_head')
  list(@CurrentActor() actor: Actor, @Query() q: ListViolationsQuery) {
    return this.violations.list(actor, {
      ...q,
      from: q.from ? parseIsoWithOffset(q.from)! : undefined,
      to: q.to ? parseIsoWithOffset(q.to)! : undefined,
    });
  }

  /** Registers a violation by hand (e.g. a verified complaint about conduct), with its evidence. */
  @Post()
  @HttpCode(201)
  @Roles('inspector')
  @Idempotent()
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterViolationDto) {
    return this.accountability.register(actor, dto);
  }

  /** One violation with the inspector's decision and the accountability recorded. */
  @Get(':id')
  @Roles('inspector', 'leader', 'office_head')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.accountability.get(actor, p.id);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('inspector')
  confirm(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ConfirmViolationDto) {
    return this.accountability.confirm(actor, p.id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Roles('inspector')
  dismiss(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: DismissViolationDto) {
    return this.accountability.dismiss(actor, p.id, dto);
  }
}

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('api/v1/violation-types')
export class ViolationTypesController {
  /** The catalogue: each type's stable code, name, description, rule and how it is detected. */
  @Get()
  list() {
    return violationTypes();
  }
}
