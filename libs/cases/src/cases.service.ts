import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskPhone, newQueryCode, type Actor, pageOf, type StaffRef } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CatalogueService, type ServiceItemView } from '@app/catalogue';
import { DeadlinesService, type TimerJob, type TimerView } from '@app/deadlines';
import { DocumentNumbers } from '@app/documents';
import { EnquiriesService } from '@app/enquiries';
import { NoticesService, itemKey, type NoticeItem, type NoticeView } from '@app/notices';
import { OrganizationService, PendingWorkRegistry, SubstitutionService, type PendingWorkItem, type StaffView } from '@app/organization';
import { AuditService, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { hasClock, isOpen, transition, type CaseEvent, type CaseStatus } from './case-lifecycle.js';
import type { CreateCaseDto, ExtensionDecisionDto, ExtensionRequestDto, ListCasesQuery, NoticeItemDto } from './case.dto.js';
import { mergeMaterials, missingMaterials, type ReceivedMaterial } from './materials.js';

interface CaseRow {
  id: string;
  unit_id: string;
  service_item_code: string;
  office_id: string;
  enquiry_id: string | null;
  applicant_name: string;
  applicant_phone: string;
  applicant_id_number: string | null;
  status: CaseStatus;
  handler_id: string;
  created_by: string;
  created_at: Date;
  materials: ReceivedMaterial[];
  receipt_no: string | null;
  query_code: string | null;
  accepted_at: Date | null;
  accepted_by: string | null;
  promised_at: Date | null;
  finished_at: Date | null;
  result: string | null;
  withdrawal_reason: string | null;
  rejection_filing_id: string | null;
  handler_acting_for: string | null;
}

interface ExtensionRow {
  id: string;
  case_id: string;
  requested_by: string;
  requested_at: Date;
  working_days: number;
  reason: string;
  status: 'requested' | 'approved' | 'denied';
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  previous_due_at: Date;
  new_due_at: Date | null;
  notice_no: string | null;
}


/** 收件回执: what the citizen takes home when the case is accepted. */
export interface ReceiptView {
  number: string;
  queryCode: string;
  unitName: string;
  serviceItem: { code: string; name: string };
  applicant: string;
  materials: ReceivedMaterial[];
  receivedAt: string;
  handler: StaffRef;
  promisedAt: string;
}

export interface ExtensionView {
  id: string;
  workingDays: number;
  reason: string;
  status: ExtensionRow['status'];
  requestedBy: StaffRef;
  requestedAt: string;
  decidedBy: StaffRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
  previousDueAt: string;
  newDueAt: string | null;
  /** 延期办理告知书, issued to the citizen with the reason when approved. */
  noticeNumber: string | null;
}

export interface CaseView {
  id: string;
  status: CaseStatus;
  serviceItem: { code: string; name: string };
  enquiryId: string | null;
  applicant: { name: string; phone: string; idNumber: string | null };
  handler: StaffRef;
  /** The absent handler this one stands in for (同岗替代制), or null. */
  handlerActingFor: string | null;
  materials: ReceivedMaterial[];
  createdAt: string;
  receipt: ReceiptView | null;
  notices: NoticeView[];
  deadline: TimerView | null;
  extensions: ExtensionView[];
  finishedAt: string | null;
  result: string | null;
  withdrawalReason: string | null;
  /** The rejection filing (否定报备) that closed the case, if it was rejected. */
  rejectionFilingId: string | null;
}

/** Efficiency figures of one handler in one office (see CasesService.figures). */
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

/** What a rejection filing needs of the case it refuses. */
export interface CaseForRejection {
  id: string;
  unitId: string;
  officeId: string;
  serviceItemCode: string;
  status: CaseStatus;
  handlerId: string;
  receiptNo: string | null;
  applicant: { name: string; phone: string; idNumber: string | null };
  materials: ReceivedMaterial[];
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

/** Whole minutes toward zero (a late case's time left is negative). */
function minutes(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : Math.trunc(ms / 60_000);
}

function limitText(item: ServiceItemView): string {
  const l = item.committedLimit;
  return `承诺办结时限：受理后${l.amount}个${l.unit === 'working_days' ? '工作日' : '工作小时'}（法定${item.statutoryLimit.amount}个${item.statutoryLimit.unit === 'working_days' ? '工作日' : '工作小时'}）`;
}

/** Accepted cases (限时办结制) and the one-time notices that precede acceptance (一次性告知制). */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly enquiries: EnquiriesService,
    private readonly notices: NoticesService,
    private readonly numbers: DocumentNumbers,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly substitution: SubstitutionService,
    pendingWork: PendingWorkRegistry,
  ) {
    // A handover before an absence lists the holder's open cases (同岗替代制).
    pendingWork.register(async (m, staffId) => {
      const rows = (await m.query(
        `SELECT id, service_item_code, applicant_name, receipt_no, promised_at FROM service_case
          WHERE handler_id = $1 AND status IN ('awaiting_materials', 'accepted', 'in_progress') ORDER BY promised_at NULLS LAST, created_at`,
        [staffId],
      )) as Array<{ id: string; service_item_code: string; applicant_name: string; receipt_no: string | null; promised_at: Date | null }>;
      return rows.map(
        (r): PendingWorkItem => ({
          kind: 'case',
          id: r.id,
          title: `${r.receipt_no ?? '待补材料'} ${r.service_item_code} ${r.applicant_name}`,
          dueAt: r.promised_at?.toISOString() ?? null,
        }),
      );
    });
  }

  /** Starts a case: accepted with a receipt when the materials are complete, else one written notice. */
  async create(actor: Actor, dto: CreateCaseDto): Promise<CaseView> {
    const item = await this.item(actor, dto.serviceItemCode);
    const issuer = await this.organization.getStaff(actor.id);
    const handler = await this.assignee(actor, dto.handlerId ?? (issuer.roles.includes('handler') ? actor.id : undefined));
    const missing = missingMaterials(item.materials, [], dto.materials);
    const noticeItems = this.noticeItems(missing, dto.noticeItems ?? [], dto.materials);

    const { id, jobs } = await this.db.transaction(async (m) => {
      if (dto.enquiryId) await this.enquiries.takeOpen(m, actor, dto.enquiryId);
      const [row] = (await uniqueOr(
        m.query(
          `INSERT INTO service_case (unit_id, service_item_code, office_id, enquiry_id, applicant_name, applicant_phone, applicant_id_number,
             status, handler_id, handler_acting_for, created_by, created_at, materials)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'awaiting_materials', $8, $9, $10, $11, $12) RETURNING *`,
          [actor.unitId, item.code, item.office.id, dto.enquiryId ?? null, dto.applicant.name, dto.applicant.phone, dto.applicant.idNumber ?? null,
            handler.staffId, handler.actingFor, actor.id, this.clock.now(), JSON.stringify(dto.materials)],
        ),
        { enquiry_id: ['CASE.ENQUIRY_TAKEN', 'enquiryId'] },
      )) as CaseRow[];
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'case.create', entity: 'case', entityId: row!.id, after: row });
      if (noticeItems.length > 0) {
        await this.notices.issue(m, actor, this.noticeIssue(row!, issuer, item, noticeItems));
        return { id: row!.id, jobs: [] as TimerJob[] };
      }
      return { id: row!.id, jobs: await this.accept(m, actor, row!, item) };
    });
    await this.deadlines.enqueue(jobs);
    return this.get(actor, id);
  }

  /** The citizen brings what the notice asked for; complete materials accept the case. */
  async supplement(actor: Actor, id: string, materials: ReceivedMaterial[]): Promise<CaseView> {
    const item = await this.itemOfCase(actor, id);
    const jobs = await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status !== 'awaiting_materials') throw new DomainError('CASE.NOT_AWAITING_MATERIALS', 'this case is not waiting for materials', 'conflict');
      const merged = mergeMaterials(row.materials, materials);
      await m.query('UPDATE service_case SET materials = $2 WHERE id = $1', [id, JSON.stringify(merged)]);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.supplement', entity: 'case', entityId: id, before: row.materials, after: merged });
      const asked = (await this.notices.forCase(id, m)).flatMap((n) => n.items.map((i) => i.name));
      if (missingMaterials(item.materials, asked, merged).length > 0) return [];
      return this.accept(m, actor, { ...row, materials: merged }, item);
    });
    await this.deadlines.enqueue(jobs);
    return this.get(actor, id);
  }

  /** A further written notice. Asking for what no earlier notice asked (unjustified) is recorded as a violation. */
  async issueNotice(actor: Actor, id: string, items: NoticeItemDto[]): Promise<NoticeView> {
    const item = await this.itemOfCase(actor, id);
    const issuer = await this.organization.getStaff(actor.id);
    const checklist = new Set(item.materials.map((x) => itemKey(x.name)));
    const noticeItems: NoticeItem[] = items.map((i) => ({ ...i, source: checklist.has(itemKey(i.name)) ? 'checklist' : 'free_text' }));
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status !== 'awaiting_materials') throw new DomainError('CASE.NOT_AWAITING_MATERIALS', 'a notice is issued before acceptance only', 'conflict');
      return this.notices.issue(m, actor, this.noticeIssue(row, issuer, item, noticeItems));
    });
  }

  async start(actor: Actor, id: string): Promise<CaseView> {
    return this.change(actor, id, 'start', () => Promise.resolve());
  }

  async complete(actor: Actor, id: string, result: string): Promise<CaseView> {
    return this.change(actor, id, 'complete', async (m, row) => {
      const now = this.clock.now();
      // How the clock stood, kept for the efficiency figures (measured before the clock stops).
      const clock = await this.deadlines.measure(m, row.id, now);
      const committed = row.accepted_at && row.promised_at ? (await this.calendar.calendar()).workingMillisecondsBetween(row.accepted_at, row.promised_at) : null;
      await m.query(
        `UPDATE service_case SET result = $2, finished_at = $3, due_at_close = $4, working_minutes_used = $5, working_minutes_left = $6,
           working_minutes_committed = $7 WHERE id = $1`,
        [row.id, result, now, clock?.dueAt ?? null, minutes(clock?.usedMs), minutes(clock?.leftMs), minutes(committed)],
      );
    });
  }

  async withdraw(actor: Actor, id: string, reason: string): Promise<CaseView> {
    return this.change(actor, id, 'withdraw', async (m, row) => {
      await m.query('UPDATE service_case SET withdrawal_reason = $2, finished_at = $3 WHERE id = $1', [row.id, reason, this.clock.now()]);
    });
  }

  async reassign(actor: Actor, id: string, handlerId: string): Promise<CaseView> {
    const handler = await this.assignee(actor, handlerId);
    await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (!isOpen(row.status)) throw new DomainError('CASE.CLOSED', 'a closed case is not reassigned', 'conflict');
      await m.query('UPDATE service_case SET handler_id = $2, handler_acting_for = $3 WHERE id = $1', [id, handler.staffId, handler.actingFor]);
      if (hasClock(row.status)) await this.deadlines.reassign(m, id, handler.staffId);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'case.reassign',
        entity: 'case',
        entityId: id,
        before: { handlerId: row.handler_id, actingFor: row.handler_acting_for },
        after: { handlerId: handler.staffId, actingFor: handler.actingFor },
      });
    });
    return this.get(actor, id);
  }

  async pause(actor: Actor, id: string, reason: string): Promise<CaseView> {
    await this.db.transaction(async (m) => {
      const { row, actingFor } = await this.lockForHandling(m, actor, id);
      await this.deadlines.pause(m, actor, id, reason);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.pause', entity: 'case', entityId: id, after: { reason, actingFor } });
    });
    return this.get(actor, id);
  }

  async resume(actor: Actor, id: string): Promise<CaseView> {
    const jobs = await this.db.transaction(async (m) => {
      const { row, actingFor } = await this.lockForHandling(m, actor, id);
      const jobs = await this.deadlines.resume(m, actor, id);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.resume', entity: 'case', entityId: id, after: { actingFor } });
      return jobs;
    });
    await this.deadlines.enqueue(jobs);
    return this.get(actor, id);
  }

  /** Only before the due time, and only one request waiting at a time. */
  async requestExtension(actor: Actor, id: string, dto: ExtensionRequestDto): Promise<ExtensionView> {
    return this.db.transaction(async (m) => {
      const { row, actingFor } = await this.lockForHandling(m, actor, id);
      if (!hasClock(row.status)) throw new DomainError('CASE.CLOSED', 'more time is asked for a running case only', 'conflict');
      const dueAt = await this.deadlines.dueAt(m, id);
      if (!dueAt || this.clock.now().getTime() >= dueAt.getTime()) {
        throw new DomainError('CASE.EXTENSION_AFTER_DUE', 'more time is asked for before the due time, not after', 'conflict');
      }
      const [ext] = (await uniqueOr(
        m.query(
          `INSERT INTO case_extension (case_id, requested_by, requested_at, working_days, reason, status, previous_due_at)
           VALUES ($1, $2, $3, $4, $5, 'requested', $6) RETURNING *`,
          [id, actor.id, this.clock.now(), dto.workingDays, dto.reason, dueAt],
        ),
        { case_id: ['CASE.EXTENSION_PENDING', 'workingDays'] },
      )) as ExtensionRow[];
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.extension.request', entity: 'case', entityId: id, after: { ...ext, actingFor } });
      return (await this.extensionViews([ext!], m))[0]!;
    });
  }

  /** A leader approves (new due time, every step rescheduled, a numbered notice to the citizen) or denies. */
  async decideExtension(actor: Actor, id: string, extensionId: string, dto: ExtensionDecisionDto): Promise<ExtensionView> {
    const { view, jobs } = await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      const [ext] = (await m.query('SELECT * FROM case_extension WHERE id = $1 AND case_id = $2 FOR UPDATE', [extensionId, id])) as ExtensionRow[];
      if (!ext) throw DomainError.notFound('extension', extensionId, 'extensionId');
      if (ext.status !== 'requested') throw new DomainError('CASE.EXTENSION_DECIDED', 'this request was already decided', 'conflict');
      if (!hasClock(row.status)) throw new DomainError('CASE.CLOSED', 'this case is no longer running', 'conflict');
      const now = this.clock.now();
      let jobs: TimerJob[] = [];
      if (dto.approve) {
        const { dueAt } = (await this.calendar.calendar()).addWorkingDays((await this.deadlines.dueAt(m, id))!, ext.working_days);
        jobs = await this.deadlines.extend(m, id, dueAt);
        const noticeNo = await this.numbers.next(m, row.unit_id, 'extension', now);
        await m.query(
          `UPDATE case_extension SET status = 'approved', decided_by = $2, decided_at = $3, decision_note = $4, new_due_at = $5, notice_no = $6 WHERE id = $1`,
          [extensionId, actor.id, now, dto.note ?? null, dueAt, noticeNo],
        );
      } else {
        await m.query(`UPDATE case_extension SET status = 'denied', decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $1`, [
          extensionId, actor.id, now, dto.note ?? null,
        ]);
      }
      const [after] = (await m.query('SELECT * FROM case_extension WHERE id = $1', [extensionId])) as ExtensionRow[];
      await this.audit.record(m, { actor, unitId: row.unit_id, action: `case.extension.${dto.approve ? 'approve' : 'deny'}`, entity: 'case', entityId: id, before: ext, after });
      return { view: (await this.extensionViews([after!], m))[0]!, jobs };
    });
    await this.deadlines.enqueue(jobs);
    return view;
  }

  /**
   * An open case about to be refused, locked in the caller's transaction (the rejection filing's).
   * Only its handler, their stand-in or a supervisor files the refusal.
   */
  async lockForRejection(m: EntityManager, actor: Actor, id: string): Promise<CaseForRejection & { actingFor: string | null }> {
    const { row, actingFor } = await this.lockForHandling(m, actor, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.kind === 'not_found') throw new DomainError('REJECTION.UNKNOWN_CASE', `no case ${id} in this unit`, 'invalid', 'caseId');
      throw e;
    });
    if (!isOpen(row.status)) throw new DomainError('CASE.CLOSED', `a case that is ${row.status} cannot be refused`, 'conflict', 'caseId');
    return {
      id: row.id,
      unitId: row.unit_id,
      officeId: row.office_id,
      serviceItemCode: row.service_item_code,
      status: row.status,
      handlerId: row.handler_id,
      receiptNo: row.receipt_no,
      applicant: { name: row.applicant_name, phone: row.applicant_phone, idNumber: row.applicant_id_number },
      materials: row.materials,
      actingFor,
    };
  }

  /** Closes a case as rejected, in the filing's transaction: the only way a case becomes rejected. */
  async closeAsRejected(m: EntityManager, actor: Actor, id: string, filingId: string): Promise<void> {
    const [row] = (await m.query('SELECT * FROM service_case WHERE id = $1 FOR UPDATE', [id])) as CaseRow[];
    if (!row) throw DomainError.notFound('case', id, 'caseId');
    const status = transition(row.status, 'reject');
    await m.query('UPDATE service_case SET status = $2, rejection_filing_id = $3, finished_at = $4 WHERE id = $1', [id, status, filingId, this.clock.now()]);
    if (hasClock(row.status)) await this.deadlines.stop(m, id);
    await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.reject', entity: 'case', entityId: id, before: { status: row.status }, after: { status, filingId } });
  }

  /**
   * Efficiency figures of cases, per unit, office (the case's) and handler, for [from, to): cases accepted;
   * completed, on time (finished by the due time in force: approved extensions and pauses move it),
   * early (finished with at least one working day of the time in force left), working minutes used and
   * committed (sums, for means); extensions requested and approved. `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<CaseFigures[]> {
    const earlyMinutes = Math.round(this.calendar.workingHoursPerDay() * 60);
    const rows = (await this.db.query(
      `SELECT unit_id, office_id, staff_id, sum(accepted)::int AS accepted, sum(completed)::int AS completed, sum(on_time)::int AS on_time,
              sum(early)::int AS early, sum(measured)::int AS measured, sum(used)::bigint AS used, sum(committed)::bigint AS committed,
              sum(ext_requested)::int AS ext_requested, sum(ext_approved)::int AS ext_approved
         FROM (
           SELECT unit_id, office_id, handler_id AS staff_id, count(*) AS accepted, 0 AS completed, 0 AS on_time, 0 AS early, 0 AS measured,
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
           SELECT c.unit_id, c.office_id, c.handler_id, 0, 0, 0, 0, 0, 0, 0,
                  count(*) FILTER (WHERE e.requested_at >= $2 AND e.requested_at < $3),
                  count(*) FILTER (WHERE e.status = 'approved' AND e.decided_at >= $2 AND e.decided_at < $3)
             FROM case_extension e JOIN service_case c ON c.id = e.case_id
            WHERE ((e.requested_at >= $2 AND e.requested_at < $3) OR (e.status = 'approved' AND e.decided_at >= $2 AND e.decided_at < $3))
              AND ($1::uuid IS NULL OR c.unit_id = $1)
            GROUP BY 1, 2, 3
         ) f
        GROUP BY 1, 2, 3`,
      [unitId, from, to, earlyMinutes],
    )) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      unitId: r.unit_id as string,
      officeId: r.office_id as string,
      staffId: r.staff_id as string,
      accepted: Number(r.accepted),
      completed: Number(r.completed),
      completedOnTime: Number(r.on_time),
      completedEarly: Number(r.early),
      measured: Number(r.measured),
      workingMinutesUsed: Number(r.used),
      workingMinutesCommitted: Number(r.committed),
      extensionsRequested: Number(r.ext_requested),
      extensionsApproved: Number(r.ext_approved),
    }));
  }

  async get(actor: Actor, id: string): Promise<CaseView> {
    const [row] = (await this.db.query('SELECT * FROM service_case WHERE id = $1', [id])) as CaseRow[];
    if (!row || !this.visible(actor, row)) throw DomainError.notFound('case', id, 'id');
    return this.view(row);
  }

  async list(actor: Actor, q: ListCasesQuery) {
    const { page, pageSize, offset } = pageOf(q);
    const where = `unit_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR handler_id = $3)`;
    const params = [actor.unitId, q.status ?? null, q.handlerId ?? null];
    const [rows, [{ total }]] = (await Promise.all([
      this.db.query(`SELECT * FROM service_case WHERE ${where} ORDER BY created_at DESC, id LIMIT $4 OFFSET $5`, [...params, pageSize, offset]),
      this.db.query(`SELECT count(*)::int AS total FROM service_case WHERE ${where}`, params),
    ])) as [CaseRow[], Array<{ total: number }>];
    const items = await Promise.all(rows.map((r) => this.view(r)));
    return {
      items: items.map((c) => ({ ...c, applicant: { ...c.applicant, phone: maskPhone(c.applicant.phone)!, idNumber: null } })),
      total,
      page,
      pageSize,
    };
  }

  async receipt(actor: Actor, id: string): Promise<ReceiptView> {
    const view = await this.get(actor, id);
    if (!view.receipt) throw new DomainError('CASE.NOT_ACCEPTED', 'a receipt is issued on acceptance', 'conflict');
    return view.receipt;
  }

  async extension(actor: Actor, id: string, extensionId: string): Promise<ExtensionView> {
    const view = await this.get(actor, id);
    const ext = view.extensions.find((e) => e.id === extensionId);
    if (!ext) throw DomainError.notFound('extension', extensionId, 'extensionId');
    return ext;
  }

  /** For the citizen: status and promised time by receipt number and query code, no personal data. */
  async publicLookup(receiptNo: string, code: string) {
    const [row] = (await this.db.query('SELECT * FROM service_case WHERE receipt_no = $1 AND query_code = $2', [receiptNo, code])) as CaseRow[];
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
   * What a citizen's rating needs of a case, found by receipt number and query code; null when there is
   * no such pair. Only an accepted case has a receipt, so only an accepted case is found.
   */
  async forRating(m: EntityManager, receiptNo: string, code: string): Promise<CaseForRating | null> {
    const [row] = (await m.query(
      `SELECT id, unit_id, office_id, handler_id, receipt_no, applicant_name, applicant_phone FROM service_case
        WHERE receipt_no = $1 AND query_code = $2 AND accepted_at IS NOT NULL`,
      [receiptNo, code],
    )) as CaseRow[];
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

  // --- internals ---------------------------------------------------------------------------------

  private async accept(m: EntityManager, actor: Actor, row: CaseRow, item: ServiceItemView): Promise<TimerJob[]> {
    const now = this.clock.now();
    const status = transition(row.status, 'accept');
    const limit = item.committedLimit;
    const { dueAt, provisional } = await this.calendar.deadline(now, limit.unit === 'working_days' ? { workingDays: limit.amount } : { workingHours: limit.amount });
    const receiptNo = await this.numbers.next(m, row.unit_id, 'receipt', now);
    await m.query(
      `UPDATE service_case SET status = $2, receipt_no = $3, query_code = $4, accepted_at = $5, accepted_by = $6, promised_at = $7 WHERE id = $1`,
      [row.id, status, receiptNo, newQueryCode(), now, actor.id, dueAt],
    );
    await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.accept', entity: 'case', entityId: row.id, after: { receiptNo, promisedAt: dueAt } });
    return this.deadlines.start(m, {
      kind: 'case',
      subjectId: row.id,
      unitId: row.unit_id,
      officeId: row.office_id,
      assigneeId: row.handler_id,
      startedAt: now,
      dueAt,
      provisional,
    });
  }

  private async change(actor: Actor, id: string, event: CaseEvent, apply: (m: EntityManager, row: CaseRow) => Promise<void>): Promise<CaseView> {
    await this.db.transaction(async (m) => {
      const { row, actingFor } = event === 'withdraw' ? { row: await this.lock(m, actor, id), actingFor: null } : await this.lockForHandling(m, actor, id);
      const status = transition(row.status, event);
      await m.query('UPDATE service_case SET status = $2 WHERE id = $1', [id, status]);
      await apply(m, row);
      if (!isOpen(status) && hasClock(row.status)) await this.deadlines.stop(m, id);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: `case.${event}`, entity: 'case', entityId: id, before: { status: row.status }, after: { status, actingFor } });
    });
    return this.get(actor, id);
  }

  private async lock(m: EntityManager, actor: Actor, id: string): Promise<CaseRow> {
    const [row] = (await m.query('SELECT * FROM service_case WHERE id = $1 FOR UPDATE', [id])) as CaseRow[];
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('case', id, 'id');
    return row;
  }

  /**
   * The case handler, whoever stands in for them while they are away (recorded as acting for them), or
   * a supervisor of the unit may work the case.
   */
  private async lockForHandling(m: EntityManager, actor: Actor, id: string): Promise<{ row: CaseRow; actingFor: string | null }> {
    const row = await this.lock(m, actor, id);
    if (row.handler_id === actor.id) return { row, actingFor: null };
    const standIn = await this.substitution.route(m, row.handler_id, this.clock.now());
    if (standIn.staffId === actor.id && standIn.actingFor) return { row, actingFor: standIn.actingFor };
    if (actor.roles.some((r) => r === 'office_head' || r === 'leader')) return { row, actingFor: null };
    throw new DomainError('CASE.NOT_THE_HANDLER', 'only the case handler, their stand-in or a supervisor can do this', 'forbidden');
  }

  private visible(actor: Actor, row: CaseRow): boolean {
    return row.unit_id === actor.unitId || actor.roles.includes('inspector');
  }

  /** The service item of a case, read before its transaction (a case never changes its item). */
  private async itemOfCase(actor: Actor, id: string): Promise<ServiceItemView> {
    const [row] = (await this.db.query('SELECT unit_id, service_item_code FROM service_case WHERE id = $1', [id])) as CaseRow[];
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('case', id, 'id');
    return this.item(actor, row.service_item_code);
  }

  private async item(actor: Actor, code: string): Promise<ServiceItemView> {
    return this.catalogue.get(code, { unitId: actor.unitId, activeOnly: true }).catch(() => {
      throw new DomainError('CASE.UNKNOWN_SERVICE_ITEM', `no active service item ${code} in this unit`, 'invalid', 'serviceItemCode');
    });
  }

  /** The named handler, or whoever stands in for them while they are away (同岗替代制). */
  private async assignee(actor: Actor, handlerId: string | undefined): Promise<{ staffId: string; actingFor: string | null }> {
    if (!handlerId) throw new DomainError('CASE.HANDLER_REQUIRED', 'name the handler of the case', 'invalid', 'handlerId');
    const staff = await this.organization.getStaff(handlerId).catch(() => null);
    if (!staff || staff.unitId !== actor.unitId || !staff.active || !staff.roles.includes('handler')) {
      throw new DomainError('CASE.UNKNOWN_HANDLER', `no active handler ${handlerId} in this unit`, 'invalid', 'handlerId');
    }
    const routed = await this.substitution.route(this.db.manager, staff.id, this.clock.now());
    return { staffId: routed.staffId, actingFor: routed.actingFor };
  }

  /** The first notice: every missing checklist item (with the clerk's reason if given) and the clerk's further items. */
  private noticeItems(missing: NoticeItem[], given: NoticeItemDto[], received: ReceivedMaterial[]): NoticeItem[] {
    const got = new Set(received.map((r) => itemKey(r.name)));
    given.forEach((g, i) => {
      if (got.has(itemKey(g.name)) && !missing.some((x) => itemKey(x.name) === itemKey(g.name))) {
        throw new DomainError('CASE.NOTICE_ITEM_RECEIVED', `${g.name} was handed in`, 'invalid', `noticeItems.${i}.name`);
      }
    });
    const byKey = new Map(given.map((g) => [itemKey(g.name), g]));
    const items: NoticeItem[] = missing.map((x) => ({ ...x, reason: byKey.get(itemKey(x.name))?.reason ?? x.reason }));
    const listed = new Set(items.map((i) => itemKey(i.name)));
    for (const g of given) if (!listed.has(itemKey(g.name))) items.push({ name: g.name, reason: g.reason, source: 'free_text' });
    return items;
  }

  private noticeIssue(row: CaseRow, issuer: StaffView, item: ServiceItemView, items: NoticeItem[]) {
    return {
      unitId: row.unit_id,
      caseId: row.id,
      issuer: { id: issuer.id, name: issuer.name, badgeNo: issuer.badgeNo, officeId: issuer.officeId },
      serviceItem: { code: item.code, legalBasis: item.legalBasis, timeLimit: limitText(item), procedure: item.procedure },
      items,
    };
  }

  private async extensionViews(rows: ExtensionRow[], m?: EntityManager): Promise<ExtensionView[]> {
    const { staff } = await this.organization.directory(rows.flatMap((r) => [r.requested_by, r.decided_by].filter((x): x is string => !!x)), [], m);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return rows.map((r) => ({
      id: r.id,
      workingDays: r.working_days,
      reason: r.reason,
      status: r.status,
      requestedBy: ref(r.requested_by),
      requestedAt: r.requested_at.toISOString(),
      decidedBy: r.decided_by ? ref(r.decided_by) : null,
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionNote: r.decision_note,
      previousDueAt: r.previous_due_at.toISOString(),
      newDueAt: r.new_due_at?.toISOString() ?? null,
      noticeNumber: r.notice_no,
    }));
  }

  private async view(row: CaseRow): Promise<CaseView> {
    const [item, { staff }, notices, deadline, extensions, unit] = await Promise.all([
      this.catalogue.get(row.service_item_code),
      this.organization.directory([row.handler_id], []),
      this.notices.forCase(row.id),
      this.deadlines.view(row.id),
      this.db.query('SELECT * FROM case_extension WHERE case_id = $1 ORDER BY requested_at', [row.id]) as Promise<ExtensionRow[]>,
      this.organization.getUnit(row.unit_id),
    ]);
    const h = staff.get(row.handler_id);
    const handler = { id: row.handler_id, name: h?.name ?? '', badgeNo: h?.badgeNo ?? '' };
    return {
      id: row.id,
      status: row.status,
      serviceItem: { code: item.code, name: item.name },
      enquiryId: row.enquiry_id,
      applicant: { name: row.applicant_name, phone: row.applicant_phone, idNumber: row.applicant_id_number },
      handler,
      handlerActingFor: row.handler_acting_for,
      materials: row.materials,
      createdAt: row.created_at.toISOString(),
      receipt: row.receipt_no
        ? {
            number: row.receipt_no,
            queryCode: row.query_code!,
            unitName: unit.name,
            serviceItem: { code: item.code, name: item.name },
            applicant: row.applicant_name,
            materials: row.materials,
            receivedAt: row.accepted_at!.toISOString(),
            handler,
            promisedAt: row.promised_at!.toISOString(),
          }
        : null,
      notices,
      deadline,
      extensions: await this.extensionViews(extensions),
      finishedAt: row.finished_at?.toISOString() ?? null,
      result: row.result,
      withdrawalReason: row.withdrawal_reason,
      rejectionFilingId: row.rejection_filing_id,
    };
  }
}
