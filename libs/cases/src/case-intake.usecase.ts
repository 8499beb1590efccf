import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, newQueryCode, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import type { ServiceItemView } from '@app/catalogue';
import { DeadlinesService, type TimerJob } from '@app/deadlines';
import { DocumentNumbers } from '@app/documents';
import { EnquiryIntake, EnquiryReading } from '@app/enquiries';
import { NoticesService, type NoticeItem, type NoticeView } from '@app/notices';
import { OrganizationService, type StaffView } from '@app/organization';
import { AuditService, readRows, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { caseLabel } from './case-label.js';
import { CaseAccess } from './case-access.service.js';
import { transition } from './case-lifecycle.js';
import { CaseReading } from './case-reading.service.js';
import { caseRow, type CaseRow } from './case-rows.js';
import type { CaseView } from './case-views.service.js';
import type { CreateCaseDto } from './case.dto.js';
import { materialKey, mergeMaterials, missingMaterials, resolveItem, resolveMaterials, type MaterialInput, type NoticeItemInput } from './materials.js';

function limitText(item: ServiceItemView): string {
  const l = item.committedLimit;
  return `承诺办结时限：受理后${l.amount}个${l.unit === 'working_days' ? '工作日' : '工作小时'}（法定${item.statutoryLimit.amount}个${item.statutoryLimit.unit === 'working_days' ? '工作日' : '工作小时'}）`;
}

/**
 * Receiving an application: accepted with a receipt and a promised time when the materials are complete
 * (限时办结制), else ONE written notice of everything missing (一次性告知制), until the citizen brings it.
 */
@Injectable()
export class CaseIntake {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly enquiries: EnquiryReading,
    private readonly enquiryIntake: EnquiryIntake,
    private readonly notices: NoticesService,
    private readonly numbers: DocumentNumbers,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly access: CaseAccess,
    private readonly reading: CaseReading,
  ) {}

  /**
   * What the intake would give, without writing anything: complete, or the items the one-time notice
   * would list (checklist items by id and name, and the clerk's further items).
   */
  async preview(actor: Actor, dto: CreateCaseDto): Promise<{ complete: boolean; missing: NoticeItem[] }> {
    const item = await this.access.item(actor, dto.serviceItemCode);
    const missing = this.intakeNotice(item, dto);
    return { complete: missing.length === 0, missing };
  }

  /**
   * Starts a case: accepted with a receipt when the materials are complete. With something missing the
   * notice is issued only when the request says so (`issueNotice`, after the preview), else 422 listing it.
   */
  async create(actor: Actor, dto: CreateCaseDto): Promise<CaseView> {
    const item = await this.access.item(actor, dto.serviceItemCode);
    await this.access.assertWindowWork(actor, { office_id: item.office.id });
    const issuer = await this.organization.actorStaff(actor);
    const handler = await this.access.assignee(actor, dto.handlerId ?? (issuer.roles.includes('handler') ? actor.id : undefined));
    const materials = resolveMaterials(item.materials, dto.materials);
    const noticeItems = this.intakeNotice(item, dto);
    if (noticeItems.length > 0 && !dto.issueNotice) {
      throw new DomainError('CASE.MATERIALS_MISSING', 'materials are missing: preview the notice, then ask for it with issueNotice: true', 'invalid', 'materials', { missing: noticeItems });
    }

    const { row, jobs, noticed } = await this.db.transaction(async (m) => {
      // Every case has its enquiry: one received directly logs its first contact now (首问负责制).
      const enquiry = dto.enquiryId
        ? await this.enquiries.takeOpen(m, actor, dto.enquiryId)
        : await this.enquiryIntake.openForCase(m, actor, { responder: issuer, serviceItem: item, citizen: { name: dto.applicant.name, phone: dto.applicant.phone, idNumber: dto.applicant.idNumber ?? null } });
      const [row] = readRows(
        caseRow,
        await uniqueOr(
          m.query(
            `INSERT INTO service_case (unit_id, service_item_code, office_id, enquiry_id, applicant_name, applicant_phone, applicant_id_number,
               status, handler_id, handler_acting_for, created_by, created_at, materials, first_responder_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'awaiting_materials', $8, $9, $10, $11, $12, $13) RETURNING *`,
            [actor.unitId, item.code, item.office.id, enquiry.id, dto.applicant.name, dto.applicant.phone, dto.applicant.idNumber ?? null,
              handler.staffId, handler.actingFor, actor.id, this.clock.now(), JSON.stringify(materials), enquiry.firstResponder.id],
          ),
          { enquiry_id: ['CASE.ENQUIRY_TAKEN', 'enquiryId'] },
        ),
      );
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'case.create', entity: 'case', entityId: row!.id, after: row });
      await this.enquiries.closeAsCase(m, actor, enquiry.id, row!.id, row!.created_at);
      if (noticeItems.length > 0) {
        await this.notices.issue(m, actor, this.noticeIssue(row!, issuer, item, noticeItems));
        return { row: row!, jobs: [] as TimerJob[], noticed: true };
      }
      const accepted = await this.accept(m, actor, row!, item);
      return { row: accepted.row, jobs: accepted.jobs, noticed: false };
    });
    await this.deadlines.enqueue(jobs);
    // Shown from what was just written: only its clock and the names it shows are read.
    return this.reading.afterWrite(actor, { ...row, extensions: [] }, { itemNames: new Map([[item.code, item.name]]), noNotices: !noticed });
  }

  /** The citizen brings what the notice asked for; complete materials accept the case. */
  async supplement(actor: Actor, id: string, materials: MaterialInput[]): Promise<CaseView> {
    const item = await this.access.itemOfCase(actor, id);
    const brought = resolveMaterials(item.materials, materials);
    const { row, jobs } = await this.db.transaction(async (m) => {
      const row = await this.access.lockForWindowWork(m, actor, id);
      if (row.status !== 'awaiting_materials') throw new DomainError('CASE.NOT_AWAITING_MATERIALS', 'this case is not waiting for materials', 'conflict');
      const merged = mergeMaterials(item.materials, row.materials, brought);
      await m.query('UPDATE service_case SET materials = $2 WHERE id = $1', [id, JSON.stringify(merged)]);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.supplement', entity: 'case', entityId: id, before: row.materials, after: merged });
      const asked = (await this.notices.forCase(id, m)).flatMap((n) => n.items);
      const supplemented = { ...row, materials: merged };
      if (missingMaterials(item.materials, asked, merged).length > 0) return { row: supplemented, jobs: [] as TimerJob[] };
      return this.accept(m, actor, supplemented, item);
    });
    await this.deadlines.enqueue(jobs);
    return this.reading.afterWrite(actor, row, { itemNames: new Map([[item.code, item.name]]) });
  }

  /**
   * A further written notice. Checklist items are named by id; asking for what no earlier notice asked
   * (unjustified) is recorded as a violation.
   */
  async issueNotice(actor: Actor, id: string, items: NoticeItemInput[]): Promise<NoticeView> {
    const item = await this.access.itemOfCase(actor, id);
    const issuer = await this.organization.actorStaff(actor);
    const noticeItems: NoticeItem[] = items.map((i, index) => {
      const resolved = resolveItem(item.materials, i, `items.${index}`);
      return { ...resolved, reason: i.reason, source: resolved.itemId ? 'checklist' : 'free_text', ...(i.newlyRequired !== undefined ? { newlyRequired: i.newlyRequired } : {}), ...(i.justification !== undefined ? { justification: i.justification } : {}) };
    });
    return this.db.transaction(async (m) => {
      const row = await this.access.lockForWindowWork(m, actor, id);
      if (row.status !== 'awaiting_materials') throw new DomainError('CASE.NOT_AWAITING_MATERIALS', 'a notice is issued before acceptance only', 'conflict');
      return this.notices.issue(m, actor, this.noticeIssue(row, issuer, item, noticeItems));
    });
  }

  /** Acceptance: a numbered receipt, a query code, the promised time on the working-day calendar, and the clock. */
  private async accept<R extends CaseRow>(m: EntityManager, actor: Actor, row: R, item: ServiceItemView): Promise<{ row: R; jobs: TimerJob[] }> {
    const now = this.clock.now();
    const status = transition(row.status, 'accept');
    const queryCode = newQueryCode();
    const limit = item.committedLimit;
    const { dueAt, provisional } = await this.calendar.deadline(now, limit.unit === 'working_days' ? { workingDays: limit.amount } : { workingHours: limit.amount });
    const receiptNo = await this.numbers.next(m, row.unit_id, 'receipt', now);
    await this.audit.recordWith(
      m,
      // The handler at acceptance is the one the case counts for in the figures, whoever has it later.
      `UPDATE service_case SET status = $2, receipt_no = $3, query_code = $4, accepted_at = $5, accepted_by = $6, promised_at = $7, accepted_handler_id = handler_id
        WHERE id = $1`,
      [row.id, status, receiptNo, queryCode, now, actor.id, dueAt],
      { actor, unitId: row.unit_id, action: 'case.accept', entity: 'case', entityId: row.id, after: { receiptNo, promisedAt: dueAt } },
    );
    const accepted: R = { ...row, status, receipt_no: receiptNo, query_code: queryCode, accepted_at: now, accepted_by: actor.id, promised_at: dueAt };
    const jobs = await this.deadlines.start(m, {
      kind: 'case',
      subjectId: row.id,
      unitId: row.unit_id,
      officeId: row.office_id,
      assigneeId: row.handler_id,
      startedAt: now,
      dueAt,
      provisional,
      label: caseLabel({ ...row, receipt_no: receiptNo }, item.name),
    });
    return { row: accepted, jobs };
  }

  /** The first notice an intake would issue: every missing checklist item (with the clerk's reason if given) and the clerk's further items. */
  private intakeNotice(item: ServiceItemView, dto: CreateCaseDto): NoticeItem[] {
    const received = resolveMaterials(item.materials, dto.materials);
    const missing = missingMaterials(item.materials, [], received);
    const given = (dto.noticeItems ?? []).map((g, i) => ({ ...g, ...resolveItem(item.materials, g, `noticeItems.${i}`) }));
    const got = new Set(received.map(materialKey));
    const missingKeys = new Set(missing.map(materialKey));
    given.forEach((g, i) => {
      if (got.has(materialKey(g)) && !missingKeys.has(materialKey(g))) {
        throw new DomainError('CASE.NOTICE_ITEM_RECEIVED', `${g.name} was handed in`, 'invalid', `noticeItems.${i}.${g.itemId && dto.noticeItems![i]!.itemId ? 'itemId' : 'name'}`);
      }
    });
    const byKey = new Map(given.map((g) => [materialKey(g), g]));
    const items: NoticeItem[] = missing.map((x) => ({ ...x, reason: byKey.get(materialKey(x))?.reason ?? x.reason }));
    for (const g of given) {
      if (!missingKeys.has(materialKey(g)) && !items.some((x) => materialKey(x) === materialKey(g))) items.push({ name: g.name, reason: g.reason, source: 'free_text' });
    }
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
}
