import { Injectable } from '@nestjs/common';
import { CasesService } from '@app/cases';
import { EnquiriesService } from '@app/enquiries';
import { NoticesService } from '@app/notices';
import { ViolationReports } from '@app/oversight';
import { RatingsService, type RatingLevel } from '@app/ratings';
import { RejectionsService } from '@app/rejections';
import type { CountField, KeyedCounts } from './figures.js';

const RATING_FIELD: Record<RatingLevel, CountField> = {
  very_satisfied: 'ratingsVerySatisfied',
  satisfied: 'ratingsSatisfied',
  basically_satisfied: 'ratingsBasicallySatisfied',
  dissatisfied: 'ratingsDissatisfied',
  very_dissatisfied: 'ratingsVeryDissatisfied',
};

/**
 * The efficiency figures of a period straight from the libs that own the records, each with its own
 * aggregate query: enquiries (first-contact log), cases and extensions, one-time notices, rejection
 * filings, citizen ratings (好差评), violations. `unitId` null: every unit.
 */
@Injectable()
export class FiguresSources {
  constructor(
    private readonly enquiries: EnquiriesService,
    private readonly cases: CasesService,
    private readonly notices: NoticesService,
    private readonly rejections: RejectionsService,
    private readonly ratings: RatingsService,
    private readonly violations: ViolationReports,
  ) {}

  /** The counts that a daily rollup may keep (everything but violations). */
  async rollable(unitId: string | null, from: Date, to: Date): Promise<KeyedCounts[]> {
    const [enquiries, cases, notices, rejections, ratings] = await Promise.all([
      this.enquiries.figures(unitId, from, to),
      this.cases.figures(unitId, from, to),
      this.notices.figures(unitId, from, to),
      this.rejections.figures(unitId, from, to),
      this.ratings.figures(unitId, from, to),
    ]);
    return [
      ...enquiries.map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: { enquiries: r.logged, complaints: r.complaints, repeatComplaints: r.repeatComplaints },
      })),
      ...cases.map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: {
          casesAccepted: r.accepted,
          casesCompleted: r.completed,
          completedOnTime: r.completedOnTime,
          completedEarly: r.completedEarly,
          casesMeasured: r.measured,
          workingMinutesUsed: r.workingMinutesUsed,
          workingMinutesCommitted: r.workingMinutesCommitted,
          extensionsRequested: r.extensionsRequested,
          extensionsApproved: r.extensionsApproved,
        },
      })),
      ...notices.map((r) => ({ unitId: r.unitId, officeId: null, staffId: r.staffId, counts: { noticesIssued: r.issued, casesNoticed: r.casesNoticed } })),
      ...rejections.map((r) => ({ unitId: r.unitId, officeId: r.officeId, staffId: r.staffId, counts: { rejectionsFiled: r.filed, rejectionsInForce: r.inForce } })),
      ...ratings.map((r) => ({ unitId: r.unitId, officeId: r.officeId, staffId: r.staffId, counts: { [RATING_FIELD[r.level]]: r.count } })),
    ];
  }

  /** Violations by when they occurred, always live: an inspector's decision changes them after the day. */
  async violationCounts(unitId: string | null, from: Date, to: Date): Promise<KeyedCounts[]> {
    const rows = await this.violations.counts({ unitId, from, to });
    return rows
      .filter((r) => r.status !== 'dismissed')
      .map((r) => ({
        unitId: r.unitId,
        officeId: r.officeId,
        staffId: r.staffId,
        counts: { violations: r.count, violationsConfirmed: r.status === 'confirmed' ? r.count : 0 },
      }));
  }
}
