import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { DocumentsService } from '@app/documents';
import { CurrentActor, Idempotent, IdParam, Roles } from '@app/platform';
import { rejectionNoticeDocument, returnSlipDocument } from './rejection-documents.js';
import { CreateFilingDto, DecisionDto, ListFilingsQuery, ReturnHandOverDto, ReturnParams, ReturnRequestDto } from './rejection.dto.js';
import { MaterialReturns } from './material-returns.usecase.js';
import { RejectionDecision } from './rejection-decision.usecase.js';
import { RejectionFiling } from './rejection-filing.usecase.js';
import { RejectionReading } from './rejection-reading.service.js';

@ApiTags('rejection filings')
@ApiBearerAuth()
@Controller('api/v1/rejection-filings')
export class RejectionsController {
  constructor(
    private readonly filing: RejectionFiling,
    private readonly decision: RejectionDecision,
    private readonly returns: MaterialReturns,
    private readonly reading: RejectionReading,
    private readonly documents: DocumentsService,
  ) {}

  /** Files a refusal of a case or of an enquiry refused at the window (否定报备). */
  @Post()
  @HttpCode(201)
  @Roles('clerk', 'handler', 'office_head', 'leader')
  @Idempotent()
  file(@CurrentActor() actor: Actor, @Body() dto: CreateFilingDto) {
    return this.filing.file(actor, dto);
  }

  /** The register: by period, office, staff, status and service item. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListFilingsQuery) {
    return this.reading.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.reading.get(actor, p.id);
  }

  /** The written notice to the citizen, once the refusal is in force. */
  @Get(':id/notice')
  notice(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.reading.notice(actor, p.id);
  }

  /** The notice as printed for the citizen (不予受理（许可）通知书). */
  @Get(':id/notice/pdf')
  @ApiProduces('application/pdf')
  async noticePdf(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.documents.file(rejectionNoticeDocument(await this.reading.notice(actor, p.id)), 'rejection-notice');
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('leader')
  decide(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: DecisionDto) {
    return this.decision.decide(actor, p.id, dto);
  }

  @Post(':id/material-returns')
  @Idempotent()
  @Roles('clerk', 'handler', 'office_head')
  requestReturn(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ReturnRequestDto) {
    return this.returns.request(actor, p.id, dto);
  }

  @Post(':id/material-returns/:returnId/hand-over')
  @HttpCode(200)
  @Roles('clerk', 'handler', 'office_head')
  handOver(@CurrentActor() actor: Actor, @Param() p: ReturnParams, @Body() dto: ReturnHandOverDto) {
    return this.returns.handOver(actor, p.id, p.returnId, dto);
  }

  /** 材料退还单, once the materials were handed over. */
  @Get(':id/material-returns/:returnId/pdf')
  @ApiProduces('application/pdf')
  async returnSlipPdf(@CurrentActor() actor: Actor, @Param() p: ReturnParams) {
    return this.documents.file(returnSlipDocument(await this.returns.slip(actor, p.id, p.returnId)), 'material-return');
  }
}
