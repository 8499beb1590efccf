import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SERVING_ROLES, type Actor } from '@app/core';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { CreateEnquiryDto, ListEnquiriesQuery } from './enquiry.dto.js';
import { EnquiryIntake } from './enquiry-intake.usecase.js';
import { EnquiryReading } from './enquiry-reading.service.js';
import { EnquiryTransfers } from './enquiry-transfers.service.js';

@ApiTags('enquiries')
@ApiBearerAuth()
@Controller('api/v1/enquiries')
export class EnquiriesController {
  constructor(
    private readonly intake: EnquiryIntake,
    private readonly transfers: EnquiryTransfers,
    private readonly reading: EnquiryReading,
  ) {}

  /** Logs a contact; the caller is its first responder (never an inspector or an admin: they do not serve at the window). */
  @Post()
  @HttpCode(201)
  @Roles(...SERVING_ROLES)
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateEnquiryDto) {
    return this.intake.create(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListEnquiriesQuery) {
    return this.reading.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.reading.get(actor, p.id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  acknowledge(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.transfers.acknowledge(actor, p.id);
  }
}
