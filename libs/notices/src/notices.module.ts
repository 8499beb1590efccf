import { Module } from '@nestjs/common';
import { CatalogueModule } from '@app/catalogue';
import { DocumentsModule } from '@app/documents';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { DocumentNumbers } from './document-numbers.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

@Module({
  imports: [CatalogueModule, DocumentsModule, OversightModule, OrganizationModule],
  controllers: [NoticesController],
  providers: [DocumentNumbers, NoticesService],
  exports: [DocumentNumbers, NoticesService],
})
export class NoticesModule {}
