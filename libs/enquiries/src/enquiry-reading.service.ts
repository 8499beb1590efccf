import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DAY_MS, DomainError, maskIdNumber, maskPhone, pageOf, parseIsoWithOffset, type Actor, type Page } from '@app/core';
import { CalendarService } from '@app/calendar';
import { OrganizationService } from '@app/organization';
import { AuditService, PersonalDataReads, readRows, rowMapper, type PersonalField } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ListEnquiriesQuery } from './enquiry.dto.js';
import { Enquiry } from './enquiry.entity.js';
import { EnquiryViews, type EnquiryView } from './enquiry-views.service.js';

/** A refusal at the window ("cannot be done"), for the rejection-filing watch. */
export interface RefusedEnquiry {
  id: string;
  unitId: string;
  firstResponderId: string;
  officeId: string | null;
  subject: string;
  receivedAt: Date;
}

/** What a citizen's rating (好差评) needs of the enquiry rated. */
export interface EnquiryForRating {
  id: string;
  unitId: string;
  reference: string;
  firstResponderId: string;
  /** The office that dealt with it: the one it was transferred to, else the first responder's. */
  officeId: string | null;
  citizen: { name: string | null; phone: string | null };
}

/** What a rejection filing needs of the enquiry it files. */
export interface EnquiryForRejection {
  id: string;
  unitId: string;
  firstResponderId: string;
  officeId: string | null;
  transferStaffId: string | null;
  serviceItemCode: string | null;
  refused: boolean;
  citizen: { name: string | null; phone: string | null; idNumber: string | null };
}

/** What handling a registered complaint or report (投诉/举报) needs of its enquiry. */
export interface EnquiryForComplaint {
  id: string;
  unitId: string;
  kind: 'complaint' | 'report';
  subject: string;
  citizen: { name: string; phone: string };
}

/** A complaint is a repeat when the same phone complained to the same unit this many days before. */
export const REPEAT_COMPLAINT_DAYS = 90;

/** Efficiency figures of one first responder (see EnquiryReading.figures). */
export interface EnquiryFigures {
  unitId: string;
  officeId: string | null;
  staffId: string;
  logged: number;
  complaints: number;
  repeatComplaints: number;
}

const refusedRow = rowMapper('enquiry', {
  id: 'text',
  unit_id: 'text',
  first_responder_id: 'text',
  first_responder_office_id: 'text?',
  subject: 'text',
  received_at: 'timestamp',
});
const totalRow = rowMapper('enquiry', { total: 'int' });
const unitRow = rowMapper('enquiry', { unit_id: 'text' });
const figuresRow = rowMapper('enquiry figures', { unit_id: 'text', office_id: 'text?', staff_id: 'text', logged: 'int', complaints: 'int', repeats: 'int' });

/** Reading the first-contact log: for staff, and what cases, refusals, ratings and the figures ask of it. */
@Injectable()
export class EnquiryReading {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly views: EnquiryViews,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
    private readonly organization: OrganizationService,
    private readonly personalData: PersonalDataReads,
  ) {}

  /**
   * An enquiry with the citizen's phone and ID number masked, but for those who need them: its first
   * responder, the colleague it was transferred to (or whom they stand in for) and the office head of
   * either office. Each full disclosure is audited.
   */
  async get(actor: Actor, id: string): Promise<EnquiryView> {
    const enquiry = await this.db.getRepository(Enquiry).findOneBy({ id });
    if (!enquiry || !this.visible(actor, enquiry)) throw DomainError.notFound('enquiry', id, 'id');
    const [view] = await this.views.present([enquiry], false);
    if (!(await this.needsPersonalData(actor, enquiry))) {
      return { ...view!, citizen: { ...view!.citizen, phone: maskPhone(view!.citizen.phone), idNumber: maskIdNumber(view!.citizen.idNumber) } };
    }
    const fields = (['phone', 'idNumber'] as const).filter((f) => view!.citizen[f] !== null) as PersonalField[];
    await this.personalData.disclosed(actor, enquiry.unitId, 'enquiry', enquiry.id, fields);
    return view!;
  }

  private async needsPersonalData(actor: Actor, e: Enquiry): Promise<boolean> {
    if (e.unitId !== actor.unitId) return false;
    if ([e.firstResponderId, e.transferStaffId, e.transferActingFor].includes(actor.id)) return true;
    if (!actor.roles.includes('office_head')) return false;
    const office = (await this.organization.getStaff(actor.id).catch(() => null))?.officeId ?? null;
    return office !== null && [e.firstResponderOfficeId, e.transferOfficeId].includes(office);
  }

  /**
   * Newest first. Personal data is masked in lists. `stale`: the open enquiries not turned into a case
   * within a working day (on the unit's calendar), oldest first, for the office head to chase.
   */
  async list(actor: Actor, q: ListEnquiriesQuery): Promise<Page<EnquiryView>> {
    const { page, pageSize, offset } = pageOf(q);
    const qb = this.db.getRepository(Enquiry).createQueryBuilder('e');
    if (!actor.roles.includes('inspector')) qb.andWhere('e.unit_id = :unit', { unit: actor.unitId });
    if (q.from) qb.andWhere('e.received_at >= :from', { from: parseIsoWithOffset(q.from) });
    if (q.to) qb.andWhere('e.received_at < :to', { to: parseIsoWithOffset(q.to) });
    if (q.firstResponderId) qb.andWhere('e.first_responder_id = :fr', { fr: q.firstResponderId });
    if (q.officeId) qb.andWhere('(e.first_responder_office_id = :office OR e.transfer_office_id = :office)', { office: q.officeId });
    if (q.kind) qb.andWhere('e.kind = :kind', { kind: q.kind });
    if (q.channel) qb.andWhere('e.channel = :channel', { channel: q.channel });
    if (q.outcome) qb.andWhere('e.outcome = :outcome', { outcome: q.outcome });
    if (q.stale) {
      const { units, cutoffs } = await this.staleCutoffs(actor);
      qb.andWhere(`e.outcome = 'open' AND e.case_id IS NULL`)
        .andWhere('e.received_at <= (SELECT c.cutoff FROM unnest(CAST(:units AS uuid[]), CAST(:cutoffs AS timestamptz[])) AS c(unit_id, cutoff) WHERE c.unit_id = e.unit_id)', { units, cutoffs })
        .orderBy('e.received_at', 'ASC')
        .addOrderBy('e.id', 'ASC');
    } else {
      qb.orderBy('e.received_at', 'DESC').addOrderBy('e.id', 'DESC');
    }
    // The page and its total in one statement.
    const { entities, raw } = await qb.addSelect('count(*) OVER ()', 'total').offset(offset).limit(pageSize).getRawAndEntities();
    let total = readRows(totalRow, raw)[0]?.total ?? 0;
    if (entities.length === 0 && page > 1) total = await qb.offset(undefined).limit(undefined).getCount();
    return { items: await this.views.present(entities, true), total, page, pageSize };
  }

  /**
   * Stale: open and not turned into a case within a working day of the unit's calendar. Counting forward
   * from the time received never moves back as that time moves on, so per unit the stale enquiries are
   * those received by one cutoff, found here by bisection on the calendar and applied in SQL.
   */
  private async staleCutoffs(actor: Actor): Promise<{ units: string[]; cutoffs: Date[] }> {
    const units = actor.roles.includes('inspector')
      ? readRows(unitRow, await this.db.query(`SELECT DISTINCT unit_id FROM enquiry WHERE outcome = 'open' AND case_id IS NULL`)).map((r) => r.unit_id)
      : [actor.unitId];
    const now = this.clock.now().getTime();
    const hours = this.calendar.workingHoursPerDay();
    const cutoffs = await Promise.all(
      units.map(async (unitId) => {
        const calendar = await this.calendar.calendar(unitId);
        const staleAt = (t: number) => calendar.addWorkingHours(new Date(t), hours).dueAt.getTime() <= now;
        // lo is stale, hi is not (a limit counted from now ends after now).
        let span = 31 * DAY_MS;
        while (!staleAt(now - span)) span *= 2;
        let [lo, hi] = [now - span, now];
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (staleAt(mid)) lo = mid;
          else hi = mid;
        }
        return new Date(lo);
      }),
    );
    return { units, cutoffs };
  }

  private visible(actor: Actor, enquiry: Enquiry): boolean {
    return enquiry.unitId === actor.unitId || actor.roles.includes('inspector');
  }

  /**
   * An enquiry about to become a case, locked in the caller's transaction: one left open, or one
   * transferred to the caller (or acknowledged by them), who receives the application. Refused when it
   * belongs to another unit, was routed otherwise, or already became a case.
   */
  async takeOpen(m: EntityManager, actor: Actor, id: string): Promise<EnquiryView> {
    const enquiry = await m.findOne(Enquiry, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!enquiry || enquiry.unitId !== actor.unitId) {
      throw new DomainError('CASE.UNKNOWN_ENQUIRY', `no enquiry ${id} in this unit`, 'invalid', 'enquiryId');
    }
    if (enquiry.caseId) throw new DomainError('CASE.ENQUIRY_TAKEN', 'this enquiry already became a case', 'conflict', 'enquiryId');
    if (enquiry.outcome === 'transferred') {
      if (enquiry.transferStaffId !== actor.id && enquiry.acknowledgedBy !== actor.id) {
        throw new DomainError('CASE.NOT_THE_TRANSFER_TARGET', 'a transferred enquiry becomes a case with the colleague it was transferred to', 'invalid', 'enquiryId');
      }
    } else if (enquiry.outcome !== 'open') {
      throw new DomainError('CASE.ENQUIRY_NOT_OPEN', 'only an enquiry left open or transferred can become a case', 'invalid', 'enquiryId');
    }
    const [view] = await this.views.present([enquiry], false, m);
    return view!;
  }

  /**
   * Closes the enquiry as turned into this case, in the case's transaction. Receiving a transfer as an
   * application takes it over: an unacknowledged transfer counts as acknowledged now.
   */
  async closeAsCase(m: EntityManager, actor: Actor, id: string, caseId: string, at: Date): Promise<void> {
    await this.audit.recordWith(
      m,
      `UPDATE enquiry SET case_id = $2, closed_at = $3::timestamptz,
              acknowledged_by = CASE WHEN outcome = 'transferred' THEN coalesce(acknowledged_by, $4) ELSE acknowledged_by END,
              acknowledged_at = CASE WHEN outcome = 'transferred' THEN coalesce(acknowledged_at, $3::timestamptz) ELSE acknowledged_at END
        WHERE id = $1`,
      [id, caseId, at, actor.id],
      { actor, unitId: actor.unitId, action: 'enquiry.close', entity: 'enquiry', entityId: id, after: { as: 'case', caseId, at } },
    );
  }

  /** A registered complaint or report of the actor's unit, locked in the caller's transaction. */
  async registeredComplaint(m: EntityManager, actor: Actor, id: string): Promise<EnquiryForComplaint> {
    const e = await m.findOne(Enquiry, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!e || e.unitId !== actor.unitId) throw new DomainError('COMPLAINT.UNKNOWN_ENQUIRY', `no enquiry ${id} in this unit`, 'invalid', 'enquiryId');
    if (e.outcome !== 'registered' || (e.kind !== 'complaint' && e.kind !== 'report')) {
      throw new DomainError('COMPLAINT.NOT_REGISTERED', 'only a registered complaint or report is handled as one', 'invalid', 'enquiryId');
    }
    // A registered complaint always names the citizen and a phone (a CHECK on the table).
    return { id: e.id, unitId: e.unitId, kind: e.kind, subject: e.subject, citizen: { name: e.citizenName!, phone: e.citizenPhone! } };
  }

  /** An enquiry of the actor's unit about to be filed as refused, read in the filing's transaction. */
  async forRejection(m: EntityManager, actor: Actor, id: string): Promise<EnquiryForRejection> {
    const e = await m.findOne(Enquiry, { where: { id } });
    if (!e || e.unitId !== actor.unitId) throw new DomainError('REJECTION.UNKNOWN_ENQUIRY', `no enquiry ${id} in this unit`, 'invalid', 'enquiryId');
    return {
      id: e.id,
      unitId: e.unitId,
      firstResponderId: e.firstResponderId,
      officeId: e.firstResponderOfficeId,
      transferStaffId: e.transferStaffId,
      serviceItemCode: e.serviceItemCode,
      refused: e.refused,
      citizen: { name: e.citizenName, phone: e.citizenPhone, idNumber: e.citizenIdNumber },
    };
  }

  /** The enquiry with this public reference and query code, read through `m`; null when there is no such pair. */
  async forRating(m: EntityManager, reference: string, code: string): Promise<EnquiryForRating | null> {
    const e = await m.findOne(Enquiry, { where: { reference, queryCode: code } });
    if (!e) return null;
    return {
      id: e.id,
      unitId: e.unitId,
      reference: e.reference,
      firstResponderId: e.firstResponderId,
      officeId: e.transferOfficeId ?? e.firstResponderOfficeId,
      citizen: { name: e.citizenName, phone: e.citizenPhone },
    };
  }

  /** Refusals at the window received in [from, to), oldest first. */
  async refusedBetween(from: Date, to: Date): Promise<RefusedEnquiry[]> {
    const rows = readRows(
      refusedRow,
      await this.db.query(
        `SELECT id, unit_id, first_responder_id, first_responder_office_id, subject, received_at FROM enquiry
          WHERE refused AND received_at >= $1 AND received_at < $2 ORDER BY received_at`,
        [from, to],
      ),
    );
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      firstResponderId: r.first_responder_id,
      officeId: r.first_responder_office_id,
      subject: r.subject,
      receivedAt: r.received_at,
    }));
  }

  /**
   * Efficiency figures per unit, office and first responder for [from, to): enquiries logged, complaints,
   * and repeat complaints: a complaint from a phone that had already complained to the same unit in the
   * 90 days before it (REPEAT_COMPLAINT_DAYS). `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<EnquiryFigures[]> {
    const rows = readRows(
      figuresRow,
      await this.db.query(
        `SELECT unit_id, office_id, staff_id, sum(logged)::int AS logged, sum(complaints)::int AS complaints, sum(repeats)::int AS repeats
           FROM (
             SELECT unit_id, first_responder_office_id AS office_id, first_responder_id AS staff_id, count(*) AS logged,
                    count(*) FILTER (WHERE kind = 'complaint') AS complaints, 0 AS repeats
               FROM enquiry WHERE received_at >= $2 AND received_at < $3 AND ($1::uuid IS NULL OR unit_id = $1)
              GROUP BY 1, 2, 3
             UNION ALL
             SELECT e.unit_id, e.first_responder_office_id, e.first_responder_id, 0, 0, count(*)
               FROM enquiry e
              WHERE e.kind = 'complaint' AND e.received_at >= $2 AND e.received_at < $3 AND ($1::uuid IS NULL OR e.unit_id = $1)
                AND EXISTS (SELECT 1 FROM enquiry p
                             WHERE p.kind = 'complaint' AND p.unit_id = e.unit_id AND p.citizen_phone = e.citizen_phone
                               AND p.received_at < e.received_at AND p.received_at >= e.received_at - make_interval(days => $4))
              GROUP BY 1, 2, 3
           ) f
          GROUP BY 1, 2, 3`,
        [unitId, from, to, REPEAT_COMPLAINT_DAYS],
      ),
    );
    return rows.map((r) => ({
      unitId: r.unit_id,
      officeId: r.office_id,
      staffId: r.staff_id,
      logged: r.logged,
      complaints: r.complaints,
      repeatComplaints: r.repeats,
    }));
  }
}
