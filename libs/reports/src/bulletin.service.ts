import { Injectable, type StreamableFile } from '@nestjs/common';
import { Clock, formatShanghaiDate, type Actor } from '@app/core';
import { DocumentsService, type PrintedDocument } from '@app/documents';
import { AuditService, StaffDirectory } from '@app/platform';
import { bulletinDocument, monthPeriod } from './bulletin.js';
import { ReportsService } from './reports.service.js';

/** 效能通报: the month's figures of the actor's unit (an office head's: their office), printed. */
@Injectable()
export class BulletinService {
  constructor(
    private readonly clock: Clock,
    private readonly reports: ReportsService,
    private readonly directory: StaffDirectory,
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
  ) {}

  async document(actor: Actor, month: string): Promise<PrintedDocument> {
    // A bulletin is a unit's: an inspector's covers the unit they belong to.
    const scope = await this.reports.unitScope(actor);
    const period = monthPeriod(month);
    const [byOffice, byStaff, violations, units, checkpoint] = await Promise.all([
      this.reports.efficiencyIn(scope, { ...period, by: 'office' }),
      this.reports.efficiencyIn(scope, { ...period, by: 'staff' }),
      this.reports.violationReportIn(scope, period),
      this.directory.units([actor.unitId]),
      this.audit.latestCheckpoint(actor.unitId),
    ]);
    return bulletinDocument({ unitName: units.get(actor.unitId)?.name ?? '', month, byOffice, byStaff, violations, issuedOn: formatShanghaiDate(this.clock.now()), checkpoint });
  }

  async pdf(actor: Actor, month: string): Promise<StreamableFile> {
    return this.documents.file(await this.document(actor, month), `bulletin-${month}`);
  }
}
