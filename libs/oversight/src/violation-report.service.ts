import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { json, oneOf, readRows, readTotal, rowMapper } from '@app/platform';
import { DataSource } from 'typeorm';
import { ACCOUNTABILITY_ACTIONS, RESPONSIBLE_ROLES, type AccountabilityAction, type ResponsibleRole } from './violation.dto.js';
import { VIOLATION_SOURCES, VIOLATION_STATUSES, VIOLATION_TYPE_NAMES, VIOLATION_TYPES, type ViolationType } from './violations.service.js';

export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];

/** Which violations a report reads: a unit (null: every unit) and the period they occurred in, [from, to). */
export interface ViolationFilter {
  unitId: string | null;
  from: Date;
  to: Date;
  officeId?: string;
  staffId?: string;
  type?: ViolationType;
}

/** Violations of one staff member, office, type and status (see ViolationReports.counts). */
export interface ViolationCount {
  unitId: string;
  officeId: string | null;
  staffId: string;
  type: ViolationType;
  status: ViolationStatus;
  count: number;
}

/** One violation of a report's drill-down, with its evidence and the inspector's decision. */
export interface ViolationItem {
  id: string;
  type: ViolationType;
  code: string;
  status: ViolationStatus;
  source: 'automatic' | 'manual';
  unitId: string;
  officeId: string | null;
  staffId: string;
  caseId: string | null;
  evidence: Record<string, unknown>;
  occurredAt: string;
  detectedAt: string;
  decidedAt: string | null;
  decisionReason: string | null;
  /** Once confirmed: the persons held responsible, and the actions taken (失职追究). */
  responsible: Array<{ staffId: string; role: ResponsibleRole }>;
  actions: Array<{ type: AccountabilityAction; staffId: string | null; decidedAt: string; dueAt: string | null; note: string | null }>;
}

const countRow = rowMapper('violation counts', {
  unit_id: 'text',
  office_id: 'text?',
  staff_id: 'text',
  type: oneOf(VIOLATION_TYPE_NAMES),
  status: oneOf(VIOLATION_STATUSES),
  n: 'int',
});
const itemRow = rowMapper('violation', {
  id: 'text',
  type: oneOf(VIOLATION_TYPE_NAMES),
  status: oneOf(VIOLATION_STATUSES),
  source: oneOf(VIOLATION_SOURCES),
  unit_id: 'text',
  office_id: 'text?',
  staff_id: 'text',
  case_id: 'text?',
  evidence: json<Record<string, unknown>>(),
  occurred_at: 'timestamp',
  detected_at: 'timestamp',
  decided_at: 'timestamp?',
  decision_reason: 'text?',
});

const responsibleRow = rowMapper('violation_responsible', { violation_id: 'text', staff_id: 'text', role: oneOf(RESPONSIBLE_ROLES) });
const actionRow = rowMapper('violation_action', {
  violation_id: 'text',
  type: oneOf(ACCOUNTABILITY_ACTIONS),
  staff_id: 'text?',
  decided_at: 'timestamp',
  due_at: 'timestamp?',
  note: 'text?',
});

/**
 * The registry read in bulk (失职追究制), for the violation report and the efficiency figures. Periods are
 * by the time the violation occurred. Counts come per status, so a report shows what is still open,
 * confirmed or dismissed.
 */
@Injectable()
export class ViolationReports {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async counts(f: ViolationFilter): Promise<ViolationCount[]> {
    const { where, params } = conditions(f);
    const rows = readRows(
      countRow,
      await this.db.query(`SELECT unit_id, office_id, staff_id, type, status, count(*)::int AS n FROM violation WHERE ${where} GROUP BY 1, 2, 3, 4, 5`, params),
    );
    return rows.map((r) => ({ unitId: r.unit_id, officeId: r.office_id, staffId: r.staff_id, type: r.type, status: r.status, count: r.n }));
  }

  /** Newest first, a page at a time, with the total. */
  async items(f: ViolationFilter, page: number, pageSize: number): Promise<{ items: ViolationItem[]; total: number }> {
    const { where, params } = conditions(f);
    const [rows, counted] = await Promise.all([
      this.db.query(
        `SELECT id, type, status, source, unit_id, office_id, staff_id, case_id, evidence, occurred_at, detected_at, decided_at, decision_reason
           FROM violation WHERE ${where} ORDER BY occurred_at DESC, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ),
      this.db.query(`SELECT count(*)::int AS total FROM violation WHERE ${where}`, params),
    ]);
    const read = readRows(itemRow, rows);
    const ids = read.map((r) => r.id);
    const [responsible, actions] = await Promise.all([
      this.db.query('SELECT violation_id, staff_id, role FROM violation_responsible WHERE violation_id = ANY ($1) ORDER BY violation_id, position', [ids]),
      this.db.query('SELECT violation_id, type, staff_id, decided_at, due_at, note FROM violation_action WHERE violation_id = ANY ($1) ORDER BY violation_id, position', [ids]),
    ]);
    const responsibleOf = readRows(responsibleRow, responsible);
    const actionsOf = readRows(actionRow, actions);
    return {
      total: readTotal(counted),
      items: read.map((r) => ({
        id: r.id,
        type: r.type,
        code: VIOLATION_TYPES[r.type],
        status: r.status,
        source: r.source,
        unitId: r.unit_id,
        officeId: r.office_id,
        staffId: r.staff_id,
        caseId: r.case_id,
        evidence: r.evidence,
        occurredAt: r.occurred_at.toISOString(),
        detectedAt: r.detected_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
        decisionReason: r.decision_reason,
        responsible: responsibleOf.filter((x) => x.violation_id === r.id).map((x) => ({ staffId: x.staff_id, role: x.role })),
        actions: actionsOf
          .filter((x) => x.violation_id === r.id)
          .map((x) => ({ type: x.type, staffId: x.staff_id, decidedAt: x.decided_at.toISOString(), dueAt: x.due_at?.toISOString() ?? null, note: x.note })),
      })),
    };
  }
}

function conditions(f: ViolationFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [f.unitId, f.from, f.to];
  const where = ['($1::uuid IS NULL OR unit_id = $1)', 'occurred_at >= $2', 'occurred_at < $3'];
  if (f.officeId) where.push(`office_id = $${params.push(f.officeId)}`);
  if (f.staffId) where.push(`staff_id = $${params.push(f.staffId)}`);
  if (f.type) where.push(`type = $${params.push(f.type)}`);
  return { where: where.join(' AND '), params };
}
