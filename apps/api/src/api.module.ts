import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CatalogueModule } from '@app/catalogue';
import { EnquiriesModule } from '@app/enquiries';
import { OrganizationModule } from '@app/organization';

/** The api role: REST under /api/v1. Controllers live in the feature libs. */
@Module({ imports: [OrganizationModule, CatalogueModule, CalendarModule, EnquiriesModule] })
export class ApiModule {}
