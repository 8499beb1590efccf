import { Injectable } from '@nestjs/common';
import { maskIdNumber, maskPhone, type StaffRef } from '@app/core';
import { OrganizationService, type StaffView } from '@app/organization';
import type { EntityManager } from 'typeorm';
import type { Enquiry } from './enquiry.entity.js';

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
  /** Closed by turning it into a case (an open enquiry, or a transfer received as an application); null while not. */
  closed: { as: 'case'; caseId: string; at: string } | null;
}

export type Directory = Awaited<ReturnType<OrganizationService['directory']>>;

/** Enquiries as the API shows them: staff and offices named, personal data masked in lists. */
@Injectable()
export class EnquiryViews {
  constructor(private readonly organization: OrganizationService) {}

  /** Views with names: from a directory already read, or looked up (through `m` inside a transaction). */
  async present(rows: Enquiry[], mask: boolean, from?: EntityManager | Directory): Promise<EnquiryView[]> {
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
        closed: e.caseId && e.closedAt ? { as: 'case', caseId: e.caseId, at: e.closedAt.toISOString() } : null,
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
