import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, maskIdNumber, maskPhone, pageOf, parsePeriod, type Actor, type Page } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CatalogueService } from '@app/catalogue';
import { DeadlinesService } from '@app/deadlines';
import { NoticesService } from '@app/notices';
import type { PendingWorkItem } from '@app/organization';
import { PersonalDataReads, readRows, readTotal, rowMapper, type PersonalField } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseAccess } from './case-access.service.js';
import type { ListCasesQuery } from './case.dto.js';
import { caseRow, extensionsColumn, caseWithExtensions, type CaseRow, type CaseWithExtensions } from './case-rows.js';
import { CaseViews, type CaseView, type ExtensionView, type KnownOfCases, type ReceiptView } from './case-views.service.js';

/** Efficiency figures of one handler in one office (see CaseReading.figures). */
export interface CaseFigures {
  unitId: string;
  officeId: string;
  staffId: string;
  accepted: number;
  completed: number;
  completedOnTime: number;
  completedEarly: number;
  /** Completed cases with both working times measured: the count behind the two sums. */
  measured: number;
  workingMinutesUsed: number;
  workingMinutesCommitted: number;
  extensionsRequested: number;
  extensionsApproved: number;
}

/** What a citizen's rating (好差评) needs of the case rated. */
export interface CaseForRating {
  id: string;
  unitId: string;
  officeId: string;
  handlerId: string;
  receiptNo: string;
  applicant: { name: string; phone: string };
}

const pendingCaseRow = rowMapper('service_case', {
  id: 'text',
  service_item_code: 'text',
  applicant_name: 'text',
  receipt_no: 'text?',
  promised_at: 'timestamp?',
});

const idRow = rowMapper('service_case', { id: 'text' });

const ratedCaseRow = rowMapper('service_case', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text',
  handler_id: 'text',
  receipt_no: 'text?',
  applicant_name: 'text',
  applicant_phone: 'text',
});

const figuresRow = rowMapper('case figures', {
  unit_id: 'text',
  office_id: 'text',
  staff_id: 'text',
  accepted: 'int',
  completed: 'int',
  on_time: 'int',
  early: 'int',
  measured: 'int',
  used: 'int',
  committed: 'int',
  ext_requested: 'int',
  ext_approved: 'int',
});

const listedRow = rowMapper('service_case', { total: 'int' });

const receiptNoRow = rowMapper('service_case', { id: 'text', receipt_no: 'text?' });

/** Reading cases: for staff, for the citizen, and what other libraries ask of a case. */
@Injectable()
export class CaseReading {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly access: CaseAccess,
    private readonly views: CaseViews,
    private readonly notices: NoticesService,
    private readonly personalData: PersonalDataReads,
  ) {}

  /**
   * A case with the applicant's phone and ID number masked, but for those who need them: its handler
   * (or the colleague standing in), the staff who received it at the window and the office head of its
   * office. Each full disclosure is audited.
   */
  async get(actor: Actor, id: string): Promise<CaseView> {
    return this.present(actor, await this.visibleRow(actor, id), true);
  }

  /**
   * The case as the answer to the caller's own write (intake, start, pause…), masked as `get` masks it, shown
   * from the row the write locked and changed and what else it knows: the case is not read again. Not a
   * disclosure: the write's audit entry already records who acted on the case.
   */
  async afterWrite(actor: Actor, row: CaseWithExtensions, known: KnownOfCases = {}): Promise<CaseView> {
    return this.present(actor, row, false, known);
  }

  private async present(actor: Actor, row: CaseWithExtensions, auditDisclosure: boolean, known?: KnownOfCases): Promise<CaseView> {
    const [view] = await this.views.views([row], known);
    if (!view) throw DomainError.notFound('case', row.id, 'id');
    if (!(await this.needsPersonalData(actor, row))) {
      return { ...view, applicant: { ...view.applicant, phone: maskPhone(view.applicant.phone)!, idNumber: maskIdNumber(view.applicant.idNumber) } };
    }
    if (auditDisclosure) {
      const fields: PersonalField[] = view.applicant.idNumber ? ['phone', 'idNumber'] : ['phone'];
      await this.personalData.disclosed(actor, row.unit_id, 'case', row.id, fields);
    }
    return view;
  }

  /** The case with its extensions, in one statement. */
  private async visibleRow(actor: Actor, id: string): Promise<CaseWithExtensions> {
    const [row] = readRows(caseWithExtensions, await this.db.query(`SELECT c.*, ${extensionsColumn('c')} FROM service_case c WHERE c.id = $1`, [id]));
    if (!row || !this.access.visible(actor, row)) throw DomainError.notFound('case', id, 'id');
    return row;
  }

  private async needsPersonalData(actor: Actor, row: CaseRow): Promise<boolean> {
    if (row.unit_id !== actor.unitId) return false;
    if ([row.handler_id, row.handler_acting_for, row.created_by].includes(actor.id)) return true;
    return this.access.headsOfficeOf(actor, row);
  }

  /**
   * The unit's cases, newest first, found by any of the filters, with phones masked and no ID numbers. The receipt's query code (it
   * opens the public lookup and the rating) only for the case's handler; the printed receipt carries it.
   */
  async list(actor: Actor, q: ListCasesQuery): Promise<Page<CaseView>> {
    const { page, pageSize, offset } = pageOf(q);
    const { where, params } = listFilter(actor, q);
    // The page and its total in one statement, each case with its extensions.
    const raw: unknown = await this.db.query(
      `SELECT p.*, ${extensionsColumn('p')}
         FROM (SELECT c.*, count(*) OVER ()::int AS total FROM service_case c WHERE ${where}
                ORDER BY c.created_at DESC, c.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}) p
        ORDER BY p.created_at DESC, p.id`,
      [...params, pageSize, offset],
    );
    const rows = readRows(caseWithExtensions, raw);
    // Past the last page the window count has no row to ride on.
    const total = rows.length > 0 || page === 1 ? (readRows(listedRow, raw)[0]?.total ?? 0) : readTotal(await this.db.query(`SELECT count(*)::int AS total FROM service_case c WHERE ${where}`, params));
    const items = await this.views.views(rows);
    return {
      items: items.map((c) => ({
        ...c,
        applicant: { ...c.applicant, phone: maskPhone(c.applicant.phone)!, idNumber: null },
        receipt: c.receipt && c.handler.id !== actor.id ? { ...c.receipt, queryCode: null } : c.receipt,
      })),
      total,
      page,
      pageSize,
    };
  }

  async receipt(actor: Actor, id: string): Promise<ReceiptView> {
    const [view] = await this.views.views([await this.visibleRow(actor, id)]);
    if (!view!.receipt) throw new DomainError('CASE.NOT_ACCEPTED', 'a receipt is issued on acceptance', 'conflict');
    return view!.receipt;
  }

  async extension(actor: Actor, id: string, extensionId: string): Promise<ExtensionView> {
    const [view] = await this.views.views([await this.visibleRow(actor, id)]);
    const ext = view!.extensions.find((e) => e.id === extensionId);
    if (!ext) throw DomainError.notFound('extension', extensionId, 'extensionId');
    return ext;
  }

  /** For the citizen: status and promised time by receipt number and query code, no personal data. */
  async publicLookup(receiptNo: string, code: string) {
    const [row] = readRows(caseRow, await this.db.query('SELECT * FROM service_case WHERE receipt_no = $1 AND query_code = $2', [receiptNo, code]));
    // The same answer for a wrong code and an unknown number: neither tells the other exists.
    if (!row) throw new DomainError('CASE.NOT_FOUND', 'no case with this receipt number and query code', 'not_found', 'receiptNo');
    const item = await this.catalogue.get(row.service_item_code);
    const timer = await this.deadlines.view(row.id);
    return {
      receiptNo: row.receipt_no,
      serviceItem: { code: item.code, name: item.name },
      status: row.status,
      acceptedAt: row.accepted_at!.toISOString(),
      promisedAt: row.promised_at!.toISOString(),
      dueAt: timer?.dueAt ?? row.promised_at!.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  /**
   * For the citizen holding a one-time notice: what it asked for and where the case stands, by the notice
   * number and its query code; no personal data. An unknown number and a wrong code get the same 404.
   */
  async publicNoticeLookup(number: string, code: string) {
    const notice = await this.notices.forPublic(number, code);
    if (!notice) throw new DomainError('NOTICE.NOT_FOUND', 'no notice with this number and query code', 'not_found', 'number');
    const [row] = readRows(caseRow, await this.db.query('SELECT * FROM service_case WHERE id = $1', [notice.caseId]));
    const item = await this.catalogue.get(notice.serviceItemCode);
    return {
      noticeNumber: notice.number,
      issuedAt: notice.issuedAt.toISOString(),
      serviceItem: { code: item.code, name: item.name },
      items: notice.items,
      status: row!.status,
      receiptNo: row!.receipt_no,
    };
  }

  /**
   * A citizen holding only a one-time notice rates the service of its case with the notice number and
   * code: the service they met is the notice's issuer's. Null when there is no such pair.
   */
  async forRatingByNotice(m: EntityManager, number: string, code: string): Promise<CaseForRating | null> {
    const notice = await this.notices.forPublic(number, code, m);
    if (!notice) return null;
    const [row] = readRows(ratedCaseRow, await m.query('SELECT id, unit_id, office_id, handler_id, receipt_no, applicant_name, applicant_phone FROM service_case WHERE id = $1', [notice.caseId]));
    return {
      id: row!.id,
      unitId: row!.unit_id,
      officeId: row!.office_id,
      handlerId: notice.issuedBy,
      receiptNo: notice.number,
      applicant: { name: row!.applicant_name, phone: row!.applicant_phone },
    };
  }

  /** The cases a staff member handles or handled (or stood in for): whose refusals they are involved in. */
  async handledCaseIds(staffId: string): Promise<string[]> {
    const rows = readRows(idRow, await this.db.query('SELECT id FROM service_case WHERE handler_id = $1 OR handler_acting_for = $1', [staffId]));
    return rows.map((r) => r.id);
  }

  /** A handover before an absence lists the holder's open cases (同岗替代制). */
  /** Receipt numbers by case id, for reports that name cases to people (null: not accepted). */
  async receiptNumbers(ids: string[]): Promise<Map<string, string | null>> {
    const rows = readRows(receiptNoRow, await this.db.query('SELECT id, receipt_no FROM service_case WHERE id = ANY ($1::uuid[])', [ids]));
    return new Map(rows.map((r) => [r.id, r.receipt_no]));
  }

  async pendingWork(m: EntityManager, staffId: string): Promise<PendingWorkItem[]> {
    const rows = readRows(
      pendingCaseRow,
      await m.query(
        `SELECT id, service_item_code, applicant_name, receipt_no, promised_at FROM service_case
          WHERE handler_id = $1 AND status IN ('awaiting_materials', 'accepted', 'in_progress') ORDER BY promised_at NULLS LAST, created_at`,
        [staffId],
      ),
    );
    return rows.map((r) => ({
      kind: 'case',
      id: r.id,
      title: `${r.receipt_no ?? '待补材料'} ${r.service_item_code} ${r.applicant_name}`,
      dueAt: r.promised_at?.toISOString() ?? null,
    }));
  }

  /**
   * What a citizen's rating needs of a case, found by receipt number and query code; null when there is
   * no such pair. Only an accepted case has a receipt, so only an accepted case is found.
   */
  async forRating(m: EntityManager, receiptNo: string, code: string): Promise<CaseForRating | null> {
    const [row] = readRows(
      ratedCaseRow,
      await m.query(
        `SELECT id, unit_id, office_id, handler_id, receipt_no, applicant_name, applicant_phone FROM service_case
          WHERE receipt_no = $1 AND query_code = $2 AND accepted_at IS NOT NULL`,
        [receiptNo, code],
      ),
    );
    if (!row) return null;
    return {
      id: row.id,
      unitId: row.unit_id,
      officeId: row.office_id,
      handlerId: row.handler_id,
      receiptNo: row.receipt_no!,
      applicant: { name: row.applicant_name, phone: row.applicant_phone },
    };
  }

  /**
   * Efficiency figures of cases, per unit, office (the case's) and handler, for [from, to): cases accepted
   * (for the handler at acceptance; a row written without one, for its handler);
   * completed, on time (finished by the due time in force: approved extensions and pauses move it),
   * early (finished with at least one working day of the time in force left), working minutes used and
   * committed (sums, for means); extensions requested and approved. `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<CaseFigures[]> {
    const earlyMinutes = Math.round(this.calendar.workingHoursPerDay() * 60);
    const rows = readRows(
      figuresRow,
      await this.db.query(
        `SELECT unit_id, office_id, staff_id, sum(accepted)::int AS accepted, sum(completed)::int AS completed, sum(on_time)::int AS on_time,
                sum(early)::int AS early, sum(measured)::int AS measured, sum(used)::bigint AS used, sum(committed)::bigint AS committed,
                sum(ext_requested)::int AS ext_requested, sum(ext_approved)::int AS ext_approved
           FROM (
             SELECT unit_id, office_id, coalesce(accepted_handler_id, handler_id) AS staff_id, count(*) AS accepted, 0 AS completed, 0 AS on_time, 0 AS early, 0 AS measured,
                    0 AS used, 0 AS committed, 0 AS ext_requested, 0 AS ext_approved
               FROM service_case WHERE accepted_at >= $2 AND accepted_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
              GROUP BY 1, 2, 3
             UNION ALL
             SELECT unit_id, office_id, handler_id, 0, count(*),
                    count(*) FILTER (WHERE finished_at <= coalesce(due_at_close, promised_at)),
                    count(*) FILTER (WHERE working_minutes_left >= $4),
                    count(working_minutes_used) FILTER (WHERE working_minutes_committed IS NOT NULL),
                    coalesce(sum(working_minutes_used) FILTER (WHERE working_minutes_committed IS NOT NULL), 0),
                    coalesce(sum(working_minutes_committed) FILTER (WHERE working_minutes_used IS NOT NULL), 0), 0, 0
               FROM service_case WHERE status = 'completed' AND finished_at >= $2 AND finished_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
              GROUP BY 1, 2, 3
             UNION ALL
             SELECT c.unit_id, c.office_id, e.handler_id, 0, 0, 0, 0, 0, 0, 0,
                    count(*) FILTER (WHERE e.requested_at >= $2 AND e.requested_at < $3),
                    count(*) FILTER (WHERE e.status = 'approved' AND e.decided_at >= $2 AND e.decided_at < $3)
               FROM case_extension e JOIN service_case c ON c.id = e.case_id
              WHERE ((e.requested_at >= $2 AND e.requested_at < $3) OR (e.status = 'approved' AND e.decided_at >= $2 AND e.decided_at < $3))
                AND ($1::uuid IS NULL OR c.unit_id = $1)
              GROUP BY 1, 2, 3
           ) f
          GROUP BY 1, 2, 3`,
        [unitId, from, to, earlyMinutes],
      ),
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      officeId: r.office_id,
      staffId: r.staff_id,
      accepted: r.accepted,
      completed: r.completed,
      completedOnTime: r.on_time,
      completedEarly: r.early,
      measured: r.measured,
      workingMinutesUsed: r.used,
      workingMinutesCommitted: r.committed,
      extensionsRequested: r.ext_requested,
      extensionsApproved: r.ext_approved,
    }));
  }
}

/** The WHERE clause of the case list: the caller's unit and every filter given, as bound parameters. */
function listFilter(actor: Actor, q: ListCasesQuery): { where: string; params: unknown[] } {
  const params: unknown[] = [actor.unitId];
  const clauses = ['unit_id = $1'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (q.status) add('status = ?', q.status);
  if (q.handlerId) add('handler_id = ?', q.handlerId);
  if (q.receiptNo) add('receipt_no = ?', q.receiptNo.trim());
  // The name is matched as typed: LIKE's wildcards in it are escaped.
  if (q.applicantName) add(`applicant_name ILIKE ? ESCAPE '\\'`, `%${q.applicantName.replace(/[\\%_]/g, '\\$&')}%`);
  if (q.phone) add('applicant_phone = ?', q.phone.trim());
  if (q.serviceItemCode) add('service_item_code = ?', q.serviceItemCode);
  if (q.officeId) add('office_id = ?', q.officeId);
  if (q.from) add('created_at >= ?', parsePeriod(q.from)!.from);
  if (q.to) add('created_at < ?', parsePeriod(q.to)!.to);
  if (q.period) {
    const p = parsePeriod(q.period)!;
    add('created_at >= ?', p.from);
    add('created_at < ?', p.to);
  }
  return { where: clauses.join(' AND '), params };
}
