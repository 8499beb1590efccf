import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Idempotent, Public, Roles } from '@app/platform';
import { ServiceItemCodeParam, ServiceItemDto } from './catalogue.dto.js';
import { CatalogueService } from './catalogue.service.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('api/v1/services')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  /** Every item of the caller's unit, inactive ones included. */
  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.catalogue.list(actor.unitId, false);
  }

  @Get(':code')
  get(@CurrentActor() actor: Actor, @Param() p: ServiceItemCodeParam) {
    return this.catalogue.get(p.code, { unitId: actor.unitId });
  }

  @Post()
  @Idempotent()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: ServiceItemDto) {
    return this.catalogue.create(actor, actor.unitId, dto);
  }

  @Put(':code')
  @Roles('admin')
  replace(@CurrentActor() actor: Actor, @Param() p: ServiceItemCodeParam, @Body() dto: ServiceItemDto) {
    return this.catalogue.replace(actor, p.code, dto);
  }
}

/** The public service guide (办事指南): no login, active items only. */
@ApiTags('public')
@Controller('api/v1/public/services')
export class ServiceGuideController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @Public()
  list() {
    return this.catalogue.list(null, true);
  }

  @Get(':code')
  @Public()
  get(@Param() p: ServiceItemCodeParam) {
    return this.catalogue.get(p.code, { activeOnly: true });
  }
}
