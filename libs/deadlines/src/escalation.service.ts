import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type Step } from '@app/core';
import { OrganizationService, SubstitutionService, type Routed } from '@app/organization';
import { ViolationsService } from '@app/oversight';
import { AppConfig, AuditService, REDIS, returningRows } from '@app/platform';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { STEP_RECIPIENT } from './escalation-ladder.js';
import { timerKind, type TimerKind } from './timer-kinds.js';

export interface AlertView {
  id: string;
  recipientId: string;
  /** Whom the recipient stands in for while they are away (同岗替代制), or null. */
  actingFor: string | null;
  kind: TimerKind;
  subjectId: string;
  /** The case, for an alert on a case's clock. */
  caseId: string | null;
  step: Step;
  level: 'yellow' | 'red';
  title: string;
  dueAt: string;
  createdAt: string;
  readAt: string | null;
}

export function alertChannel(prefix: string): string {
  return `${prefix}:alerts`;
}

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
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** True when this call fired the step. */
  async fire(subjectId: string, step: Step, version: number): Promise<boolean> {
    const alerts = await this.db.transaction(async (m) => {
      // The timer row lock orders this against pause, extension and completion of the same subject.
      const [timer] = (await m.query(
        `SELECT kind, unit_id, office_id, assignee_id, due_at FROM deadline_timer
          WHERE subject_id = $1 AND version = $2 AND state = 'running' FOR UPDATE`,
        [subjectId, version],
      )) as Array<{ kind: TimerKind; unit_id: string; office_id: string | null; assignee_id: string; due_at: Date }>;
      if (!timer) return null;
      const now = this.clock.now();
      const [fired] = returningRows<{ fire_at: Date }>(
        await m.query(
          `UPDATE deadline_step SET fired_at = $4 WHERE subject_id = $1 AND step = $2 AND version = $3 AND fired_at IS NULL
           RETURNING fire_at`,
          [subjectId, step, version, now],
        ),
      );
      if (!fired) return null;

      // Whoever is away is stood in for by their substitute, then the office head, then a leader.
      const routed = await this.route(m, await this.recipients(m, step, timer), now);
      const recipients = routed.map((r) => r.staffId);
      await m.query(
        `INSERT INTO escalation (subject_id, step, version, fire_at, fired_at, recipients) VALUES ($1, $2, $3, $4, $5, $6)`,
        [subjectId, step, version, fired.fire_at, now, recipients],
      );
      const kind = timerKind(timer.kind);
      const level = step === 'warning' ? 'yellow' : 'red';
      const rows = (await m.query(
        `INSERT INTO alert (recipient_id, acting_for, kind, unit_id, subject_id, step, level, title, due_at, created_at)
         SELECT r.recipient, r.acting_for, $3, $4, $5, $6, $7, $8, $9, $10 FROM unnest($1::uuid[], $2::uuid[]) AS r(recipient, acting_for)
         RETURNING *`,
        [recipients, routed.map((r) => r.actingFor), timer.kind, timer.unit_id, subjectId, step, level, kind.titles[step], timer.due_at, now],
      )) as AlertRow[];
      if (step === 'due') {
        // Past the due time with the work not done: an approved extension would have moved the due time,
        // and finished work would have stopped the clock.
        await this.violations.record(m, {
          type: kind.dueViolation,
          unitId: timer.unit_id,
          staffId: timer.assignee_id,
          officeId: timer.office_id,
          caseId: kind.subjectIsCase ? subjectId : null,
          evidence: { [kind.evidenceKey]: subjectId, dueAt: timer.due_at.toISOString(), detectedAt: now.toISOString() },
          dedupeKey: `${kind.dueViolation}:${subjectId}:${timer.due_at.toISOString()}`,
        });
      }
      await this.audit.record(m, {
        actor: null,
        unitId: timer.unit_id,
        action: `deadline.${step}`,
        entity: kind.entity,
        entityId: subjectId,
        after: { step, version, fireAt: fired.fire_at.toISOString(), recipients: routed },
      });
      return rows.map(alertView);
    });
    if (!alerts) return false;
    // After commit: the api processes stream them to whoever is connected.
    await this.redis.publish(alertChannel(this.config.QUEUE_PREFIX), JSON.stringify(alerts)).catch(() => undefined);
    return true;
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
  private async recipients(m: EntityManager, step: Step, timer: { unit_id: string; office_id: string | null; assignee_id: string }): Promise<string[]> {
    switch (STEP_RECIPIENT[step]) {
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
}

export interface AlertRow {
  id: string;
  recipient_id: string;
  acting_for: string | null;
  kind: TimerKind;
  subject_id: string;
  step: Step;
  level: 'yellow' | 'red';
  title: string;
  due_at: Date;
  created_at: Date;
  read_at: Date | null;
}

export function alertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    recipientId: r.recipient_id,
    actingFor: r.acting_for,
    kind: r.kind,
    subjectId: r.subject_id,
    caseId: timerKind(r.kind).subjectIsCase ? r.subject_id : null,
    step: r.step,
    level: r.level,
    title: r.title,
    dueAt: new Date(r.due_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}
