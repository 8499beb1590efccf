import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService, type WorkingCalendar } from '@app/calendar';
import { Clock, DomainError, parseIsoWithOffset, type Actor, type Role, pageOf, type StaffRef, type Page } from '@app/core';
import { AuditService, returningRows } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { absenceLength, mayDecideAbsence, overlap } from './absence-rules.js';
import { PendingWorkRegistry, type PendingWorkItem } from './pending-work.registry.js';
import type { AbsenceDecisionDto, AbsenceStatus, AbsenceType, CreateAbsenceDto, HandoverDto, ListAbsencesQuery } from './substitution.dto.js';
import { SubstitutionService } from './substitution.service.js';

/** Approving the absence would leave a service window with nobody present for this stretch. */
export interface WindowWarning {
  code: 'WINDOW_UNCOVERED';
  postId: string;
  postName: string;
  holderId: string;
  from: string;
  to: string;
  message: string;
}

export interface HandoverView {
  items: PendingWorkItem[];
  notes: string;
  substitute: StaffRef;
  createdAt: string;
  acknowledgedBy: StaffRef | null;
  acknowledgedAt: string | null;
}

export interface AbsenceView {
  id: string;
  unitId: string;
  staff: StaffRef;
  type: AbsenceType;
  startsAt: string;
  endsAt: string;
  workingMinutes: number;
  reason: string;
  standIn: StaffRef | null;
  status: AbsenceStatus;
  requestedBy: StaffRef;
  requestedAt: string;
  decidedBy: StaffRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
  cancelledBy: StaffRef | null;
  cancelledAt: string | null;
  handoverRequired: boolean;
  handover?: HandoverView | null;
  warnings?: WindowWarning[];
}

interface AbsenceRow {
  id: string;
  unit_id: string;
  staff_id: string;
  type: AbsenceType;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  stand_in_id: string | null;
  status: AbsenceStatus;
  requested_by: string;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  cancelled_by: string | null;
  cancelled_at: Date | null;
  handover_required: boolean;
}

interface HandoverRow {
  absence_id: string;
  items: PendingWorkItem[];
  notes: string;
  substitute_id: string;
  created_by: string;
  created_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
}

interface PersonRow {
  id: string;
  unit_id: string;
  office_id: string | null;
  name: string;
  badge_no: string;
  roles: Role[];
  active: boolean;
}

/** Longer than this is not an absence but a change of post. */
const MAX_ABSENCE_MS = 366 * 24 * 3600_000;
const EXCLUSION_VIOLATION = '23P01';
const OPEN = ['requested', 'approved'];

/**
 * Registered absences (meeting, trip, leave) and their handover lists (同岗替代制). Registered ahead;
 * decided by the office head (a leader for heads and leaders); over one working day only with a handover
 * list the substitute has acknowledged.
 */
@Injectable()
export class AbsencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly substitution: SubstitutionService,
    private readonly pendingWork: PendingWorkRegistry,
  ) {}

  async create(actor: Actor, dto: CreateAbsenceDto): Promise<AbsenceView> {
    const now = this.clock.now();
    const startsAt = parseIsoWithOffset(dto.startsAt)!;
    const endsAt = parseIsoWithOffset(dto.endsAt)!;
    if (startsAt.getTime() < now.getTime()) {
      throw new DomainError('ABSENCE.NOT_AHEAD', 'an absence is registered before it starts', 'invalid', 'startsAt');
    }
    if (endsAt.getTime() <= startsAt.getTime()) {
      throw new DomainError('ABSENCE.ENDS_BEFORE_START', 'an absence ends after it starts', 'invalid', 'endsAt');
    }
    if (endsAt.getTime() - startsAt.getTime() > MAX_ABSENCE_MS) {
      throw new DomainError('ABSENCE.TOO_LONG', 'an absence lasts a year at most', 'invalid', 'endsAt');
    }
    // Read before the transaction: a stale calendar reloads through a pool connection of its own.
    const calendar = await this.calendar.calendar();
    const length = absenceLength(calendar.workingMinutesBetween(startsAt, endsAt), this.calendar.workingHoursPerDay());
    const staffId = dto.staffId ?? actor.id;

    return this.db.transaction(async (m) => {
      const [absentee] = await this.people(m, [staffId]);
      if (!absentee || absentee.unit_id !== actor.unitId) {
        throw new DomainError('ABSENCE.UNKNOWN_STAFF', `no staff member ${staffId} in this unit`, 'invalid', 'staffId');
      }
      if (staffId !== actor.id) await this.checkMayRegisterFor(m, actor, absentee);
      if (!absentee.active) throw new DomainError('ABSENCE.STAFF_INACTIVE', `${absentee.name} is no longer active`, 'invalid', 'staffId');
      if (dto.standInId) await this.checkStandIn(m, actor.unitId, staffId, dto.standInId, startsAt, endsAt);
      if (length.standInRequiredAtWindow && !dto.standInId) {
        const [post] = (await m.query('SELECT name FROM post WHERE holder_id = $1 AND active AND is_window', [staffId])) as Array<{ name: string }>;
        if (post) {
          throw new DomainError(
            'ABSENCE.STAND_IN_REQUIRED',
            `${absentee.name} holds the window ${post.name}: an absence of less than a working day names a colleague to stand in`,
            'invalid',
            'standInId',
          );
        }
      }
      let row: AbsenceRow;
      try {
        [row] = (await m.query(
          `INSERT INTO absence (unit_id, staff_id, type, starts_at, ends_at, reason, stand_in_id, status, requested_by, requested_at, handover_required)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $9, $10) RETURNING *`,
          [actor.unitId, staffId, dto.type, startsAt, endsAt, dto.reason, dto.standInId ?? null, actor.id, now, length.handoverRequired],
        )) as [AbsenceRow];
      } catch (e) {
        if ((e as { code?: string }).code !== EXCLUSION_VIOLATION) throw e;
        throw new DomainError('ABSENCE.OVERLAP', `${absentee.name} already has an absence registered in this period`, 'conflict', 'startsAt');
      }
      const view = await this.view(m, row, calendar, { withDetail: true });
      const { warnings: _warnings, handover: _handover, ...after } = view;
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'absence.create', entity: 'absence', entityId: row.id, after });
      return view;
    });
  }

  async decide(actor: Actor, id: string, dto: AbsenceDecisionDto): Promise<AbsenceView> {
    if (!dto.approve && !dto.note) {
      throw new DomainError('ABSENCE.NOTE_REQUIRED', 'a refusal says why', 'invalid', 'note');
    }
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      const [absentee, decider] = await this.people(m, [row.staff_id, actor.id]);
      const verdict = mayDecideAbsence(
        { id: absentee!.id, officeId: absentee!.office_id, roles: absentee!.roles },
        { id: actor.id, officeId: decider?.office_id ?? null, roles: actor.roles },
      );
      if (verdict === 'own_absence') throw new DomainError('ABSENCE.OWN_ABSENCE', 'nobody approves their own absence', 'forbidden');
      if (verdict === 'not_the_approver') {
        throw new DomainError(
          'ABSENCE.NOT_THE_APPROVER',
          "the office head of the absentee's office, or a leader (for an office head or a leader: a leader), decides this absence",
          'forbidden',
        );
      }
      if (row.status !== 'requested') throw new DomainError('ABSENCE.ALREADY_DECIDED', `this absence is already ${row.status}`, 'conflict');
      const now = this.clock.now();
      if (row.ends_at.getTime() <= now.getTime()) throw new DomainError('ABSENCE.OVER', 'this absence is already over', 'conflict');
      if (dto.approve && row.handover_required) {
        const handover = await this.handoverOf(m, id);
        if (!handover?.acknowledged_at) {
          throw new DomainError(
            'ABSENCE.HANDOVER_REQUIRED',
            handover
              ? 'the substitute has not yet acknowledged the handover list'
              : 'an absence of more than one working day is approved once the substitute has acknowledged a handover list',
            'conflict',
          );
        }
      }
      const before = await this.view(m, row, calendar);
      const [updated] = returningRows<AbsenceRow>(
        await m.query(
          `UPDATE absence SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1 RETURNING *`,
          [id, dto.approve ? 'approved' : 'rejected', actor.id, now, dto.note ?? null],
        ),
      );
      const after = await this.view(m, updated!, calendar);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: dto.approve ? 'absence.approve' : 'absence.reject',
        entity: 'absence',
        entityId: id,
        before,
        after,
      });
      return this.view(m, updated!, calendar, { withDetail: true });
    });
  }

  /** The absent holder draws up the handover list: a snapshot of their pending work, with notes. */
  async handover(actor: Actor, id: string, dto: HandoverDto): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.staff_id !== actor.id) {
        throw new DomainError('ABSENCE.NOT_THE_ABSENTEE', 'the staff member who will be away draws up the handover list', 'forbidden');
      }
      this.checkOpen(row);
      const existing = await this.handoverOf(m, id);
      if (existing?.acknowledged_at) {
        throw new DomainError('ABSENCE.HANDOVER_ACKNOWLEDGED', 'the handover was already acknowledged', 'conflict');
      }
      const substituteId = await this.receiver(m, row);
      if (!substituteId) {
        throw new DomainError('ABSENCE.NO_SUBSTITUTE', 'nobody (substitute, stand-in, office head or leader) is present throughout to take the work over', 'conflict');
      }
      const items = await this.pendingWork.collect(m, row.staff_id);
      const now = this.clock.now();
      await m.query(
        `INSERT INTO handover (absence_id, items, notes, substitute_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (absence_id) DO UPDATE SET items = $2, notes = $3, substitute_id = $4, created_by = $5, created_at = $6`,
        [id, JSON.stringify(items), dto.notes, substituteId, actor.id, now],
      );
      const view = await this.view(m, row, calendar, { withDetail: true });
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'absence.handover',
        entity: 'absence',
        entityId: id,
        before: existing ? await this.handoverView(m, existing) : null,
        after: view.handover,
      });
      return view;
    });
  }

  /** The substitute confirms they have taken the listed work over. */
  async acknowledgeHandover(actor: Actor, id: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      const handover = (await m.query('SELECT * FROM handover WHERE absence_id = $1 FOR UPDATE', [id])) as HandoverRow[];
      const h = handover[0];
      if (!h) throw new DomainError('ABSENCE.NO_HANDOVER', 'there is no handover list to acknowledge yet', 'conflict');
      if (h.substitute_id !== actor.id) {
        throw new DomainError('ABSENCE.NOT_THE_SUBSTITUTE', 'only the substitute named on the handover list acknowledges it', 'forbidden');
      }
      if (h.acknowledged_at) throw new DomainError('ABSENCE.HANDOVER_ACKNOWLEDGED', 'the handover was already acknowledged', 'conflict');
      this.checkOpen(row);
      const before = await this.handoverView(m, h);
      await m.query('UPDATE handover SET acknowledged_by = $2, acknowledged_at = $3 WHERE absence_id = $1', [id, actor.id, this.clock.now()]);
      const view = await this.view(m, row, calendar, { withDetail: true });
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'absence.handover.acknowledge',
        entity: 'absence',
        entityId: id,
        before,
        after: view.handover,
      });
      return view;
    });
  }

  /**
   * Called off by whoever asked for it or approved it. Before it starts it is cancelled; once it has
   * started, an approved absence ends now (the time already away stays on record).
   */
  async cancel(actor: Actor, id: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (actor.id !== row.requested_by && actor.id !== row.decided_by) {
        throw new DomainError('ABSENCE.NOT_ALLOWED', 'only whoever asked for this absence or approved it calls it off', 'forbidden');
      }
      this.checkOpen(row);
      const now = this.clock.now();
      const cutShort = row.status === 'approved' && row.starts_at.getTime() < now.getTime();
      const before = await this.view(m, row, calendar);
      const [updated] = returningRows<AbsenceRow>(
        await m.query(
          cutShort
            ? `UPDATE absence SET ends_at = $3, cancelled_by = $2, cancelled_at = $3 WHERE id = $1 RETURNING *`
            : `UPDATE absence SET status = 'cancelled', cancelled_by = $2, cancelled_at = $3 WHERE id = $1 RETURNING *`,
          [id, actor.id, now],
        ),
      );
      const after = await this.view(m, updated!, calendar);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: cutShort ? 'absence.end_early' : 'absence.cancel',
        entity: 'absence',
        entityId: id,
        before,
        after,
      });
      return this.view(m, updated!, calendar, { withDetail: true });
    });
  }

  async get(actor: Actor, id: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    const [row] = (await this.db.query('SELECT * FROM absence WHERE id = $1', [id])) as AbsenceRow[];
    if (!row || !this.visible(actor, row)) throw DomainError.notFound('absence', id, 'id');
    return this.view(this.db.manager, row, calendar, { withDetail: true });
  }

  /** In order of start; `from`/`to` pick the absences that overlap that period. */
  async list(actor: Actor, q: ListAbsencesQuery): Promise<Page<AbsenceView>> {
    const calendar = await this.calendar.calendar();
    const { page, pageSize, offset } = pageOf(q);
    const where = ['($1::uuid IS NULL OR unit_id = $1)'];
    const params: unknown[] = [actor.roles.includes('inspector') ? null : actor.unitId];
    if (q.staffId) where.push(`staff_id = $${params.push(q.staffId)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.from) where.push(`ends_at > $${params.push(parseIsoWithOffset(q.from))}`);
    if (q.to) where.push(`starts_at < $${params.push(parseIsoWithOffset(q.to))}`);
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM absence WHERE ${where.join(' AND ')}`, params)) as [{ total: number }];
    const rows = (await this.db.query(
      `SELECT * FROM absence WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT ${pageSize} OFFSET ${offset}`,
      params,
    )) as AbsenceRow[];
    const items = await this.views(this.db.manager, rows, calendar);
    return { items, total, page, pageSize };
  }

  // --- rules that need data --------------------------------------------------------------------------

  /** Registering someone else's absence: an admin, a leader, or the head of that person's office. */
  private async checkMayRegisterFor(m: EntityManager, actor: Actor, absentee: PersonRow): Promise<void> {
    if (actor.roles.includes('admin') || actor.roles.includes('leader')) return;
    if (actor.roles.includes('office_head')) {
      const [me] = await this.people(m, [actor.id]);
      if (me?.office_id && me.office_id === absentee.office_id) return;
    }
    throw new DomainError('ABSENCE.NOT_ALLOWED', "only an admin, a leader or the staff member's office head registers someone else's absence", 'forbidden');
  }

  /** A stand-in is an active colleague of the unit, present throughout the absence. */
  private async checkStandIn(m: EntityManager, unitId: string, staffId: string, standInId: string, startsAt: Date, endsAt: Date): Promise<void> {
    if (standInId === staffId) throw new DomainError('ABSENCE.STAND_IN_IS_SELF', 'the stand-in is someone other than the absentee', 'invalid', 'standInId');
    const [standIn] = await this.people(m, [standInId]);
    if (!standIn || standIn.unit_id !== unitId || !standIn.active) {
      throw new DomainError('ABSENCE.UNKNOWN_STAND_IN', `no active staff member ${standInId} in this unit`, 'invalid', 'standInId');
    }
    const [away] = (await m.query(
      `SELECT 1 FROM absence WHERE staff_id = $1 AND status = ANY ($4) AND starts_at < $3 AND ends_at > $2 LIMIT 1`,
      [standInId, startsAt, endsAt, OPEN],
    )) as unknown[];
    if (away) throw new DomainError('ABSENCE.STAND_IN_ABSENT', `${standIn.name} is away during this absence`, 'invalid', 'standInId');
  }

  /**
   * Who takes the work over: the first of the post's substitute, the named stand-in, an office head, a
   * leader, who is active and not away at any time during the absence.
   */
  private async receiver(m: EntityManager, row: AbsenceRow): Promise<string | null> {
    const ranked = await this.substitution.candidates(m, row.staff_id);
    const candidates = ranked.map((c) => c.id);
    if (row.stand_in_id) {
      const [standIn] = await this.people(m, [row.stand_in_id]);
      if (standIn?.active) {
        const rest = candidates.filter((c) => c !== standIn.id);
        const substitutes = ranked.filter((c) => c.via === 'substitute').length;
        candidates.splice(0, candidates.length, ...rest.slice(0, substitutes), standIn.id, ...rest.slice(substitutes));
      }
    }
    if (candidates.length === 0) return null;
    const away = (await m.query(
      `SELECT DISTINCT staff_id FROM absence WHERE staff_id = ANY ($1::uuid[]) AND status = ANY ($4) AND starts_at < $3 AND ends_at > $2`,
      [candidates, row.starts_at, row.ends_at, OPEN],
    )) as Array<{ staff_id: string }>;
    const awayIds = new Set(away.map((a) => a.staff_id));
    return candidates.find((c) => !awayIds.has(c)) ?? null;
  }

  /**
   * Service windows that approving this absence would leave with nobody present: the absentee's own
   * window when no stand-in is named and the substitute is missing or away too, and windows the absentee
   * is the substitute of whose holder is away at the same time with no stand-in. Only stretches that fall
   * in working hours count.
   */
  private async warnings(m: EntityManager, row: AbsenceRow, calendar: WorkingCalendar): Promise<WindowWarning[]> {
    if (!OPEN.includes(row.status) || row.ends_at.getTime() <= this.clock.now().getTime()) return [];
    const period = { from: row.starts_at, to: row.ends_at };
    const gaps: Array<{ postId: string; postName: string; holderId: string; from: Date; to: Date; why: string }> = [];
    if (!row.stand_in_id) {
      const own = (await m.query(
        `SELECT p.id, p.name, p.substitute_id, s.active AS substitute_active, s.name AS substitute_name
           FROM post p LEFT JOIN staff s ON s.id = p.substitute_id
          WHERE p.holder_id = $1 AND p.active AND p.is_window`,
        [row.staff_id],
      )) as Array<{ id: string; name: string; substitute_id: string | null; substitute_active: boolean | null; substitute_name: string | null }>;
      for (const p of own) {
        if (!p.substitute_id || !p.substitute_active) {
          gaps.push({ postId: p.id, postName: p.name, holderId: row.staff_id, ...period, why: 'the post has no active substitute' });
          continue;
        }
        const away = (await m.query(
          `SELECT starts_at, ends_at FROM absence WHERE staff_id = $1 AND status = ANY ($4) AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at`,
          [p.substitute_id, row.starts_at, row.ends_at, OPEN],
        )) as Array<{ starts_at: Date; ends_at: Date }>;
        for (const a of away) {
          const gap = overlap(period, { from: a.starts_at, to: a.ends_at });
          if (gap) gaps.push({ postId: p.id, postName: p.name, holderId: row.staff_id, ...gap, why: `the substitute ${p.substitute_name} is away too` });
        }
      }
    }
    const covering = (await m.query(
      `SELECT p.id, p.name, p.holder_id, h.name AS holder_name, a.starts_at, a.ends_at
         FROM post p JOIN staff h ON h.id = p.holder_id
         JOIN absence a ON a.staff_id = p.holder_id AND a.status = ANY ($4) AND a.stand_in_id IS NULL AND a.starts_at < $3 AND a.ends_at > $2
        WHERE p.substitute_id = $1 AND p.active AND p.is_window
        ORDER BY a.starts_at`,
      [row.staff_id, row.starts_at, row.ends_at, OPEN],
    )) as Array<{ id: string; name: string; holder_id: string; holder_name: string; starts_at: Date; ends_at: Date }>;
    for (const c of covering) {
      const gap = overlap(period, { from: c.starts_at, to: c.ends_at });
      if (gap) gaps.push({ postId: c.id, postName: c.name, holderId: c.holder_id, ...gap, why: `its holder ${c.holder_name} is away at the same time` });
    }
    return gaps
      .filter((g) => calendar.workingMinutesBetween(g.from, g.to) > 0)
      .map((g) => ({
        code: 'WINDOW_UNCOVERED' as const,
        postId: g.postId,
        postName: g.postName,
        holderId: g.holderId,
        from: g.from.toISOString(),
        to: g.to.toISOString(),
        message: `the window ${g.postName} would have nobody present: ${g.why}`,
      }));
  }

  private checkOpen(row: AbsenceRow): void {
    if (!OPEN.includes(row.status)) throw new DomainError('ABSENCE.CLOSED', `this absence is ${row.status}`, 'conflict');
    if (row.ends_at.getTime() <= this.clock.now().getTime()) throw new DomainError('ABSENCE.OVER', 'this absence is already over', 'conflict');
  }

  // --- storage and views -----------------------------------------------------------------------------

  private async lock(m: EntityManager, actor: Actor, id: string): Promise<AbsenceRow> {
    const [row] = (await m.query('SELECT * FROM absence WHERE id = $1 FOR UPDATE', [id])) as AbsenceRow[];
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('absence', id, 'id');
    return row;
  }

  private visible(actor: Actor, row: AbsenceRow): boolean {
    return row.unit_id === actor.unitId || actor.roles.includes('inspector');
  }

  private async people(m: EntityManager, ids: string[]): Promise<Array<PersonRow | undefined>> {
    const rows = (await m.query('SELECT id, unit_id, office_id, name, badge_no, roles, active FROM staff WHERE id = ANY ($1::uuid[])', [
      [...new Set(ids)],
    ])) as PersonRow[];
    return ids.map((id) => rows.find((r) => r.id === id));
  }

  private async handoverOf(m: EntityManager, absenceId: string): Promise<HandoverRow | undefined> {
    const [h] = (await m.query('SELECT * FROM handover WHERE absence_id = $1', [absenceId])) as HandoverRow[];
    return h;
  }

  private async handoverView(m: EntityManager, h: HandoverRow): Promise<HandoverView> {
    const refs = await this.refs(m, [h.substitute_id, h.acknowledged_by]);
    return {
      items: h.items,
      notes: h.notes,
      substitute: refs(h.substitute_id)!,
      createdAt: new Date(h.created_at).toISOString(),
      acknowledgedBy: refs(h.acknowledged_by),
      acknowledgedAt: h.acknowledged_at ? new Date(h.acknowledged_at).toISOString() : null,
    };
  }

  private async refs(m: EntityManager, ids: Array<string | null>): Promise<(id: string | null) => StaffRef | null> {
    const wanted = ids.filter((x): x is string => !!x);
    const rows = wanted.length ? await this.people(m, wanted) : [];
    const byId = new Map(rows.filter((r): r is PersonRow => !!r).map((r) => [r.id, r]));
    return (id) => (id ? { id, name: byId.get(id)?.name ?? '', badgeNo: byId.get(id)?.badge_no ?? '' } : null);
  }

  /** One absence; `withDetail` adds its handover list and the window warnings. */
  private async view(m: EntityManager, row: AbsenceRow, calendar: WorkingCalendar, options: { withDetail?: boolean } = {}): Promise<AbsenceView> {
    const [view] = await this.views(m, [row], calendar);
    if (!options.withDetail) return view!;
    const h = await this.handoverOf(m, row.id);
    return { ...view!, handover: h ? await this.handoverView(m, h) : null, warnings: await this.warnings(m, row, calendar) };
  }

  private async views(m: EntityManager, rows: AbsenceRow[], calendar: WorkingCalendar): Promise<AbsenceView[]> {
    const refs = await this.refs(
      m,
      rows.flatMap((r) => [r.staff_id, r.stand_in_id, r.requested_by, r.decided_by, r.cancelled_by]),
    );
    const iso = (t: Date | null) => (t ? new Date(t).toISOString() : null);
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      staff: refs(r.staff_id)!,
      type: r.type,
      startsAt: new Date(r.starts_at).toISOString(),
      endsAt: new Date(r.ends_at).toISOString(),
      workingMinutes: calendar.workingMinutesBetween(new Date(r.starts_at), new Date(r.ends_at)),
      reason: r.reason,
      standIn: refs(r.stand_in_id),
      status: r.status,
      requestedBy: refs(r.requested_by)!,
      requestedAt: new Date(r.requested_at).toISOString(),
      decidedBy: refs(r.decided_by),
      decidedAt: iso(r.decided_at),
      decisionNote: r.decision_note,
      cancelledBy: refs(r.cancelled_by),
      cancelledAt: iso(r.cancelled_at),
      handoverRequired: r.handover_required,
    }));
  }
}
