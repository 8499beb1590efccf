import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskIdNumber, maskPhone, parseIsoWithOffset, type Actor, pageOf, type StaffRef } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CaseHandling } from '@app/cases';
import { CatalogueService, type ServiceItemView } from '@app/catalogue';
import { DeadlinesService, type TimerJob } from '@app/deadlines';
import { DocumentNumbers } from '@app/documents';
import { EnquiriesService } from '@app/enquiries';
import { OrganizationService, PendingWorkRegistry, SubstitutionService, type StaffView } from '@app/organization';
import { AuditService, IdempotencyService, returningRows, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateFilingDto, DecisionDto, FilingStatus, ListFilingsQuery, ReturnHandOverDto, ReturnRequestDto } from './rejection.dto.js';
import {
  checkRecipient,
  checkReturnItems,
  citationText,
  remedies,
  type LegalCitation,
  type ReceivedMaterial,
  type Remedy,
  type ReturnItem,
  type ReturnRecipient,
} from './rejection-rules.js';

type Citizen = { name: string; phone: string | null; idNumber: string | null };

/** 不予受理/不予许可通知书: what the citizen is given, kept as issued. */
export interface RejectionNotice {
  number: string;
  title: string;
  unitName: string;
  citizen: string;
  serviceItem: { code: string; name: string } | null;
  reason: string;
  legalBasis: string[];
  remedies: Remedy[];
  handler: StaffRef;
  contactPhone: string;
  approvedBy: StaffRef | null;
  issuedAt: string;
}

/** Efficiency figures of one filer (see RejectionsService.figures). */
export interface RejectionFigures {
  unitId: string;
  officeId: string | null;
  staffId: string;
  filed: number;
  inForce: number;
}

/** 材料退还单 as printed: the recipient's ID number masked. */
export interface MaterialReturnSlip {
  slipNumber: string;
  unitName: string;
  /** The refusal notice the materials come back under. */
  noticeNumber: string;
  citizen: string;
  serviceItem: { code: string; name: string } | null;
  items: ReturnItem[];
  recipient: ReturnRecipient;
  signature: { method: string; signedName: string; reference?: string };
  returnedAt: string;
  returnedBy: StaffRef;
}

interface FilingRow {
  id: string;
  unit_id: string;
  office_id: string | null;
  case_id: string | null;
  enquiry_id: string | null;
  service_item_code: string | null;
  filed_by: string;
  filed_acting_for: string | null;
  filed_at: Date;
  contact_phone: string;
  reason: string;
  legal_basis: LegalCitation[];
  citizen: Citizen;
  materials: ReceivedMaterial[];
  within_authority: boolean;
  status: FilingStatus;
  approver_id: string | null;
  approver_acting_for: string | null;
  decision_due_at: Date | null;
  decided_by: string | null;
  decided_acting_for: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  notice_no: string | null;
  notice: RejectionNotice | null;
}

interface ReturnRow {
  id: string;
  filing_id: string;
  status: 'requested' | 'returned';
  items: ReturnItem[];
  requested_at: Date;
  request_channel: string;
  recorded_by: string;
  recipient: ReturnRecipient | null;
  signature: { method: string; signedName: string; reference?: string } | null;
  returned_at: Date | null;
  returned_by: string | null;
  slip_no: string | null;
}

export interface MaterialReturnView {
  id: string;
  status: ReturnRow['status'];
  items: ReturnItem[];
  requestedAt: string;
  channel: string;
  recordedBy: string;
  recipient: ReturnRecipient | null;
  signature: ReturnRow['signature'];
  returnedAt: string | null;
  returnedBy: string | null;
  /** 材料退还单 number, once handed over. */
  slipNumber: string | null;
}

export interface FilingView {
  id: string;
  caseId: string | null;
  enquiryId: string | null;
  serviceItemCode: string | null;
  officeId: string | null;
  filedBy: StaffRef;
  /** The absent handler the filer stood in for (同岗替代制), or null. */
  filedActingFor: string | null;
  filedAt: string;
  contactPhone: string;
  reason: string;
  legalBasis: LegalCitation[];
  citizen: Citizen;
  withinAuthority: boolean;
  status: FilingStatus;
  approver: StaffRef | null;
  approverActingFor: string | null;
  decisionDueAt: string | null;
  decidedBy: StaffRef | null;
  decidedActingFor: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  notice: RejectionNotice | null;
  materialReturns: MaterialReturnView[];
}

const DEFAULT_DECISION_HOURS = 8;

/**
 * 否定报备制: a refusal is filed with its reason, legal basis, handler and contact. Within the handler's
 * authority it is registered at once; beyond it a leader decides within a time limit on a timer that
 * escalates like a case's. A refusal in force gives the citizen a numbered written notice, and closes
 * the case as rejected; the materials handed in go back against an ID check and a signature.
 */
@Injectable()
export class RejectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseHandling,
    private readonly enquiries: EnquiriesService,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly numbers: DocumentNumbers,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    pendingWork: PendingWorkRegistry,
  ) {
    // A handover before an absence lists the refusals waiting for the holder's decision.
    pendingWork.register(async (m, staffId) => {
      const rows = (await m.query(
        `SELECT id, reason, decision_due_at FROM rejection_filing WHERE approver_id = $1 AND status = 'pending_decision' ORDER BY decision_due_at`,
        [staffId],
      )) as Array<{ id: string; reason: string; decision_due_at: Date }>;
      return rows.map((r) => ({ kind: 'approval' as const, id: r.id, title: `否定报备审批：${r.reason}`, dueAt: r.decision_due_at.toISOString() }));
    });
  }

  async file(actor: Actor, dto: CreateFilingDto, idempotencyKey?: string): Promise<{ filing: FilingView; replayed: boolean }> {
    if (!dto.caseId === !dto.enquiryId) {
      throw new DomainError('REJECTION.SUBJECT_REQUIRED', 'name exactly one of caseId and enquiryId', 'invalid', dto.caseId ? 'enquiryId' : 'caseId');
    }
    const filer = await this.organization.getStaff(actor.id);
    const unit = await this.organization.getUnit(actor.unitId);
    const named = dto.approverId ? await this.namedApprover(actor, dto.approverId) : null;

    const { value, replayed, jobs } = await this.db.transaction(async (m) => {
      let jobs: TimerJob[] = [];
      const result = await this.idempotency.run(m, { actorId: actor.id, key: idempotencyKey, scope: 'POST /api/v1/rejection-filings', body: dto }, async () => {
        const subject = await this.subject(m, actor, dto, filer);
        const item = subject.itemCode ? await this.catalogue.get(subject.itemCode, { manager: m }) : null;
        const withinAuthority = item?.rejection.withinAuthority ?? false;
        const now = this.clock.now();
        const routed = withinAuthority ? null : await this.substitution.route(m, named ?? (await this.firstLeader(m, actor)), now);
        const decisionDueAt = withinAuthority
          ? null
          : (await this.calendar.deadline(now, { workingHours: item?.rejection.decisionWorkingHours ?? DEFAULT_DECISION_HOURS })).dueAt;
        const [row] = (await uniqueOr(
          m.query(
            `INSERT INTO rejection_filing (unit_id, office_id, case_id, enquiry_id, service_item_code, filed_by, filed_acting_for, filed_at,
               contact_phone, reason, legal_basis, citizen, materials, within_authority, status, approver_id, approver_acting_for, decision_due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending_decision', $15, $16, $17) RETURNING *`,
            [actor.unitId, subject.officeId, dto.caseId ?? null, dto.enquiryId ?? null, subject.itemCode, actor.id, subject.actingFor, now,
              dto.contactPhone, dto.reason, JSON.stringify(dto.legalBasis), JSON.stringify(subject.citizen), JSON.stringify(subject.materials),
              withinAuthority, routed?.staffId ?? null, routed?.actingFor ?? null, decisionDueAt],
          ),
          {
            case_id: ['REJECTION.ALREADY_FILED', 'caseId'],
            enquiry_id: ['REJECTION.ALREADY_FILED', 'enquiryId'],
          },
        )) as FilingRow[];
        let filing = row!;
        await this.audit.record(m, { actor, unitId: actor.unitId, action: 'rejection.file', entity: 'rejection_filing', entityId: filing.id, after: filing });
        if (withinAuthority) {
          filing = await this.takeEffect(m, actor, filing, 'registered', { unitName: unit.name, item, handler: filer, approvedBy: null });
        } else {
          jobs = await this.deadlines.start(m, {
            kind: 'rejection_decision',
            subjectId: filing.id,
            unitId: actor.unitId,
            officeId: subject.officeId,
            assigneeId: routed!.staffId,
            startedAt: now,
            dueAt: decisionDueAt!,
            provisional: false,
          });
        }
        return this.view(m, filing, false);
      });
      return { ...result, jobs };
    });
    await this.deadlines.enqueue(jobs);
    return { filing: value, replayed };
  }

  /** The leader (or whoever stands in for them while away) approves or denies a refusal beyond authority. */
  async decide(actor: Actor, id: string, dto: DecisionDto): Promise<FilingView> {
    if (!dto.approve && !dto.note) throw new DomainError('REJECTION.NOTE_REQUIRED', 'say why the refusal is sent back', 'invalid', 'note');
    const unit = await this.organization.getUnit(actor.unitId);
    return this.db.transaction(async (m) => {
      const filing = await this.lock(m, actor, id);
      if (filing.status !== 'pending_decision') throw new DomainError('REJECTION.DECIDED', `this filing is already ${filing.status}`, 'conflict');
      const now = this.clock.now();
      // An approval routed to a deputy at filing is decided for the absent principal.
      let actingFor = filing.approver_acting_for;
      if (filing.approver_id !== actor.id) {
        const standIn = await this.substitution.route(m, filing.approver_id!, now);
        if (standIn.staffId !== actor.id || !standIn.actingFor) {
          throw new DomainError('REJECTION.NOT_THE_APPROVER', 'only the leader named (or their stand-in while away) decides this refusal', 'forbidden');
        }
        actingFor = standIn.actingFor;
      }
      await m.query(`UPDATE rejection_filing SET decided_by = $2, decided_acting_for = $3, decided_at = $4, decision_note = $5 WHERE id = $1`, [
        id, actor.id, actingFor, now, dto.note ?? null,
      ]);
      await this.deadlines.stop(m, id);
      let after: FilingRow;
      if (dto.approve) {
        const { staff } = await this.organization.directory([filing.filed_by, actor.id], [], m);
        const item = filing.service_item_code ? await this.catalogue.get(filing.service_item_code, { manager: m }) : null;
        after = await this.takeEffect(m, actor, filing, 'approved', {
          unitName: unit.name,
          item,
          handler: staff.get(filing.filed_by)!,
          approvedBy: staff.get(actor.id)!,
        });
      } else {
        [after] = returningRows<FilingRow>(await m.query(`UPDATE rejection_filing SET status = 'denied' WHERE id = $1 RETURNING *`, [id]));
      }
      await this.audit.record(m, {
        actor,
        unitId: filing.unit_id,
        action: `rejection.${dto.approve ? 'approve' : 'deny'}`,
        entity: 'rejection_filing',
        entityId: id,
        before: { status: filing.status },
        after: { status: after!.status, note: dto.note ?? null, actingFor },
      });
      return this.view(m, after!, false);
    });
  }

  /** The citizen asks for the materials back: recorded with what and how they asked. */
  async requestReturn(actor: Actor, id: string, dto: ReturnRequestDto): Promise<MaterialReturnView> {
    return this.db.transaction(async (m) => {
      const filing = await this.lock(m, actor, id);
      this.assertInForce(filing);
      if (!filing.case_id) throw new DomainError('REJECTION.NO_MATERIALS', 'a refusal at the window took no materials', 'conflict');
      const asked = (await m.query('SELECT items FROM material_return WHERE filing_id = $1', [id])) as Array<{ items: ReturnItem[] }>;
      checkReturnItems(filing.materials, asked.flatMap((a) => a.items), dto.items);
      const [row] = (await m.query(
        `INSERT INTO material_return (filing_id, status, items, requested_at, request_channel, recorded_by)
         VALUES ($1, 'requested', $2, $3, $4, $5) RETURNING *`,
        [id, JSON.stringify(dto.items), this.clock.now(), dto.channel, actor.id],
      )) as ReturnRow[];
      await this.audit.record(m, { actor, unitId: filing.unit_id, action: 'rejection.return.request', entity: 'rejection_filing', entityId: id, after: row });
      return returnView(row!, false);
    });
  }

  /** The materials handed back: to the applicant or their authorized agent, ID checked, signed for. */
  async handOver(actor: Actor, id: string, returnId: string, dto: ReturnHandOverDto): Promise<MaterialReturnView> {
    return this.db.transaction(async (m) => {
      const filing = await this.lock(m, actor, id);
      this.assertInForce(filing);
      const [ret] = (await m.query('SELECT * FROM material_return WHERE id = $1 AND filing_id = $2 FOR UPDATE', [returnId, id])) as ReturnRow[];
      if (!ret) throw DomainError.notFound('material_return', returnId, 'returnId');
      if (ret.status === 'returned') throw new DomainError('REJECTION.ALREADY_RETURNED', 'these materials were already handed back', 'conflict');
      const recipient: ReturnRecipient = { kind: dto.recipient.kind, name: dto.recipient.name, idNumber: dto.recipient.idNumber };
      if (dto.recipient.authorization) recipient.authorization = { ...dto.recipient.authorization };
      checkRecipient(filing.citizen, recipient, dto.signature.signedName);
      const now = this.clock.now();
      const slipNo = await this.numbers.next(m, filing.unit_id, 'material_return', now);
      const [row] = returningRows<ReturnRow>(
        await m.query(
          `UPDATE material_return SET status = 'returned', recipient = $2, signature = $3, returned_at = $4, returned_by = $5, slip_no = $6
            WHERE id = $1 RETURNING *`,
          [returnId, JSON.stringify(recipient), JSON.stringify(dto.signature), now, actor.id, slipNo],
        ),
      );
      await this.audit.record(m, { actor, unitId: filing.unit_id, action: 'rejection.return.hand_over', entity: 'rejection_filing', entityId: id, after: row });
      return returnView(row!, false);
    });
  }

  async get(actor: Actor, id: string): Promise<FilingView> {
    const [row] = (await this.db.query('SELECT * FROM rejection_filing WHERE id = $1', [id])) as FilingRow[];
    if (!row || !this.visible(actor, row)) throw DomainError.notFound('rejection_filing', id, 'id');
    return this.view(this.db.manager, row, false);
  }

  async notice(actor: Actor, id: string): Promise<RejectionNotice> {
    const filing = await this.get(actor, id);
    if (!filing.notice) throw new DomainError('REJECTION.NO_NOTICE', 'a notice is issued once the refusal is in force', 'conflict');
    return filing.notice;
  }

  /** The register for inspectors and supervisors (inspectors see every unit), newest first, personal data masked. */
  /**
   * Efficiency figures per unit, office and filer for [from, to): refusals filed, and refusals put in force
   * (registered within authority when filed, or approved by a leader when decided). `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<RejectionFigures[]> {
    const rows = (await this.db.query(
      `SELECT unit_id, office_id, filed_by, sum(filed)::int AS filed, sum(in_force)::int AS in_force
         FROM (
           SELECT unit_id, office_id, filed_by, count(*) AS filed, count(*) FILTER (WHERE status = 'registered') AS in_force
             FROM rejection_filing WHERE filed_at >= $2 AND filed_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
            GROUP BY 1, 2, 3
           UNION ALL
           SELECT unit_id, office_id, filed_by, 0, count(*)
             FROM rejection_filing WHERE status = 'approved' AND decided_at >= $2 AND decided_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
            GROUP BY 1, 2, 3
         ) f
        GROUP BY 1, 2, 3`,
      [unitId, from, to],
    )) as Array<{ unit_id: string; office_id: string | null; filed_by: string; filed: number; in_force: number }>;
    return rows.map((r) => ({ unitId: r.unit_id, officeId: r.office_id, staffId: r.filed_by, filed: r.filed, inForce: r.in_force }));
  }

  async list(actor: Actor, q: ListFilingsQuery) {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [actor.roles.includes('inspector') ? null : actor.unitId];
    const where = ['($1::uuid IS NULL OR unit_id = $1)'];
    if (q.from) where.push(`filed_at >= $${params.push(parseIsoWithOffset(q.from))}`);
    if (q.to) where.push(`filed_at < $${params.push(parseIsoWithOffset(q.to))}`);
    if (q.officeId) where.push(`office_id = $${params.push(q.officeId)}`);
    if (q.staffId) where.push(`filed_by = $${params.push(q.staffId)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.serviceItemCode) where.push(`service_item_code = $${params.push(q.serviceItemCode)}`);
    const sql = where.join(' AND ');
    const [rows, [{ total }]] = (await Promise.all([
      this.db.query(`SELECT * FROM rejection_filing WHERE ${sql} ORDER BY filed_at DESC, id DESC LIMIT ${pageSize} OFFSET ${offset}`, params),
      this.db.query(`SELECT count(*)::int AS total FROM rejection_filing WHERE ${sql}`, params),
    ])) as [FilingRow[], Array<{ total: number }>];
    const items = await this.views(this.db.manager, rows, true);
    return { items, total, page, pageSize };
  }

  /** 材料退还单: the slip of materials handed back, with the unit and the staff member who handed them over. */
  async returnSlip(actor: Actor, id: string, returnId: string): Promise<MaterialReturnSlip> {
    const filing = await this.get(actor, id);
    const ret = filing.materialReturns.find((r) => r.id === returnId);
    if (!ret) throw DomainError.notFound('material_return', returnId, 'returnId');
    if (ret.status !== 'returned' || !filing.notice) {
      throw new DomainError('REJECTION.NOT_RETURNED', 'the slip is issued when the materials are handed over', 'conflict', 'returnId');
    }
    const { staff } = await this.organization.directory([ret.returnedBy!], []);
    const by = staff.get(ret.returnedBy!);
    return {
      slipNumber: ret.slipNumber!,
      unitName: filing.notice.unitName,
      noticeNumber: filing.notice.number,
      citizen: filing.citizen.name,
      serviceItem: filing.notice.serviceItem,
      items: ret.items,
      recipient: maskedRecipient(ret.recipient!),
      signature: ret.signature!,
      returnedAt: ret.returnedAt!,
      returnedBy: { id: ret.returnedBy!, name: by?.name ?? '', badgeNo: by?.badgeNo ?? '' },
    };
  }

  // --- internals ---------------------------------------------------------------------------------

  /** The leader the filer named: an active leader of the unit, not the filer. */
  private async namedApprover(actor: Actor, approverId: string): Promise<string> {
    const staff = await this.organization.getStaff(approverId).catch(() => null);
    if (!staff || staff.unitId !== actor.unitId || !staff.active || !staff.roles.includes('leader')) {
      throw new DomainError('REJECTION.UNKNOWN_APPROVER', `no active leader ${approverId} in this unit`, 'invalid', 'approverId');
    }
    if (staff.id === actor.id) throw new DomainError('REJECTION.OWN_APPROVAL', 'nobody approves their own refusal', 'invalid', 'approverId');
    return staff.id;
  }

  /** Beyond authority with no leader named: the unit's first leader other than the filer. */
  private async firstLeader(m: EntityManager, actor: Actor): Promise<string> {
    const [leader] = (await this.organization.staffWithRole(actor.unitId, 'leader', undefined, m)).filter((id) => id !== actor.id);
    if (!leader) throw new DomainError('REJECTION.NO_LEADER', 'this unit has no leader to decide the refusal', 'invalid', 'approverId');
    return leader;
  }

  /** The case or enquiry refused, locked or read in the filing's transaction, with who may file it. */
  private async subject(m: EntityManager, actor: Actor, dto: CreateFilingDto, filer: StaffView) {
    if (dto.caseId) {
      const c = await this.cases.lockForRejection(m, actor, dto.caseId);
      return {
        officeId: c.officeId,
        itemCode: c.serviceItemCode,
        citizen: { name: c.applicant.name, phone: c.applicant.phone, idNumber: c.applicant.idNumber } as Citizen,
        materials: c.materials,
        actingFor: c.actingFor,
      };
    }
    const e = await this.enquiries.forRejection(m, actor, dto.enquiryId!);
    const involved = e.firstResponderId === actor.id || e.transferStaffId === actor.id;
    if (!involved && !actor.roles.some((r) => r === 'office_head' || r === 'leader')) {
      throw new DomainError('REJECTION.NOT_YOURS', 'only the staff who dealt with the enquiry, or a supervisor, files its refusal', 'forbidden');
    }
    const name = dto.citizen?.name ?? e.citizen.name;
    if (!name) throw new DomainError('REJECTION.CITIZEN_REQUIRED', 'the notice is addressed to the citizen: give their name', 'invalid', 'citizen.name');
    const item = e.serviceItemCode ? await this.catalogue.get(e.serviceItemCode, { manager: m }) : null;
    return {
      officeId: item?.office.id ?? e.officeId ?? filer.officeId,
      itemCode: e.serviceItemCode,
      citizen: { name, phone: dto.citizen?.phone ?? e.citizen.phone, idNumber: dto.citizen?.idNumber ?? e.citizen.idNumber } as Citizen,
      materials: [] as ReceivedMaterial[],
      actingFor: null,
    };
  }

  /** The refusal is in force: a numbered notice to the citizen, and the case closed as rejected. */
  private async takeEffect(
    m: EntityManager,
    actor: Actor,
    filing: FilingRow,
    status: 'registered' | 'approved',
    by: { unitName: string; item: ServiceItemView | null; handler: StaffView; approvedBy: StaffView | null },
  ): Promise<FilingRow> {
    const now = this.clock.now();
    const number = await this.numbers.next(m, filing.unit_id, 'rejection', now);
    const ref = (s: StaffView): StaffRef => ({ id: s.id, name: s.name, badgeNo: s.badgeNo });
    const notice: RejectionNotice = {
      number,
      title: filing.case_id ? '不予受理（许可）通知书' : '不予办理告知书',
      unitName: by.unitName,
      citizen: filing.citizen.name,
      serviceItem: by.item ? { code: by.item.code, name: by.item.name } : null,
      reason: filing.reason,
      legalBasis: filing.legal_basis.map(citationText),
      remedies: remedies('本级人民政府'),
      handler: ref(by.handler),
      contactPhone: filing.contact_phone,
      approvedBy: by.approvedBy ? ref(by.approvedBy) : null,
      issuedAt: now.toISOString(),
    };
    const [row] = returningRows<FilingRow>(
      await m.query(`UPDATE rejection_filing SET status = $2, notice_no = $3, notice = $4 WHERE id = $1 RETURNING *`, [filing.id, status, number, JSON.stringify(notice)]),
    );
    if (filing.case_id) await this.cases.closeAsRejected(m, actor, filing.case_id, filing.id);
    return row!;
  }

  private assertInForce(filing: FilingRow): void {
    if (filing.status !== 'registered' && filing.status !== 'approved') {
      throw new DomainError('REJECTION.NOT_IN_FORCE', `the refusal is ${filing.status}: the case keeps its materials`, 'conflict');
    }
  }

  private async lock(m: EntityManager, actor: Actor, id: string): Promise<FilingRow> {
    const [row] = (await m.query('SELECT * FROM rejection_filing WHERE id = $1 FOR UPDATE', [id])) as FilingRow[];
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('rejection_filing', id, 'id');
    return row;
  }

  private visible(actor: Actor, row: FilingRow): boolean {
    return row.unit_id === actor.unitId || actor.roles.includes('inspector');
  }

  private async view(m: EntityManager, row: FilingRow, mask: boolean): Promise<FilingView> {
    return (await this.views(m, [row], mask))[0]!;
  }

  private async views(m: EntityManager, rows: FilingRow[], mask: boolean): Promise<FilingView[]> {
    if (rows.length === 0) return [];
    const ids = rows.flatMap((r) => [r.filed_by, r.approver_id, r.decided_by].filter((x): x is string => !!x));
    const [{ staff }, returns] = await Promise.all([
      this.organization.directory(ids, [], m),
      m.query('SELECT * FROM material_return WHERE filing_id = ANY ($1) ORDER BY requested_at', [rows.map((r) => r.id)]) as Promise<ReturnRow[]>,
    ]);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      enquiryId: r.enquiry_id,
      serviceItemCode: r.service_item_code,
      officeId: r.office_id,
      filedBy: ref(r.filed_by),
      filedActingFor: r.filed_acting_for,
      filedAt: r.filed_at.toISOString(),
      contactPhone: r.contact_phone,
      reason: r.reason,
      legalBasis: r.legal_basis,
      citizen: mask ? { name: r.citizen.name, phone: maskPhone(r.citizen.phone), idNumber: maskIdNumber(r.citizen.idNumber) } : r.citizen,
      withinAuthority: r.within_authority,
      status: r.status,
      approver: r.approver_id ? ref(r.approver_id) : null,
      approverActingFor: r.approver_acting_for,
      decisionDueAt: r.decision_due_at?.toISOString() ?? null,
      decidedBy: r.decided_by ? ref(r.decided_by) : null,
      decidedActingFor: r.decided_acting_for,
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionNote: r.decision_note,
      notice: r.notice,
      materialReturns: returns.filter((x) => x.filing_id === r.id).map((x) => returnView(x, mask)),
    }));
  }
}

function maskedRecipient(r: ReturnRecipient): ReturnRecipient {
  const masked: ReturnRecipient = { ...r, idNumber: maskIdNumber(r.idNumber)! };
  if (r.authorization) masked.authorization = { ...r.authorization, principalIdNumber: maskIdNumber(r.authorization.principalIdNumber)! };
  return masked;
}

function returnView(r: ReturnRow, mask: boolean): MaterialReturnView {
  const recipient = r.recipient && mask ? { ...r.recipient, idNumber: maskIdNumber(r.recipient.idNumber)! } : r.recipient;
  return {
    id: r.id,
    status: r.status,
    items: r.items,
    requestedAt: new Date(r.requested_at).toISOString(),
    channel: r.request_channel,
    recordedBy: r.recorded_by,
    recipient,
    signature: r.signature,
    returnedAt: r.returned_at ? new Date(r.returned_at).toISOString() : null,
    returnedBy: r.returned_by,
    slipNumber: r.slip_no,
  };
}
