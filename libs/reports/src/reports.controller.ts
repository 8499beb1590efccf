import { Controller, Get, Query, Res, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/core';
import { CurrentActor, Roles } from '@app/platform';
import type { FastifyReply } from 'fastify';
import { attachment, CONTENT_TYPES, toCsv, toXlsx, type ExportFormat, type ReportTable } from './export-formats.js';
import { BulletinQuery, EfficiencyQuery, ViolationItemsQuery, ViolationReportQuery } from './report.dto.js';
import { efficiencyTable, violationItemTable, violationTables } from './report-tables.js';
import { ReportExports } from './report-exports.service.js';
import { ReportsService } from './reports.service.js';
import { BulletinService } from './bulletin.service.js';

const PRODUCES = ['application/json', CONTENT_TYPES.csv, CONTENT_TYPES.xlsx];

/** Reports (inspectors: every unit; leaders: their unit; office heads: their office), as JSON, CSV or XLSX. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/v1/reports')
@Roles('inspector', 'leader', 'office_head')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly bulletins: BulletinService,
    private readonly exports: ReportExports,
  ) {}

  /** Violations counted by office, staff and type (with names), and by the inspector's decision. */
  @Get('violations')
  @ApiProduces(...PRODUCES)
  async violations(@CurrentActor() actor: Actor, @Query() q: ViolationReportQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.violationReport(actor, q);
    return this.exported(actor, q, reply, report, () => violationTables(report), `violations-${span(q)}`, `违规统计-${span(q)}`);
  }

  /** The drill-down: each violation with its evidence, newest first, a page at a time. */
  @Get('violations/items')
  @ApiProduces(...PRODUCES)
  async violationItems(@CurrentActor() actor: Actor, @Query() q: ViolationItemsQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.reports.violationItems(actor, q);
    return this.exported(actor, q, reply, page, () => [violationItemTable(page.items)], `violation-items-${span(q)}`, `违规明细-${span(q)}`);
  }

  /** Efficiency figures per office or staff member (绩效考评 quantitative part). */
  @Get('efficiency')
  @ApiProduces(...PRODUCES)
  async efficiency(@CurrentActor() actor: Actor, @Query() q: EfficiencyQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.reports.efficiency(actor, q);
    const by = report.by === 'staff' ? '按人员' : '按科室';
    return this.exported(actor, q, reply, report, () => [efficiencyTable(report)], `efficiency-${report.by}-${span(q)}`, `效能统计${by}-${span(q)}`);
  }

  /** 效能通报: the unit's monthly efficiency bulletin, as a PDF (or its content as JSON). */
  @Get('bulletin')
  @ApiProduces('application/pdf', 'application/json')
  async bulletin(@CurrentActor() actor: Actor, @Query() q: BulletinQuery): Promise<StreamableFile | object> {
    if (q.format === 'json') return this.bulletins.document(actor, q.month);
    const pdf = await this.bulletins.pdf(actor, q.month);
    await this.exports.record(actor, 'bulletin', 'pdf', q);
    return pdf;
  }

  /** JSON as is; a CSV or XLSX file as an attachment, audited once made. */
  private async exported<T>(
    actor: Actor,
    q: { format?: ExportFormat },
    reply: FastifyReply,
    json: T,
    tables: () => ReportTable[],
    asciiName: string,
    name: string,
  ) {
    if (!q.format || q.format === 'json') return json;
    const file = q.format === 'csv' ? toCsv(tables()) : await toXlsx(tables());
    await this.exports.record(actor, asciiName, q.format, q);
    void reply.header('content-type', CONTENT_TYPES[q.format]);
    void reply.header('content-disposition', attachment(`${asciiName}.${q.format}`, `${name}.${q.format}`));
    return file;
  }
}

/** 20260301-20260401: the period's local dates, for file names. */
function span(q: { from: string; to: string }): string {
  return `${q.from.slice(0, 10).replace(/-/g, '')}-${q.to.slice(0, 10).replace(/-/g, '')}`;
}

