import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '@app/core';
import { CurrentActor, Roles } from '@app/platform';
import { VIOLATION_TYPES, ViolationsService, type ViolationType } from './violations.service.js';

class ViolationQuery {
  @IsOptional() @IsUUID() caseId?: string;
  @IsOptional() @IsUUID() staffId?: string;
  @IsOptional() @IsIn(Object.keys(VIOLATION_TYPES)) type?: ViolationType;
}

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('api/v1/violations')
export class ViolationsController {
  constructor(private readonly violations: ViolationsService) {}

  /** The registry, newest first (up to 500; the inspector's reports come with the oversight work). */
  @Get()
  @Roles('inspector', 'leader', 'office_head', 'admin')
  list(@CurrentActor() actor: Actor, @Query() q: ViolationQuery) {
    return this.violations.list(actor, q);
  }
}
