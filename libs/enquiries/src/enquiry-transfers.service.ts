import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor } from '@app/core';
import type { PendingWorkItem } from '@app/organization';
import { AuditService, readRows, rowMapper } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Enquiry } from './enquiry.entity.js';
import { EnquiryViews, type EnquiryView } from './enquiry-views.service.js';

/** A transfer to a named colleague, for the transfer watch (推诿: a transfer left unacknowledged). */
export interface TransferredEnquiry {
  id: string;
  unitId: string;
  subject: string;
  firstResponderId: string;
  /** Who received it: the colleague named, or their substitute while they were away. */
  targetStaffId: string;
  targetOfficeId: string;
  /** The absent colleague named, whose substitute took it over (同岗替代制). */
  actingFor: string | null;
  transferredAt: Date;
  acknowledgedAt: Date | null;
}

const transferRow = rowMapper('enquiry', {
  id: 'text',
  unit_id: 'text',
  subject: 'text',
  first_responder_id: 'text',
  transfer_staff_id: 'text',
  transfer_office_id: 'text',
  transfer_acting_for: 'text?',
  received_at: 'timestamp',
  acknowledged_at: 'timestamp?',
});
const unacknowledgedRow = rowMapper('enquiry', { id: 'text', subject: 'text' });

/**
 * A transfer names a colleague (or, while they are away, their substitute) who must acknowledge it: no
 * more "not my business". What the transfer watch (推诿) and a handover list read of transfers.
 */
@Injectable()
export class EnquiryTransfers {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly views: EnquiryViews,
  ) {}

  /** The target of a transfer confirms they have taken it over (no more "not my business"). */
  async acknowledge(actor: Actor, id: string): Promise<EnquiryView> {
    return this.db.transaction(async (m) => {
      const enquiry = await m.findOne(Enquiry, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!enquiry || !(enquiry.unitId === actor.unitId || actor.roles.includes('inspector'))) throw DomainError.notFound('enquiry', id, 'id');
      if (enquiry.outcome !== 'transferred') {
        throw new DomainError('ENQUIRY.NOT_TRANSFERRED', 'only a transferred enquiry is acknowledged', 'conflict');
      }
      if (enquiry.transferStaffId !== actor.id) {
        throw new DomainError('ENQUIRY.NOT_THE_TARGET', 'only the staff member it was transferred to can acknowledge it', 'forbidden');
      }
      if (enquiry.acknowledgedAt) {
        throw new DomainError('ENQUIRY.ALREADY_ACKNOWLEDGED', 'this transfer was already acknowledged', 'conflict');
      }
      const [before] = await this.views.present([enquiry], false, m);
      enquiry.acknowledgedBy = actor.id;
      enquiry.acknowledgedAt = this.clock.now();
      await m.update(Enquiry, { id }, { acknowledgedBy: enquiry.acknowledgedBy, acknowledgedAt: enquiry.acknowledgedAt });
      const [after] = await this.views.present([enquiry], false, m);
      await this.audit.record(m, { actor, unitId: enquiry.unitId, action: 'enquiry.acknowledge', entity: 'enquiry', entityId: id, before, after });
      return after!;
    });
  }

  /** Transfers made in [from, to), oldest first, acknowledged or not. */
  async transferredBetween(from: Date, to: Date): Promise<TransferredEnquiry[]> {
    const rows = readRows(
      transferRow,
      await this.db.query(
        `SELECT id, unit_id, subject, first_responder_id, transfer_staff_id, transfer_office_id, transfer_acting_for, received_at, acknowledged_at
           FROM enquiry WHERE outcome = 'transferred' AND received_at >= $1 AND received_at < $2 ORDER BY received_at, id`,
        [from, to],
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      subject: r.subject,
      firstResponderId: r.first_responder_id,
      targetStaffId: r.transfer_staff_id,
      targetOfficeId: r.transfer_office_id,
      actingFor: r.transfer_acting_for,
      // A transfer is the enquiry's outcome, decided when it was logged.
      transferredAt: r.received_at,
      acknowledgedAt: r.acknowledged_at,
    }));
  }

  /** A handover before an absence lists the transfers the holder has not yet taken over. */
  async unacknowledged(m: EntityManager, staffId: string): Promise<PendingWorkItem[]> {
    const rows = readRows(
      unacknowledgedRow,
      await m.query(`SELECT id, subject FROM enquiry WHERE transfer_staff_id = $1 AND acknowledged_at IS NULL ORDER BY received_at`, [staffId]),
    );
    return rows.map((r) => ({ kind: 'transfer' as const, id: r.id, title: r.subject, dueAt: null }));
  }
}
