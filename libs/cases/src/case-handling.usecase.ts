import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { DeadlinesService, EscalationService } from '@app/deadlines';
import { AuditService, readRows } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseAccess } from './case-access.service.js';
import { CASE_STATUSES, hasClock, isOpen, transition, type CaseEvent, type CaseStatus } from './case-lifecycle.js';

const OPEN_STATUSES = CASE_STATUSES.filter(isOpen);
import { CaseReading } from './case-reading.service.js';
import { caseRow, type CaseRow } from './case-rows.js';
import type { CaseView } from './case-views.service.js';
import type { ReceivedMaterial } from './materials.js';

/** What a rejection filing needs of the case it refuses. */
export interface CaseForRejection {
  id: string;
  unitId: string;
  officeId: string;
  serviceItemCode: string;
  status: CaseStatus;
  handlerId: string;
  receiptNo: string | null;
  applicant: { name: string; phone: string; idNumber: string | null };
  materials: ReceivedMaterial[];
}

/** Whole minutes toward zero (a late case's time left is negative). */
function minutes(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : Math.trunc(ms / 60_000);
}

/**
 * Working an accepted case to its end (限时办结制): start, complete, withdraw, reassign, pause and resume
 * the clock, and the refusal that closes it through a rejection filing. Each move follows the case's
 * state machine and is audited in its transaction.
 */
@Injectable()
export class CaseHandling {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
    private readonly escalation: EscalationService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly access: CaseAccess,
    private readonly reading: CaseReading,
  ) {}

  async start(actor: Actor, id: string): Promise<CaseView> {
    return this.change(actor, id, 'start', () => Promise.resolve({}));
  }

  async complete(actor: Actor, id: string, result: string): Promise<CaseView> {
    return this.change(actor, id, 'complete', async (m, row) => {
      const now = this.clock.now();
      // How the clock stood, kept for the efficiency figures (measured before the clock stops).
      const clock = await this.deadlines.measure(m, row.id, now);
      const committed = row.accepted_at && row.promised_at ? (await this.calendar.calendar()).workingMillisecondsBetween(row.accepted_at, row.promised_at) : null;
      await m.query(
        `UPDATE service_case SET result = $2, finished_at = $3, due_at_close = $4, working_minutes_used = $5, working_minutes_left = $6,
           working_minutes_committed = $7 WHERE id = $1`,
        [row.id, result, now, clock?.dueAt ?? null, minutes(clock?.usedMs), minutes(clock?.leftMs), minutes(committed)],
      );
      return { result, finished_at: now };
    });
  }

  /** The citizen's stated reason is kept; a withdrawal after the warning fired is recorded for the inspector. */
  async withdraw(actor: Actor, id: string, reason: string): Promise<CaseView> {
    return this.change(actor, id, 'withdraw', async (m, row, actingFor) => {
      const now = this.clock.now();
      await m.query('UPDATE service_case SET withdrawal_reason = $2, finished_at = $3 WHERE id = $1', [row.id, reason, now]);
      await this.escalation.recordWithdrawalAfterWarning(m, row.id, { by: actor.id, actingFor, reason });
      return { withdrawal_reason: reason, finished_at: now };
    });
  }

  async reassign(actor: Actor, id: string, handlerId: string): Promise<CaseView> {
    const handler = await this.access.assignee(actor, handlerId);
    const reassigned = await this.db.transaction(async (m) => {
      const row = await this.access.lockForSupervision(m, actor, id);
      if (!isOpen(row.status)) throw new DomainError('CASE.CLOSED', 'a closed case is not reassigned', 'conflict');
      await m.query('UPDATE service_case SET handler_id = $2, handler_acting_for = $3 WHERE id = $1', [id, handler.staffId, handler.actingFor]);
      if (hasClock(row.status)) await this.deadlines.reassign(m, id, handler.staffId);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'case.reassign',
        entity: 'case',
        entityId: id,
        before: { handlerId: row.handler_id, actingFor: row.handler_acting_for },
        after: { handlerId: handler.staffId, actingFor: handler.actingFor },
      });
      return { ...row, handler_id: handler.staffId, handler_acting_for: handler.actingFor };
    });
    return this.reading.afterWrite(actor, reassigned);
  }

  /**
   * Every open case of a staff member leaving (deactivated) goes to their substitute, in the caller's
   * transaction, each audited; the clocks' later steps reach the substitute.
   */
  async reassignAllOf(m: EntityManager, actor: Actor, fromId: string, toId: string): Promise<void> {
    const rows = readRows(caseRow, await m.query(`SELECT * FROM service_case WHERE handler_id = $1 AND status = ANY ($2) ORDER BY id FOR UPDATE`, [fromId, OPEN_STATUSES]));
    for (const row of rows) {
      await m.query('UPDATE service_case SET handler_id = $2, handler_acting_for = NULL WHERE id = $1', [row.id, toId]);
      if (hasClock(row.status)) await this.deadlines.reassign(m, row.id, toId);
      await this.audit.record(m, {
        actor,
        unitId: row.unit_id,
        action: 'case.reassign',
        entity: 'case',
        entityId: row.id,
        before: { handlerId: fromId, actingFor: row.handler_acting_for },
        after: { handlerId: toId, actingFor: null, reason: 'handover_on_deactivation' },
      });
    }
  }

  async pause(actor: Actor, id: string, reason: string): Promise<CaseView> {
    const row = await this.db.transaction(async (m) => {
      const { row, actingFor } = await this.access.lockForHandling(m, actor, id);
      await this.deadlines.pause(m, actor, id, reason);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.pause', entity: 'case', entityId: id, after: { reason, actingFor } });
      return row;
    });
    return this.reading.afterWrite(actor, row);
  }

  async resume(actor: Actor, id: string): Promise<CaseView> {
    const { row, jobs } = await this.db.transaction(async (m) => {
      const { row, actingFor } = await this.access.lockForHandling(m, actor, id);
      const jobs = await this.deadlines.resume(m, actor, id);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.resume', entity: 'case', entityId: id, after: { actingFor } });
      return { row, jobs };
    });
    await this.deadlines.enqueue(jobs);
    return this.reading.afterWrite(actor, row);
  }

  /**
   * An open case about to be refused, locked in the caller's transaction (the rejection filing's).
   * Only its handler, their stand-in or a supervisor files the refusal.
   */
  async lockForRejection(m: EntityManager, actor: Actor, id: string): Promise<CaseForRejection & { actingFor: string | null }> {
    const { row, actingFor } = await this.access.lockForHandling(m, actor, id).catch((e: unknown) => {
      if (e instanceof DomainError && e.kind === 'not_found') throw new DomainError('REJECTION.UNKNOWN_CASE', `no case ${id} in this unit`, 'invalid', 'caseId');
      throw e;
    });
    if (!isOpen(row.status)) throw new DomainError('CASE.CLOSED', `a case that is ${row.status} cannot be refused`, 'conflict', 'caseId');
    return {
      id: row.id,
      unitId: row.unit_id,
      officeId: row.office_id,
      serviceItemCode: row.service_item_code,
      status: row.status,
      handlerId: row.handler_id,
      receiptNo: row.receipt_no,
      applicant: { name: row.applicant_name, phone: row.applicant_phone, idNumber: row.applicant_id_number },
      materials: row.materials,
      actingFor,
    };
  }

  /**
   * Records the applicant's ID document when the case had none (e.g. shown at the counter when refused
   * materials are handed back), in the caller's transaction; an ID already on record is never replaced.
   */
  async recordApplicantId(m: EntityManager, actor: Actor, id: string, doc: { idType: string; idNumber: string; source: string; returnId?: string }): Promise<void> {
    const rows = readRows(caseRow, await m.query('UPDATE service_case SET applicant_id_number = $2 WHERE id = $1 AND applicant_id_number IS NULL RETURNING *', [id, doc.idNumber]));
    if (rows.length === 0) return;
    await this.audit.record(m, { actor, unitId: rows[0]!.unit_id, action: 'case.applicant_id.record', entity: 'case', entityId: id, before: { idNumber: null }, after: doc });
  }

  /** Closes a case as rejected, in the filing's transaction: the only way a case becomes rejected. Returns the status it had. */
  async closeAsRejected(m: EntityManager, actor: Actor, id: string, filingId: string): Promise<CaseStatus> {
    const [row] = readRows(caseRow, await m.query('SELECT * FROM service_case WHERE id = $1 FOR UPDATE', [id]));
    if (!row) throw DomainError.notFound('case', id, 'caseId');
    const status = transition(row.status, 'reject');
    await m.query('UPDATE service_case SET status = $2, rejection_filing_id = $3, finished_at = $4 WHERE id = $1', [id, status, filingId, this.clock.now()]);
    if (hasClock(row.status)) await this.deadlines.stop(m, id);
    await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.reject', entity: 'case', entityId: id, before: { status: row.status }, after: { status, filingId } });
    return row.status;
  }

  private async change(
    actor: Actor,
    id: string,
    event: CaseEvent,
    /** Writes what else the move changes, and returns it (the view is shown from the row so changed). */
    apply: (m: EntityManager, row: CaseRow, actingFor: string | null) => Promise<Partial<CaseRow>>,
  ): Promise<CaseView> {
    const changed = await this.db.transaction(async (m) => {
      const { row, actingFor } = event === 'withdraw' ? await this.access.lockForWithdrawal(m, actor, id) : await this.access.lockForHandling(m, actor, id);
      const status = transition(row.status, event);
      await m.query('UPDATE service_case SET status = $2 WHERE id = $1', [id, status]);
      const applied = await apply(m, row, actingFor);
      if (!isOpen(status) && hasClock(row.status)) await this.deadlines.stop(m, id);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: `case.${event}`, entity: 'case', entityId: id, before: { status: row.status }, after: { status, actingFor } });
      return { ...row, ...applied, status };
    });
    return this.reading.afterWrite(actor, changed);
  }
}
