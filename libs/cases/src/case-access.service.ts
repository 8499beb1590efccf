import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CatalogueService, type ServiceItemView } from '@app/catalogue';
import { OrganizationService, SubstitutionService } from '@app/organization';
import { readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { caseRow, type CaseRow } from './case-rows.js';

const itemOfCaseRow = rowMapper('service_case', { unit_id: 'text', service_item_code: 'text' });

/**
 * Who may act on which case: a case is locked within its unit, worked by its handler, their stand-in
 * (同岗替代制) or a supervisor, and assigned to an active handler of the unit.
 */
@Injectable()
export class CaseAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
  ) {}

  async lock(m: EntityManager, actor: Actor, id: string): Promise<CaseRow> {
    const [row] = readRows(caseRow, await m.query('SELECT * FROM service_case WHERE id = $1 FOR UPDATE', [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('case', id, 'id');
    return row;
  }

  /**
   * The case handler, whoever stands in for them while they are away (recorded as acting for them), or
   * a supervisor of the unit may work the case.
   */
  async lockForHandling(m: EntityManager, actor: Actor, id: string): Promise<{ row: CaseRow; actingFor: string | null }> {
    const row = await this.lock(m, actor, id);
    if (row.handler_id === actor.id) return { row, actingFor: null };
    const standIn = await this.substitution.route(m, row.handler_id, this.clock.now());
    if (standIn.staffId === actor.id && standIn.actingFor) return { row, actingFor: standIn.actingFor };
    if (actor.roles.some((r) => r === 'office_head' || r === 'leader')) return { row, actingFor: null };
    throw new DomainError('CASE.NOT_THE_HANDLER', 'only the case handler, their stand-in or a supervisor can do this', 'forbidden');
  }

  visible(actor: Actor, row: CaseRow): boolean {
    return row.unit_id === actor.unitId || actor.roles.includes('inspector');
  }

  /** The service item of a case, read before its transaction (a case never changes its item). */
  async itemOfCase(actor: Actor, id: string): Promise<ServiceItemView> {
    const [row] = readRows(itemOfCaseRow, await this.db.query('SELECT unit_id, service_item_code FROM service_case WHERE id = $1', [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('case', id, 'id');
    return this.item(actor, row.service_item_code);
  }

  async item(actor: Actor, code: string): Promise<ServiceItemView> {
    return this.catalogue.get(code, { unitId: actor.unitId, activeOnly: true }).catch(() => {
      throw new DomainError('CASE.UNKNOWN_SERVICE_ITEM', `no active service item ${code} in this unit`, 'invalid', 'serviceItemCode');
    });
  }

  /** The named handler, or whoever stands in for them while they are away (同岗替代制). */
  async assignee(actor: Actor, handlerId: string | undefined): Promise<{ staffId: string; actingFor: string | null }> {
    if (!handlerId) throw new DomainError('CASE.HANDLER_REQUIRED', 'name the handler of the case', 'invalid', 'handlerId');
    const staff = await this.organization.getStaff(handlerId).catch(() => null);
    if (!staff || staff.unitId !== actor.unitId || !staff.active || !staff.roles.includes('handler')) {
      throw new DomainError('CASE.UNKNOWN_HANDLER', `no active handler ${handlerId} in this unit`, 'invalid', 'handlerId');
    }
    const routed = await this.substitution.route(this.db.manager, staff.id, this.clock.now());
    return { staffId: routed.staffId, actingFor: routed.actingFor };
  }
}
