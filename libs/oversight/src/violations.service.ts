import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, pageOf, type Actor, type Page } from '@app/core';
import { AuditService, json, oneOf, readRows, readTotal, rowMapper, StaffDirectory } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { supervisionScope, type SupervisionScope } from './supervision-scope.js';

/** Violation types with stable codes (never rename one); described in violation-catalogue.ts. */
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
  /** 推诿: a transfer not acknowledged by its target within the working-hour limit (首问负责制). */
  transfer_not_acknowledged: 'TRANSFER_NOT_ACKNOWLEDGED',
  /** 预警后撤件: a case withdrawn after its warning fired, which stops the clock before it runs overdue. */
  withdrawal_after_warning: 'WITHDRAWAL_AFTER_WARNING',
  /** 投诉举报超期未答复: a registered complaint or report not replied to within its time limit. */
  complaint_overdue: 'COMPLAINT_OVERDUE',
  /** 内部事务超时: an internal task (公文流转, 会议纪要…) not done within its work standard's limit. */
  internal_task_overdue: 'INTERNAL_TASK_OVERDUE',
  /** 作风问题: a verified complaint about conduct, registered by an inspector. */
  conduct: 'CONDUCT',
  /** 十不准 (机关效能建设“十不准”), each prohibition its own type, registered by an inspector. */
  duplicity: 'PROHIBITION_DUPLICITY',
  falsification: 'PROHIBITION_FALSIFICATION',
  arbitrariness: 'PROHIBITION_ARBITRARINESS',
  extravagance: 'PROHIBITION_EXTRAVAGANCE',
  abuse_of_power: 'PROHIBITION_ABUSE_OF_POWER',
  procrastination: 'PROHIBITION_PROCRASTINATION',
  /** 持证上岗: a badge lent to someone else, or not worn / not at hand in working hours. */
  badge_lent: 'BADGE_LENT',
  badge_missing: 'BADGE_MISSING',
} as const;
export type ViolationType = keyof typeof VIOLATION_TYPES;
/** Every violation type, for checks and lists. */
export const VIOLATION_TYPE_NAMES = Object.keys(VIOLATION_TYPES) as ViolationType[];

export const VIOLATION_STATUSES = ['detected', 'confirmed', 'dismissed'] as const;
type ViolationStatus = (typeof VIOLATION_STATUSES)[number];
/** automatic: recorded by a rule check; manual: registered by an inspector. */
export const VIOLATION_SOURCES = ['automatic', 'manual'] as const;
type ViolationSource = (typeof VIOLATION_SOURCES)[number];

export interface NewViolation {
  type: ViolationType;
  unitId: string;
  staffId: string;
  officeId: string | null;
  caseId: string | null;
  evidence: Record<string, unknown>;
  /** Identifies the fact, so that detecting it twice records it once. */
  dedupeKey: string;
  /** When the rule was broken (e.g. the limit that passed); default the moment it is recorded. */
  occurredAt?: Date;
}

export interface ViolationView {
  id: string;
  type: ViolationType;
  code: string;
  /** detected (waiting for an inspector), confirmed or dismissed. */
  status: ViolationStatus;
  source: ViolationSource;
  unitId: string;
  staffId: string;
  officeId: string | null;
  caseId: string | null;
  evidence: Record<string, unknown>;
  occurredAt: string;
  detectedAt: string;
  /** The inspector who registered it by hand; null for a detected one. */
  registeredBy: string | null;
  decidedAt: string | null;
}

export interface ViolationListFilter {
  caseId?: string;
  staffId?: string;
  officeId?: string;
  type?: ViolationType;
  status?: ViolationStatus;
  source?: ViolationSource;
  /** occurred at or after / before (Date or ISO-8601 with offset) */
  from?: Date;
  to?: Date;
  page?: number;
  pageSize?: number;
}

export const violationRow = rowMapper('violation', {
  id: 'text',
  type: oneOf(VIOLATION_TYPE_NAMES),
  status: oneOf(VIOLATION_STATUSES),
  source: oneOf(VIOLATION_SOURCES),
  unit_id: 'text',
  staff_id: 'text',
  office_id: 'text?',
  case_id: 'text?',
  evidence: json<Record<string, unknown>>(),
  occurred_at: 'timestamp',
  detected_at: 'timestamp',
  registered_by: 'text?',
  decided_by: 'text?',
  decided_at: 'timestamp?',
  decision_reason: 'text?',
});
export type ViolationRow = ReturnType<typeof violationRow>;
const listedRow = rowMapper('violation', { total: 'int' });
const dedupeRow = rowMapper('violation', { dedupe_key: 'text' });
const responsibleCountRow = rowMapper('violation_responsible', { staff_id: 'text', n: 'int' });

export const VIOLATION_COLUMNS = `id, type, status, source, unit_id, staff_id, office_id, case_id, evidence, occurred_at, detected_at,
  registered_by, decided_by, decided_at, decision_reason`;

export function violationView(r: ViolationRow): ViolationView {
  return {
    id: r.id,
    type: r.type,
    code: VIOLATION_TYPES[r.type],
    status: r.status,
    source: r.source,
    unitId: r.unit_id,
    staffId: r.staff_id,
    officeId: r.office_id,
    caseId: r.case_id,
    evidence: r.evidence,
    occurredAt: r.occurred_at.toISOString(),
    detectedAt: r.detected_at.toISOString(),
    registeredBy: r.registered_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

/** The violation registry (失职追究制). Detection happens where the rule is; this records and lists. */
@Injectable()
export class ViolationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly directory: StaffDirectory,
  ) {}

  /** Whose violations the actor reads (supervisionScope: as in the reports). `office` is the office asked for. */
  readScope(actor: Actor, office?: string): Promise<SupervisionScope> {
    return supervisionScope(this.directory, actor, office, { code: 'VIOLATION', records: 'violations', field: 'officeId' });
  }

  /**
   * Records a violation in the caller's transaction, with its audit entry; returns false when this fact
   * was already recorded.
   */
  async record(manager: EntityManager, v: NewViolation): Promise<boolean> {
    const now = this.clock.now();
    const [row] = readRows(
      violationRow,
      await manager.query(
        `INSERT INTO violation (type, unit_id, staff_id, office_id, case_id, evidence, detected_at, occurred_at, dedupe_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING RETURNING ${VIOLATION_COLUMNS}`,
        [v.type, v.unitId, v.staffId, v.officeId, v.caseId, JSON.stringify(v.evidence), now, v.occurredAt ?? now, v.dedupeKey],
      ),
    );
    if (!row) return false;
    await this.audit.record(manager, { actor: null, unitId: v.unitId, action: 'violation.detect', entity: 'violation', entityId: row.id, after: violationView(row) });
    return true;
  }

  /** Which of these facts are recorded already: a watch skips them without a transaction each. */
  async recorded(dedupeKeys: string[]): Promise<Set<string>> {
    if (dedupeKeys.length === 0) return new Set();
    const rows = readRows(dedupeRow, await this.db.query('SELECT dedupe_key FROM violation WHERE dedupe_key = ANY ($1)', [dedupeKeys]));
    return new Set(rows.map((r) => r.dedupe_key));
  }

  /** Newest first (by when they occurred), within the actor's read scope. */
  async list(actor: Actor, filter: ViolationListFilter): Promise<Page<ViolationView>> {
    const { page, pageSize, offset } = pageOf(filter);
    const scope = await this.readScope(actor, filter.officeId);
    const where = ['($1::uuid IS NULL OR unit_id = $1)'];
    const params: unknown[] = [scope.unitId];
    if (scope.officeId) where.push(`office_id = $${params.push(scope.officeId)}`);
    if (filter.caseId) where.push(`case_id = $${params.push(filter.caseId)}`);
    if (filter.staffId) where.push(`staff_id = $${params.push(filter.staffId)}`);
    if (filter.type) where.push(`type = $${params.push(filter.type)}`);
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.source) where.push(`source = $${params.push(filter.source)}`);
    if (filter.from) where.push(`occurred_at >= $${params.push(filter.from)}`);
    if (filter.to) where.push(`occurred_at < $${params.push(filter.to)}`);
    const raw: unknown = await this.db.query(
      `SELECT ${VIOLATION_COLUMNS}, count(*) OVER ()::int AS total FROM violation
        WHERE ${where.join(' AND ')} ORDER BY occurred_at DESC, id LIMIT $${params.push(pageSize)} OFFSET $${params.push(offset)}`,
      params,
    );
    const rows = readRows(violationRow, raw);
    let total = readRows(listedRow, raw)[0]?.total ?? 0;
    if (rows.length === 0 && page > 1) {
      // Past the last page the window count has no row to ride on.
      total = readTotal(await this.db.query(`SELECT count(*)::int AS total FROM violation WHERE ${where.join(' AND ')}`, params.slice(0, -2)));
    }
    return { items: rows.map(violationView), total, page, pageSize };
  }

  /**
   * Confirmed violations per person held responsible (directly or for lax supervision), by when they
   * occurred in [from, to): what performance evaluation (绩效考评) counts.
   */
  async confirmedByResponsible(unitId: string, from: Date, to: Date): Promise<Map<string, number>> {
    const rows = readRows(
      responsibleCountRow,
      await this.db.query(
        `SELECT r.staff_id, count(*)::int AS n FROM violation v JOIN violation_responsible r ON r.violation_id = v.id
          WHERE v.unit_id = $1 AND v.status = 'confirmed' AND v.occurred_at >= $2 AND v.occurred_at < $3 GROUP BY r.staff_id`,
        [unitId, from, to],
      ),
    );
    return new Map(rows.map((r) => [r.staff_id, r.n]));
  }
}
