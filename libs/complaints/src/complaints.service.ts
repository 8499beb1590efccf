import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskPhone, pageOf, parseIsoWithOffset, type Actor, type Page, type StaffRef } from '@app/core';
import { CalendarService } from '@app/calendar';
import { DeadlinesService, type TimerView } from '@app/deadlines';
import { EnquiryReading } from '@app/enquiries';
import { OrganizationService, PendingWorkRegistry, SubstitutionService } from '@app/organization';
import { AppConfig, AuditService, oneOf, PersonalDataReads, readRows, readTotal, rowMapper, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { COMPLAINT_STATUSES, type AssignComplaintDto, type CallbackDto, type ListComplaintsQuery, type ReplyDto } from './complaint.dto.js';

const complaintRow = rowMapper('complaint', {
  id: 'text',
  unit_id: 'text',
  enquiry_id: 'text',
  kind: oneOf(['complaint', 'report'] as const),
  subject: 'text',
  citizen_name: 'text',
  citizen_phone: 'text',
  office_id: 'text?',
  handler_id: 'text',
  assigned_by: 'text',
  assigned_at: 'timestamp',
  limit_working_days: 'int',
  due_at: 'timestamp',
  status: oneOf(COMPLAINT_STATUSES),
  reply_text: 'text?',
  reply_channel: 'text?',
  replied_at: 'timestamp?',
  replied_by: 'text?',
  replied_acting_for: 'text?',
  callback_at: 'timestamp?',
  callback_satisfied: 'bool?',
  callback_note: 'text?',
  callback_by: 'text?',
});
type ComplaintRow = ReturnType<typeof complaintRow>;
const listedRow = rowMapper('complaint', { total: 'int' });
const owedRow = rowMapper('complaint', { id: 'text', subject: 'text', due_at: 'timestamp' });

export interface ComplaintView {
  id: string;
  enquiryId: string;
  kind: 'complaint' | 'report';
  subject: string;
  status: ComplaintRow['status'];
  /** The phone is masked in lists. */
  citizen: { name: string; phone: string };
  officeId: string | null;
  handler: StaffRef;
  assignedBy: StaffRef;
  assignedAt: string;
  limitWorkingDays: number;
  dueAt: string;
  reply: { text: string; channel: string; repliedAt: string; by: StaffRef; actingFor: string | null } | null;
  callback: { calledAt: string; satisfied: boolean; note: string | null; by: StaffRef } | null;
}

/**
 * 投诉/举报: a registered complaint or report is given a handler by an office head or leader, and a time
 * limit (COMPLAINT_WORKING_DAYS, 15 by default as for 12345 tickets) on a clock that warns and escalates
 * like a case's; not replied by then is a complaint_overdue violation of the handler. The reply to the
 * citizen stops the clock; a callback (回访) records whether the citizen is satisfied and closes it.
 */
/** Roles that call a complainant back (回访) or answer for the office: they see the full phone. */
const CALLERS = new Set<string>(['office_head', 'leader', 'clerk']);

@Injectable()
export class ComplaintsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly enquiries: EnquiryReading,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly personalData: PersonalDataReads,
    pendingWork: PendingWorkRegistry,
  ) {
    // A handover before an absence lists the complaints the holder owes a reply.
    pendingWork.register(async (m, staffId) => {
      const rows = readRows(owedRow, await m.query(`SELECT id, subject, due_at FROM complaint WHERE handler_id = $1 AND status = 'assigned' ORDER BY due_at`, [staffId]));
      return rows.map((r) => ({ kind: 'complaint' as const, id: r.id, title: `投诉举报：${r.subject}`, dueAt: r.due_at.toISOString() }));
    });
  }

  async assign(actor: Actor, dto: AssignComplaintDto): Promise<ComplaintView & { deadline: TimerView | null }> {
    const handler = await this.organization.getStaff(dto.handlerId).catch(() => null);
    if (!handler || handler.unitId !== actor.unitId || !handler.active) {
      throw new DomainError('COMPLAINT.UNKNOWN_HANDLER', `no active staff member ${dto.handlerId} in this unit`, 'invalid', 'handlerId');
    }
    const limit = this.config.COMPLAINT_WORKING_DAYS;
    const { row, jobs } = await this.db.transaction(async (m) => {
      const enquiry = await this.enquiries.registeredComplaint(m, actor, dto.enquiryId);
      const now = this.clock.now();
      const { dueAt, provisional } = await this.calendar.deadline(now, { workingDays: limit }, actor.unitId);
      const [row] = readRows(
        complaintRow,
        await uniqueOr(
          m.query(
            `INSERT INTO complaint (unit_id, enquiry_id, kind, subject, citizen_name, citizen_phone, office_id, handler_id, assigned_by, assigned_at, limit_working_days, due_at, status)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'assigned') RETURNING *`,
            [actor.unitId, enquiry.id, enquiry.kind, enquiry.subject, enquiry.citizen.name, enquiry.citizen.phone, handler.officeId, handler.id, actor.id, now, limit, dueAt],
          ),
          { enquiry_id: ['COMPLAINT.ALREADY_ASSIGNED', 'enquiryId'] },
        ),
      );
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'complaint.assign', entity: 'complaint', entityId: row!.id, after: row });
      const jobs = await this.deadlines.start(m, {
        kind: 'complaint',
        subjectId: row!.id,
        unitId: actor.unitId,
        officeId: handler.officeId,
        assigneeId: handler.id,
        startedAt: now,
        dueAt,
        provisional,
      });
      return { row: row!, jobs };
    });
    await this.deadlines.enqueue(jobs);
    return this.present(actor, row, false);
  }

  /** The handler (their stand-in while away, or a supervisor) answers the citizen: the clock stops. */
  async reply(actor: Actor, id: string, dto: ReplyDto): Promise<ComplaintView & { deadline: TimerView | null }> {
    const written = await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status !== 'assigned') throw new DomainError('COMPLAINT.ALREADY_REPLIED', 'this complaint was already replied to', 'conflict');
      const actingFor = await this.actingFor(m, actor, row);
      const now = this.clock.now();
      const repliedAt = dto.repliedAt ? parseIsoWithOffset(dto.repliedAt)! : now;
      if (repliedAt > now || repliedAt < row.assigned_at) {
        throw new DomainError('COMPLAINT.REPLY_TIME', 'the reply is given after the assignment and not in the future', 'invalid', 'repliedAt');
      }
      const [after] = readRows(
        complaintRow,
        await m.query(
          `UPDATE complaint SET status = 'replied', reply_text = $2, reply_channel = $3, replied_at = $4, replied_by = $5, replied_acting_for = $6 WHERE id = $1 RETURNING *`,
          [id, dto.text, dto.channel, repliedAt, actor.id, actingFor],
        ),
      );
      await this.deadlines.stop(m, id);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'complaint.reply', entity: 'complaint', entityId: id, before: { status: row.status }, after });
      return after!;
    });
    return this.present(actor, written, false);
  }

  /** The callback (回访) after the reply: whether the citizen is satisfied. Closes the complaint. */
  async callback(actor: Actor, id: string, dto: CallbackDto): Promise<ComplaintView & { deadline: TimerView | null }> {
    const written = await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status === 'assigned') throw new DomainError('COMPLAINT.NOT_REPLIED', 'the citizen is called back after the reply', 'conflict');
      if (row.status === 'closed') throw new DomainError('COMPLAINT.CLOSED', 'the callback was already recorded', 'conflict');
      const calledAt = parseIsoWithOffset(dto.calledAt)!;
      if (calledAt > this.clock.now() || calledAt < row.replied_at!) {
        throw new DomainError('COMPLAINT.CALLBACK_TIME', 'the callback is made after the reply and not in the future', 'invalid', 'calledAt');
      }
      const [after] = readRows(
        complaintRow,
        await m.query(
          `UPDATE complaint SET status = 'closed', callback_at = $2, callback_satisfied = $3, callback_note = $4, callback_by = $5 WHERE id = $1 RETURNING *`,
          [id, calledAt, dto.satisfied, dto.note ?? null, actor.id],
        ),
      );
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'complaint.callback', entity: 'complaint', entityId: id, before: { status: row.status }, after });
      return after!;
    });
    return this.present(actor, written, false);
  }

  async list(actor: Actor, q: ListComplaintsQuery): Promise<Page<ComplaintView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [actor.unitId];
    const where = ['unit_id = $1'];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.handlerId) where.push(`handler_id = $${params.push(q.handlerId)}`);
    const sql = where.join(' AND ');
    // The page and its total in one statement; past the last page the window count has no row to ride on.
    const raw: unknown = await this.db.query(`SELECT *, count(*) OVER ()::int AS total FROM complaint WHERE ${sql} ORDER BY assigned_at DESC, id DESC LIMIT ${pageSize} OFFSET ${offset}`, params);
    const rows = readRows(complaintRow, raw);
    const total = rows.length > 0 || page === 1 ? (readRows(listedRow, raw)[0]?.total ?? 0) : readTotal(await this.db.query(`SELECT count(*)::int AS total FROM complaint WHERE ${sql}`, params));
    return { items: await this.views(rows, true), total, page, pageSize };
  }

  async get(actor: Actor, id: string): Promise<ComplaintView & { deadline: TimerView | null }> {
    const [row] = readRows(complaintRow, await this.db.query('SELECT * FROM complaint WHERE id = $1', [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('complaint', id, 'id');
    return this.present(actor, row, true);
  }

  /**
   * The complaint as a command wrote it (its row as RETURNING gave it, not read again after commit) or as
   * GET read it, with its clock. A write's own answer is no disclosure: its audit entry records who acted.
   */
  private async present(actor: Actor, row: ComplaintRow, auditDisclosure: boolean): Promise<ComplaintView & { deadline: TimerView | null }> {
    // In full only for whom must call the citizen: its handler, and the office heads, leaders and clerks
    // who answer and call back (回访); each such reading is audited. Masked for everyone else.
    const full = row.handler_id === actor.id || actor.roles.some((r) => CALLERS.has(r));
    const [[view], deadline] = await Promise.all([this.views([row], !full), this.deadlines.view(row.id)]);
    if (full && auditDisclosure) await this.personalData.disclosed(actor, row.unit_id, 'complaint', row.id, ['phone']);
    return { ...view!, deadline };
  }

  /** The handler, their stand-in while away (同岗替代制), an office head or a leader replies. */
  private async actingFor(m: EntityManager, actor: Actor, row: ComplaintRow): Promise<string | null> {
    if (row.handler_id === actor.id) return null;
    const standIn = await this.substitution.route(m, row.handler_id, this.clock.now());
    if (standIn.staffId === actor.id && standIn.actingFor) return standIn.actingFor;
    if (actor.roles.includes('office_head') || actor.roles.includes('leader')) return null;
    throw new DomainError('COMPLAINT.NOT_THE_HANDLER', 'only the handler (or their stand-in while away), an office head or a leader replies', 'forbidden');
  }

  private async lock(m: EntityManager, actor: Actor, id: string): Promise<ComplaintRow> {
    const [row] = readRows(complaintRow, await m.query('SELECT * FROM complaint WHERE id = $1 FOR UPDATE', [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('complaint', id, 'id');
    return row;
  }

  private async views(rows: ComplaintRow[], mask: boolean): Promise<ComplaintView[]> {
    const ids = rows.flatMap((r) => [r.handler_id, r.assigned_by, r.replied_by, r.callback_by].filter((x): x is string => !!x));
    const { staff } = await this.organization.directory(ids, []);
    const ref = (sid: string): StaffRef => ({ id: sid, name: staff.get(sid)?.name ?? '', badgeNo: staff.get(sid)?.badgeNo ?? '' });
    return rows.map((r) => ({
      id: r.id,
      enquiryId: r.enquiry_id,
      kind: r.kind,
      subject: r.subject,
      status: r.status,
      citizen: { name: r.citizen_name, phone: mask ? maskPhone(r.citizen_phone)! : r.citizen_phone },
      officeId: r.office_id,
      handler: ref(r.handler_id),
      assignedBy: ref(r.assigned_by),
      assignedAt: r.assigned_at.toISOString(),
      limitWorkingDays: r.limit_working_days,
      dueAt: r.due_at.toISOString(),
      reply: r.replied_at
        ? { text: r.reply_text!, channel: r.reply_channel!, repliedAt: r.replied_at.toISOString(), by: ref(r.replied_by!), actingFor: r.replied_acting_for }
        : null,
      callback: r.callback_at ? { calledAt: r.callback_at.toISOString(), satisfied: r.callback_satisfied!, note: r.callback_note, by: ref(r.callback_by!) } : null,
    }));
  }
}
