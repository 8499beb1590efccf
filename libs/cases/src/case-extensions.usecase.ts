import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CatalogueService } from '@app/catalogue';
import { DeadlinesService, type TimerJob } from '@app/deadlines';
import { DocumentNumbers } from '@app/documents';
import { OrganizationService, SubstitutionService, type Routed } from '@app/organization';
import { AppConfig, AuditService, Inbox, readRows, uniqueOr, type AlertView } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseAccess } from './case-access.service.js';
import { caseLabel } from './case-label.js';
import { hasClock } from './case-lifecycle.js';
import { extensionRow, type CaseRow } from './case-rows.js';
import { CaseViews, type ExtensionView } from './case-views.service.js';
import type { ExtensionDecisionDto, ExtensionRequestDto } from './case.dto.js';

/**
 * More time for a running case (限时办结制): asked for before the due time, one request at a time, decided
 * by a leader; approval moves the due time, re-plans every unfired step and numbers an extension notice.
 * The request goes to the leader in charge of the case's office (or their stand-in), who is told at once
 * and decides on a clock of its own (EXTENSION_DECISION_WORKING_DAYS, the same ladder). While the request
 * waits, the case's clock runs on (the citizen's promised time stands), but a due time passed meanwhile is
 * charged to the leader who sat on the request, not to the handler who asked in time.
 */
@Injectable()
export class CaseExtensions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly numbers: DocumentNumbers,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly access: CaseAccess,
    private readonly views: CaseViews,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly inbox: Inbox,
    private readonly config: AppConfig,
  ) {}

  /** Only before the due time, and only one request waiting at a time. */
  async request(actor: Actor, id: string, dto: ExtensionRequestDto): Promise<ExtensionView> {
    const { view, jobs, alerts } = await this.db.transaction(async (m) => {
      const { row, actingFor } = await this.access.lockForHandling(m, actor, id);
      if (!hasClock(row.status)) throw new DomainError('CASE.CLOSED', 'more time is asked for a running case only', 'conflict');
      const dueAt = await this.deadlines.dueAt(m, id);
      if (!dueAt || this.clock.now().getTime() >= dueAt.getTime()) {
        throw new DomainError('CASE.EXTENSION_AFTER_DUE', 'more time is asked for before the due time, not after', 'conflict');
      }
      const [ext] = readRows(
        extensionRow,
        await uniqueOr(
          m.query(
            `INSERT INTO case_extension (case_id, requested_by, requested_at, working_days, reason, status, previous_due_at, handler_id)
             VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7) RETURNING *`,
            [id, actor.id, this.clock.now(), dto.workingDays, dto.reason, dueAt, row.handler_id],
          ),
          { case_id: ['CASE.EXTENSION_PENDING', 'workingDays'] },
        ),
      );
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'case.extension.request', entity: 'case', entityId: id, after: { ...ext, actingFor } });
      const { jobs, alerts } = await this.startDecision(m, actor, row, ext!.id, dto);
      return { view: (await this.views.extensions([ext!], m))[0]!, jobs, alerts };
    });
    await this.deadlines.enqueue(jobs);
    await this.inbox.publish(alerts);
    return view;
  }

  /** The leader's clock on the request, holding up the case's, and the alert that puts it on their desk. */
  private async startDecision(m: EntityManager, actor: Actor, row: CaseRow, extensionId: string, dto: ExtensionRequestDto): Promise<{ jobs: TimerJob[]; alerts: AlertView[] }> {
    const now = this.clock.now();
    const decider = await this.decider(m, actor, row, now);
    const { dueAt } = await this.calendar.deadline(now, { workingDays: this.config.EXTENSION_DECISION_WORKING_DAYS });
    const item = await this.catalogue.get(row.service_item_code, { manager: m });
    const label = caseLabel(row, item.name, `申请延期${dto.workingDays}个工作日：${dto.reason}`);
    const jobs = await this.deadlines.start(m, {
      kind: 'extension_decision',
      subjectId: extensionId,
      unitId: row.unit_id,
      officeId: row.office_id,
      assigneeId: decider.staffId,
      startedAt: now,
      dueAt,
      provisional: false,
      label,
      holdsUp: row.id,
    });
    const alerts = await this.inbox.notify(m, [
      {
        recipientId: decider.staffId,
        actingFor: decider.actingFor,
        unitId: row.unit_id,
        kind: 'extension_decision',
        subjectId: extensionId,
        event: 'assigned',
        level: 'info',
        title: '延期申请待审批',
        dueAt,
        summary: label.summary,
        link: label.link,
      },
    ]);
    return { jobs, alerts };
  }

  /** The leader in charge of the case's office, else the unit's first leader (never the requester), or whoever stands in for them. */
  private async decider(m: EntityManager, actor: Actor, row: CaseRow, at: Date): Promise<Routed> {
    const inCharge = await this.organization.leaderInCharge(row.office_id, m);
    const leader =
      inCharge && inCharge !== actor.id ? inCharge : (await this.organization.staffWithRole(row.unit_id, 'leader', undefined, m)).find((s) => s !== actor.id);
    if (!leader) throw new DomainError('CASE.NO_LEADER', 'this unit has no leader to decide the extension', 'conflict');
    return this.substitution.route(m, leader, at);
  }

  /** A leader approves (new due time, every step rescheduled, a numbered notice to the citizen) or denies. */
  async decide(actor: Actor, id: string, extensionId: string, dto: ExtensionDecisionDto): Promise<ExtensionView> {
    const { view, jobs } = await this.db.transaction(async (m) => {
      const row = await this.access.lock(m, actor, id);
      const [ext] = readRows(extensionRow, await m.query('SELECT * FROM case_extension WHERE id = $1 AND case_id = $2 FOR UPDATE', [extensionId, id]));
      if (!ext) throw DomainError.notFound('extension', extensionId, 'extensionId');
      if (ext.status !== 'requested') throw new DomainError('CASE.EXTENSION_DECIDED', 'this request was already decided', 'conflict');
      if (!hasClock(row.status)) throw new DomainError('CASE.CLOSED', 'this case is no longer running', 'conflict');
      const now = this.clock.now();
      let jobs: TimerJob[] = [];
      await this.deadlines.stop(m, extensionId);
      if (dto.approve) {
        const { dueAt } = (await this.calendar.calendar()).addWorkingDays((await this.deadlines.dueAt(m, id))!, ext.working_days);
        jobs = await this.deadlines.extend(m, id, dueAt);
        const noticeNo = await this.numbers.next(m, row.unit_id, 'extension', now);
        await m.query(
          `UPDATE case_extension SET status = 'approved', decided_by = $2, decided_at = $3, decision_note = $4, new_due_at = $5, notice_no = $6 WHERE id = $1`,
          [extensionId, actor.id, now, dto.note ?? null, dueAt, noticeNo],
        );
      } else {
        await m.query(`UPDATE case_extension SET status = 'denied', decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $1`, [
          extensionId, actor.id, now, dto.note ?? null,
        ]);
      }
      const [after] = readRows(extensionRow, await m.query('SELECT * FROM case_extension WHERE id = $1', [extensionId]));
      await this.audit.record(m, { actor, unitId: row.unit_id, action: `case.extension.${dto.approve ? 'approve' : 'deny'}`, entity: 'case', entityId: id, before: ext, after });
      return { view: (await this.views.extensions([after!], m))[0]!, jobs };
    });
    await this.deadlines.enqueue(jobs);
    return view;
  }
}
