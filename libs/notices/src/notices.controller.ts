import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { DocumentsService } from '@app/documents';
import { CurrentActor, IdParam } from '@app/platform';
import { noticeDocument } from './notice-document.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@ApiBearerAuth()
@Controller('api/v1/notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly documents: DocumentsService,
  ) {}

  /** An archived one-time notice, as printed for the citizen. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.notices.get(actor, p.id);
  }

  /** The notice as printed for the citizen (一次性告知书). */
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  async pdf(@CurrentActor() actor: Actor, @Param() p: IdParam) {
    return this.documents.file(noticeDocument(await this.notices.printable(actor, p.id)), 'notice');
  }
}
