import { Module } from '@nestjs/common';
import { DocumentsModule } from '@app/documents';
import { OrganizationModule } from '@app/organization';
import { BadgesController } from './badges.controller.js';
import { BadgesService } from './badges.service.js';

/** 持证上岗: badges, withdrawn when organization reports their holder leaving the post. */
@Module({ imports: [OrganizationModule, DocumentsModule], providers: [BadgesService], exports: [BadgesService] })
export class BadgesModule {}

@Module({ imports: [BadgesModule, DocumentsModule], controllers: [BadgesController] })
export class BadgesHttpModule {}
