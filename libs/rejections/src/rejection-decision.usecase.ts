import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import { CatalogueService } from '@app/catalogue';
import { DeadlinesService } from '@app/deadlines';
import { OrganizationService, SubstitutionService } from '@app/organization';
import { AuditService, readRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { filingRow, lockFiling, type FilingRow } from './filing-records.js';
import { FilingViews, type FilingView } from './filing-views.service.js';
import type { DecisionDto } from './rejection.dto.js';
import { RejectionNotices } from './rejection-notice.service.js';

/**
 * A refusal beyond the handler's authority waits for the leader named at filing, or whoever stands in
 * for them while away (decided acting for the principal). Approval puts it in force; a denial, with a
 * note, sends the case back still running, and it may be filed again.
 */
@Injectable()
export class RejectionDecision {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly notices: RejectionNotices,
    private readonly views: FilingViews,
  ) {}

  async decide(actor: Actor, id: string, dto: DecisionDto): Promise<FilingView> {
    if (!dto.approve && !dto.note) throw new DomainError('REJECTION.NOTE_REQUIRED', 'say why the refusal is sent back', 'invalid', 'note');
    const unit = await this.organization.getUnit(actor.unitId);
    return this.db.transaction(async (m) => {
      const filing = await lockFiling(m, actor, id);
      if (filing.status !== 'pending_decision') throw new DomainError('REJECTION.DECIDED', `this filing is already ${filing.status}`, 'conflict');
      const now = this.clock.now();
      // An approval routed to a deputy at filing is decided for the absent principal.
      let actingFor = filing.approver_acting_for;
      if (filing.approver_id !== actor.id) {
        const standIn = await this.substitution.route(m, filing.approver_id!, now);
        if (standIn.staffId !== actor.id || !standIn.actingFor) {
          throw new DomainError('REJECTION.NOT_THE_APPROVER', 'only the leader named (or their stand-in while away) decides this refusal', 'forbidden');
        }
        actingFor = standIn.actingFor;
      }
      await m.query(`UPDATE rejection_filing SET decided_by = $2, decided_acting_for = $3, decided_at = $4, decision_note = $5 WHERE id = $1`, [
        id, actor.id, actingFor, now, dto.note ?? null,
      ]);
      await this.deadlines.stop(m, id);
      let after: FilingRow;
      if (dto.approve) {
        const { staff } = await this.organization.directory([filing.filed_by, actor.id], [], m);
        const item = filing.service_item_code ? await this.catalogue.get(filing.service_item_code, { manager: m }) : null;
        after = await this.notices.putInForce(m, actor, filing, 'approved', {
          unitName: unit.name,
          item,
          handler: staff.get(filing.filed_by)!,
          approvedBy: staff.get(actor.id)!,
        });
      } else {
        [after] = readRows(filingRow, await m.query(`UPDATE rejection_filing SET status = 'denied' WHERE id = $1 RETURNING *`, [id]));
      }
      await this.audit.record(m, {
        actor,
        unitId: filing.unit_id,
        action: `rejection.${dto.approve ? 'approve' : 'deny'}`,
        entity: 'rejection_filing',
        entityId: id,
        before: { status: filing.status },
        after: { status: after!.status, note: dto.note ?? null, actingFor },
      });
      return this.views.view(m, after!, false);
    });
  }
}
