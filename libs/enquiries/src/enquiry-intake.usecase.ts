import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskName, newQueryCode, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CatalogueService } from '@app/catalogue';
import { OrganizationService, SubstitutionService, type StaffView } from '@app/organization';
import { AppConfig, AuditService, Inbox, pgPool, readRows, rowMapper, type AlertView, type AuditEntry } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnsweredOutcomeDto, CreateEnquiryDto, ReferredOutcomeDto, TransferredOutcomeDto } from './enquiry.dto.js';
import { Enquiry } from './enquiry.entity.js';
import { EnquiryViews, type Directory, type EnquiryView } from './enquiry-views.service.js';

const referenceRow = rowMapper('enquiry_reference_seq', { reference: 'text' });
const REFERENCE_BATCH = 20;

/**
 * 首问负责制: every visit, call, online contact or letter is logged with exactly one first responder,
 * the staff member logging it, and an outcome that routes it (answered, transferred to a named colleague
 * or their substitute, referred outside, registered, or left open to become a case).
 */
const REFERENCES_SQL = `SELECT 'ZX' || nextval('enquiry_reference_seq') AS reference FROM generate_series(1, $1)`;

@Injectable()
export class EnquiryIntake {
  private readonly references: string[] = [];
  private refill?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
    private readonly substitution: SubstitutionService,
    private readonly views: EnquiryViews,
    private readonly inbox: Inbox,
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateEnquiryDto): Promise<EnquiryView> {
    // What the rules and the view need, read at once: the responder, the item's name (and a reference).
    const [responder, itemName, reference] = await Promise.all([
      this.organization.actorStaff(actor),
      dto.serviceItemCode ? this.catalogue.itemName(actor.unitId, dto.serviceItemCode) : null,
      this.nextReference(),
    ]);
    // Everything the view shows was read while checking the rules: no second lookup in the transaction.
    const known = await this.checkRules(actor, dto, responder, itemName);
    if (known.transferTo?.actingFor) known.staff.set(known.transferTo.staffId, await this.organization.getStaff(known.transferTo.staffId));

    const o = dto.outcome;
    const enquiry: Enquiry = {
      id: randomUUID(),
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
      acknowledgedBy: null,
      acknowledgedAt: null,
      referralAgency: o.type === 'referred' ? (o as ReferredOutcomeDto).agency : null,
      referralAddress: o.type === 'referred' ? (o as ReferredOutcomeDto).address : null,
      referralPhone: o.type === 'referred' ? (o as ReferredOutcomeDto).phone : null,
      reference,
      queryCode: newQueryCode(),
      caseId: null,
      closedAt: null,
    };
    const [view] = await this.views.present([enquiry], false, known);
    const entry: AuditEntry = { actor, unitId: actor.unitId, action: 'enquiry.create', entity: 'enquiry', entityId: enquiry.id, after: view };
    const to = known.transferTo;
    if (!to) {
      // The enquiry and its audit entry in one statement, which commits on its own: one round trip.
      const pool = pgPool(this.db);
      await this.insert((text, values) => pool.query({ name: 'enquiry-create', text, values }), enquiry, entry);
      this.audit.recorded(entry);
      return view!;
    }
    const alerts = await this.db.transaction(async (m) => {
      await this.insert((text, values) => m.query(text, values), enquiry, entry);
      return this.tellTarget(m, enquiry, to, known.serviceItemName);
    });
    this.audit.recorded(entry);
    await this.inbox.publish(alerts);
    return view!;
  }

  /**
   * The next public reference (ZX10000001…), from numbers the sequence hands this process REFERENCE_BATCH
   * at a time: gaps and an order only roughly by time do not matter (not a document number, see the
   * migration), a round trip per enquiry does. Inside a transaction (`m`) the batch is read through the
   * transaction's own connection: a second one from the pool, awaited while holding the first, starves the
   * pool when as many transactions wait as it has connections.
   */
  private async nextReference(m?: EntityManager): Promise<string> {
    while (this.references.length === 0) {
      if (m) {
        this.references.push(...readRows(referenceRow, await m.query(REFERENCES_SQL, [REFERENCE_BATCH])).map((r) => r.reference));
        continue;
      }
      this.refill ??= pgPool(this.db)
        .query({ name: 'enquiry-references', text: REFERENCES_SQL, values: [REFERENCE_BATCH] })
        .then(({ rows }) => void this.references.push(...readRows(referenceRow, rows).map((r) => r.reference)))
        .finally(() => (this.refill = undefined));
      await this.refill;
    }
    return this.references.shift()!;
  }

  /** Inserts the enquiry and its audit entry in one statement (a data-modifying CTE). */
  private async insert(run: (text: string, values: unknown[]) => Promise<unknown>, e: Enquiry, entry: AuditEntry): Promise<void> {
    const values = [
      e.id, e.unitId, e.channel, e.kind, e.subject, e.serviceItemCode, e.citizenName, e.citizenPhone, e.citizenIdNumber,
      e.firstResponderId, e.firstResponderOfficeId, e.receivedAt, e.outcome, e.answer, e.refused, e.transferOfficeId,
      e.transferStaffId, e.transferActingFor, e.referralAgency, e.referralAddress, e.referralPhone, e.reference, e.queryCode,
    ];
    const audit = this.audit.insertion(entry, values.length + 1);
    await run(
      `WITH enquiry AS (
         INSERT INTO enquiry (id, unit_id, channel, kind, subject, service_item_code, citizen_name, citizen_phone, citizen_id_number,
           first_responder_id, first_responder_office_id, received_at, outcome, answer, refused, transfer_office_id,
           transfer_staff_id, transfer_acting_for, referral_agency, referral_address, referral_phone, reference, query_code)
         VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}))
       ${audit.text}`,
      [...values, ...audit.values],
    );
  }

  /** The target of a transfer must acknowledge it in time (推诿 otherwise): on their desk at once, in words. */
  private async tellTarget(m: EntityManager, enquiry: Enquiry, to: { staffId: string; actingFor: string | null }, serviceItemName?: string): Promise<AlertView[]> {
    const { dueAt } = (await this.calendar.calendar()).addWorkingMinutes(enquiry.receivedAt, this.config.TRANSFER_ACK_WORKING_HOURS * 60);
    return this.inbox.notify(m, [
      {
        recipientId: to.staffId,
        actingFor: to.actingFor,
        unitId: enquiry.unitId,
        kind: 'enquiry',
        subjectId: enquiry.id,
        event: 'assigned',
        level: 'info',
        title: '转办事项待接收',
        dueAt,
        summary: {
          ...(enquiry.queryCode ? { number: enquiry.queryCode } : {}),
          ...(serviceItemName ? { serviceItem: serviceItemName } : {}),
          ...(enquiry.citizenName ? { applicant: maskName(enquiry.citizenName)! } : {}),
          text: enquiry.subject,
        },
        link: `/transfers?enquiry=${enquiry.id}`,
      },
    ]);
  }

  /**
   * The first contact of an application received directly as a case (every case has its enquiry): logged
   * at the counter in the case's transaction, the receiving staff its first responder, left open for the
   * case to close it. The responder is read before the transaction: nothing here takes a second connection.
   */
  async openForCase(
    m: EntityManager,
    actor: Actor,
    input: { responder: StaffView; serviceItem: { code: string; name: string }; citizen: { name: string; phone: string; idNumber: string | null } },
  ): Promise<EnquiryView> {
    const responder = input.responder;
    const enquiry: Enquiry = {
      id: randomUUID(),
      unitId: actor.unitId,
      channel: 'visit',
      kind: 'application',
      subject: `申请${input.serviceItem.name}`,
      serviceItemCode: input.serviceItem.code,
      citizenName: input.citizen.name,
      citizenPhone: input.citizen.phone,
      citizenIdNumber: input.citizen.idNumber,
      firstResponderId: responder.id,
      firstResponderOfficeId: responder.officeId,
      receivedAt: this.clock.now(),
      outcome: 'open',
      answer: null,
      refused: false,
      transferOfficeId: null,
      transferStaffId: null,
      transferActingFor: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      referralAgency: null,
      referralAddress: null,
      referralPhone: null,
      reference: await this.nextReference(m),
      queryCode: newQueryCode(),
      caseId: null,
      closedAt: null,
    };
    const [view] = await this.views.present([enquiry], false, { staff: new Map([[responder.id, responder]]), offices: new Map() });
    const entry: AuditEntry = { actor, unitId: actor.unitId, action: 'enquiry.create', entity: 'enquiry', entityId: enquiry.id, after: view };
    await this.insert((text, values) => m.query(text, values), enquiry, entry);
    this.audit.recorded(entry);
    return view!;
  }

  /**
   * Rules that need data: the service item exists, a transfer names a real colleague, reports name the
   * citizen. Returns the staff and offices it read (the responder, a transfer's target and office).
   */
  private async checkRules(
    actor: Actor,
    dto: CreateEnquiryDto,
    responder: StaffView,
    itemName: string | null,
  ): Promise<Directory & { transferTo?: { staffId: string; actingFor: string | null }; serviceItemName?: string }> {
    const known: Directory & { transferTo?: { staffId: string; actingFor: string | null }; serviceItemName?: string } = {
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
      if (itemName === null) {
        throw new DomainError('ENQUIRY.UNKNOWN_SERVICE_ITEM', `no service item ${dto.serviceItemCode} in this unit`, 'invalid', 'serviceItemCode');
      }
      known.serviceItemName = itemName;
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
}
