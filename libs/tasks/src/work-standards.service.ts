import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { AuditService, readRows, rowMapper, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateWorkStandardDto, UpdateWorkStandardDto } from './work-standard.dto.js';
import { DEFAULT_STANDARDS, limitText, MAX_LIMIT_DAYS } from './work-standards.js';

export const standardRow = rowMapper('work_standard', {
  id: 'text',
  unit_id: 'text',
  kind: 'text',
  urgent: 'bool',
  name: 'text',
  limit_minutes: 'int',
  version: 'int',
});
export type StandardRow = ReturnType<typeof standardRow>;
const anyRow = rowMapper('work_standard', { id: 'text' });

export interface WorkStandardView {
  id: string;
  kind: string;
  urgent: boolean;
  name: string;
  limitWorkingMinutes: number;
  /** 1个工作日, 4个工作小时, 半个工作日. */
  limitText: string;
  version: number;
}

/**
 * A unit's work standards (工作标准) for internal work: seeded from the defaults the first time the unit
 * needs them, then the admin's. Every change is a new version, audited; a task keeps the limit it started with.
 */
@Injectable()
export class WorkStandards {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  async list(unitId: string): Promise<WorkStandardView[]> {
    return this.db.transaction(async (m) => {
      await this.seed(m, unitId);
      const rows = readRows(standardRow, await m.query('SELECT * FROM work_standard WHERE unit_id = $1 ORDER BY kind, urgent', [unitId]));
      return rows.map((r) => this.view(r));
    });
  }

  async create(actor: Actor, dto: CreateWorkStandardDto): Promise<WorkStandardView> {
    const limit = this.checkLimit(dto.limitWorkingMinutes);
    return this.db.transaction(async (m) => {
      await this.seed(m, actor.unitId);
      const [row] = readRows(
        standardRow,
        await uniqueOr(
          m.query(`INSERT INTO work_standard (unit_id, kind, urgent, name, limit_minutes) VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
            actor.unitId,
            dto.kind,
            dto.urgent ?? false,
            dto.name,
            limit,
          ]),
          { kind: ['WORK_STANDARD.EXISTS', 'kind'] },
        ),
      );
      await this.recordVersion(m, row!, actor.id);
      const view = this.view(row!);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'work_standard.create', entity: 'work_standard', entityId: row!.id, after: view });
      return view;
    });
  }

  /** A new version; open tasks keep the limit of the version they started on. */
  async update(actor: Actor, id: string, dto: UpdateWorkStandardDto): Promise<WorkStandardView> {
    if (dto.name === undefined && dto.limitWorkingMinutes === undefined) {
      throw new DomainError('WORK_STANDARD.NOTHING_TO_CHANGE', 'give name or limitWorkingMinutes', 'invalid', 'limitWorkingMinutes');
    }
    const limit = dto.limitWorkingMinutes === undefined ? undefined : this.checkLimit(dto.limitWorkingMinutes);
    return this.db.transaction(async (m) => {
      const [before] = readRows(standardRow, await m.query('SELECT * FROM work_standard WHERE id = $1 AND unit_id = $2 FOR UPDATE', [id, actor.unitId]));
      if (!before) throw DomainError.notFound('work_standard', id, 'id');
      const [after] = readRows(
        standardRow,
        await m.query('UPDATE work_standard SET name = $2, limit_minutes = $3, version = version + 1 WHERE id = $1 RETURNING *', [
          id,
          dto.name ?? before.name,
          limit ?? before.limit_minutes,
        ]),
      );
      await this.recordVersion(m, after!, actor.id);
      const view = this.view(after!);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'work_standard.update', entity: 'work_standard', entityId: id, before: this.view(before), after: view });
      return view;
    });
  }

  /** The standard a new task of this kind takes: the urgent one for urgent work if the unit has one, else the kind's own. */
  async forTask(m: EntityManager, unitId: string, kind: string, urgent: boolean): Promise<StandardRow> {
    await this.seed(m, unitId);
    const rows = readRows(standardRow, await m.query('SELECT * FROM work_standard WHERE unit_id = $1 AND kind = $2 ORDER BY urgent DESC', [unitId, kind]));
    const standard = rows.find((r) => r.urgent === urgent) ?? rows.find((r) => !r.urgent);
    if (!standard) throw new DomainError('WORK_STANDARD.UNKNOWN_KIND', `the unit has no work standard of kind ${kind}`, 'invalid', 'kind');
    return standard;
  }

  limitText(minutes: number): string {
    return limitText(minutes, this.calendar.workingHoursPerDay());
  }

  private view(r: StandardRow): WorkStandardView {
    return { id: r.id, kind: r.kind, urgent: r.urgent, name: r.name, limitWorkingMinutes: r.limit_minutes, limitText: this.limitText(r.limit_minutes), version: r.version };
  }

  private checkLimit(minutes: number): number {
    const max = MAX_LIMIT_DAYS * this.calendar.workingHoursPerDay() * 60;
    if (minutes > max) throw new DomainError('WORK_STANDARD.LIMIT_TOO_LONG', `a limit is at most ${MAX_LIMIT_DAYS} working days (${max} working minutes)`, 'invalid', 'limitWorkingMinutes');
    return minutes;
  }

  private async recordVersion(m: EntityManager, row: StandardRow, by: string | null): Promise<void> {
    await m.query(`INSERT INTO work_standard_version (standard_id, version, name, limit_minutes, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      row.id,
      row.version,
      row.name,
      row.limit_minutes,
      by,
      this.clock.now(),
    ]);
  }

  /** The defaults of seed 000, the first time a unit needs its standards. */
  private async seed(m: EntityManager, unitId: string): Promise<void> {
    if (readRows(anyRow, await m.query('SELECT id FROM work_standard WHERE unit_id = $1 LIMIT 1', [unitId])).length > 0) return;
    const hours = this.calendar.workingHoursPerDay();
    for (const d of DEFAULT_STANDARDS) {
      const [row] = readRows(
        standardRow,
        await m.query(
          `INSERT INTO work_standard (unit_id, kind, urgent, name, limit_minutes) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, kind, urgent) DO NOTHING RETURNING *`,
          [unitId, d.kind, d.urgent, d.name, d.limitMinutes(hours)],
        ),
      );
      if (row) await this.recordVersion(m, row, null);
    }
  }
}
