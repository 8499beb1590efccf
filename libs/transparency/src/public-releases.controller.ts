import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, PublicLookup, Roles } from '@app/platform';
import { PublicBulletinParams, PublicEvaluationParams, PublicUnitParams, ReleaseDto } from './public-release.dto.js';
import { PublicReleasesService } from './public-releases.service.js';

/** 政务公开: the unit's admin chooses what is public. */
@ApiTags('public affairs (政务公开)')
@ApiBearerAuth()
@Controller('api/v1/public-releases')
export class PublicReleasesController {
  constructor(private readonly releases: PublicReleasesService) {}

  @Get()
  @Roles('admin')
  list(@CurrentActor() actor: Actor) {
    return this.releases.list(actor);
  }

  @Post()
  @Idempotent()
  @Roles('admin')
  release(@CurrentActor() actor: Actor, @Body() dto: ReleaseDto) {
    return this.releases.release(actor, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  async withdraw(@CurrentActor() actor: Actor, @Param() p: IdParam): Promise<void> {
    await this.releases.withdraw(actor, p.id);
  }
}

/** The public page of a unit (no login, throttled like the citizens' lookups): only what was released. */
@ApiTags('public')
@Controller('api/v1/public/units/:code')
export class PublicBulletinController {
  constructor(private readonly releases: PublicReleasesService) {}

  @Get('bulletin')
  @PublicLookup()
  index(@Param() p: PublicUnitParams) {
    return this.releases.index(p.code);
  }

  @Get('bulletins/:month')
  @PublicLookup()
  bulletin(@Param() p: PublicBulletinParams) {
    return this.releases.bulletin(p.code, p.month);
  }

  @Get('staff-evaluations/:period')
  @PublicLookup()
  staff(@Param() p: PublicEvaluationParams) {
    return this.releases.staffResults(p.code, p.period);
  }

  @Get('office-evaluations/:period')
  @PublicLookup()
  offices(@Param() p: PublicEvaluationParams) {
    return this.releases.officeResults(p.code, p.period);
  }
}
