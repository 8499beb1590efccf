import { Module } from '@nestjs/common';
import { OrganizationModule } from '@app/organization';
import { OversightModule } from '@app/oversight';
import { DocumentNumbers } from './document-numbers.js';
import { NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

@Module({
  imports: [OversightModule, OrganizationModule],
  controllers: [NoticesController],
  providers: [DocumentNumbers, NoticesService],
  exports: [DocumentNumbers, NoticesService],
})
export class NoticesModule {}
