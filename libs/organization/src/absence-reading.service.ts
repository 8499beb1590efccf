import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService, type WorkingCalendar } from '@app/calendar';
import { DomainError, pageOf, parseIsoWithOffset, type Actor, type Page, type StaffRef } from '@app/core';
import { readRows, readTotal } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { absenceRow, handoverOf, type AbsenceRow, type HandoverRow } from './absence-records.js';
import type { PendingWorkItem } from './pending-work.registry.js';
import { people, type PersonRow } from './staff-rows.js';
import type { AbsenceStatus, AbsenceType, ListAbsencesQuery } from './substitution.dto.js';
import { WindowWarnings, type WindowWarning } from './window-warnings.service.js';

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

/** Absences as the API shows them: one with its handover list and window warnings, or a page of them. */
@Injectable()
export class AbsenceReading {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: CalendarService,
    private readonly windowWarnings: WindowWarnings,
  ) {}

  async get(actor: Actor, id: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    const [row] = readRows(absenceRow, await this.db.query('SELECT * FROM absence WHERE id = $1', [id]));
    if (!row || !(row.unit_id === actor.unitId || actor.roles.includes('inspector'))) throw DomainError.notFound('absence', id, 'id');
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
    const total = readTotal(await this.db.query(`SELECT count(*)::int AS total FROM absence WHERE ${where.join(' AND ')}`, params));
    const rows = readRows(
      absenceRow,
      await this.db.query(`SELECT * FROM absence WHERE ${where.join(' AND ')} ORDER BY starts_at, id LIMIT ${pageSize} OFFSET ${offset}`, params),
    );
    const items = await this.views(this.db.manager, rows, calendar);
    return { items, total, page, pageSize };
  }

  /** One absence; `withDetail` adds its handover list and the window warnings. */
  async view(m: EntityManager, row: AbsenceRow, calendar: WorkingCalendar, options: { withDetail?: boolean } = {}): Promise<AbsenceView> {
    const [view] = await this.views(m, [row], calendar);
    if (!options.withDetail) return view!;
    const h = await handoverOf(m, row.id);
    return { ...view!, handover: h ? await this.handoverView(m, h) : null, warnings: await this.windowWarnings.of(m, row, calendar) };
  }

  async handoverView(m: EntityManager, h: HandoverRow): Promise<HandoverView> {
    const refs = await this.refs(m, [h.substitute_id, h.acknowledged_by]);
    return {
      items: h.items,
      notes: h.notes,
      substitute: refs(h.substitute_id)!,
      createdAt: h.created_at.toISOString(),
      acknowledgedBy: refs(h.acknowledged_by),
      acknowledgedAt: h.acknowledged_at?.toISOString() ?? null,
    };
  }

  private async views(m: EntityManager, rows: AbsenceRow[], calendar: WorkingCalendar): Promise<AbsenceView[]> {
    const refs = await this.refs(
      m,
      rows.flatMap((r) => [r.staff_id, r.stand_in_id, r.requested_by, r.decided_by, r.cancelled_by]),
    );
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      staff: refs(r.staff_id)!,
      type: r.type,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      workingMinutes: calendar.workingMinutesBetween(r.starts_at, r.ends_at),
      reason: r.reason,
      standIn: refs(r.stand_in_id),
      status: r.status,
      requestedBy: refs(r.requested_by)!,
      requestedAt: r.requested_at.toISOString(),
      decidedBy: refs(r.decided_by),
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionNote: r.decision_note,
      cancelledBy: refs(r.cancelled_by),
      cancelledAt: r.cancelled_at?.toISOString() ?? null,
      handoverRequired: r.handover_required,
    }));
  }

  private async refs(m: EntityManager, ids: Array<string | null>): Promise<(id: string | null) => StaffRef | null> {
    const wanted = ids.filter((x): x is string => !!x);
    const rows = wanted.length ? await people(m, wanted) : [];
    const byId = new Map(rows.filter((r): r is PersonRow => !!r).map((r) => [r.id, r]));
    return (id) => (id ? { id, name: byId.get(id)?.name ?? '', badgeNo: byId.get(id)?.badge_no ?? '' } : null);
  }
}
