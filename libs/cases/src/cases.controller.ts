import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { SERVING_ROLES, type Actor } from '@app/core';
import { DocumentsService } from '@app/documents';
import { CurrentActor, Idempotent, IdParam, PublicLookup, Roles } from '@app/platform';
import {
  CompleteDto,
  CreateCaseDto,
  ExtensionDecisionDto,
  ExtensionParams,
  ExtensionRequestDto,
  IssueNoticeDto,
  ListCasesQuery,
  PublicLookupParams,
  PublicLookupQuery,
  PublicNoticeParams,
  PublicNoticeQuery,
  ReasonDto,
  ReassignDto,
  SupplementDto,
} from './case.dto.js';
import { extensionNoticeDocument, receiptDocument } from './case-documents.js';
import { CaseExtensions } from './case-extensions.usecase.js';
import { CaseHandling } from './case-handling.usecase.js';
import { CaseIntake } from './case-intake.usecase.js';
import { CaseReading } from './case-reading.service.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/v1/cases')
export class CasesController {
  constructor(
    private readonly intake: CaseIntake,
    private readonly handling: CaseHandling,
    private readonly extensions: CaseExtensions,
    private readonly reading: CaseReading,
    private readonly documents: DocumentsService,
  ) {}

  /** Receives an application: accepted with a receipt, or one written notice of what is missing. */
  @Post()
  @Idempotent()
  @Roles('clerk', 'handler', 'office_head')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCaseDto) {
    return this.intake.create(actor, dto);
  }

  /** What the intake would give: complete, or what the one-time notice would list. Writes nothing. */
  @Post('preview')
  @HttpCode(200)
  @Roles('clerk', 'handler', 'office_head')
  preview(@CurrentActor() actor: Actor, @Body() dto: CreateCaseDto) {
    return this.intake.preview(actor, dto);
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ListCasesQuery) {
    return this.reading.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.reading.get(actor, p.id);
  }

  @Get(':id/receipt')
  receipt(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.reading.receipt(actor, p.id);
  }

  /** The receipt as printed for the citizen (收件回执). */
  @Get(':id/receipt/pdf')
  @ApiProduces('application/pdf')
  async receiptPdf(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.documents.file(receiptDocument(await this.reading.receipt(actor, p.id)), 'receipt');
  }

  @Post(':id/materials')
  @HttpCode(200)
  @Roles('clerk', 'handler', 'office_head')
  supplement(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: SupplementDto) {
    return this.intake.supplement(actor, p.id, dto.materials);
  }

  @Post(':id/notices')
  @Idempotent()
  @Roles('clerk', 'handler', 'office_head')
  issueNotice(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: IssueNoticeDto) {
    return this.intake.issueNotice(actor, p.id, dto.items);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  start(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.handling.start(actor, p.id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  complete(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: CompleteDto) {
    return this.handling.complete(actor, p.id, dto.result);
  }

  /** The handler, their stand-in (any role while standing in) or the office head of the case's office; the citizen's reason. */
  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  withdraw(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ReasonDto) {
    return this.handling.withdraw(actor, p.id, dto.reason);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @Roles('office_head', 'leader')
  reassign(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ReassignDto) {
    return this.handling.reassign(actor, p.id, dto.handlerId);
  }

  /** Stops the clock while waiting for the citizen; paused time does not count. */
  @Post(':id/pause')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  pause(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ReasonDto) {
    return this.handling.pause(actor, p.id, dto.reason);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Roles(...SERVING_ROLES)
  resume(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.handling.resume(actor, p.id);
  }

  @Post(':id/extensions')
  @Roles(...SERVING_ROLES)
  @Idempotent()
  requestExtension(@CurrentActor() actor: Actor, @Param() p: IdParam, @Body() dto: ExtensionRequestDto) {
    return this.extensions.request(actor, p.id, dto);
  }

  @Get(':id/extensions/:extensionId')
  extension(@CurrentActor() actor: Actor, @Param() p: ExtensionParams) {
    return this.reading.extension(actor, p.id, p.extensionId);
  }

  /** 延期办理告知书, once a leader approved the extension. */
  @Get(':id/extensions/:extensionId/pdf')
  @ApiProduces('application/pdf')
  async extensionPdf(@CurrentActor() actor: Actor, @Param() p: ExtensionParams) {
    return this.documents.file(extensionNoticeDocument(await this.reading.get(actor, p.id), p.extensionId), 'extension-notice');
  }

  @Post(':id/extensions/:extensionId/decision')
  @HttpCode(200)
  @Roles('leader')
  decideExtension(@CurrentActor() actor: Actor, @Param() p: ExtensionParams, @Body() dto: ExtensionDecisionDto) {
    return this.extensions.decide(actor, p.id, p.extensionId, dto);
  }
}

/** The citizen looks a case up with the receipt number and query code: status and promised time only. */
@ApiTags('public')
@Controller('api/v1/public/cases')
export class PublicCasesController {
  constructor(private readonly reading: CaseReading) {}

  @Get(':receiptNo')
  @PublicLookup()
  lookup(@Param() p: PublicLookupParams, @Query() q: PublicLookupQuery) {
    return this.reading.publicLookup(p.receiptNo, q.code);
  }
}

/** The citizen holding a one-time notice looks it up with its number and query code (一次性告知书). */
@ApiTags('public')
@Controller('api/v1/public/notices')
export class PublicNoticesController {
  constructor(private readonly reading: CaseReading) {}

  @Get(':number')
  @PublicLookup()
  lookup(@Param() p: PublicNoticeParams, @Query() q: PublicNoticeQuery) {
    return this.reading.publicNoticeLookup(p.number, q.code);
  }
}
