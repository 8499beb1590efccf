import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, IdParam } from '@app/platform';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('api/v1/notices')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /** An archived one-time notice, as printed for the citizen. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.notices.get(actor, p.id);
  }
}
