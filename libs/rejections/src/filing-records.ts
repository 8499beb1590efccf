import { DomainError, type Actor } from '@app/core';
import { json, oneOf, readRows, rowMapper } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { FILING_STATUSES } from './rejection.dto.js';
import type { IdType, LegalCitation, ReceivedMaterial, RejectionNotice, ReturnItem, ReturnRecipient } from './rejection-rules.js';

/** The citizen a refusal is addressed to, as filed. */
export type Citizen = { name: string; phone: string | null; idNumber: string | null; idType?: IdType };

/** How the recipient signed for returned materials. */
export type ReturnSignature = { method: string; signedName: string; reference?: string };

export const filingRow = rowMapper('rejection_filing', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text?',
  case_id: 'text?',
  enquiry_id: 'text?',
  service_item_code: 'text?',
  filed_by: 'text',
  filed_acting_for: 'text?',
  filed_at: 'timestamp',
  contact_phone: 'text',
  reason: 'text',
  legal_basis: json<LegalCitation[]>(),
  citizen: json<Citizen>(),
  materials: json<ReceivedMaterial[]>(),
  within_authority: 'bool',
  status: oneOf(FILING_STATUSES),
  approver_id: 'text?',
  approver_acting_for: 'text?',
  decision_due_at: 'timestamp?',
  decided_by: 'text?',
  decided_acting_for: 'text?',
  decided_at: 'timestamp?',
  decision_note: 'text?',
  notice_no: 'text?',
  notice: json<RejectionNotice | null>(),
});
export type FilingRow = ReturnType<typeof filingRow>;

export const RETURN_STATUSES = ['requested', 'returned'] as const;

export const returnRow = rowMapper('material_return', {
  id: 'text',
  filing_id: 'text',
  status: oneOf(RETURN_STATUSES),
  items: json<ReturnItem[]>(),
  requested_at: 'timestamp',
  request_channel: 'text',
  recorded_by: 'text',
  recipient: json<ReturnRecipient | null>(),
  signature: json<ReturnSignature | null>(),
  returned_at: 'timestamp?',
  returned_by: 'text?',
  slip_no: 'text?',
});
export type ReturnRow = ReturnType<typeof returnRow>;

/** A filing of the actor's unit, locked for a change in the caller's transaction. */
export async function lockFiling(m: EntityManager, actor: Actor, id: string): Promise<FilingRow> {
  const [row] = readRows(filingRow, await m.query('SELECT * FROM rejection_filing WHERE id = $1 FOR UPDATE', [id]));
  if (!row || row.unit_id !== actor.unitId) throw DomainError.notFound('rejection_filing', id, 'id');
  return row;
}

/** Only a refusal in force (registered or approved) takes the case's materials back out. */
export function assertInForce(filing: FilingRow): void {
  if (filing.status !== 'registered' && filing.status !== 'approved') {
    throw new DomainError('REJECTION.NOT_IN_FORCE', `the refusal is ${filing.status}: the case keeps its materials`, 'conflict');
  }
}
