import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, pageOf, type Actor, type Page, type StaffRef } from '@app/core';
import { CalendarService } from '@app/calendar';
import { DeadlinesService, type TimerView } from '@app/deadlines';
import { OrganizationService, PendingWorkRegistry, SubstitutionService } from '@app/organization';
import { AuditService, readRows, readTotal, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CompleteTaskDto, CreateInternalTaskDto, HandOverTaskDto, ListInternalTasksQuery } from './internal-task.dto.js';
import { handoverRow, TASK_SELECT, taskRow, type HandoverRow, type TaskRow } from './internal-task-rows.js';
import { WorkStandards } from './work-standards.service.js';
import { TASK_STATUS_LABELS, type TaskStatus } from './work-standards.js';

const heldRow = rowMapper('internal_task_handover', { task_id: 'text' });

export interface HandoverView {
  from: StaffRef;
  to: StaffRef;
  by: StaffRef;
  actingFor: string | null;
  handedAt: string;
  note: string | null;
}

export interface InternalTaskView {
  id: string;
  kind: string;
  urgent: boolean;
  title: string;
  reference: string | null;
  /** The standard as it stood when the task started: a later change of the standard does not touch it. */
  standard: { id: string; version: number; name: string; limitWorkingMinutes: number; limitText: string };
  status: TaskStatus;
  statusLabel: string;
  officeId: string | null;
  /** Who holds it now (办理人). */
  handler: StaffRef;
  createdBy: StaffRef;
  createdAt: string;
  dueAt: string;
  completion: { at: string; by: StaffRef; actingFor: string | null; note: string | null; late: boolean } | null;
  /** 转交 in order: the clock ran on through each. */
  handovers: HandoverView[];
  deadline: TimerView | null;
}

/**
 * 内部事务 under the unit's work standards (公文流转, 会议纪要…): a task takes the limit of its standard
 * (the urgent one for 急件) and runs on the same working-day clock and escalation ladder as a case. It is
 * handed from holder to holder with the clock running; whoever holds it when the limit passes is charged
 * with an internal_task_overdue violation (the escalation does that, as for cases). Completion stops it.
 */
@Injectable()
export class InternalTasks {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly deadlines: DeadlinesService,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly standards: WorkStandards,
    private readonly audit: AuditService,
    pendingWork: PendingWorkRegistry,
  ) {
    // A handover before an absence lists the internal tasks the holder still has.
    pendingWork.register(async (m, staffId) => {
      const rows = readRows(taskRow, await m.query(`${TASK_SELECT} WHERE t.handler_id = $1 AND t.status = 'open' ORDER BY t.due_at`, [staffId]));
      return rows.map((r) => ({ kind: 'internal_task' as const, id: r.id, title: `内部事务：${r.title}`, dueAt: r.due_at.toISOString() }));
    });
    // A deactivated holder's open tasks go to their post's substitute, each a hand-over on record.
    pendingWork.registerReassigner('internal_task', (m, actor, fromId, toId) => this.handAllOver(m, actor, fromId, toId));
  }

  async create(actor: Actor, dto: CreateInternalTaskDto): Promise<InternalTaskView> {
    const handler = await this.activeStaff(actor, dto.handlerId, 'handlerId');
    const urgent = dto.urgent ?? false;
    const { id, jobs } = await this.db.transaction(async (m) => {
      const standard = await this.standards.forTask(m, actor.unitId, dto.kind, urgent);
      const now = this.clock.now();
      const { dueAt, provisional } = (await this.calendar.calendar(actor.unitId)).addWorkingMinutes(now, standard.limit_minutes);
      const [row] = readRows(
        rowMapper('internal_task', { id: 'text' }),
        await m.query(
          `INSERT INTO internal_task (unit_id, kind, urgent, title, reference, standard_id, standard_version, limit_minutes, office_id, handler_id, created_by, created_at, due_at, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'open') RETURNING id`,
          [actor.unitId, dto.kind, urgent, dto.title, dto.reference ?? null, standard.id, standard.version, standard.limit_minutes, handler.officeId, handler.id, actor.id, now, dueAt],
        ),
      );
      const id = row!.id;
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'internal_task.create', entity: 'internal_task', entityId: id, after: { ...dto, urgent, standardId: standard.id, standardVersion: standard.version, limitMinutes: standard.limit_minutes, dueAt } });
      const jobs = await this.deadlines.start(m, {
        kind: 'internal_task',
        subjectId: id,
        unitId: actor.unitId,
        officeId: handler.officeId,
        assigneeId: handler.id,
        startedAt: now,
        dueAt,
        provisional,
        label: { summary: { ...(dto.reference ? { number: dto.reference } : {}), text: `${standard.name}：${dto.title}` }, link: `/internal-tasks?id=${id}` },
      });
      return { id, jobs };
    });
    await this.deadlines.enqueue(jobs);
    return this.get(actor, id);
  }

  /** 转交: the next handler holds it from now, the clock running on; late from here on is theirs. */
  async handOver(actor: Actor, id: string, dto: HandOverTaskDto): Promise<InternalTaskView> {
    const to = await this.activeStaff(actor, dto.toId, 'toId');
    await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status !== 'open') throw new DomainError('INTERNAL_TASK.COMPLETED', 'a completed task is not handed over', 'conflict');
      if (to.id === row.handler_id) throw new DomainError('INTERNAL_TASK.SAME_HOLDER', 'the task is already with this staff member', 'invalid', 'toId');
      await this.moveTo(m, actor, row, to, await this.workAs(m, actor, row), dto.note ?? null);
    });
    return this.get(actor, id);
  }

  private async moveTo(m: EntityManager, actor: Actor, row: TaskRow, to: { id: string; officeId: string | null }, actingFor: string | null, note: string | null): Promise<void> {
    await m.query(`UPDATE internal_task SET handler_id = $2, office_id = $3 WHERE id = $1`, [row.id, to.id, to.officeId]);
    await m.query(`INSERT INTO internal_task_handover (task_id, from_id, to_id, handed_by, acting_for, handed_at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      row.id,
      row.handler_id,
      to.id,
      actor.id,
      actingFor,
      this.clock.now(),
      note,
    ]);
    await this.deadlines.reassign(m, row.id, to.id, to.officeId);
    await this.audit.record(m, {
      actor,
      unitId: row.unit_id,
      action: 'internal_task.hand_over',
      entity: 'internal_task',
      entityId: row.id,
      before: { handlerId: row.handler_id, officeId: row.office_id },
      after: { handlerId: to.id, officeId: to.officeId, actingFor, note },
    });
  }

  private async handAllOver(m: EntityManager, actor: Actor, fromId: string, toId: string): Promise<void> {
    const to = await this.activeStaff(actor, toId, 'reassignTo');
    const rows = readRows(taskRow, await m.query(`${TASK_SELECT} WHERE t.handler_id = $1 AND t.status = 'open' ORDER BY t.id FOR UPDATE OF t`, [fromId]));
    for (const row of rows) await this.moveTo(m, actor, row, to, null, '人员停用，移交B角');
  }

  /** 办结: the clock stops; done after the limit, the violation recorded at the due time stands. */
  async complete(actor: Actor, id: string, dto: CompleteTaskDto): Promise<InternalTaskView> {
    await this.db.transaction(async (m) => {
      const row = await this.lock(m, actor, id);
      if (row.status !== 'open') throw new DomainError('INTERNAL_TASK.COMPLETED', 'this task is already completed', 'conflict');
      const actingFor = await this.workAs(m, actor, row);
      const now = this.clock.now();
      await m.query(`UPDATE internal_task SET status = 'completed', completed_at = $2, completed_by = $3, completed_acting_for = $4, completion_note = $5 WHERE id = $1`, [
        id,
        now,
        actor.id,
        actingFor,
        dto.note ?? null,
      ]);
      await this.deadlines.stop(m, id);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'internal_task.complete',
        entity: 'internal_task',
        entityId: id,
        before: { status: row.status },
        after: { status: 'completed', completedAt: now.toISOString(), actingFor, late: now > row.due_at },
      });
    });
    return this.get(actor, id);
  }

  /** mine: the tasks I hold; office: my office's (an office head); unit: the unit's (a leader, an inspector). */
  async list(actor: Actor, q: ListInternalTasksQuery): Promise<Page<InternalTaskView>> {
    const { page, pageSize, offset } = pageOf(q);
    const scope = q.scope ?? 'mine';
    const params: unknown[] = [actor.unitId];
    const where = ['t.unit_id = $1'];
    if (scope === 'mine') where.push(`t.handler_id = $${params.push(actor.id)}`);
    if (scope === 'office') {
      const office = actor.roles.includes('office_head') ? (await this.organization.getStaff(actor.id)).officeId : null;
      if (!office) throw new DomainError('INTERNAL_TASK.SCOPE', 'an office’s tasks are listed for its office head', 'forbidden', 'scope');
      where.push(`t.office_id = $${params.push(office)}`);
    }
    if (scope === 'unit' && !actor.roles.some((r) => r === 'leader' || r === 'inspector')) {
      throw new DomainError('INTERNAL_TASK.SCOPE', 'the unit’s tasks are listed for leaders and inspectors', 'forbidden', 'scope');
    }
    if (q.status) where.push(`t.status = $${params.push(q.status)}`);
    const sql = where.join(' AND ');
    const [rows, counted] = await Promise.all([
      this.db.query(`${TASK_SELECT} WHERE ${sql} ORDER BY t.status, t.due_at, t.id LIMIT ${pageSize} OFFSET ${offset}`, params),
      this.db.query(`SELECT count(*)::int AS total FROM internal_task t WHERE ${sql}`, params),
    ]);
    return { items: await this.views(readRows(taskRow, rows)), total: readTotal(counted), page, pageSize };
  }

  /** For whoever holds or held it (or handed it on), created it, stands in for its holder, supervises its office, or inspects. */
  async get(actor: Actor, id: string): Promise<InternalTaskView> {
    const [row] = readRows(taskRow, await this.db.query(`${TASK_SELECT} WHERE t.id = $1`, [id]));
    if (!row || row.unit_id !== actor.unitId || !(await this.maySee(actor, row))) throw DomainError.notFound('internal_task', id, 'id');
    const [view] = await this.views([row]);
    return view!;
  }

  private async maySee(actor: Actor, row: TaskRow): Promise<boolean> {
    if (actor.id === row.handler_id || actor.id === row.created_by || actor.roles.some((r) => r === 'leader' || r === 'inspector')) return true;
    if (await this.headsOfficeOf(actor, row)) return true;
    const held = readRows(heldRow, await this.db.query('SELECT task_id FROM internal_task_handover WHERE task_id = $1 AND $2 IN (from_id, to_id, handed_by) LIMIT 1', [row.id, actor.id]));
    if (held.length > 0) return true;
    return (await this.substitution.route(this.db.manager, row.handler_id, this.clock.now())).staffId === actor.id;
  }

  /** The holder, their stand-in while away (recorded as acting for them), the office head of its office or a leader. */
  private async workAs(m: EntityManager, actor: Actor, row: TaskRow): Promise<string | null> {
    if (actor.id === row.handler_id) return null;
    const standIn = await this.substitution.route(m, row.handler_id, this.clock.now());
    if (standIn.staffId === actor.id && standIn.actingFor) return standIn.actingFor;
    if (actor.roles.includes('leader') || (await this.headsOfficeOf(actor, row))) return null;
    throw new DomainError('INTERNAL_TASK.NOT_THE_HOLDER', 'only its holder, their stand-in, the office head of its office or a leader can do this', 'forbidden');
  }

  private async headsOfficeOf(actor: Actor, row: TaskRow): Promise<boolean> {
    if (!actor.roles.includes('office_head') || !row.office_id) return false;
    const staff = await this.organization.getStaff(actor.id).catch(() => null);
    return staff?.officeId === row.office_id;
  }

  private async activeStaff(actor: Actor, id: string, field: string): Promise<{ id: string; officeId: string | null }> {
    const staff = await this.organization.getStaff(id, field).catch(() => null);
    if (!staff || staff.unitId !== actor.unitId || !staff.active) {
      throw new DomainError('INTERNAL_TASK.UNKNOWN_STAFF', `no active staff member ${id} in this unit`, 'invalid', field);
    }
    return { id: staff.id, officeId: staff.officeId };
  }

  private async lock(m: EntityManager, actor: Actor, id: string): Promise<TaskRow> {
    const [row] = readRows(taskRow, await m.query(`${TASK_SELECT} WHERE t.id = $1 FOR UPDATE OF t`, [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('internal_task', id, 'id');
    return row;
  }

  private async views(rows: TaskRow[]): Promise<InternalTaskView[]> {
    const handovers = rows.length
      ? readRows(handoverRow, await this.db.query('SELECT * FROM internal_task_handover WHERE task_id = ANY($1) ORDER BY handed_at, id', [rows.map((r) => r.id)]))
      : [];
    const ids = [...rows.flatMap((r) => [r.handler_id, r.created_by, r.completed_by]), ...handovers.flatMap((h) => [h.from_id, h.to_id, h.handed_by])];
    const { staff } = await this.organization.directory(ids.filter((x): x is string => !!x), []);
    const ref = (sid: string): StaffRef => ({ id: sid, name: staff.get(sid)?.name ?? '', badgeNo: staff.get(sid)?.badgeNo ?? '' });
    const handover = (h: HandoverRow): HandoverView => ({ from: ref(h.from_id), to: ref(h.to_id), by: ref(h.handed_by), actingFor: h.acting_for, handedAt: h.handed_at.toISOString(), note: h.note });
    const deadlines = await this.deadlines.views(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      urgent: r.urgent,
      title: r.title,
      reference: r.reference,
      standard: { id: r.standard_id, version: r.standard_version, name: r.standard_name, limitWorkingMinutes: r.limit_minutes, limitText: this.standards.limitText(r.limit_minutes) },
      status: r.status,
      statusLabel: TASK_STATUS_LABELS[r.status],
      officeId: r.office_id,
      handler: ref(r.handler_id),
      createdBy: ref(r.created_by),
      createdAt: r.created_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      completion: r.completed_at
        ? { at: r.completed_at.toISOString(), by: ref(r.completed_by!), actingFor: r.completed_acting_for, note: r.completion_note, late: r.completed_at > r.due_at }
        : null,
      handovers: handovers.filter((h) => h.task_id === r.id).map(handover),
      deadline: deadlines.get(r.id) ?? null,
    }));
  }
}
