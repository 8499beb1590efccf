import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SERVING_ROLES, type Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { AssignComplaintDto, CallbackDto, ListComplaintsQuery, ReplyDto } from './complaint.dto.js';
import { ComplaintsService } from './complaints.service.js';

/** Registered complaints and reports (投诉/举报): assigned, replied to, called back. */
@ApiTags('complaints')
@ApiBearerAuth()
@Controller('api/v1/complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  /** Gives a registered complaint or report its handler and starts its clock. */
  @Post()
  @Roles('office_head', 'leader')
  @Idempotent()
  assign(@CurrentActor() actor: Actor, @Body() dto: AssignComplaintDto) {
    return this.complaints.assign(actor, dto);
  }

  /** Masked phones; for the staff who serve the unit and the inspectors, not for admins (they manage, they do not serve). */
  @Get()
  @Roles(...SERVING_ROLES, 'inspector')
  list(@CurrentActor() actor: Actor, @Query() q: ListComplaintsQuery) {
    return this.complaints.list(actor, q);
  }

  @Get(':id')
  @Roles(...SERVING_ROLES, 'inspector')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.complaints.get(actor, p.id);
  }

  /** By its handler (or their stand-in), an office head or a leader: the service checks which. */
  @Post(':id/reply')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  reply(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ReplyDto) {
    return this.complaints.reply(actor, p.id, dto);
  }

  /** 回访: whether the citizen is satisfied with the reply. */
  @Post(':id/callback')
  @HttpCode(200)
  @Roles('office_head', 'leader', 'clerk')
  callback(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: CallbackDto) {
    return this.complaints.callback(actor, p.id, dto);
  }
}
