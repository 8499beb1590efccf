import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, LIMIT_UNITS, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { AuditService, json, oneOf, pgPool, ReadCache, readRows, rowMapper, SESSION_CHECK_MS, StaffDirectory, uniqueOr, type DirectoryOffice } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ServiceItemDto } from './catalogue.dto.js';
import { assertCommittedLimit } from './service-commitment.js';
import { SERVICE_ITEM_KINDS, ServiceItem, type RequiredMaterial, type ServiceItemKind } from './service-item.entity.js';

const itemNameRow = rowMapper('service_item', { name: 'text' });
const kind = oneOf(SERVICE_ITEM_KINDS);
const itemRow = rowMapper('service_item', {
  unit_id: 'text', code: 'text', name: 'text', office_id: 'text', legal_basis: 'text', conditions: 'text',
  statutory_limit_amount: 'int', statutory_limit_unit: oneOf(LIMIT_UNITS), committed_limit_amount: 'int', committed_limit_unit: oneOf(LIMIT_UNITS),
  materials: json<RequiredMaterial[]>(), procedure: json<string[]>(), fee_fen: 'int', fee_basis: 'text',
  rejection_within_authority: 'bool', rejection_decision_hours: 'int', kind: (v: unknown, c: string) => (v === null ? null : kind(v, c)), active: 'bool',
});

/** The fields of an item its view shows. */
type ItemFields = Omit<ServiceItem, 'id' | 'createdAt' | 'updatedAt'>;

function itemFields(r: ReturnType<typeof itemRow>): ItemFields {
  return {
    unitId: r.unit_id, code: r.code, name: r.name, officeId: r.office_id, legalBasis: r.legal_basis, conditions: r.conditions,
    statutoryLimitAmount: r.statutory_limit_amount, statutoryLimitUnit: r.statutory_limit_unit, committedLimitAmount: r.committed_limit_amount,
    committedLimitUnit: r.committed_limit_unit, materials: r.materials, procedure: r.procedure, feeFen: r.fee_fen, feeBasis: r.fee_basis,
    rejectionWithinAuthority: r.rejection_within_authority, rejectionDecisionHours: r.rejection_decision_hours, kind: r.kind, active: r.active,
  };
}

/** A service item as published in the service guide (办事指南) and read by other libs. */
export interface ServiceItemView {
  code: string;
  name: string;
  unitId: string;
  office: { id: string; name: string; phone: string | null };
  legalBasis: string;
  conditions: string;
  statutoryLimit: { amount: number; unit: ServiceItem['statutoryLimitUnit'] };
  committedLimit: { amount: number; unit: ServiceItem['committedLimitUnit'] };
  materials: ServiceItem['materials'];
  procedure: string[];
  feeFen: number;
  feeBasis: string;
  /** Refusals (否定报备制): within the handler's authority, or decided by a leader within so many working hours. */
  rejection: { withinAuthority: boolean; decisionWorkingHours: number };
  kind: ServiceItemKind | null;
  active: boolean;
}

const codeNameRow = rowMapper('service_item', { code: 'text', name: 'text' });

/** The service catalogue (服务承诺制, 政务公开). */
@Injectable()
export class CatalogueService {
  /** Items' names by unit and code, for intake: kept as long as the guard trusts a session check. */
  private readonly itemNames = new ReadCache<string>(SESSION_CHECK_MS);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly directory: StaffDirectory,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor | null, unitId: string, dto: ServiceItemDto): Promise<ServiceItemView> {
    await this.check(unitId, dto);
    return this.db.transaction(async (m) => {
      const item = m.create(ServiceItem, { unitId, ...columns(dto, []) });
      await uniqueOr(m.save(item), { code: ['SERVICE_ITEM.CODE_TAKEN', 'code'] });
      const view = await this.view(item, m);
      await this.audit.record(m, { actor, unitId, action: 'service_item.create', entity: 'service_item', entityId: item.id, after: view });
      return view;
    });
  }

  async replace(actor: Actor, code: string, dto: ServiceItemDto): Promise<ServiceItemView> {
    if (dto.code !== code) {
      throw new DomainError('SERVICE_ITEM.CODE_MISMATCH', 'the code in the body must match the code in the path', 'invalid', 'code');
    }
    await this.check(actor.unitId, dto);
    return this.itemNames.writing(`${actor.unitId}:${code}`, () =>
      this.db.transaction(async (m) => {
        const item = await m.findOne(ServiceItem, { where: { code, unitId: actor.unitId }, lock: { mode: 'pessimistic_write' } });
        if (!item) throw DomainError.notFound('service_item', code, 'code');
        const before = await this.view(item, m);
        Object.assign(item, columns(dto, item.materials));
        await m.save(item);
        const after = await this.view(item, m);
        await this.audit.record(m, { actor, unitId: actor.unitId, action: 'service_item.replace', entity: 'service_item', entityId: item.id, before, after });
        return after;
      }),
    );
  }

  async list(unitId: string | null, activeOnly: boolean): Promise<ServiceItemView[]> {
    const items = await this.db.getRepository(ServiceItem).find({
      where: { ...(unitId ? { unitId } : {}), ...(activeOnly ? { active: true } : {}) },
      order: { code: 'ASC' },
    });
    return Promise.all(items.map((i) => this.view(i)));
  }

  /** An item by code. `field` names the input that referred to it, for the error; `manager` reads in a transaction. */
  async get(code: string, options: { unitId?: string; activeOnly?: boolean; field?: string; manager?: EntityManager } = {}): Promise<ServiceItemView> {
    // Asked by every case intake and most case commands: plain SQL, no query builder.
    const m = options.manager ?? this.db.manager;
    const [row] = readRows(
      itemRow,
      await m.query('SELECT * FROM service_item WHERE code = $1 AND ($2::uuid IS NULL OR unit_id = $2) AND (active OR NOT $3) LIMIT 1', [code, options.unitId ?? null, options.activeOnly === true]),
    );
    if (!row) throw DomainError.notFound('service_item', code, options.field ?? 'code');
    return this.view(itemFields(row), m);
  }

  /**
   * The name of the unit's item `code` (active or not), or null: all an intake needs. Read at most once
   * every SESSION_CHECK_MS (a rename through another replica shows within that); an unknown code every time.
   */
  async itemName(unitId: string, code: string): Promise<string | null> {
    return this.itemNames.get(`${unitId}:${code}`, async () => {
      const { rows } = await pgPool(this.db).query({ name: 'service-item-name', text: 'SELECT name FROM service_item WHERE unit_id = $1 AND code = $2', values: [unitId, code] });
      return readRows(itemNameRow, rows)[0]?.name ?? null;
    });
  }

  /** Items' names by code, in one statement: what a page of cases shows of each item. */
  async names(codes: string[], m: EntityManager = this.db.manager): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = readRows(codeNameRow, await m.query('SELECT code, name FROM service_item WHERE code = ANY ($1::text[])', [[...new Set(codes)]]));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  private async check(unitId: string, dto: ServiceItemDto): Promise<void> {
    assertCommittedLimit(dto.statutoryLimit, dto.committedLimit, this.calendar.workingHoursPerDay());
    await this.office(unitId, dto.officeId);
  }

  /** The office of a unit, or a 404 naming the field. */
  private async office(unitId: string, officeId: string, m?: EntityManager): Promise<DirectoryOffice> {
    const office = (await this.directory.offices([officeId], m)).get(officeId);
    if (!office || office.unitId !== unitId) throw DomainError.notFound('office', officeId, 'officeId');
    return office;
  }

  private async view(item: ItemFields, m?: EntityManager): Promise<ServiceItemView> {
    const office = await this.office(item.unitId, item.officeId, m);
    return {
      code: item.code,
      name: item.name,
      unitId: item.unitId,
      office: { id: office.id, name: office.name, phone: office.phone },
      legalBasis: item.legalBasis,
      conditions: item.conditions,
      statutoryLimit: { amount: item.statutoryLimitAmount, unit: item.statutoryLimitUnit },
      committedLimit: { amount: item.committedLimitAmount, unit: item.committedLimitUnit },
      materials: item.materials,
      procedure: item.procedure,
      feeFen: item.feeFen,
      feeBasis: item.feeBasis,
      rejection: { withinAuthority: item.rejectionWithinAuthority, decisionWorkingHours: item.rejectionDecisionHours },
      kind: item.kind,
      active: item.active,
    };
  }
}

/**
 * The checklist with its ids: an id given is kept; an item without one keeps the id of the earlier item
 * of the same name, else gets the next free M<n>. Ids are unique within the item.
 */
function checklist(dto: ServiceItemDto, earlier: RequiredMaterial[]): RequiredMaterial[] {
  const byName = new Map(earlier.map((m) => [m.name.trim(), m.id]));
  const used = new Set<string>();
  dto.materials.forEach((m, i) => {
    if (!m.id) return;
    if (used.has(m.id)) throw new DomainError('SERVICE_ITEM.DUPLICATE_MATERIAL_ID', `material id ${m.id} is given twice`, 'invalid', `materials.${i}.id`);
    used.add(m.id);
  });
  let next = Math.max(0, ...[...earlier.map((m) => m.id), ...used].map((id) => Number(/^M(\d+)$/.exec(id)?.[1] ?? 0)));
  return dto.materials.map((m) => {
    let id = m.id ?? byName.get(m.name.trim());
    if (!id || (!m.id && used.has(id))) id = `M${++next}`;
    used.add(id);
    return { id, name: m.name, form: m.form, copies: m.copies, ...(m.notes ? { notes: m.notes } : {}) };
  });
}

function columns(dto: ServiceItemDto, earlier: RequiredMaterial[]): Partial<ServiceItem> {
  return {
    code: dto.code,
    name: dto.name,
    officeId: dto.officeId,
    legalBasis: dto.legalBasis,
    conditions: dto.conditions ?? '',
    statutoryLimitAmount: dto.statutoryLimit.amount,
    statutoryLimitUnit: dto.statutoryLimit.unit,
    committedLimitAmount: dto.committedLimit.amount,
    committedLimitUnit: dto.committedLimit.unit,
    materials: checklist(dto, earlier),
    procedure: dto.procedure,
    feeFen: dto.feeFen,
    feeBasis: dto.feeBasis ?? '',
    rejectionWithinAuthority: dto.rejection?.withinAuthority ?? false,
    rejectionDecisionHours: dto.rejection?.decisionWorkingHours ?? 8,
    kind: dto.kind ?? null,
    active: dto.active ?? true,
  };
}
