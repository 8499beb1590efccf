import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService } from '@app/calendar';
import { Clock, DomainError, parseIsoWithOffset, type Actor } from '@app/core';
import { AuditService, readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AbsenceReading, type AbsenceView } from './absence-reading.service.js';
import { absenceRow, checkOpen, handoverOf, lockAbsence, OPEN, type AbsenceRow } from './absence-records.js';
import { absenceLength, mayDecideAbsence } from './absence-rules.js';
import { people, type PersonRow } from './staff-rows.js';
import type { AbsenceDecisionDto, CreateAbsenceDto } from './substitution.dto.js';

/** Longer than this is not an absence but a change of post. */
const MAX_ABSENCE_MS = 366 * 24 * 3600_000;
const EXCLUSION_VIOLATION = '23P01';

const windowPostRow = rowMapper('post', { name: 'text' });
const foundRow = rowMapper('absence', { found: 'int' });

/**
 * 同岗替代制: absences (meeting, trip, leave) are registered ahead, never overlapping; decided by the
 * absentee's office head (a leader for heads and leaders); over one working day approved only once the
 * substitute has acknowledged a handover list; called off by whoever asked for or approved them.
 */
@Injectable()
export class AbsenceRequests {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly reading: AbsenceReading,
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
      const [absentee] = await people(m, [staffId]);
      if (!absentee || absentee.unit_id !== actor.unitId) {
        throw new DomainError('ABSENCE.UNKNOWN_STAFF', `no staff member ${staffId} in this unit`, 'invalid', 'staffId');
      }
      if (staffId !== actor.id) await this.checkMayRegisterFor(m, actor, absentee);
      if (!absentee.active) throw new DomainError('ABSENCE.STAFF_INACTIVE', `${absentee.name} is no longer active`, 'invalid', 'staffId');
      if (dto.standInId) await this.checkStandIn(m, actor.unitId, staffId, dto.standInId, startsAt, endsAt);
      if (length.standInRequiredAtWindow && !dto.standInId) {
        const [post] = readRows(windowPostRow, await m.query('SELECT name FROM post WHERE holder_id = $1 AND active AND is_window', [staffId]));
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
        row = readRows(
          absenceRow,
          await m.query(
            `INSERT INTO absence (unit_id, staff_id, type, starts_at, ends_at, reason, stand_in_id, status, requested_by, requested_at, handover_required)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'requested', $8, $9, $10) RETURNING *`,
            [actor.unitId, staffId, dto.type, startsAt, endsAt, dto.reason, dto.standInId ?? null, actor.id, now, length.handoverRequired],
          ),
        )[0]!;
      } catch (e) {
        if ((e as { code?: string }).code !== EXCLUSION_VIOLATION) throw e;
        throw new DomainError('ABSENCE.OVERLAP', `${absentee.name} already has an absence registered in this period`, 'conflict', 'startsAt');
      }
      const view = await this.reading.view(m, row, calendar, { withDetail: true });
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
      const row = await lockAbsence(m, actor, id);
      const [absentee, decider] = await people(m, [row.staff_id, actor.id]);
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
        const handover = await handoverOf(m, id);
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
      const before = await this.reading.view(m, row, calendar);
      const [updated] = readRows(
        absenceRow,
        await m.query(
          `UPDATE absence SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1 RETURNING *`,
          [id, dto.approve ? 'approved' : 'rejected', actor.id, now, dto.note ?? null],
        ),
      );
      const after = await this.reading.view(m, updated!, calendar);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: dto.approve ? 'absence.approve' : 'absence.reject',
        entity: 'absence',
        entityId: id,
        before,
        after,
      });
      return this.reading.view(m, updated!, calendar, { withDetail: true });
    });
  }

  /**
   * Called off by whoever asked for it or approved it. Before it starts it is cancelled; once it has
   * started, an approved absence ends now (the time already away stays on record).
   */
  async cancel(actor: Actor, id: string): Promise<AbsenceView> {
    const calendar = await this.calendar.calendar();
    return this.db.transaction(async (m) => {
      const row = await lockAbsence(m, actor, id);
      if (actor.id !== row.requested_by && actor.id !== row.decided_by) {
        throw new DomainError('ABSENCE.NOT_ALLOWED', 'only whoever asked for this absence or approved it calls it off', 'forbidden');
      }
      const now = this.clock.now();
      checkOpen(row, now);
      const cutShort = row.status === 'approved' && row.starts_at.getTime() < now.getTime();
      const before = await this.reading.view(m, row, calendar);
      const [updated] = readRows(
        absenceRow,
        await m.query(
          cutShort
            ? `UPDATE absence SET ends_at = $3, cancelled_by = $2, cancelled_at = $3 WHERE id = $1 RETURNING *`
            : `UPDATE absence SET status = 'cancelled', cancelled_by = $2, cancelled_at = $3 WHERE id = $1 RETURNING *`,
          [id, actor.id, now],
        ),
      );
      const after = await this.reading.view(m, updated!, calendar);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: cutShort ? 'absence.end_early' : 'absence.cancel',
        entity: 'absence',
        entityId: id,
        before,
        after,
      });
      return this.reading.view(m, updated!, calendar, { withDetail: true });
    });
  }

  /** Registering someone else's absence: an admin, a leader, or the head of that person's office. */
  private async checkMayRegisterFor(m: EntityManager, actor: Actor, absentee: PersonRow): Promise<void> {
    if (actor.roles.includes('admin') || actor.roles.includes('leader')) return;
    if (actor.roles.includes('office_head')) {
      const [me] = await people(m, [actor.id]);
      if (me?.office_id && me.office_id === absentee.office_id) return;
    }
    throw new DomainError('ABSENCE.NOT_ALLOWED', "only an admin, a leader or the staff member's office head registers someone else's absence", 'forbidden');
  }

  /** A stand-in is an active colleague of the unit, present throughout the absence. */
  private async checkStandIn(m: EntityManager, unitId: string, staffId: string, standInId: string, startsAt: Date, endsAt: Date): Promise<void> {
    if (standInId === staffId) throw new DomainError('ABSENCE.STAND_IN_IS_SELF', 'the stand-in is someone other than the absentee', 'invalid', 'standInId');
    const [standIn] = await people(m, [standInId]);
    if (!standIn || standIn.unit_id !== unitId || !standIn.active) {
      throw new DomainError('ABSENCE.UNKNOWN_STAND_IN', `no active staff member ${standInId} in this unit`, 'invalid', 'standInId');
    }
    const [away] = readRows(
      foundRow,
      await m.query(`SELECT 1 AS found FROM absence WHERE staff_id = $1 AND status = ANY ($4) AND starts_at < $3 AND ends_at > $2 LIMIT 1`, [
        standInId,
        startsAt,
        endsAt,
        OPEN,
      ]),
    );
    if (away) throw new DomainError('ABSENCE.STAND_IN_ABSENT', `${standIn.name} is away during this absence`, 'invalid', 'standInId');
  }
}
