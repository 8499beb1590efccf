import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError } from '@app/core';
import { CaseReading } from '@app/cases';
import { DeadlinesService } from '@app/deadlines';
import { EnquiryReading } from '@app/enquiries';
import { AuditService, Inbox, oneOf, readRows, rowMapper, uniqueOr } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { RateDto } from './rating.dto.js';
import { isDissatisfied, RATING_LABELS, RATING_LEVELS, type RatingLevel } from './rating-rules.js';
import { ratingRow, type RatingRow } from './rating-rows.js';
import { RectificationsService } from './rectifications.service.js';

const figuresRow = rowMapper('rating figures', { unit_id: 'text', office_id: 'text?', staff_id: 'text', level: oneOf(RATING_LEVELS), n: 'int' });

/** What the citizen is told once their rating is recorded. */
export interface RatingReceipt {
  reference: string;
  subject: 'case' | 'enquiry';
  level: RatingLevel;
  levelLabel: string;
  comment: string | null;
  ratedAt: string;
}

/** Ratings of one level for one staff member (see RatingsService.figures). */
export interface RatingFigures {
  unitId: string;
  officeId: string | null;
  staffId: string;
  level: RatingLevel;
  count: number;
}

/** The case or enquiry rated. */
interface RatedSubject {
  unitId: string;
  caseId: string | null;
  enquiryId: string | null;
  reference: string;
  officeId: string | null;
  /** Whose service is rated: the case handler, or the enquiry's first responder. */
  staffId: string;
  citizen: { name: string | null; phone: string | null };
}

/**
 * 好差评: a citizen rates the service of an accepted case (by its receipt number) or of an enquiry (by its
 * public reference), with the query code given with it, once. A dissatisfied rating opens a rectification
 * for the office head in the same transaction.
 */
@Injectable()
export class RatingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseReading,
    private readonly enquiries: EnquiryReading,
    private readonly rectifications: RectificationsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly inbox: Inbox,
  ) {}

  async rate(dto: RateDto): Promise<RatingReceipt> {
    const { receipt, jobs, alerts } = await this.db.transaction(async (m) => {
      const subject = await this.subject(m, dto.receiptNo, dto.code);
      const [rating] = readRows(
        ratingRow,
        await uniqueOr(
          m.query(
            `INSERT INTO rating (unit_id, case_id, enquiry_id, reference, office_id, staff_id, level, comment, rated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
            [subject.unitId, subject.caseId, subject.enquiryId, subject.reference, subject.officeId, subject.staffId, dto.level, dto.comment || null, this.clock.now()],
          ),
          { case_id: ['RATING.ALREADY_RATED', 'receiptNo'], enquiry_id: ['RATING.ALREADY_RATED', 'receiptNo'] },
        ),
      );
      // The citizen is no staff member: the audit entry has no actor.
      await this.audit.record(m, { actor: null, unitId: rating!.unit_id, action: 'rating.create', entity: 'rating', entityId: rating!.id, after: rating });
      const opened = isDissatisfied(rating!.level)
        ? await this.rectifications.open(m, { rating: rating!, officeId: subject.officeId, citizen: subject.citizen })
        : { jobs: [], alerts: [] };
      return { receipt: receiptOf(rating!), ...opened };
    });
    await this.deadlines.enqueue(jobs);
    await this.inbox.publish(alerts);
    return receipt;
  }

  /**
   * Efficiency figures: ratings given in [from, to) per unit, office and staff member rated, by level
   * (the distribution of 好差评). `unitId` null: every unit. A rating taken out by an upheld appeal is not counted.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<RatingFigures[]> {
    const rows = readRows(
      figuresRow,
      await this.db.query(
        `SELECT unit_id, office_id, staff_id, level, count(*)::int AS n FROM rating
          WHERE rated_at >= $2 AND rated_at < $3 AND ($1::uuid IS NULL OR unit_id = $1) AND NOT EXISTS (SELECT 1 FROM rating_appeal a WHERE a.rating_id = rating.id AND a.status = 'upheld') GROUP BY 1, 2, 3, 4`,
        [unitId, from, to],
      ),
    );
    return rows.map((r) => ({ unitId: r.unit_id, officeId: r.office_id, staffId: r.staff_id, level: r.level, count: r.n }));
  }

  /** The case or enquiry with this number and code. An unknown number and a wrong code get the same 404. */
  private async subject(m: EntityManager, number: string, code: string): Promise<RatedSubject> {
    const c = await this.cases.forRating(m, number, code);
    if (c) {
      return { unitId: c.unitId, caseId: c.id, enquiryId: null, reference: c.receiptNo, officeId: c.officeId, staffId: c.handlerId, citizen: c.applicant };
    }
    const n = await this.cases.forRatingByNotice(m, number, code);
    if (n) {
      return { unitId: n.unitId, caseId: n.id, enquiryId: null, reference: n.receiptNo, officeId: n.officeId, staffId: n.handlerId, citizen: n.applicant };
    }
    const e = await this.enquiries.forRating(m, number, code);
    if (e) {
      return { unitId: e.unitId, caseId: null, enquiryId: e.id, reference: e.reference, officeId: e.officeId, staffId: e.firstResponderId, citizen: e.citizen };
    }
    throw new DomainError('RATING.NOT_FOUND', 'no case, notice or enquiry with this number and query code', 'not_found', 'receiptNo');
  }
}

function receiptOf(r: RatingRow): RatingReceipt {
  return {
    reference: r.reference,
    subject: r.case_id ? 'case' : 'enquiry',
    level: r.level,
    levelLabel: RATING_LABELS[r.level],
    comment: r.comment,
    ratedAt: r.rated_at.toISOString(),
  };
}
