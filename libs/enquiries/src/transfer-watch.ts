import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CalendarService } from '@app/calendar';
import { Clock } from '@app/core';
import { OrganizationService } from '@app/organization';
import { ViolationsService, type NewViolation } from '@app/oversight';
import { AppConfig } from '@app/platform';
import { DataSource } from 'typeorm';
import { EnquiryTransfers } from './enquiry-transfers.service.js';
import { transferLeftUnacknowledged } from './transfer-rules.js';

/** How far back each check looks; older transfers were checked by earlier runs. */
const LOOK_BACK_DAYS = 30;

/**
 * 推诿 (首问负责制): a transfer its target has not acknowledged within TRANSFER_ACK_WORKING_HOURS working
 * hours is a `transfer_not_acknowledged` violation of the target (the colleague named, or the substitute
 * who received it in their absence). An acknowledgement after the limit does not undo it. Once per transfer.
 */
@Injectable()
export class TransferWatch {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly transfers: EnquiryTransfers,
    private readonly organization: OrganizationService,
    private readonly violations: ViolationsService,
    private readonly config: AppConfig,
  ) {}

  /** Records the violations found at `at` (now by default); returns how many were new. */
  async check(at: Date = this.clock.now()): Promise<number> {
    const calendar = await this.calendar.calendar();
    const limitMinutes = this.config.TRANSFER_ACK_WORKING_HOURS * 60;
    const transfers = await this.transfers.transferredBetween(new Date(at.getTime() - LOOK_BACK_DAYS * 86_400_000), at);
    const late = transfers
      .map((t) => ({ ...t, dueAt: calendar.addWorkingMinutes(t.transferredAt, limitMinutes).dueAt, key: `transfer_not_acknowledged:enquiry:${t.id}` }))
      .filter((t) => transferLeftUnacknowledged(t.dueAt, t.acknowledgedAt, at));
    const known = await this.violations.recorded(late.map((t) => t.key));
    const fresh = late.filter((t) => !known.has(t.key));
    if (fresh.length === 0) return 0;

    const { staff } = await this.organization.directory(fresh.flatMap((t) => [t.firstResponderId, t.targetStaffId]), []);
    const ref = (id: string) => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    const found: NewViolation[] = fresh.map((t) => ({
      type: 'transfer_not_acknowledged',
      unitId: t.unitId,
      staffId: t.targetStaffId,
      officeId: staff.get(t.targetStaffId)?.officeId ?? t.targetOfficeId,
      caseId: null,
      evidence: {
        enquiryId: t.id,
        subject: t.subject,
        transferredAt: t.transferredAt.toISOString(),
        dueAt: t.dueAt.toISOString(),
        limitWorkingHours: this.config.TRANSFER_ACK_WORKING_HOURS,
        firstResponder: ref(t.firstResponderId),
        actingFor: t.actingFor,
        acknowledgedAt: t.acknowledgedAt && t.acknowledgedAt.getTime() <= at.getTime() ? t.acknowledgedAt.toISOString() : null,
      },
      dedupeKey: t.key,
      occurredAt: t.dueAt,
    }));
    return this.db.transaction(async (m) => {
      let recorded = 0;
      for (const v of found) if (await this.violations.record(m, v)) recorded++;
      return recorded;
    });
  }
}
