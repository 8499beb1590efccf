import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@app/core';
import { OrganizationService } from '@app/organization';
import { ViolationsService } from '@app/oversight';
import { AppConfig, AuditService, REDIS, returningRows } from '@app/platform';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import { STEP_RECIPIENT, type Step } from './escalation-ladder.js';

export interface AlertView {
  id: string;
  recipientId: string;
  caseId: string;
  step: Step;
  level: 'yellow' | 'red';
  title: string;
  dueAt: string;
  createdAt: string;
  readAt: string | null;
}

const TITLES: Record<Step, string> = {
  warning: '办件即将到期预警',
  due: '办件已到承诺时限',
  overdue_office_head: '办件超期，请股室负责人督办',
  overdue_leader: '办件超期，请分管领导督办',
  overdue_inspector: '办件超期，已报纪检监察',
};

export function alertChannel(prefix: string): string {
  return `${prefix}:alerts`;
}

/**
 * Fires one step of a case's ladder, at most once: the UPDATE that marks it fired only matches the
 * current version of a running clock with the step not yet fired. The escalation, its alerts and an
 * overdue violation are written in the same transaction; a second delivery changes nothing.
 */
@Injectable()
export class EscalationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly violations: ViolationsService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** True when this call fired the step. */
  async fire(caseId: string, step: Step, version: number): Promise<boolean> {
    const alerts = await this.db.transaction(async (m) => {
      // The timer row lock orders this against pause, extension and completion of the same case.
      const [timer] = (await m.query(
        `SELECT unit_id, office_id, handler_id, due_at FROM deadline_timer
          WHERE case_id = $1 AND version = $2 AND state = 'running' FOR UPDATE`,
        [caseId, version],
      )) as Array<{ unit_id: string; office_id: string; handler_id: string; due_at: Date }>;
      if (!timer) return null;
      const now = this.clock.now();
      const [fired] = returningRows<{ fire_at: Date }>(
        await m.query(
          `UPDATE deadline_step SET fired_at = $4 WHERE case_id = $1 AND step = $2 AND version = $3 AND fired_at IS NULL
           RETURNING fire_at`,
          [caseId, step, version, now],
        ),
      );
      if (!fired) return null;

      const recipients = await this.recipients(m, step, timer);
      await m.query(
        `INSERT INTO escalation (case_id, step, version, fire_at, fired_at, recipients) VALUES ($1, $2, $3, $4, $5, $6)`,
        [caseId, step, version, fired.fire_at, now, recipients],
      );
      const level = step === 'warning' ? 'yellow' : 'red';
      const rows = (await m.query(
        `INSERT INTO alert (recipient_id, unit_id, case_id, step, level, title, due_at, created_at)
         SELECT r, $2, $3, $4, $5, $6, $7, $8 FROM unnest($1::uuid[]) AS r
         RETURNING id, recipient_id, case_id, step, level, title, due_at, created_at, read_at`,
        [recipients, timer.unit_id, caseId, step, level, TITLES[step], timer.due_at, now],
      )) as AlertRow[];
      if (step === 'due') {
        // Past the due time with no approved extension (an approval would have moved the due time).
        await this.violations.record(m, {
          type: 'overdue',
          unitId: timer.unit_id,
          staffId: timer.handler_id,
          officeId: timer.office_id,
          caseId,
          evidence: { dueAt: timer.due_at.toISOString(), detectedAt: now.toISOString() },
          dedupeKey: `overdue:${caseId}:${timer.due_at.toISOString()}`,
        });
      }
      await this.audit.record(m, {
        actor: null,
        unitId: timer.unit_id,
        action: `deadline.${step}`,
        entity: 'case',
        entityId: caseId,
        after: { step, version, fireAt: fired.fire_at.toISOString(), recipients },
      });
      return rows.map(alertView);
    });
    if (!alerts) return false;
    // After commit: the api processes stream them to whoever is connected.
    await this.redis.publish(alertChannel(this.config.QUEUE_PREFIX), JSON.stringify(alerts)).catch(() => undefined);
    return true;
  }

  /** The handler for the warning and the due time; then up the ladder, falling back to the leaders. */
  private async recipients(m: EntityManager, step: Step, timer: { unit_id: string; office_id: string; handler_id: string }): Promise<string[]> {
    switch (STEP_RECIPIENT[step]) {
      case 'handler':
        return [timer.handler_id];
      case 'office_head': {
        const heads = await this.organization.staffWithRole(timer.unit_id, 'office_head', timer.office_id, m);
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
  case_id: string;
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
    caseId: r.case_id,
    step: r.step,
    level: r.level,
    title: r.title,
    dueAt: new Date(r.due_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
  };
}
