import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskName, newQueryCode, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CatalogueService } from '@app/catalogue';
import { OrganizationService, SubstitutionService, type StaffView } from '@app/organization';
import { AppConfig, AuditService, Inbox, type AlertView } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnsweredOutcomeDto, CreateEnquiryDto, ReferredOutcomeDto, TransferredOutcomeDto } from './enquiry.dto.js';
import { Enquiry } from './enquiry.entity.js';
import { EnquiryViews, type Directory, type EnquiryView } from './enquiry-views.service.js';

/**
 * 首问负责制: every visit, call, online contact or letter is logged with exactly one first responder,
 * the staff member logging it, and an outcome that routes it (answered, transferred to a named colleague
 * or their substitute, referred outside, registered, or left open to become a case).
 */
@Injectable()
export class EnquiryIntake {
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
    const responder = await this.organization.getStaff(actor.id);
    // Everything the view shows was read while checking the rules: no second lookup in the transaction.
    const known = await this.checkRules(actor, dto, responder);
    if (known.transferTo?.actingFor) known.staff.set(known.transferTo.staffId, await this.organization.getStaff(known.transferTo.staffId));

    let alerts: AlertView[] = [];
    const view = await this.db.transaction(async (m) => {
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
      const [view] = await this.views.present([enquiry], false, known);
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'enquiry.create', entity: 'enquiry', entityId: enquiry.id, after: view });
      if (known.transferTo) alerts = await this.tellTarget(m, enquiry, known.transferTo, known.serviceItemName);
      return view!;
    });
    await this.inbox.publish(alerts);
    return view;
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
    const enquiry = m.create(Enquiry, {
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
      queryCode: newQueryCode(),
    });
    await m.insert(Enquiry, enquiry);
    const [view] = await this.views.present([enquiry], false, { staff: new Map([[responder.id, responder]]), offices: new Map() });
    await this.audit.record(m, { actor, unitId: actor.unitId, action: 'enquiry.create', entity: 'enquiry', entityId: enquiry.id, after: view });
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
      const item = await this.catalogue.get(dto.serviceItemCode, { unitId: actor.unitId, field: 'serviceItemCode' }).catch(() => {
        throw new DomainError('ENQUIRY.UNKNOWN_SERVICE_ITEM', `no service item ${dto.serviceItemCode} in this unit`, 'invalid', 'serviceItemCode');
      });
      known.serviceItemName = item.name;
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
