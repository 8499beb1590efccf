import { Injectable } from '@nestjs/common';
import { maskIdNumber, maskPhone, type StaffRef } from '@app/core';
import { OrganizationService } from '@app/organization';
import { readRows } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { FilingStatus } from './rejection.dto.js';
import { returnRow, type Citizen, type FilingRow, type ReturnRow } from './filing-records.js';
import type { LegalCitation, RejectionNotice, ReturnItem, ReturnRecipient } from './rejection-rules.js';

export interface MaterialReturnView {
  id: string;
  status: ReturnRow['status'];
  items: ReturnItem[];
  requestedAt: string;
  channel: string;
  recordedBy: string;
  recipient: ReturnRecipient | null;
  signature: ReturnRow['signature'];
  returnedAt: string | null;
  returnedBy: string | null;
  /** 材料退还单 number, once handed over. */
  slipNumber: string | null;
}

export interface FilingView {
  id: string;
  caseId: string | null;
  enquiryId: string | null;
  serviceItemCode: string | null;
  officeId: string | null;
  filedBy: StaffRef;
  /** The absent handler the filer stood in for (同岗替代制), or null. */
  filedActingFor: string | null;
  filedAt: string;
  contactPhone: string;
  reason: string;
  legalBasis: LegalCitation[];
  citizen: Citizen;
  withinAuthority: boolean;
  status: FilingStatus;
  approver: StaffRef | null;
  approverActingFor: string | null;
  decisionDueAt: string | null;
  decidedBy: StaffRef | null;
  decidedActingFor: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  notice: RejectionNotice | null;
  materialReturns: MaterialReturnView[];
}

/** The recipient of returned materials with their ID numbers masked (lists, printed slips). */
export function maskedRecipient(r: ReturnRecipient): ReturnRecipient {
  const masked: ReturnRecipient = { ...r, idNumber: maskIdNumber(r.idNumber)! };
  if (r.authorization) masked.authorization = { ...r.authorization, principalIdNumber: maskIdNumber(r.authorization.principalIdNumber)! };
  return masked;
}

export function returnView(r: ReturnRow, mask: boolean): MaterialReturnView {
  const recipient = r.recipient && mask ? { ...r.recipient, idNumber: maskIdNumber(r.recipient.idNumber)! } : r.recipient;
  return {
    id: r.id,
    status: r.status,
    items: r.items,
    requestedAt: r.requested_at.toISOString(),
    channel: r.request_channel,
    recordedBy: r.recorded_by,
    recipient,
    signature: r.signature,
    returnedAt: r.returned_at?.toISOString() ?? null,
    returnedBy: r.returned_by,
    slipNumber: r.slip_no,
  };
}

/** A filing as the API shows it: staff named, its materials returned, personal data masked in lists. */
@Injectable()
export class FilingViews {
  constructor(private readonly organization: OrganizationService) {}

  async view(m: EntityManager, row: FilingRow, mask: boolean): Promise<FilingView> {
    return (await this.views(m, [row], mask))[0]!;
  }

  async views(m: EntityManager, rows: FilingRow[], mask: boolean): Promise<FilingView[]> {
    if (rows.length === 0) return [];
    const ids = rows.flatMap((r) => [r.filed_by, r.approver_id, r.decided_by].filter((x): x is string => !!x));
    const [{ staff }, returns] = await Promise.all([
      this.organization.directory(ids, [], m),
      m.query('SELECT * FROM material_return WHERE filing_id = ANY ($1) ORDER BY requested_at', [rows.map((r) => r.id)]).then((r: unknown) => readRows(returnRow, r)),
    ]);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      enquiryId: r.enquiry_id,
      serviceItemCode: r.service_item_code,
      officeId: r.office_id,
      filedBy: ref(r.filed_by),
      filedActingFor: r.filed_acting_for,
      filedAt: r.filed_at.toISOString(),
      contactPhone: r.contact_phone,
      reason: r.reason,
      legalBasis: r.legal_basis,
      citizen: mask ? { ...r.citizen, phone: maskPhone(r.citizen.phone), idNumber: maskIdNumber(r.citizen.idNumber) } : r.citizen,
      withinAuthority: r.within_authority,
      status: r.status,
      approver: r.approver_id ? ref(r.approver_id) : null,
      approverActingFor: r.approver_acting_for,
      decisionDueAt: r.decision_due_at?.toISOString() ?? null,
      decidedBy: r.decided_by ? ref(r.decided_by) : null,
      decidedActingFor: r.decided_acting_for,
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionNote: r.decision_note,
      notice: r.notice,
      materialReturns: returns.filter((x) => x.filing_id === r.id).map((x) => returnView(x, mask)),
    }));
  }
}
