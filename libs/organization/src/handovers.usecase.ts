import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService } from '@app/calendar';
import { Clock, DomainError, type Actor } from '@app/core';
import { AuditService, readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AbsenceReading, type AbsenceView } from './absence-reading.service.js';
import { checkOpen, handoverOf, handoverRow, lockAbsence, OPEN, type AbsenceRow } from './absence-records.js';
import { PendingWorkRegistry } from './pending-work.registry.js';
import { people } from './staff-rows.js';
import { SubstitutionService } from './substitution.service.js';

const awayStaffRow = rowMapper('absence', { staff_id: 'text' });

/**
 * 同岗替代制: before an absence the holder draws up a handover list, a snapshot of their pending work,
 * for whoever takes the work over; that receiver acknowledges it, which an absence of more than one
 * working day needs before it is approved.
 */
@Injectable()
export class Handovers {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly substitution: SubstitutionService,
    private readonly pendingWork: PendingWorkRegistry,
    private readonly reading: AbsenceReading,
  ) {}

  /** The absent holder draws up the handover list: a snapshot of their pending work, with notes. */
  async draw(actor: Actor, id: string, notes: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await lockAbsence(m, actor, id);
      if (row.staff_id !== actor.id) {
        throw new DomainError('ABSENCE.NOT_THE_ABSENTEE', 'the staff member who will be away draws up the handover list', 'forbidden');
      }
      checkOpen(row, this.clock.now());
      const existing = await handoverOf(m, id);
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
        [id, JSON.stringify(items), notes, substituteId, actor.id, now],
      );
      const view = await this.reading.view(m, row, calendar, { withDetail: true });
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'absence.handover',
        entity: 'absence',
        entityId: id,
        before: existing ? await this.reading.handoverView(m, existing) : null,
        after: view.handover,
      });
      return view;
    });
  }

  /** The substitute confirms they have taken the listed work over. */
  async acknowledge(actor: Actor, id: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await lockAbsence(m, actor, id);
      const [h] = readRows(handoverRow, await m.query('SELECT * FROM handover WHERE absence_id = $1 FOR UPDATE', [id]));
      if (!h) throw new DomainError('ABSENCE.NO_HANDOVER', 'there is no handover list to acknowledge yet', 'conflict');
      if (h.substitute_id !== actor.id) {
        throw new DomainError('ABSENCE.NOT_THE_SUBSTITUTE', 'only the substitute named on the handover list acknowledges it', 'forbidden');
      }
      if (h.acknowledged_at) throw new DomainError('ABSENCE.HANDOVER_ACKNOWLEDGED', 'the handover was already acknowledged', 'conflict');
      checkOpen(row, this.clock.now());
      const before = await this.reading.handoverView(m, h);
      await m.query('UPDATE handover SET acknowledged_by = $2, acknowledged_at = $3 WHERE absence_id = $1', [id, actor.id, this.clock.now()]);
      const view = await this.reading.view(m, row, calendar, { withDetail: true });
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
   * Who takes the work over: the first of the post's substitute, the named stand-in, an office head, a
   * leader, who is active and not away at any time during the absence.
   */
  private async receiver(m: EntityManager, row: AbsenceRow): Promise<string | null> {
    const ranked = await this.substitution.candidates(m, row.staff_id);
    const candidates = ranked.map((c) => c.id);
    if (row.stand_in_id) {
      const [standIn] = await people(m, [row.stand_in_id]);
      if (standIn?.active) {
        const rest = candidates.filter((c) => c !== standIn.id);
        const substitutes = ranked.filter((c) => c.via === 'substitute').length;
        candidates.splice(0, candidates.length, ...rest.slice(0, substitutes), standIn.id, ...rest.slice(substitutes));
      }
    }
    if (candidates.length === 0) return null;
    const away = readRows(
      awayStaffRow,
      await m.query(
        `SELECT DISTINCT staff_id FROM absence WHERE staff_id = ANY ($1::uuid[]) AND status = ANY ($4) AND starts_at < $3 AND ends_at > $2`,
        [candidates, row.starts_at, row.ends_at, OPEN],
      ),
    );
    const awayIds = new Set(away.map((a) => a.staff_id));
    return candidates.find((c) => !awayIds.has(c)) ?? null;
  }
}
