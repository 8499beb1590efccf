import { DomainError, type StaffRef } from '@app/core';

/**
 * The plain rules of a refusal (否定报备制): the citizen's remedies on the written notice, and who may
 * take returned materials.
 */

export interface LegalCitation {
  law: string;
  article: string;
}

export interface Remedy {
  kind: 'administrative_reconsideration' | 'administrative_litigation';
  text: string;
}

/**
 * 行政复议法 (2023) 第二十条: sixty days from knowing of the decision; 行政诉讼法 第四十六条: six months.
 * Printed on every notice, with the body that hears a reconsideration.
 */
export function remedies(reconsiderationBody: string): Remedy[] {
  return [
    {
      kind: 'administrative_reconsideration',
      text: `如对本决定不服，可以自收到本通知书之日起六十日内向${reconsiderationBody}申请行政复议。`,
    },
    { kind: 'administrative_litigation', text: '也可以自收到本通知书之日起六个月内依法向人民法院提起行政诉讼。' },
  ];
}

/** 不予受理/不予许可通知书: what the citizen is given, kept as issued. */
/**
 * What a refusal is called, by its stage: 不予受理 before acceptance (an application at the window, a case
 * waiting for materials); after it, 不予许可 for an administrative licence, else 不予办理.
 */
export function refusalWording(accepted: boolean, kind: 'licensing' | 'other' | null): { title: string; decision: string } {
  if (!accepted) return { title: '不予受理通知书', decision: '不予受理' };
  return kind === 'licensing' ? { title: '不予许可决定书', decision: '不予许可' } : { title: '不予办理通知书', decision: '不予办理' };
}

export interface RejectionNotice {
  number: string;
  title: string;
  /** 不予受理, 不予许可 or 不予办理 (absent from notices issued before it was stored: 不予办理). */
  decision?: string;
  unitName: string;
  citizen: string;
  serviceItem: { code: string; name: string } | null;
  reason: string;
  legalBasis: string[];
  remedies: Remedy[];
  handler: StaffRef;
  contactPhone: string;
  approvedBy: StaffRef | null;
  issuedAt: string;
}

export function citationText(c: LegalCitation): string {
  return `${c.law}${c.article}`;
}

export interface ReceivedMaterial {
  name: string;
  pages: number;
  copies: number;
}

export interface ReturnItem {
  name: string;
  copies: number;
}

/**
 * Items asked back must be among what the case received, and no more copies than were handed in and
 * not yet asked back. `field` names the input for the error.
 */
export function checkReturnItems(received: ReceivedMaterial[], alreadyAsked: ReturnItem[], items: ReturnItem[], field = 'items'): void {
  const left = new Map<string, number>();
  for (const r of received) left.set(r.name, (left.get(r.name) ?? 0) + r.copies);
  for (const a of alreadyAsked) left.set(a.name, (left.get(a.name) ?? 0) - a.copies);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) throw new DomainError('REJECTION.RETURN_ITEM_TWICE', `${item.name} is listed twice`, 'invalid', `${field}.${i}.name`);
    seen.add(item.name);
    if (!received.some((r) => r.name === item.name)) {
      throw new DomainError('REJECTION.RETURN_ITEM_NOT_RECEIVED', `${item.name} was not handed in with this case`, 'invalid', `${field}.${i}.name`);
    }
    if (item.copies > (left.get(item.name) ?? 0)) {
      throw new DomainError('REJECTION.RETURN_TOO_MANY', `only ${Math.max(0, left.get(item.name) ?? 0)} copies of ${item.name} are left to return`, 'invalid', `${field}.${i}.copies`);
    }
  });
}

/** ID documents shown at the counter: 居民身份证, 护照, 港澳居民来往内地通行证, 台湾居民来往大陆通行证, 外国人永久居留身份证. */
export const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent_residence'] as const;
export type IdType = (typeof ID_TYPES)[number];

/** The number formats of the documents other than the resident ID card (checked by its own GB 11643 rule). */
export const ID_NUMBER_PATTERNS: Record<Exclude<IdType, 'resident_id'>, RegExp> = {
  passport: /^[A-Z0-9]{5,17}$/,
  hk_macao_permit: /^[HM]\d{8}(\d{2})?$/,
  taiwan_permit: /^\d{8}(\d{2})?$/,
  foreign_permanent_residence: /^(9\d{17}|[A-Z]{3}\d{12})$/,
};

export interface ReturnRecipient {
  kind: 'applicant' | 'agent';
  name: string;
  /** The document shown at the counter; absent on hand-overs recorded before types were kept (a resident ID). */
  idType?: IdType;
  idNumber: string;
  /** An agent's written authorization (授权委托书): its reference and the applicant's ID number on it. */
  authorization?: { reference: string; principalIdNumber: string };
}

function sameId(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** The applicant's ID as the hand-over recorded it, when the case had none. */
export interface RecordedApplicantId {
  idType: IdType;
  idNumber: string;
}

/**
 * Materials go back only to the applicant (their ID number checked against the case) or to an agent
 * holding the applicant's authorization; the signature is the recipient's own name. When the applicant
 * gave no ID number, the document shown at the counter (the applicant's own, or the one named on the
 * agent's authorization) becomes the applicant's recorded ID: returned for the caller to record.
 */
export function checkRecipient(applicant: { name: string; idNumber: string | null }, recipient: ReturnRecipient, signedName: string): RecordedApplicantId | null {
  if (recipient.kind === 'agent' && !recipient.authorization) {
    throw new DomainError('REJECTION.AUTHORIZATION_REQUIRED', "an agent needs the applicant's written authorization", 'invalid', 'recipient.authorization');
  }
  const recorded = applicant.idNumber ? null : recordedId(applicant.name, recipient);
  const applicantId = applicant.idNumber ?? recorded!.idNumber;
  if (recipient.kind === 'applicant') {
    if (!sameId(recipient.idNumber, applicantId)) {
      throw new DomainError('REJECTION.RECIPIENT_ID_MISMATCH', "the ID number is not the applicant's", 'invalid', 'recipient.idNumber');
    }
  } else {
    if (!sameId(recipient.authorization!.principalIdNumber, applicantId)) {
      throw new DomainError('REJECTION.AUTHORIZATION_MISMATCH', 'the authorization is not from the applicant', 'invalid', 'recipient.authorization.principalIdNumber');
    }
    if (sameId(recipient.idNumber, applicantId)) {
      throw new DomainError('REJECTION.AGENT_IS_APPLICANT', 'the applicant collects as the applicant, not as an agent', 'invalid', 'recipient.kind');
    }
  }
  if (signedName.trim() !== recipient.name.trim()) {
    throw new DomainError('REJECTION.SIGNATURE_MISMATCH', "the signature must be the recipient's name", 'invalid', 'signature.signedName');
  }
  return recorded;
}

/** With no ID on record, only the named applicant (by name) or their authorized agent collects. */
function recordedId(applicantName: string, recipient: ReturnRecipient): RecordedApplicantId {
  if (recipient.kind === 'agent') return { idType: 'resident_id', idNumber: recipient.authorization!.principalIdNumber.trim().toUpperCase() };
  if (recipient.name.trim() !== applicantName.trim()) {
    throw new DomainError('REJECTION.RECIPIENT_NOT_APPLICANT', 'with no ID number on record, only the applicant named on the case collects in person', 'invalid', 'recipient.name');
  }
  return { idType: recipient.idType ?? 'resident_id', idNumber: recipient.idNumber.trim().toUpperCase() };
}
