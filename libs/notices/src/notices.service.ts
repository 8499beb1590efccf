import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, newQueryCode, type Actor } from '@app/core';
import { CatalogueService } from '@app/catalogue';
import { OrganizationService } from '@app/organization';
import { ViolationsService } from '@app/oversight';
import { DocumentNumbers } from '@app/documents';
import { AuditService, json, readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { itemKey, unannouncedItems, type NoticeItem } from './repeated-notice.js';

export interface NoticeIssue {
  unitId: string;
  caseId: string;
  issuer: { id: string; name: string; badgeNo: string; officeId: string | null };
  serviceItem: { code: string; legalBasis: string; timeLimit: string; procedure: string[] };
  items: NoticeItem[];
}

export interface NoticeView {
  id: string;
  caseId: string;
  number: string;
  sequence: number;
  issuedAt: string;
  issuedBy: { id: string; name: string; badgeNo: string };
  serviceItemCode: string;
  legalBasis: string;
  timeLimit: string;
  procedure: string[];
  items: NoticeItem[];
  /** Items no earlier notice asked for, without a justification: recorded as a repeated notice. */
  repeatedNoticeItems: string[];
  /** Printed on the notice: with its number the citizen looks the case up and rates the service. */
  queryCode: string;
}

/** Notices of a page of cases, read, waiting for their issuers' names (see NoticesService.ofCases). */
export interface CaseNotices {
  issuerIds: string[];
  views(staff: Map<string, { name: string; badgeNo: string }>): Map<string, NoticeView[]>;
}

/** A notice found by its number and query code, for the citizen (no personal data). */
export interface NoticeForPublic {
  caseId: string;
  unitId: string;
  number: string;
  issuedAt: Date;
  issuedBy: string;
  serviceItemCode: string;
  items: Array<{ name: string; reason: string }>;
}

/** Efficiency figures of one issuer (see NoticesService.figures). */
export interface NoticeFigures {
  unitId: string;
  /** The office the issuer worked in at issue. */
  officeId: string | null;
  staffId: string;
  issued: number;
  /** First notices of their case: the cases told in the period. */
  casesNoticed: number;
}

const noticeRow = rowMapper('one_time_notice', {
  id: 'text',
  unit_id: 'text',
  case_id: 'text',
  sequence: 'int',
  number: 'text',
  issued_at: 'timestamp',
  issued_by: 'text',
  service_item_code: 'text',
  legal_basis: 'text',
  time_limit: 'text',
  procedure: json<string[]>(),
  items: json<NoticeItem[]>(),
  query_code: 'text',
});
/** A notice with its issuer's name and badge, as a view shows it. */
type NoticeRow = ReturnType<typeof noticeRow> & { issuer_name?: string; issuer_badge?: string };

const earlierRow = rowMapper('one_time_notice', { number: 'text', items: json<NoticeItem[]>() });
const figuresRow = rowMapper('notice figures', { unit_id: 'text', office_id: 'text?', issued_by: 'text', issued: 'int', first_notices: 'int' });
const ofCaseRow = rowMapper('one_time_notice', { unit_id: 'text', case_id: 'text' });

/** A notice as printed (一次性告知书). */
export interface PrintableNotice extends NoticeView {
  unitName: string;
  serviceItem: { code: string; name: string };
}

/** 一次性告知书: numbered, archived, and checked against the case's earlier notices. */
@Injectable()
export class NoticesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly numbers: DocumentNumbers,
    private readonly violations: ViolationsService,
    private readonly audit: AuditService,
    private readonly organization: OrganizationService,
    private readonly catalogue: CatalogueService,
  ) {}

  /** Issues a notice in the caller's transaction (the caller holds the case row locked). */
  async issue(manager: EntityManager, actor: Actor, n: NoticeIssue): Promise<NoticeView> {
    if (n.items.length === 0) throw new DomainError('NOTICE.NO_ITEMS', 'a notice lists at least one item', 'invalid', 'items');
    const keys = n.items.map((i) => (i.itemId ? `id:${i.itemId}` : `name:${itemKey(i.name)}`));
    const duplicate = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (duplicate >= 0) throw new DomainError('NOTICE.DUPLICATE_ITEM', `${n.items[duplicate]!.name} is listed twice`, 'invalid', `items.${duplicate}.name`);
    n.items.forEach((i, index) => {
      if (i.newlyRequired && !i.justification?.trim()) {
        throw new DomainError('NOTICE.JUSTIFICATION_REQUIRED', 'a newly required item says why', 'invalid', `items.${index}.justification`);
      }
    });

    const earlier = readRows(earlierRow, await manager.query('SELECT number, items FROM one_time_notice WHERE case_id = $1 ORDER BY sequence', [n.caseId]));
    const now = this.clock.now();
    const number = await this.numbers.next(manager, n.unitId, 'notice', now);
    const [row] = readRows(
      noticeRow,
      await manager.query(
        `INSERT INTO one_time_notice (unit_id, case_id, sequence, number, issued_by, issued_at, service_item_code, legal_basis, time_limit, procedure, items, query_code, office_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
        [n.unitId, n.caseId, earlier.length + 1, number, n.issuer.id, now, n.serviceItem.code, n.serviceItem.legalBasis, n.serviceItem.timeLimit, JSON.stringify(n.serviceItem.procedure), JSON.stringify(n.items), newQueryCode(), n.issuer.officeId],
      ),
    );

    const unannounced = earlier.length > 0 ? unannouncedItems(earlier.map((e) => e.items), n.items) : [];
    if (unannounced.length > 0) {
      await this.violations.record(manager, {
        type: 'repeated_notice',
        unitId: n.unitId,
        staffId: n.issuer.id,
        officeId: n.issuer.officeId,
        caseId: n.caseId,
        evidence: { notice: number, earlierNotices: earlier.map((e) => e.number), newItems: unannounced.map((i) => i.name) },
        dedupeKey: `repeated_notice:${row!.id}`,
      });
    }
    const view = toView({ ...row!, issuer_name: n.issuer.name, issuer_badge: n.issuer.badgeNo }, unannounced.map((i) => i.name));
    await this.audit.record(manager, { actor, unitId: n.unitId, action: 'notice.issue', entity: 'one_time_notice', entityId: view.id, after: view });
    return view;
  }

  /** Every notice of a case, in order, with what each asked for that no earlier one did. */
  async forCase(caseId: string, m: EntityManager = this.db.manager): Promise<NoticeView[]> {
    const notices = await this.ofCases([caseId], m);
    const { staff } = await this.organization.directory(notices.issuerIds, [], m);
    return notices.views(staff).get(caseId) ?? [];
  }

  /**
   * The notices of many cases in one statement. Their issuers are named from a directory the caller
   * reads once for the whole page (with the other names it shows): `issuerIds`, then `views(staff)`.
   */
  async ofCases(caseIds: string[], m: EntityManager = this.db.manager): Promise<CaseNotices> {
    const rows = caseIds.length ? readRows(noticeRow, await m.query('SELECT * FROM one_time_notice WHERE case_id = ANY ($1::uuid[]) ORDER BY case_id, sequence', [caseIds])) : [];
    return {
      issuerIds: rows.map((r) => r.issued_by),
      views: (staff) => {
        const byCase = new Map<string, NoticeRow[]>();
        for (const r of rows) {
          const named = { ...r, issuer_name: staff.get(r.issued_by)?.name, issuer_badge: staff.get(r.issued_by)?.badgeNo };
          byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), named]);
        }
        return new Map([...byCase].map(([caseId, ofCase]) => [caseId, withRepeats(ofCase)]));
      },
    };
  }

  /**
   * Efficiency figures per unit, issuer and the office they issued from, for [from, to): notices issued,
   * and first notices (the cases that got one). Their ratio is the notices per case: 1.00 when every case
   * was told once (一次性告知). The office is the one recorded at issue (null: an issuer in no office, whom
   * the caller places). `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<NoticeFigures[]> {
    const rows = readRows(
      figuresRow,
      await this.db.query(
        `SELECT unit_id, office_id, issued_by, count(*)::int AS issued, count(*) FILTER (WHERE sequence = 1)::int AS first_notices
           FROM one_time_notice WHERE issued_at >= $2 AND issued_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
          GROUP BY 1, 2, 3`,
        [unitId, from, to],
      ),
    );
    return rows.map((r) => ({ unitId: r.unit_id, officeId: r.office_id, staffId: r.issued_by, issued: r.issued, casesNoticed: r.first_notices }));
  }

  /** The notice with this number and query code, read through `m`; null when there is no such pair. */
  async forPublic(number: string, code: string, m: EntityManager = this.db.manager): Promise<NoticeForPublic | null> {
    const [row] = readRows(noticeRow, await m.query('SELECT * FROM one_time_notice WHERE number = $1 AND query_code = $2', [number, code]));
    if (!row) return null;
    return {
      caseId: row.case_id,
      unitId: row.unit_id,
      number: row.number,
      issuedAt: row.issued_at,
      issuedBy: row.issued_by,
      serviceItemCode: row.service_item_code,
      items: row.items.map((i) => ({ name: i.name, reason: i.reason })),
    };
  }

  async get(actor: Actor, id: string): Promise<NoticeView> {
    const [row] = readRows(ofCaseRow, await this.db.query('SELECT unit_id, case_id FROM one_time_notice WHERE id = $1', [id]));
    if (!row || (row.unit_id !== actor.unitId && !actor.roles.includes('inspector'))) throw DomainError.notFound('notice', id, 'id');
    return (await this.forCase(row.case_id)).find((n) => n.id === id)!;
  }

  /** The notice with what its printed form adds: the issuing unit and the service item's name. */
  async printable(actor: Actor, id: string): Promise<PrintableNotice> {
    const notice = await this.get(actor, id);
    const [{ unit_id: unitId }] = readRows(ofCaseRow, await this.db.query('SELECT unit_id, case_id FROM one_time_notice WHERE id = $1', [id]));
    const [unit, item] = await Promise.all([this.organization.getUnit(unitId), this.catalogue.get(notice.serviceItemCode)]);
    return { ...notice, unitName: unit.name, serviceItem: { code: item.code, name: item.name } };
  }
}

function withRepeats(rows: NoticeRow[]): NoticeView[] {
  return rows.map((r, i) =>
    toView(
      r,
      i === 0 ? [] : unannouncedItems(rows.slice(0, i).map((e) => e.items), r.items).map((x) => x.name),
    ),
  );
}

function toView(r: NoticeRow, repeated: string[]): NoticeView {
  return {
    id: r.id,
    caseId: r.case_id,
    number: r.number,
    sequence: r.sequence,
    issuedAt: r.issued_at.toISOString(),
    issuedBy: { id: r.issued_by, name: r.issuer_name ?? '', badgeNo: r.issuer_badge ?? '' },
    serviceItemCode: r.service_item_code,
    legalBasis: r.legal_basis,
    timeLimit: r.time_limit,
    procedure: r.procedure,
    items: r.items,
    repeatedNoticeItems: repeated,
    queryCode: r.query_code,
  };
}
