import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskName, maskPhone, parseIsoWithOffset, type Actor, pageOf, type Page, type StaffRef } from '@app/core';
import { CalendarService } from '@app/calendar';
import { DeadlinesService, type TimerJob, type TimerLabel, type TimerView } from '@app/deadlines';
import { OrganizationService, PendingWorkRegistry, SubstitutionService } from '@app/organization';
import { AuditService, Inbox, PersonalDataReads, readRows, readTotal, rowMapper, type AlertView } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CompleteRectificationDto, FollowUpDto, ListRectificationsQuery } from './rating.dto.js';
import { followUpRow, ratingRow, rectificationRow, type FollowUpRow, type RatingRow, type RectificationRow } from './rating-rows.js';
import {
  checkCallTime,
  checkCompletable,
  CONTACT_RESULT_LABELS,
  RATING_LABELS,
  RECTIFICATION_STATUS_LABELS,
  RECTIFICATION_WORKING_DAYS,
  type ContactResult,
  type RatingLevel,
  type RectificationStatus,
} from './rating-rules.js';


const limitRow = rowMapper('rating_setting', { rectification_working_days: 'int' });

/** The unit's rectification limit in working days (some provinces use 5 or 7), else the default. */
export async function rectificationLimit(m: EntityManager, unitId: string): Promise<number> {
  const [row] = readRows(limitRow, await m.query('SELECT rectification_working_days FROM rating_setting WHERE unit_id = $1', [unitId]));
  return row?.rectification_working_days ?? RECTIFICATION_WORKING_DAYS;
}

const owedRow = rowMapper('rectification', { id: 'text', due_at: 'timestamp', reference: 'text' });
const countRow = rowMapper('rectification_follow_up', { n: 'int' });

export interface FollowUpView {
  id: string;
  calledAt: string;
  contactResult: ContactResult;
  contactResultLabel: string;
  note: string;
  recordedBy: StaffRef;
  /** The absent office head the recorder stood in for (同岗替代制), or null. */
  recordedActingFor: string | null;
  recordedAt: string;
}

export interface RectificationView {
  id: string;
  status: RectificationStatus;
  statusLabel: string;
  officeId: string | null;
  rating: {
    id: string;
    subject: 'case' | 'enquiry';
    caseId: string | null;
    enquiryId: string | null;
    /** The receipt number or enquiry reference the citizen rated. */
    reference: string;
    /** Whose service was rated: the case handler or the enquiry's first responder. */
    staffId: string;
    level: RatingLevel;
    levelLabel: string;
    comment: string | null;
    ratedAt: string;
  };
  /** Whom to call back; the phone is masked in lists. */
  citizen: { name: string | null; phone: string | null };
  assignee: StaffRef;
  openedAt: string;
  dueAt: string;
  followUps: FollowUpView[];
  measures: string | null;
  citizenSatisfied: boolean | null;
  completedAt: string | null;
  completedBy: StaffRef | null;
  completedActingFor: string | null;
}

/** What opening a rectification needs of the rating and of the case or enquiry rated. */
export interface RectificationSubject {
  rating: RatingRow;
  /** The office whose service was rated; null for an enquiry of no office. */
  officeId: string | null;
  citizen: { name: string | null; phone: string | null };
}

/**
 * 差评整改: a dissatisfied rating obliges the office head of the office rated (a leader when it has none)
 * to call the citizen back (回访) and rectify within 15 working days (or the unit's own limit), on a clock that warns and escalates
 * like a case's; not done in time is a rating_not_rectified violation of the office head.
 */
@Injectable()
export class RectificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly inbox: Inbox,
    private readonly personalData: PersonalDataReads,
    pendingWork: PendingWorkRegistry,
  ) {
    // A handover before an absence lists the rectifications the holder owes.
    pendingWork.register(async (m, staffId) => {
      const rows = readRows(
        owedRow,
        await m.query(
          `SELECT r.id, r.due_at, g.reference FROM rectification r JOIN rating g ON g.id = r.rating_id
            WHERE r.assignee_id = $1 AND r.status = 'open' ORDER BY r.due_at`,
          [staffId],
        ),
      );
      return rows.map((r) => ({ kind: 'rectification' as const, id: r.id, title: `差评整改：${r.reference}`, dueAt: r.due_at.toISOString() }));
    });
  }

  /**
   * Opens the rectification of a dissatisfied rating, in the rating's transaction, and tells the office
   * head at once; returns the clock's jobs and the alert to publish after commit.
   */
  async open(m: EntityManager, subject: RectificationSubject): Promise<{ jobs: TimerJob[]; alerts: AlertView[] }> {
    const { rating } = subject;
    const now = this.clock.now();
    const assigneeId = await this.rectifier(m, rating, subject.officeId);
    // Null when neither the rating nor the rectifier has an office: its clock escalates to the leaders.
    const officeId = subject.officeId ?? (await this.organization.directory([assigneeId], [], m)).staff.get(assigneeId)?.officeId ?? null;
    const { dueAt, provisional } = await this.calendar.deadline(now, { workingDays: await rectificationLimit(m, rating.unit_id) });
    const [row] = readRows(
      rectificationRow,
      await m.query(
        `INSERT INTO rectification (unit_id, office_id, rating_id, assignee_id, citizen_name, citizen_phone, status, opened_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8) RETURNING *`,
        [rating.unit_id, officeId, rating.id, assigneeId, subject.citizen.name, subject.citizen.phone, now, dueAt],
      ),
    );
    await this.audit.record(m, { actor: null, unitId: rating.unit_id, action: 'rectification.open', entity: 'rectification', entityId: row!.id, after: row });
    const label: TimerLabel = {
      summary: {
        number: rating.reference,
        ...(subject.citizen.name ? { applicant: maskName(subject.citizen.name)! } : {}),
        text: rating.comment ? `不满意评价：${rating.comment}` : '不满意评价',
      },
      link: `/rectifications?id=${row!.id}`,
    };
    const jobs = await this.deadlines.start(m, { kind: 'rectification', subjectId: row!.id, unitId: rating.unit_id, officeId, assigneeId, startedAt: now, dueAt, provisional, label });
    const alerts = await this.inbox.notify(m, [
      { recipientId: assigneeId, unitId: rating.unit_id, kind: 'rectification', subjectId: row!.id, event: 'assigned', level: 'info', title: '差评整改待办', dueAt, ...label },
    ]);
    return { jobs, alerts };
  }

  /** The rectifications of the caller's scope (see `scope`), newest first, phones masked. */
  async list(actor: Actor, q: ListRectificationsQuery): Promise<Page<RectificationView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where = [await this.scope(actor, params)];
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.officeId) where.push(`office_id = $${params.push(q.officeId)}`);
    const sql = where.join(' AND ');
    const [rows, counted] = await Promise.all([
      this.db.query(`SELECT * FROM rectification WHERE ${sql} ORDER BY opened_at DESC, id DESC LIMIT ${pageSize} OFFSET ${offset}`, params),
      this.db.query(`SELECT count(*)::int AS total FROM rectification WHERE ${sql}`, params),
    ]);
    return { items: await this.views(this.db.manager, readRows(rectificationRow, rows), true), total: readTotal(counted), page, pageSize };
  }

  /**
   * One rectification of the caller's scope; the complainant's phone in full only for whoever makes the
   * follow-up calls (the assignee, their stand-in, a leader) and the office's head, each time audited.
   */
  async get(actor: Actor, id: string): Promise<RectificationView & { deadline: TimerView | null }> {
    const params: unknown[] = [id];
    const scope = await this.scope(actor, params);
    const [row] = readRows(rectificationRow, await this.db.query(`SELECT * FROM rectification WHERE id = $1 AND ${scope}`, params));
    if (!row) throw DomainError.notFound('rectification', id, 'id');
    const full = await this.needsPhone(actor, row);
    const [[view], deadline] = await Promise.all([this.views(this.db.manager, [row], !full), this.deadlines.view(id)]);
    if (full && row.citizen_phone) await this.personalData.disclosed(actor, row.unit_id, 'rectification', row.id, ['phone']);
    return { ...view!, deadline };
  }

  /**
   * Who reads which rectifications: leaders and inspectors the unit's, an office head their office's, and
   * everyone those they are involved in (assigned, completed, called back, or whose service was rated).
   * A condition on `rectification`, its parameters pushed onto `params`.
   */
  private async scope(actor: Actor, params: unknown[]): Promise<string> {
    const unit = `unit_id = $${params.push(actor.unitId)}`;
    if (actor.roles.includes('leader') || actor.roles.includes('inspector')) return unit;
    const me = `$${params.push(actor.id)}::uuid`;
    const involved = [
      `${me} IN (assignee_id, completed_by, completed_acting_for)`,
      `EXISTS (SELECT 1 FROM rectification_follow_up f WHERE f.rectification_id = rectification.id AND ${me} IN (f.recorded_by, f.recorded_acting_for))`,
      `EXISTS (SELECT 1 FROM rating g WHERE g.id = rectification.rating_id AND g.staff_id = ${me})`,
    ];
    const office = actor.roles.includes('office_head') ? await this.officeOf(actor) : null;
    if (office) involved.push(`office_id = $${params.push(office)}`);
    return `${unit} AND (${involved.join(' OR ')})`;
  }

  private async needsPhone(actor: Actor, row: RectificationRow): Promise<boolean> {
    const acts = await this.actingFor(this.db.manager, actor, row).then(() => true, () => false);
    return acts || (actor.roles.includes('office_head') && row.office_id !== null && (await this.officeOf(actor)) === row.office_id);
  }

  private async officeOf(actor: Actor): Promise<string | null> {
    return (await this.organization.getStaff(actor.id).catch(() => null))?.officeId ?? null;
  }

  /** Records a follow-up call to the citizen (回访). */
  async followUp(actor: Actor, id: string, dto: FollowUpDto): Promise<FollowUpView> {
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status === 'completed') throw new DomainError('RECTIFICATION.COMPLETED', 'this rectification is already completed', 'conflict');
      const actingFor = await this.actingFor(m, actor, row);
      const now = this.clock.now();
      const calledAt = parseIsoWithOffset(dto.calledAt)!;
      checkCallTime(calledAt, row.opened_at, now);
      const [followUp] = readRows(
        followUpRow,
        await m.query(
          `INSERT INTO rectification_follow_up (rectification_id, called_at, contact_result, note, recorded_by, recorded_acting_for, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [id, calledAt, dto.contactResult, dto.note, actor.id, actingFor, now],
        ),
      );
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'rectification.follow_up', entity: 'rectification', entityId: id, after: followUp });
      const { staff } = await this.organization.directory([actor.id], [], m);
      return followUpView(followUp!, (sid) => ref(staff, sid));
    });
  }

  /** Completes the rectification, after at least one follow-up call: its clock stops. */
  async complete(actor: Actor, id: string, dto: CompleteRectificationDto): Promise<RectificationView> {
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      const actingFor = await this.actingFor(m, actor, row);
      const [{ n }] = readRows(countRow, await m.query('SELECT count(*)::int AS n FROM rectification_follow_up WHERE rectification_id = $1', [id]));
      checkCompletable(row.status, n);
      const [after] = readRows(
        rectificationRow,
        await m.query(
          `UPDATE rectification SET status = 'completed', measures = $2, citizen_satisfied = $3, completed_at = $4, completed_by = $5, completed_acting_for = $6
            WHERE id = $1 RETURNING *`,
          [id, dto.measures, dto.citizenSatisfied ?? null, this.clock.now(), actor.id, actingFor],
        ),
      );
      await this.deadlines.stop(m, id);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'rectification.complete',
        entity: 'rectification',
        entityId: id,
        before: { status: row.status },
        after: { status: after!.status, measures: after!.measures, citizenSatisfied: after!.citizen_satisfied, actingFor },
      });
      return (await this.views(m, [after!], false))[0]!;
    });
  }

  // --- internals ---------------------------------------------------------------------------------

  /** The office head of the office rated, else a leader; the staff member rated if the unit has neither. */
  private async rectifier(m: EntityManager, rating: RatingRow, officeId: string | null): Promise<string> {
    const heads = officeId ? await this.organization.staffWithRole(rating.unit_id, 'office_head', officeId, m) : [];
    if (heads[0]) return heads[0];
    const leaders = await this.organization.staffWithRole(rating.unit_id, 'leader', undefined, m);
    return leaders[0] ?? rating.staff_id;
  }

  /**
   * Only the assignee, whoever stands in for them while they are away (同岗替代制), or a leader acts on a
   * rectification. Returns whom the actor stands in for.
   */
  private async actingFor(m: EntityManager, actor: Actor, row: RectificationRow): Promise<string | null> {
    if (row.assignee_id === actor.id) return null;
    const standIn = await this.substitution.route(m, row.assignee_id, this.clock.now());
    if (standIn.staffId === actor.id && standIn.actingFor) return standIn.actingFor;
    if (actor.roles.includes('leader')) return null;
    throw new DomainError('RECTIFICATION.NOT_THE_ASSIGNEE', 'only the office head assigned (or their stand-in while away) or a leader acts on this rectification', 'forbidden');
  }

  private async lock(m: EntityManager, actor: Actor, id: string): Promise<RectificationRow> {
    const [row] = readRows(rectificationRow, await m.query('SELECT * FROM rectification WHERE id = $1 FOR UPDATE', [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('rectification', id, 'id');
    return row;
  }

  private async views(m: EntityManager, rows: RectificationRow[], mask: boolean): Promise<RectificationView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [ratings, followUps] = await Promise.all([
      m.query('SELECT * FROM rating WHERE id = ANY ($1)', [rows.map((r) => r.rating_id)]).then((r: unknown) => readRows(ratingRow, r)),
      m
        .query('SELECT * FROM rectification_follow_up WHERE rectification_id = ANY ($1) ORDER BY called_at, recorded_at', [ids])
        .then((r: unknown) => readRows(followUpRow, r)),
    ]);
    const staffIds = [...rows.flatMap((r) => [r.assignee_id, r.completed_by]), ...followUps.map((f) => f.recorded_by)].filter((x): x is string => !!x);
    const { staff } = await this.organization.directory(staffIds, [], m);
    const byId = (id: string) => ref(staff, id);
    const ratingOf = new Map(ratings.map((g) => [g.id, g]));
    return rows.map((r) => {
      const g = ratingOf.get(r.rating_id)!;
      return {
        id: r.id,
        status: r.status,
        statusLabel: RECTIFICATION_STATUS_LABELS[r.status],
        officeId: r.office_id,
        rating: {
          id: g.id,
          subject: g.case_id ? 'case' : 'enquiry',
          caseId: g.case_id,
          enquiryId: g.enquiry_id,
          reference: g.reference,
          staffId: g.staff_id,
          level: g.level,
          levelLabel: RATING_LABELS[g.level],
          comment: g.comment,
          ratedAt: g.rated_at.toISOString(),
        },
        citizen: { name: r.citizen_name, phone: mask ? maskPhone(r.citizen_phone) : r.citizen_phone },
        assignee: byId(r.assignee_id),
        openedAt: r.opened_at.toISOString(),
        dueAt: r.due_at.toISOString(),
        followUps: followUps.filter((f) => f.rectification_id === r.id).map((f) => followUpView(f, byId)),
        measures: r.measures,
        citizenSatisfied: r.citizen_satisfied,
        completedAt: r.completed_at?.toISOString() ?? null,
        completedBy: r.completed_by ? byId(r.completed_by) : null,
        completedActingFor: r.completed_acting_for,
      };
    });
  }
}

function ref(staff: Map<string, { name: string; badgeNo: string }>, id: string): StaffRef {
  return { id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' };
}

function followUpView(f: FollowUpRow, byId: (id: string) => StaffRef): FollowUpView {
  return {
    id: f.id,
    calledAt: f.called_at.toISOString(),
    contactResult: f.contact_result,
    contactResultLabel: CONTACT_RESULT_LABELS[f.contact_result],
    note: f.note,
    recordedBy: byId(f.recorded_by),
    recordedActingFor: f.recorded_acting_for,
    recordedAt: f.recorded_at.toISOString(),
  };
}
