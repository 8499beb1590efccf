import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskIdNumber, maskPhone, newQueryCode, parseIsoWithOffset, type Actor, pageOf, type StaffRef, type Page } from '@app/core';
import { CatalogueService } from '@app/catalogue';
import { OrganizationService, PendingWorkRegistry, SubstitutionService, type StaffView } from '@app/organization';
import { AuditService, IdempotencyService } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateEnquiryDto, ListEnquiriesQuery, ReferredOutcomeDto, TransferredOutcomeDto, AnsweredOutcomeDto } from './enquiry.dto.js';
import { Enquiry } from './enquiry.entity.js';

export interface EnquiryView {
  id: string;
  unitId: string;
  channel: Enquiry['channel'];
  kind: Enquiry['kind'];
  subject: string;
  serviceItemCode: string | null;
  citizen: { name: string | null; phone: string | null; idNumber: string | null };
  firstResponder: StaffRef & { officeId: string | null };
  receivedAt: string;
  /** The public reference and query code given to the citizen, to rate the service (好差评); no code in lists. */
  reference: string;
  queryCode: string | null;
  outcome:
    | { type: 'answered'; answer: string; refused: boolean }
    | {
        type: 'transferred';
        office: { id: string; name: string; phone: string | null };
        staff: StaffRef & { phone: string | null };
        /** The absent colleague named, whose substitute took it over. */
        actingFor: string | null;
        acknowledgedBy: StaffRef | null;
        acknowledgedAt: string | null;
      }
    | { type: 'referred'; agency: string; address: string; phone: string }
    | { type: 'registered' }
    | { type: 'open' };
}

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

type Directory = Awaited<ReturnType<OrganizationService['directory']>>;

/** A complaint is a repeat when the same phone complained to the same unit this many days before. */
export const REPEAT_COMPLAINT_DAYS = 90;

/** Efficiency figures of one first responder (see EnquiriesService.figures). */
export interface EnquiryFigures {
  unitId: string;
  officeId: string | null;
  staffId: string;
  logged: number;
  complaints: number;
  repeatComplaints: number;
}

/** 首问负责制: every contact is logged with exactly one first responder and an outcome that routes it. */
@Injectable()
export class EnquiriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly substitution: SubstitutionService,
    pendingWork: PendingWorkRegistry,
  ) {
    // A handover before an absence lists the transfers the holder has not yet taken over.
    pendingWork.register(async (m, staffId) => {
      const rows = (await m.query(
        `SELECT id, subject, received_at FROM enquiry WHERE transfer_staff_id = $1 AND acknowledged_at IS NULL ORDER BY received_at`,
        [staffId],
      )) as Array<{ id: string; subject: string; received_at: Date }>;
      return rows.map((r) => ({ kind: 'transfer' as const, id: r.id, title: r.subject, dueAt: null }));
    });
  }

  async create(actor: Actor, dto: CreateEnquiryDto, idempotencyKey?: string): Promise<{ enquiry: EnquiryView; replayed: boolean }> {
    const responder = await this.organization.getStaff(actor.id);
    // Everything the view shows was read while checking the rules: no second lookup in the transaction.
    const known = await this.checkRules(actor, dto, responder);
    if (known.transferTo?.actingFor) known.staff.set(known.transferTo.staffId, await this.organization.getStaff(known.transferTo.staffId));

    const { value, replayed } = await this.db.transaction((m) =>
      this.idempotency.run(m, { actorId: actor.id, key: idempotencyKey, scope: 'POST /api/v1/enquiries', body: dto }, async () => {
        const o = dto.outcome;
        const enquiry = m.create(Enquiry, {
          unitId: actor.unitId,
          channel: dto.channel,
          kind: dto.kind,
          subject: dto.subject,
          serviceItemCode: dto.serviceItemCode ?? null,
          citizenName: dto.citizen?.name ?? null,
          citizenPhone: dto.citizen?.phone ?? null,
          citizenIdNumber: dto.citizen?.idNumber ?? null,
          firstResponderId: responder.id,
          firstResponderOfficeId: responder.officeId,
          receivedAt: this.clock.now(),
          outcome: o.type,
          answer: o.type === 'answered' ? (o as AnsweredOutcomeDto).answer : null,
          refused: o.type === 'answered' && (o as AnsweredOutcomeDto).refused === true,
          transferOfficeId: o.type === 'transferred' ? (o as TransferredOutcomeDto).officeId : null,
          transferStaffId: known.transferTo?.staffId ?? null,
          transferActingFor: known.transferTo?.actingFor ?? null,
          referralAgency: o.type === 'referred' ? (o as ReferredOutcomeDto).agency : null,
          referralAddress: o.type === 'referred' ? (o as ReferredOutcomeDto).address : null,
          referralPhone: o.type === 'referred' ? (o as ReferredOutcomeDto).phone : null,
          queryCode: newQueryCode(),
        });
        await m.insert(Enquiry, enquiry);
        const [view] = await this.present([enquiry], false, known);
        await this.audit.record(m, { actor, unitId: actor.unitId, action: 'enquiry.create', entity: 'enquiry', entityId: enquiry.id, after: view });
        return view!;
      }),
    );
    return { enquiry: value, replayed };
  }

  /** The target of a transfer confirms they have taken it over (no more "not my business"). */
  async acknowledge(actor: Actor, id: string): Promise<EnquiryView> {
    return this.db.transaction(async (m) => {
      const enquiry = await m.findOne(Enquiry, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!enquiry || !this.visible(actor, enquiry)) throw DomainError.notFound('enquiry', id, 'id');
      if (enquiry.outcome !== 'transferred') {
        throw new DomainError('ENQUIRY.NOT_TRANSFERRED', 'only a transferred enquiry is acknowledged', 'conflict');
      }
      if (enquiry.transferStaffId !== actor.id) {
        throw new DomainError('ENQUIRY.NOT_THE_TARGET', 'only the staff member it was transferred to can acknowledge it', 'forbidden');
      }
      if (enquiry.acknowledgedAt) {
        throw new DomainError('ENQUIRY.ALREADY_ACKNOWLEDGED', 'this transfer was already acknowledged', 'conflict');
      }
      const [before] = await this.present([enquiry], false, m);
      enquiry.acknowledgedBy = actor.id;
      enquiry.acknowledgedAt = this.clock.now();
      await m.update(Enquiry, { id }, { acknowledgedBy: enquiry.acknowledgedBy, acknowledgedAt: enquiry.acknowledgedAt });
      const [after] = await this.present([enquiry], false, m);
      await this.audit.record(m, { actor, unitId: enquiry.unitId, action: 'enquiry.acknowledge', entity: 'enquiry', entityId: id, before, after });
      return after!;
    });
  }

  /**
   * An open enquiry about to become a case, locked in the caller's transaction. Refused when it is not
   * open, belongs to another unit, or (through the case's unique key) already became a case.
   */
  async takeOpen(m: EntityManager, actor: Actor, id: string): Promise<EnquiryView> {
    const enquiry = await m.findOne(Enquiry, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!enquiry || enquiry.unitId !== actor.unitId) {
      throw new DomainError('CASE.UNKNOWN_ENQUIRY', `no enquiry ${id} in this unit`, 'invalid', 'enquiryId');
    }
    if (enquiry.outcome !== 'open') {
      throw new DomainError('CASE.ENQUIRY_NOT_OPEN', 'only an enquiry left open can become a case', 'invalid', 'enquiryId');
    }
    const [view] = await this.present([enquiry], false, m);
    return view!;
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
    const rows = (await this.db.query(
      `SELECT id, unit_id, first_responder_id, first_responder_office_id, subject, received_at FROM enquiry
        WHERE refused AND received_at >= $1 AND received_at < $2 ORDER BY received_at`,
      [from, to],
    )) as Array<{ id: string; unit_id: string; first_responder_id: string; first_responder_office_id: string | null; subject: string; received_at: Date }>;
    return rows.map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      firstResponderId: r.first_responder_id,
      officeId: r.first_responder_office_id,
      subject: r.subject,
      receivedAt: r.received_at,
    }));
  }

  /** Transfers made in [from, to), oldest first, acknowledged or not. */
  async transferredBetween(from: Date, to: Date): Promise<TransferredEnquiry[]> {
    const rows = (await this.db.query(
      `SELECT id, unit_id, subject, first_responder_id, transfer_staff_id, transfer_office_id, transfer_acting_for, received_at, acknowledged_at
         FROM enquiry WHERE outcome = 'transferred' AND received_at >= $1 AND received_at < $2 ORDER BY received_at, id`,
      [from, to],
    )) as Array<{
      id: string;
      unit_id: string;
      subject: string;
      first_responder_id: string;
      transfer_staff_id: string;
      transfer_office_id: string;
      transfer_acting_for: string | null;
      received_at: Date;
      acknowledged_at: Date | null;
    }>;
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

  /**
   * Efficiency figures per unit, office and first responder for [from, to): enquiries logged, complaints,
   * and repeat complaints: a complaint from a phone that had already complained to the same unit in the
   * 90 days before it (REPEAT_COMPLAINT_DAYS). `unitId` null: every unit.
   */
  async figures(unitId: string | null, from: Date, to: Date): Promise<EnquiryFigures[]> {
    const rows = (await this.db.query(
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
    )) as Array<{ unit_id: string; office_id: string | null; staff_id: string; logged: number; complaints: number; repeats: number }>;
    return rows.map((r) => ({
      unitId: r.unit_id,
      officeId: r.office_id,
      staffId: r.staff_id,
      logged: r.logged,
      complaints: r.complaints,
      repeatComplaints: r.repeats,
    }));
  }

  async get(actor: Actor, id: string): Promise<EnquiryView> {
    const enquiry = await this.db.getRepository(Enquiry).findOneBy({ id });
    if (!enquiry || !this.visible(actor, enquiry)) throw DomainError.notFound('enquiry', id, 'id');
    const [view] = await this.present([enquiry], false);
    return view!;
  }

  /** Newest first. Personal data is masked in lists. */
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
    const [rows, total] = await qb
      .orderBy('e.received_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip(offset)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.present(rows, true), total, page, pageSize };
  }

  private visible(actor: Actor, enquiry: Enquiry): boolean {
    return enquiry.unitId === actor.unitId || actor.roles.includes('inspector');
  }

  /**
   * Rules that need data: the service item exists, a transfer names a real colleague, reports name the
   * citizen. Returns the staff and offices it read (the responder, a transfer's target and office).
   */
  private async checkRules(
    actor: Actor,
    dto: CreateEnquiryDto,
    responder: StaffView,
  ): Promise<Directory & { transferTo?: { staffId: string; actingFor: string | null } }> {
    const known: Directory & { transferTo?: { staffId: string; actingFor: string | null } } = {
      staff: new Map([[responder.id, responder]]),
      offices: new Map(),
    };
    if (dto.kind === 'report' || dto.kind === 'complaint') {
      for (const field of ['name', 'phone'] as const) {
        if (!dto.citizen?.[field]) {
          throw new DomainError('ENQUIRY.CITIZEN_REQUIRED', `a ${dto.kind} records the citizen's ${field}`, 'invalid', `citizen.${field}`);
        }
      }
    }
    if (dto.outcome.type === 'registered' && dto.kind !== 'report' && dto.kind !== 'complaint') {
      throw new DomainError('ENQUIRY.REGISTERED_ONLY_REPORTS', 'only a report or a complaint is registered', 'invalid', 'outcome.type');
    }
    if (dto.serviceItemCode) {
      await this.catalogue.get(dto.serviceItemCode, { unitId: actor.unitId, field: 'serviceItemCode' }).catch(() => {
        throw new DomainError('ENQUIRY.UNKNOWN_SERVICE_ITEM', `no service item ${dto.serviceItemCode} in this unit`, 'invalid', 'serviceItemCode');
      });
    }
    if (dto.outcome.type === 'transferred') {
      const { officeId, staffId } = dto.outcome as TransferredOutcomeDto;
      const office = await this.organization.getOffice(actor.unitId, officeId).catch(() => {
        throw new DomainError('ENQUIRY.UNKNOWN_OFFICE', `no office ${officeId} in this unit`, 'invalid', 'outcome.officeId');
      });
      known.offices.set(office.id, office);
      const target: StaffView | null = await this.organization.getStaff(staffId).catch(() => null);
      if (!target || target.unitId !== actor.unitId || !target.active) {
        throw new DomainError('ENQUIRY.UNKNOWN_STAFF', `no active staff member ${staffId} in this unit`, 'invalid', 'outcome.staffId');
      }
      if (target.officeId !== officeId) {
        throw new DomainError('ENQUIRY.STAFF_NOT_IN_OFFICE', 'the staff member named does not work in that office', 'invalid', 'outcome.staffId');
      }
      if (target.id === actor.id) {
        throw new DomainError('ENQUIRY.TRANSFER_TO_SELF', 'a first responder cannot transfer an enquiry to themselves', 'invalid', 'outcome.staffId');
      }
      known.staff.set(target.id, target);
      // A colleague away is stood in for by their substitute (同岗替代制).
      const routed = await this.substitution.route(this.db.manager, target.id, this.clock.now());
      known.transferTo = { staffId: routed.staffId, actingFor: routed.actingFor };
    }
    return known;
  }

  /** Views with names: from a directory already read, or looked up (through `m` inside a transaction). */
  private async present(rows: Enquiry[], mask: boolean, from?: EntityManager | Directory): Promise<EnquiryView[]> {
    const staffIds = rows.flatMap((e) => [e.firstResponderId, e.transferStaffId, e.acknowledgedBy].filter((x): x is string => !!x));
    const officeIds = rows.map((e) => e.transferOfficeId).filter((x): x is string => !!x);
    const { staff, offices } = from && 'staff' in from ? from : await this.organization.directory(staffIds, officeIds, from);
    const ref = (id: string): StaffRef => {
      const s = staff.get(id);
      return { id, name: s?.name ?? '', badgeNo: s?.badgeNo ?? '' };
    };
    return rows.map((e): EnquiryView => {
      const responder = staff.get(e.firstResponderId);
      return {
        id: e.id,
        unitId: e.unitId,
        channel: e.channel,
        kind: e.kind,
        subject: e.subject,
        serviceItemCode: e.serviceItemCode,
        citizen: {
          name: e.citizenName,
          phone: mask ? maskPhone(e.citizenPhone) : e.citizenPhone,
          idNumber: mask ? maskIdNumber(e.citizenIdNumber) : e.citizenIdNumber,
        },
        firstResponder: { ...ref(e.firstResponderId), officeId: responder?.officeId ?? e.firstResponderOfficeId },
        receivedAt: e.receivedAt.toISOString(),
        reference: e.reference,
        queryCode: mask ? null : e.queryCode,
        outcome: outcomeOf(e, ref, offices, staff, mask),
      };
    });
  }
}

function outcomeOf(
  e: Enquiry,
  ref: (id: string) => StaffRef,
  offices: Map<string, { id: string; name: string; phone: string | null }>,
  staff: Map<string, StaffView>,
  mask: boolean,
): EnquiryView['outcome'] {
  switch (e.outcome) {
    case 'answered':
      return { type: 'answered', answer: e.answer!, refused: e.refused };
    case 'transferred': {
      const office = offices.get(e.transferOfficeId!);
      const target = staff.get(e.transferStaffId!);
      return {
        type: 'transferred',
        office: { id: e.transferOfficeId!, name: office?.name ?? '', phone: office?.phone ?? null },
        // The colleague's contact is what the citizen is given; it is work data, not personal data.
        staff: { ...ref(e.transferStaffId!), phone: mask ? maskPhone(target?.phone) : (target?.phone ?? null) },
        actingFor: e.transferActingFor,
        acknowledgedBy: e.acknowledgedBy ? ref(e.acknowledgedBy) : null,
        acknowledgedAt: e.acknowledgedAt ? e.acknowledgedAt.toISOString() : null,
      };
    }
    case 'referred':
      return { type: 'referred', agency: e.referralAgency!, address: e.referralAddress ?? '', phone: e.referralPhone! };
    case 'registered':
      return { type: 'registered' };
    case 'open':
      return { type: 'open' };
  }
}
