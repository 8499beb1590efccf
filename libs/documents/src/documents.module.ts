import { Module } from '@nestjs/common';
import { DocumentsService } from './documents.service.js';

/** Printed documents (PDF) for the feature libraries; it knows none of them. */
@Module({
  providers: [DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
