import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CatalogueService, type ServiceItemView } from '@app/catalogue';
import { OrganizationService, SubstitutionService } from '@app/organization';
import { readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { caseWithExtensions, extensionsColumn, type CaseRow, type CaseWithExtensions } from './case-rows.js';

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

  /** The case locked for a write, with its extensions: the command shows its view from it (nothing read again). */
  async lock(m: EntityManager, actor: Actor, id: string): Promise<CaseWithExtensions> {
    const [row] = readRows(caseWithExtensions, await m.query(`SELECT c.*, ${extensionsColumn('c')} FROM service_case c WHERE c.id = $1 FOR UPDATE OF c`, [id]));
    if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('case', id, 'id');
    return row;
  }

  /**
   * The case handler, whoever stands in for them while they are away (recorded as acting for them), the
   * office head of the case's office or a leader may work the case.
   */
  async lockForHandling(m: EntityManager, actor: Actor, id: string): Promise<{ row: CaseWithExtensions; actingFor: string | null }> {
    const row = await this.lock(m, actor, id);
    const own = await this.handlerOrStandIn(m, actor, row);
    if (own) return { row, actingFor: own.actingFor };
    if (actor.roles.includes('leader') || (await this.headsOfficeOf(actor, row))) return { row, actingFor: null };
    throw new DomainError('CASE.NOT_THE_HANDLER', 'only the case handler, their stand-in, the office head of its office or a leader can do this', 'forbidden');
  }

  /**
   * Withdrawal stops the clock for good: only the handler, their stand-in or the office head of the
   * case's office withdraw it, never someone who merely works in the unit.
   */
  async lockForWithdrawal(m: EntityManager, actor: Actor, id: string): Promise<{ row: CaseWithExtensions; actingFor: string | null }> {
    const row = await this.lock(m, actor, id);
    const own = await this.handlerOrStandIn(m, actor, row);
    if (own) return { row, actingFor: own.actingFor };
    if (await this.headsOfficeOf(actor, row)) return { row, actingFor: null };
    throw new DomainError('CASE.NOT_THE_HANDLER', 'only the case handler, their stand-in or the office head of its office can withdraw it', 'forbidden');
  }

  /** A case locked for a supervisor's move (reassignment): a leader, or the office head of its office. */
  async lockForSupervision(m: EntityManager, actor: Actor, id: string): Promise<CaseWithExtensions> {
    const row = await this.lock(m, actor, id);
    if (actor.roles.includes('leader') || (await this.headsOfficeOf(actor, row))) return row;
    throw new DomainError('CASE.NOT_YOUR_OFFICE', 'an office head acts on the cases of their own office only', 'forbidden');
  }

  /**
   * Receiving materials and issuing notices is window work: window clerks and handlers do it for any case of
   * the unit; an office head (holding neither role) only for the cases of their own office.
   */
  async lockForWindowWork(m: EntityManager, actor: Actor, id: string): Promise<CaseWithExtensions> {
    const row = await this.lock(m, actor, id);
    await this.assertWindowWork(actor, row);
    return row;
  }

  async assertWindowWork(actor: Actor, row: Pick<CaseRow, 'office_id'>): Promise<void> {
    if (actor.roles.some((r) => r === 'clerk' || r === 'handler')) return;
    if (await this.headsOfficeOf(actor, row)) return;
    throw new DomainError('CASE.NOT_YOUR_OFFICE', 'an office head acts on the cases of their own office only', 'forbidden');
  }

  /** Whether the caller handles the case or stands in for its absent handler (and for whom). */
  private async handlerOrStandIn(m: EntityManager, actor: Actor, row: CaseRow): Promise<{ actingFor: string | null } | null> {
    if (row.handler_id === actor.id) return { actingFor: null };
    const standIn = await this.substitution.route(m, row.handler_id, this.clock.now());
    return standIn.staffId === actor.id && standIn.actingFor ? { actingFor: standIn.actingFor } : null;
  }

  /** Whether the caller is an office head of the case's own office. */
  async headsOfficeOf(actor: Actor, row: Pick<CaseRow, 'office_id'>): Promise<boolean> {
    if (!actor.roles.includes('office_head')) return false;
    const staff = await this.organization.getStaff(actor.id).catch(() => null);
    return !!staff && staff.officeId === row.office_id;
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
