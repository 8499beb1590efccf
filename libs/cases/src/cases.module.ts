import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CatalogueModule } from '@app/catalogue';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { EnquiriesModule } from '@app/enquiries';
import { NoticesModule } from '@app/notices';
import { OrganizationModule } from '@app/organization';
import { CasesController, PublicCasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({
  imports: [CalendarModule, CatalogueModule, DeadlinesModule, DocumentsModule, EnquiriesModule, NoticesModule, OrganizationModule],
  controllers: [CasesController, PublicCasesController],
  providers: [CasesService],
  exports: [CasesService],
})
export class CasesModule {}
