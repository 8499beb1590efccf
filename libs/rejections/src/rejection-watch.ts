import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@app/core';
import { CalendarService } from '@app/calendar';
import { EnquiryReading } from '@app/enquiries';
import { ViolationsService } from '@app/oversight';
import { readRows, rowMapper } from '@app/platform';
import { DataSource } from 'typeorm';

/** A refusal at the window must be filed within this much working time (half a working day). */
export const FILING_GRACE_WORKING_MINUTES = 240;
/** How far back each check looks; older refusals were checked by earlier runs. */
const LOOK_BACK_DAYS = 30;

const filedRow = rowMapper('rejection_filing', { enquiry_id: 'text' });

/**
 * 否定报备制: an enquiry answered "cannot be done" with no rejection filing once the grace time has passed
 * is a rejection-without-filing violation of its first responder. Checking twice records it once.
 */
@Injectable()
export class RejectionWatch {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly enquiries: EnquiryReading,
    private readonly violations: ViolationsService,
  ) {}

  /** Records the violations found at `at`; returns how many were new. */
  async check(at: Date = this.clock.now()): Promise<number> {
    const calendar = await this.calendar.calendar();
    const refused = await this.enquiries.refusedBetween(new Date(at.getTime() - LOOK_BACK_DAYS * 86_400_000), at);
    const late = refused
      .map((e) => ({ ...e, fileBy: calendar.addWorkingMinutes(e.receivedAt, FILING_GRACE_WORKING_MINUTES).dueAt }))
      .filter((e) => e.fileBy.getTime() <= at.getTime());
    if (late.length === 0) return 0;
    const filed = new Set(
      readRows(filedRow, await this.db.query('SELECT enquiry_id FROM rejection_filing WHERE enquiry_id = ANY ($1)', [late.map((e) => e.id)])).map((r) => r.enquiry_id),
    );
    let recorded = 0;
    for (const e of late.filter((x) => !filed.has(x.id))) {
      const isNew = await this.db.transaction((m) =>
        this.violations.record(m, {
          type: 'rejection_without_filing',
          unitId: e.unitId,
          staffId: e.firstResponderId,
          officeId: e.officeId,
          caseId: null,
          evidence: { enquiryId: e.id, subject: e.subject, refusedAt: e.receivedAt.toISOString(), fileBy: e.fileBy.toISOString() },
          dedupeKey: `rejection_without_filing:enquiry:${e.id}`,
        }),
      );
      if (isNew) recorded++;
    }
    return recorded;
  }
}
