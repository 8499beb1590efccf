import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, parseIsoWithOffset, type Actor, type StaffRef } from '@app/core';
import { AuditService, Inbox, oneOf, readRows, rowMapper, StaffDirectory, type DirectoryStaff } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { VIOLATION_CATALOGUE, VIOLATION_RULES, type ViolationRule } from './violation-catalogue.js';
import {
  ACCOUNTABILITY_ACTIONS,
  RESPONSIBLE_ROLES,
  type AccountabilityAction,
  type ConfirmViolationDto,
  type DismissViolationDto,
  type RegisterViolationDto,
  type ResponsibleRole,
} from './violation.dto.js';
import { checkConfirmation } from './violation-rules.js';
import { VIOLATION_COLUMNS, violationRow, ViolationsService, violationView, type ViolationRow, type ViolationView } from './violations.service.js';

const idRow = rowMapper('violation', { id: 'text' });
const responsibleRow = rowMapper('violation_responsible', { staff_id: 'text', role: oneOf(RESPONSIBLE_ROLES) });
const actionRow = rowMapper('violation_action', {
  type: oneOf(ACCOUNTABILITY_ACTIONS),
  staff_id: 'text?',
  decided_at: 'timestamp',
  due_at: 'timestamp?',
  note: 'text?',
});

/** A violation with what the inspector decided and the accountability that followed (失职追究). */
export interface ViolationDetail extends ViolationView {
  name: string;
  rule: ViolationRule;
  ruleName: string;
  staff: StaffRef;
  decision: { outcome: 'confirmed' | 'dismissed'; decidedBy: StaffRef; decidedAt: string; reason: string } | null;
  /** Present once confirmed. */
  accountability: {
    responsible: Array<StaffRef & { role: ResponsibleRole }>;
    actions: Array<{ type: AccountabilityAction; staffId: string | null; decidedAt: string; dueAt: string | null; note: string | null }>;
  } | null;
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The inspector's side of the registry: confirm or dismiss each violation with a reason, record the
 * accountability of a confirmed one, and register by hand what no rule check can see. Every write is
 * audited in its own transaction; a decision is final (the database refuses to change it).
 */
@Injectable()
export class AccountabilityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly directory: StaffDirectory,
    private readonly inbox: Inbox,
    private readonly violations: ViolationsService,
  ) {}

  async get(actor: Actor, id: string): Promise<ViolationDetail> {
    const [row] = readRows(violationRow, await this.db.query(`SELECT ${VIOLATION_COLUMNS} FROM violation WHERE id = $1`, [id]));
    const scope = await this.violations.readScope(actor);
    if (!row || (scope.unitId && row.unit_id !== scope.unitId) || (scope.officeId && row.office_id !== scope.officeId)) {
      throw DomainError.notFound('violation', id, 'id');
    }
    return this.present(this.db.manager, row);
  }

  /** A violation an inspector registers by hand, with its evidence, waiting for a decision like any other. */
  async register(actor: Actor, dto: RegisterViolationDto): Promise<ViolationDetail> {
    const now = this.clock.now();
    const occurredAt = parseIsoWithOffset(dto.occurredAt)!;
    if (occurredAt.getTime() > now.getTime()) {
      throw new DomainError('VIOLATION.OCCURRED_IN_FUTURE', 'a violation is registered once it has happened', 'invalid', 'occurredAt');
    }
    const staff = (await this.directory.staff([dto.staffId])).get(dto.staffId);
    if (!staff || staff.unitId !== actor.unitId || !staff.active) {
      throw new DomainError('VIOLATION.UNKNOWN_STAFF', `no active staff member ${dto.staffId} in this unit`, 'invalid', 'staffId');
    }
    const officeId = dto.officeId ?? staff.officeId;
    if (dto.officeId && (await this.directory.offices([dto.officeId])).get(dto.officeId)?.unitId !== actor.unitId) {
      throw new DomainError('VIOLATION.UNKNOWN_OFFICE', `no office ${dto.officeId} in this unit`, 'invalid', 'officeId');
    }
    const evidence = {
      summary: dto.evidence.summary,
      source: dto.evidence.source,
      ...(dto.evidence.reference ? { reference: dto.evidence.reference } : {}),
      attachments: dto.evidence.attachments ?? [],
    };

    return this.db.transaction(async (m) => {
      if (dto.caseId && VIOLATION_CATALOGUE[dto.type].detection === 'automatic') {
        // What a rule check already recorded on this case is decided there, not registered twice.
        const [same] = readRows(
          idRow,
          await m.query(`SELECT id FROM violation WHERE type = $1 AND case_id = $2 AND staff_id = $3 AND status <> 'dismissed'`, [dto.type, dto.caseId, dto.staffId]),
        );
        if (same) {
          throw new DomainError('VIOLATION.ALREADY_RECORDED', `this ${dto.type} violation is already recorded on the case`, 'conflict', 'type', {
            violationId: same.id,
          });
        }
      }
      const rows = readRows(
        violationRow,
        await m.query(
          `INSERT INTO violation (type, unit_id, staff_id, office_id, case_id, evidence, detected_at, occurred_at, dedupe_key, source, registered_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'manual', $10) RETURNING ${VIOLATION_COLUMNS}`,
          [dto.type, actor.unitId, staff.id, officeId, dto.caseId ?? null, JSON.stringify(evidence), now, occurredAt, `manual:${randomUUID()}`, actor.id],
        ).catch((e: { code?: string; constraint?: string }) => {
          if (e.code === FOREIGN_KEY_VIOLATION && e.constraint === 'violation_case_id_fkey') {
            throw new DomainError('VIOLATION.UNKNOWN_CASE', `no case ${dto.caseId}`, 'invalid', 'caseId');
          }
          throw e;
        }),
      );
      const view = await this.present(m, rows[0]!, new Map([[staff.id, staff]]));
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'violation.register', entity: 'violation', entityId: view.id, after: view });
      return view;
    });
  }

  /**
   * Confirms a violation: the reason, the accountability actions and the persons held responsible. The
   * staff member charged and everyone held responsible are told.
   */
  async confirm(actor: Actor, id: string, dto: ConfirmViolationDto): Promise<ViolationDetail> {
    const now = this.clock.now();
    const { detail, alerts } = await this.db.transaction(async (m) => {
      const row = await this.lockUndecided(m, actor, id);
      const actions = dto.actions.map((a) => ({ ...a, decidedAt: parseIsoWithOffset(a.decidedAt)!, dueAt: a.dueAt ? parseIsoWithOffset(a.dueAt)! : null }));
      checkConfirmation(actions, dto.responsible, { now, occurredAt: row.occurred_at });

      const staff = await this.directory.staff(
        dto.responsible.map((r) => r.staffId),
        m,
      );
      dto.responsible.forEach((r, i) => {
        const s = staff.get(r.staffId);
        if (!s || s.unitId !== row.unit_id || !s.active) {
          throw new DomainError('VIOLATION.UNKNOWN_RESPONSIBLE', `no active staff member ${r.staffId} in the violation's unit`, 'invalid', `responsible.${i}.staffId`);
        }
        if (r.role === 'supervisor' && !s.roles.includes('office_head') && !s.roles.includes('leader')) {
          throw new DomainError('VIOLATION.NOT_A_SUPERVISOR', `${s.name} supervises nobody: lax supervision is an office head's or a leader's`, 'invalid', `responsible.${i}.role`);
        }
      });

      const before = await this.present(m, row);
      const [decided] = readRows(
        violationRow,
        await m.query(
          `UPDATE violation SET status = 'confirmed', decided_by = $2, decided_at = $3, decision_reason = $4
            WHERE id = $1 AND status = 'detected' RETURNING ${VIOLATION_COLUMNS}`,
          [id, actor.id, now, dto.reason],
        ),
      );
      await m.query(
        `INSERT INTO violation_responsible (violation_id, staff_id, role, position)
         SELECT $1, r.staff_id, r.role, r.position FROM unnest($2::uuid[], $3::text[], $4::int[]) AS r(staff_id, role, position)`,
        [id, dto.responsible.map((r) => r.staffId), dto.responsible.map((r) => r.role), dto.responsible.map((_, i) => i)],
      );
      await m.query(
        `INSERT INTO violation_action (violation_id, position, type, staff_id, decided_at, due_at, note)
         SELECT $1, a.position, a.type, a.staff_id, a.decided_at, a.due_at, a.note
           FROM unnest($2::int[], $3::text[], $4::uuid[], $5::timestamptz[], $6::timestamptz[], $7::text[]) AS a(position, type, staff_id, decided_at, due_at, note)`,
        [
          id,
          actions.map((_, i) => i),
          actions.map((a) => a.type),
          actions.map((a) => a.staffId ?? null),
          actions.map((a) => a.decidedAt),
          actions.map((a) => a.dueAt),
          actions.map((a) => a.note ?? null),
        ],
      );
      const after = await this.present(m, decided!);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'violation.confirm', entity: 'violation', entityId: id, before, after });
      const told = [...new Set([row.staff_id, ...dto.responsible.map((r) => r.staffId)])];
      const alerts = await this.inbox.notify(
        m,
        told.map((recipientId) => ({
          recipientId,
          unitId: row.unit_id,
          kind: 'violation',
          subjectId: id,
          event: 'violation_confirmed' as const,
          level: 'red' as const,
          title: `违规已认定：${after.name}`,
          summary: { text: `${after.ruleName}：${dto.reason}` },
          link: `/violations?id=${id}`,
        })),
      );
      return { detail: after, alerts };
    });
    await this.inbox.publish(alerts);
    return detail;
  }

  /** Dismisses a violation (not the staff member's fault, or not a violation at all), saying why. */
  async dismiss(actor: Actor, id: string, dto: DismissViolationDto): Promise<ViolationDetail> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const row = await this.lockUndecided(m, actor, id);
      const before = await this.present(m, row);
      const [decided] = readRows(
        violationRow,
        await m.query(
          `UPDATE violation SET status = 'dismissed', decided_by = $2, decided_at = $3, decision_reason = $4
            WHERE id = $1 AND status = 'detected' RETURNING ${VIOLATION_COLUMNS}`,
          [id, actor.id, now, dto.reason],
        ),
      );
      const after = await this.present(m, decided!);
      await this.audit.record(m, { actor, unitId: row.unit_id, action: 'violation.dismiss', entity: 'violation', entityId: id, before, after });
      return after;
    });
  }

  /** The violation, locked for its decision: of the inspector's own unit, not their own, not yet decided. */
  private async lockUndecided(m: EntityManager, actor: Actor, id: string): Promise<ViolationRow> {
    const [row] = readRows(violationRow, await m.query(`SELECT ${VIOLATION_COLUMNS} FROM violation WHERE id = $1 FOR UPDATE`, [id]));
    if (!row) throw DomainError.notFound('violation', id, 'id');
    if (row.unit_id !== actor.unitId) {
      throw new DomainError('VIOLATION.OTHER_UNIT', "violations are decided by the inspectors of the staff member's own unit", 'forbidden');
    }
    if (row.staff_id === actor.id) {
      throw new DomainError('VIOLATION.OWN_VIOLATION', 'an inspector does not decide a violation recorded against themselves', 'forbidden');
    }
    if (row.status !== 'detected') {
      throw new DomainError('VIOLATION.ALREADY_DECIDED', `this violation is already ${row.status}`, 'conflict', undefined, { violationStatus: row.status });
    }
    return row;
  }

  private async present(m: EntityManager, row: ViolationRow, known = new Map<string, DirectoryStaff>()): Promise<ViolationDetail> {
    const responsible =
      row.status === 'confirmed'
        ? readRows(responsibleRow, await m.query(`SELECT staff_id, role FROM violation_responsible WHERE violation_id = $1 ORDER BY position`, [row.id]))
        : [];
    const actions =
      row.status === 'confirmed'
        ? readRows(actionRow, await m.query(`SELECT type, staff_id, decided_at, due_at, note FROM violation_action WHERE violation_id = $1 ORDER BY position`, [row.id]))
        : [];
    const wanted = [row.staff_id, row.decided_by, ...responsible.map((r) => r.staff_id)].filter((x): x is string => !!x && !known.has(x));
    const staff = new Map([...known, ...(wanted.length ? await this.directory.staff(wanted, m) : [])]);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    const entry = VIOLATION_CATALOGUE[row.type];
    return {
      ...violationView(row),
      name: entry.name,
      rule: entry.rule,
      ruleName: VIOLATION_RULES[entry.rule],
      staff: ref(row.staff_id),
      decision:
        row.status === 'detected'
          ? null
          : { outcome: row.status, decidedBy: ref(row.decided_by!), decidedAt: row.decided_at!.toISOString(), reason: row.decision_reason! },
      accountability:
        row.status === 'confirmed'
          ? {
              responsible: responsible.map((r) => ({ ...ref(r.staff_id), role: r.role })),
              actions: actions.map((a) => ({
                type: a.type,
                staffId: a.staff_id,
                decidedAt: a.decided_at.toISOString(),
                dueAt: a.due_at?.toISOString() ?? null,
                note: a.note,
              })),
            }
          : null,
    };
  }
}
