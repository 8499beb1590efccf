import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { SERVING_ROLES, type Actor } from '@app/core';
import { CurrentActor, IdParam, Roles } from '@app/platform';
import type { FastifyReply } from 'fastify';
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
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first result' })
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateEnquiryDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { enquiry, replayed } = await this.intake.create(actor, dto, key);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return enquiry;
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
