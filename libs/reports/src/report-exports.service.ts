import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Actor } from '@app/core';
import { AuditService } from '@app/platform';
import { DataSource } from 'typeorm';

/**
 * Every export leaves the service with personal and performance data in a file nobody can recall: each
 * one is audited (who, which report, which format and filters, when).
 */
@Injectable()
export class ReportExports {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async record(actor: Actor, report: string, format: string, query: object): Promise<void> {
    await this.db.transaction((m) =>
      this.audit.record(m, { actor, unitId: actor.unitId, action: 'report.export', entity: 'report', entityId: report, after: { format, query } }),
    );
  }
}
