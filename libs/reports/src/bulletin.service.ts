import { Injectable, type StreamableFile } from '@nestjs/common';
import { Clock, formatShanghaiDate, type Actor } from '@app/core';
import { DocumentsService, type PrintedDocument } from '@app/documents';
import type { SupervisionScope } from '@app/oversight';
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
    return this.drawUp(await this.reports.unitScope(actor), month);
  }

  /**
   * The whole unit's bulletin as the public may read it (政务公开): staff are named with their office, as
   * in the printed one, but without their badge numbers.
   */
  publicDocument(unitId: string, month: string): Promise<PrintedDocument> {
    return this.drawUp({ unitId, officeId: null }, month, { badges: false });
  }

  private async drawUp(scope: SupervisionScope, month: string, options: { badges: boolean } = { badges: true }): Promise<PrintedDocument> {
    const unitId = scope.unitId!;
    const period = monthPeriod(month);
    const [byOffice, byStaff, violations, units, checkpoint] = await Promise.all([
      this.reports.efficiencyIn(scope, { ...period, by: 'office' }),
      this.reports.efficiencyIn(scope, { ...period, by: 'staff' }),
      this.reports.violationReportIn(scope, period),
      this.directory.units([unitId]),
      this.audit.latestCheckpoint(unitId),
    ]);
    const bulletin = { unitName: units.get(unitId)?.name ?? '', month, byOffice, byStaff, violations, issuedOn: formatShanghaiDate(this.clock.now()), checkpoint };
    return bulletinDocument(bulletin, options);
  }

  async pdf(actor: Actor, month: string): Promise<StreamableFile> {
    return this.documents.file(await this.document(actor, month), `bulletin-${month}`);
  }
}
