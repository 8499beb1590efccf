import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { EnquiryChannel, EnquiryKind, OutcomeType } from './enquiry.dto.js';

/** One contact (visit, call, online, letter) and its first responder (首问责任人). */
@Entity('enquiry')
export class Enquiry {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @Column({ type: 'text' }) channel: EnquiryChannel;
  @Column({ type: 'text' }) kind: EnquiryKind;
  @Column() subject: string;
  @Column({ name: 'service_item_code', type: 'text', nullable: true }) serviceItemCode: string | null;
  @Column({ name: 'citizen_name', type: 'text', nullable: true }) citizenName: string | null;
  @Column({ name: 'citizen_phone', type: 'text', nullable: true }) citizenPhone: string | null;
  @Column({ name: 'citizen_id_number', type: 'text', nullable: true }) citizenIdNumber: string | null;
  @Column({ name: 'first_responder_id', type: 'uuid', update: false }) firstResponderId: string;
  @Column({ name: 'first_responder_office_id', type: 'uuid', nullable: true, update: false }) firstResponderOfficeId: string | null;
  @Column({ name: 'received_at', type: 'timestamptz', update: false }) receivedAt: Date;
  @Column({ type: 'text' }) outcome: OutcomeType;
  @Column({ type: 'text', nullable: true }) answer: string | null;
  /** Answered "cannot be done": a refusal that needs a rejection filing (否定报备制). */
  @Column({ default: false }) refused: boolean;
  @Column({ name: 'transfer_office_id', type: 'uuid', nullable: true }) transferOfficeId: string | null;
  @Column({ name: 'transfer_staff_id', type: 'uuid', nullable: true }) transferStaffId: string | null;
  /** The absent colleague named, whose substitute took the transfer (同岗替代制). */
  @Column({ name: 'transfer_acting_for', type: 'uuid', nullable: true }) transferActingFor: string | null;
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true }) acknowledgedAt: Date | null;
  @Column({ name: 'referral_agency', type: 'text', nullable: true }) referralAgency: string | null;
  @Column({ name: 'referral_address', type: 'text', nullable: true }) referralAddress: string | null;
  @Column({ name: 'referral_phone', type: 'text', nullable: true }) referralPhone: string | null;
  /**
   * The public reference given to the citizen (ZX10000001…), numbered by a database sequence (intake takes
   * its numbers in batches). With the query code it lets the citizen rate the service (好差评).
   */
  @Column({ type: 'text', insert: false, update: false, default: () => "('ZX' || nextval('enquiry_reference_seq'))" }) reference: string;
  @Column({ name: 'query_code', type: 'text', nullable: true, update: false }) queryCode: string | null;
  /** The case it was turned into, and when: that closes the enquiry. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
}
