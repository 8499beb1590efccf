import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type Step } from '@app/core';
import { OrganizationService, SubstitutionService, type Routed } from '@app/organization';
import { ViolationsService } from '@app/oversight';
import { AuditService, Inbox, json, Metrics, oneOf, readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { TimerLabel } from './deadlines.service.js';
import { STEP_RECIPIENT } from './escalation-ladder.js';
import { timerKind, TIMER_KIND_NAMES } from './timer-kinds.js';

const firingTimerRow = rowMapper('deadline_timer', {
  kind: oneOf(TIMER_KIND_NAMES),
  unit_id: 'text',
  office_id: 'text?',
  assignee_id: 'text',
  due_at: 'timestamp',
  round: 'int',
  label: json<Partial<TimerLabel>>(),
});
const firedRow = rowMapper('deadline_step', { fire_at: 'timestamp' });
const holdingRow = rowMapper('deadline_timer', { subject_id: 'text', kind: oneOf(TIMER_KIND_NAMES), assignee_id: 'text' });
const warnedRow = rowMapper('deadline_timer', { unit_id: 'text', office_id: 'text?', assignee_id: 'text', due_at: 'timestamp', fired_at: 'timestamp' });

/**
 * Fires one step of a clock's ladder (any kind in timer-kinds.ts), at most once: the UPDATE that marks it
 * fired only matches the current version of a running clock with the step not yet fired. The escalation,
 * its alerts and the violation of a passed due time are written in the same transaction; a second
 * delivery changes nothing.
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly violations: ViolationsService,
    private readonly audit: AuditService,
    private readonly inbox: Inbox,
    private readonly metrics: Metrics,
  ) {}

  /** True when this call fired the step. */
  async fire(subjectId: string, step: Step, version: number): Promise<boolean> {
    const fired = await this.db.transaction(async (m) => {
      // The timer row lock orders this against pause, extension and completion of the same subject.
      const [timer] = readRows(
        firingTimerRow,
        await m.query(
          `SELECT kind, unit_id, office_id, assignee_id, due_at, round, label FROM deadline_timer
            WHERE subject_id = $1 AND version = $2 AND state = 'running' FOR UPDATE`,
          [subjectId, version],
        ),
      );
      if (!timer) return null;
      const now = this.clock.now();
      const [fired] = readRows(
        firedRow,
        await m.query(
          `UPDATE deadline_step SET fired_at = $4 WHERE subject_id = $1 AND step = $2 AND version = $3 AND fired_at IS NULL
           RETURNING fire_at`,
          [subjectId, step, version, now],
        ),
      );
      if (!fired) return null;

      const kind = timerKind(timer.kind);
      // Whoever is away is stood in for by their substitute, then the office head, then a leader.
      const routed = await this.route(m, await this.recipients(m, step, timer, kind.leaderDecides), now);
      const recipients = routed.map((r) => r.staffId);
      await m.query(
        `INSERT INTO escalation (subject_id, step, version, round, fire_at, fired_at, recipients) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [subjectId, step, version, timer.round, fired.fire_at, now, recipients],
      );
      const alerts = await this.inbox.notify(
        m,
        routed.map((r) => ({
          recipientId: r.staffId,
          actingFor: r.actingFor,
          unitId: timer.unit_id,
          kind: timer.kind,
          subjectId,
          event: 'escalation' as const,
          level: step === 'warning' ? ('yellow' as const) : ('red' as const),
          title: kind.titles[step],
          step,
          dueAt: timer.due_at,
          summary: timer.label.summary,
          link: timer.label.link ?? null,
        })),
      );
      if (step === 'due') {
        // Past the due time with the work not done: an approved extension would have moved the due time,
        // and finished work would have stopped the clock. It is charged to whoever held the work at the
        // due time: the stand-in while the assignee was away (同岗替代制), or the leader who sat on a
        // decision the work was waiting for (an extension request asked in time).
        const [holding] = readRows(
          holdingRow,
          await m.query(`SELECT subject_id, kind, assignee_id FROM deadline_timer WHERE holds_up = $1 AND state = 'running' AND started_at <= $2 ORDER BY started_at LIMIT 1`, [
            subjectId,
            fired.fire_at,
          ]),
        );
        const held = await this.substitution.route(m, holding?.assignee_id ?? timer.assignee_id, fired.fire_at);
        await this.violations.record(m, {
          type: kind.dueViolation,
          unitId: timer.unit_id,
          staffId: held.staffId,
          officeId: timer.office_id,
          caseId: kind.subjectIsCase ? subjectId : null,
          evidence: {
            [kind.evidenceKey]: subjectId,
            dueAt: timer.due_at.toISOString(),
            detectedAt: now.toISOString(),
            ...(held.actingFor ? { actingFor: held.actingFor } : {}),
            ...(holding ? { waitingFor: { kind: holding.kind, id: holding.subject_id } } : {}),
          },
          dedupeKey: `${kind.dueViolation}:${subjectId}:${timer.due_at.toISOString()}`,
        });
      }
      await this.audit.record(m, {
        actor: null,
        unitId: timer.unit_id,
        action: `deadline.${step}`,
        entity: kind.entity,
        entityId: subjectId,
        after: { step, version, round: timer.round, fireAt: fired.fire_at.toISOString(), recipients: routed },
      });
      return { alerts, kind: timer.kind, lateMs: now.getTime() - fired.fire_at.getTime() };
    });
    if (!fired) return false;
    this.metrics.stepsFired.inc({ kind: fired.kind, step });
    this.metrics.firingLateness.observe({ step }, Math.max(0, fired.lateMs) / 1000);
    await this.inbox.publish(fired.alerts);
    return true;
  }

  /**
   * A case withdrawn after its warning fired: the withdrawal stops a clock heading for overdue, so the
   * inspector sees it as a detected `withdrawal_after_warning` against the handler, to confirm or dismiss
   * on the citizen's stated reason. Call before the clock stops, in the withdrawal's transaction.
   */
  async recordWithdrawalAfterWarning(m: EntityManager, caseId: string, withdrawal: { by: string; actingFor: string | null; reason: string }): Promise<boolean> {
    const [warned] = readRows(
      warnedRow,
      await m.query(
        `SELECT t.unit_id, t.office_id, t.assignee_id, t.due_at, min(s.fired_at) AS fired_at
           FROM deadline_timer t JOIN deadline_step s ON s.subject_id = t.subject_id AND s.step = 'warning' AND s.fired_at IS NOT NULL
          WHERE t.subject_id = $1 AND t.kind = 'case' AND t.state <> 'stopped' GROUP BY 1, 2, 3, 4`,
        [caseId],
      ),
    );
    if (!warned) return false;
    const now = this.clock.now();
    return this.violations.record(m, {
      type: 'withdrawal_after_warning',
      unitId: warned.unit_id,
      staffId: warned.assignee_id,
      officeId: warned.office_id,
      caseId,
      evidence: {
        caseId,
        warnedAt: warned.fired_at.toISOString(),
        dueAt: warned.due_at.toISOString(),
        withdrawnAt: now.toISOString(),
        withdrawnBy: withdrawal.by,
        actingFor: withdrawal.actingFor,
        citizenReason: withdrawal.reason,
      },
      occurredAt: now,
      dedupeKey: `withdrawal_after_warning:${caseId}`,
    });
  }

  /** One recipient per person present: each absent one is replaced by whoever stands in for them. */
  private async route(m: EntityManager, staffIds: string[], at: Date): Promise<Routed[]> {
    // One absence lookup for them all: almost always nobody is away and nothing more is read.
    const absent = await this.substitution.absentAt(m, staffIds, at);
    const routed = new Map<string, Routed>();
    for (const id of staffIds) {
      const r: Routed = absent.has(id) ? await this.substitution.route(m, id, at) : { staffId: id, actingFor: null, via: 'self' };
      if (!routed.has(r.staffId)) routed.set(r.staffId, r);
    }
    return [...routed.values()];
  }

  /** The assignee (handler or decider) for the warning and the due time; then up the ladder, falling back to the leaders. */
  private async recipients(
    m: EntityManager,
    step: Step,
    timer: { unit_id: string; office_id: string | null; assignee_id: string },
    leaderDecides: boolean,
  ): Promise<string[]> {
    const rung = STEP_RECIPIENT[step];
    if (leaderDecides && (rung === 'office_head' || rung === 'leader')) return this.above(m, timer.unit_id, timer.assignee_id);
    switch (rung) {
      case 'handler':
        return [timer.assignee_id];
      case 'office_head': {
        // A clock of no office has no office head: its leaders hear of it.
        const heads = timer.office_id ? await this.organization.staffWithRole(timer.unit_id, 'office_head', timer.office_id, m) : [];
        return heads.length > 0 ? heads : this.organization.staffWithRole(timer.unit_id, 'leader', undefined, m);
      }
      case 'leader':
        return this.organization.staffWithRole(timer.unit_id, 'leader', undefined, m);
      case 'inspector':
        return this.organization.staffWithRole(timer.unit_id, 'inspector', undefined, m);
    }
  }

  /**
   * Above a late leader: the principal leader, else the other leaders, else (the unit's only leader) the
   * inspectors. Never an office head.
   */
  private async above(m: EntityManager, unitId: string, leaderId: string): Promise<string[]> {
    const principal = await this.organization.principalOf(unitId, m);
    if (principal && principal !== leaderId) return [principal];
    const others = (await this.organization.staffWithRole(unitId, 'leader', undefined, m)).filter((id) => id !== leaderId);
    return others.length > 0 ? others : this.organization.staffWithRole(unitId, 'inspector', undefined, m);
  }
}
