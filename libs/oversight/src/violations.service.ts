import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, type Actor } from '@app/core';
import { DataSource, type EntityManager } from 'typeorm';

/** Violation types with stable codes. Later work adds the inspector's workflow on top. */
export const VIOLATION_TYPES = {
  /** 违反一次性告知: a later notice asked for something the first did not. */
  repeated_notice: 'REPEATED_NOTICE',
  /** 超期未办结: the due time passed with no approved extension. */
  overdue: 'OVERDUE',
  /** 否定未报备: a refusal (a case closed, or "cannot be done" at the window) with no rejection filing. */
  rejection_without_filing: 'REJECTION_WITHOUT_FILING',
  /** 审批超时: a leader did not decide a rejection filing within its time limit. */
  leader_decision_overdue: 'LEADER_DECISION_OVERDUE',
  /** 窗口无人: a service window left with nobody present in working hours (同岗替代制). */
  unattended_window: 'UNATTENDED_WINDOW',
  /** 差评未整改: a dissatisfied citizen rating not rectified within its time limit. */
  rating_not_rectified: 'RATING_NOT_RECTIFIED',
} as const;
export type ViolationType = keyof typeof VIOLATION_TYPES;

export interface NewViolation {
  type: ViolationType;
  unitId: string;
  staffId: string;
  officeId: string | null;
  caseId: string | null;
  evidence: Record<string, unknown>;
  /** Identifies the fact, so that detecting it twice records it once. */
  dedupeKey: string;
}

export interface ViolationView {
  id: string;
  type: ViolationType;
  code: string;
  unitId: string;
  staffId: string;
  officeId: string | null;
  caseId: string | null;
  evidence: Record<string, unknown>;
  detectedAt: string;
}

interface ViolationRow {
  id: string;
  type: ViolationType;
  unit_id: string;
  staff_id: string;
  office_id: string | null;
  case_id: string | null;
  evidence: Record<string, unknown>;
  detected_at: Date;
}

/** The violation registry (失职追究制). Detection happens where the rule is; this only records. */
@Injectable()
export class ViolationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Records a violation in the caller's transaction; returns false when this fact was already recorded. */
  async record(manager: EntityManager, v: NewViolation): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO violation (type, unit_id, staff_id, office_id, case_id, evidence, detected_at, dedupe_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [v.type, v.unitId, v.staffId, v.officeId, v.caseId, JSON.stringify(v.evidence), this.clock.now(), v.dedupeKey],
    )) as unknown[];
    return rows.length > 0;
  }

  async list(actor: Actor, filter: { caseId?: string; staffId?: string; type?: ViolationType }): Promise<ViolationView[]> {
    const where = ['($1::uuid IS NULL OR unit_id = $1)'];
    const params: unknown[] = [actor.roles.includes('inspector') ? null : actor.unitId];
    if (filter.caseId) where.push(`case_id = $${params.push(filter.caseId)}`);
    if (filter.staffId) where.push(`staff_id = $${params.push(filter.staffId)}`);
    if (filter.type) where.push(`type = $${params.push(filter.type)}`);
    const rows = (await this.db.query(
      `SELECT id, type, unit_id, staff_id, office_id, case_id, evidence, detected_at FROM violation
        WHERE ${where.join(' AND ')} ORDER BY detected_at DESC, id LIMIT 500`,
      params,
    )) as ViolationRow[];
    return rows.map((r) => ({
      id: r.id,
      type: r.type,
      code: VIOLATION_TYPES[r.type],
      unitId: r.unit_id,
      staffId: r.staff_id,
      officeId: r.office_id,
      caseId: r.case_id,
      evidence: r.evidence,
      detectedAt: new Date(r.detected_at).toISOString(),
    }));
  }
}
