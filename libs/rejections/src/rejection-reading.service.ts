import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, maskIdNumber, maskPhone, pageOf, parseIsoWithOffset, type Actor, type Page } from '@app/core';
import type { PendingWorkItem } from '@app/organization';
import { PersonalDataReads, readRows, readTotal, rowMapper, type PersonalField } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { filingRow, type FilingRow } from './filing-records.js';
import { FilingScopes } from './filing-scope.service.js';
import { FilingViews, type FilingView } from './filing-views.service.js';
import type { ListFilingsQuery } from './rejection.dto.js';
import type { RejectionNotice } from './rejection-rules.js';

/** Efficiency figures of one filer (see RejectionReading.figures). */
export interface RejectionFigures {
  unitId: string;
  officeId: string | null;
  staffId: string;
  filed: number;
  inForce: number;
}

const listedRow = rowMapper('rejection_filing', { total: 'int' });
const pendingApprovalRow = rowMapper('rejection_filing', { id: 'text', reason: 'text', decision_due_at: 'timestamp' });
const figuresRow = rowMapper('rejection figures', { unit_id: 'text', office_id: 'text?', filed_by: 'text', filed: 'int', in_force: 'int' });

/** Reading refusals: one filing and its notice, the register, the figures, and approvals pending. */
@Injectable()
export class RejectionReading {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: FilingViews,
    private readonly scopes: FilingScopes,
    private readonly personalData: PersonalDataReads,
  ) {}

  /**
   * One filing of the caller's scope (FilingScopes), the citizen's phone and ID number masked but for the
   * filer, the case's handler and the office head; each full disclosure is audited.
   */
  async get(actor: Actor, id: string): Promise<FilingView> {
    const row = await this.scoped(actor, id);
    const view = await this.views.view(this.db.manager, row, false);
    if (!(await this.scopes.needsPersonalData(actor, row))) {
      return { ...view, citizen: { ...view.citizen, phone: maskPhone(view.citizen.phone), idNumber: maskIdNumber(view.citizen.idNumber) } };
    }
    const fields = (['phone', 'idNumber'] as const).filter((f) => view.citizen[f] !== null) as PersonalField[];
    await this.personalData.disclosed(actor, row.unit_id, 'rejection_filing', row.id, fields);
    return view;
  }

  /**
   * The filing as the documents handed to the citizen need it (the notice, the returns slip): the window
   * prints them, so the whole unit (inspectors every unit) reads them; they carry no phone or ID number.
   */
  async forDocument(actor: Actor, id: string): Promise<FilingView> {
    const [row] = readRows(filingRow, await this.db.query('SELECT * FROM rejection_filing WHERE id = $1', [id]));
    if (!row || (row.unit_id !== actor.unitId && !actor.roles.includes('inspector'))) throw DomainError.notFound('rejection_filing', id, 'id');
    return this.views.view(this.db.manager, row, true);
  }

  private async scoped(actor: Actor, id: string): Promise<FilingRow> {
    const params: unknown[] = [id];
    const scope = await this.scopes.where(actor, params);
    const [row] = readRows(filingRow, await this.db.query(`SELECT * FROM rejection_filing WHERE id = $1 AND ${scope}`, params));
    if (!row) throw DomainError.notFound('rejection_filing', id, 'id');
    return row;
  }

  async notice(actor: Actor, id: string): Promise<RejectionNotice> {
    const filing = await this.forDocument(actor, id);
    if (!filing.notice) throw new DomainError('REJECTION.NO_NOTICE', 'a notice is issued once the refusal is in force', 'conflict');
    return filing.notice;
  }

  /** The register of the caller's scope (FilingScopes), newest first, personal data masked. */
  async list(actor: Actor, q: ListFilingsQuery): Promise<Page<FilingView>> {
    const { page, pageSize, offset } = pageOf(q);
    const params: unknown[] = [];
    const where = [await this.scopes.where(actor, params)];
    if (q.from) where.push(`filed_at >= $${params.push(parseIsoWithOffset(q.from))}`);
    if (q.to) where.push(`filed_at < $${params.push(parseIsoWithOffset(q.to))}`);
    if (q.officeId) where.push(`office_id = $${params.push(q.officeId)}`);
    if (q.staffId) where.push(`filed_by = $${params.push(q.staffId)}`);
    if (q.status) where.push(`status = $${params.push(q.status)}`);
    if (q.serviceItemCode) where.push(`service_item_code = $${params.push(q.serviceItemCode)}`);
    const sql = where.join(' AND ');
    // The page and its total in one statement; past the last page the window count has no row to ride on.
    const raw: unknown = await this.db.query(`SELECT *, count(*) OVER ()::int AS total FROM rejection_filing WHERE ${sql} ORDER BY filed_at DESC, id DESC LIMIT ${pageSize} OFFSET ${offset}`, params);
    const rows = readRows(filingRow, raw);
    const total = rows.length > 0 || page === 1 ? (readRows(listedRow, raw)[0]?.total ?? 0) : readTotal(await this.db.query(`SELECT count(*)::int AS total FROM rejection_filing WHERE ${sql}`, params));
    const items = await this.views.views(this.db.manager, rows, true);
    return { items, total, page, pageSize };
  }

  /**
   * Efficiency figures per unit, office and filer for [from, to): refusals filed, and refusals put in force
   * (registered within authority when filed, or approved by a leader when decided). `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<RejectionFigures[]> {
    const rows = readRows(
      figuresRow,
      await this.db.query(
        `SELECT unit_id, office_id, filed_by, sum(filed)::int AS filed, sum(in_force)::int AS in_force
           FROM (
             SELECT unit_id, office_id, filed_by, count(*) AS filed, count(*) FILTER (WHERE status = 'registered') AS in_force
               FROM rejection_filing WHERE filed_at >= $2 AND filed_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
              GROUP BY 1, 2, 3
             UNION ALL
             SELECT unit_id, office_id, filed_by, 0, count(*)
               FROM rejection_filing WHERE status = 'approved' AND decided_at >= $2 AND decided_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
              GROUP BY 1, 2, 3
           ) f
          GROUP BY 1, 2, 3`,
        [unitId, from, to],
      ),
    );
    return rows.map((r) => ({ unitId: r.unit_id, officeId: r.office_id, staffId: r.filed_by, filed: r.filed, inForce: r.in_force }));
  }

  /** A handover before an absence lists the refusals waiting for the holder's decision. */
  async pendingApprovals(m: EntityManager, staffId: string): Promise<PendingWorkItem[]> {
    const rows = readRows(
      pendingApprovalRow,
      await m.query(
        `SELECT id, reason, decision_due_at FROM rejection_filing WHERE approver_id = $1 AND status = 'pending_decision' ORDER BY decision_due_at`,
        [staffId],
      ),
    );
    return rows.map((r) => ({ kind: 'approval' as const, id: r.id, title: `否定报备审批：${r.reason}`, dueAt: r.decision_due_at.toISOString() }));
  }
}
