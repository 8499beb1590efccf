import { Module } from '@nestjs/common';
import { DocumentNumbers } from './document-numbers.js';
import { DocumentsService } from './documents.service.js';

/** Printed documents (PDF) and their numbering, for the feature libraries; it knows none of them. */
@Module({
  providers: [DocumentsService, DocumentNumbers],
  exports: [DocumentsService, DocumentNumbers],
})
export class DocumentsModule {}
