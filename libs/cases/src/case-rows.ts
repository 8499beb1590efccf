import { json, oneOf, rowMapper } from '@app/platform';
import { CASE_STATUSES } from './case-lifecycle.js';
import type { ReceivedMaterial } from './materials.js';

/** A case as `SELECT * FROM service_case` reads it (the figures' columns are read by their own query). */
export const caseRow = rowMapper('service_case', {
  id: 'text',
  unit_id: 'text',
  service_item_code: 'text',
  office_id: 'text',
  enquiry_id: 'text?',
  applicant_name: 'text',
  applicant_phone: 'text',
  applicant_id_number: 'text?',
  status: oneOf(CASE_STATUSES),
  handler_id: 'text',
  created_by: 'text',
  created_at: 'timestamp',
  materials: json<ReceivedMaterial[]>(),
  receipt_no: 'text?',
  query_code: 'text?',
  accepted_at: 'timestamp?',
  accepted_by: 'text?',
  promised_at: 'timestamp?',
  finished_at: 'timestamp?',
  result: 'text?',
  withdrawal_reason: 'text?',
  rejection_filing_id: 'text?',
  handler_acting_for: 'text?',
  first_responder_id: 'text?',
});
export type CaseRow = ReturnType<typeof caseRow>;

export const EXTENSION_STATUSES = ['requested', 'approved', 'denied'] as const;

export const extensionRow = rowMapper('case_extension', {
  id: 'text',
  case_id: 'text',
  requested_by: 'text',
  requested_at: 'timestamp',
  working_days: 'int',
  reason: 'text',
  status: oneOf(EXTENSION_STATUSES),
  decided_by: 'text?',
  decided_at: 'timestamp?',
  decision_note: 'text?',
  previous_due_at: 'timestamp',
  new_due_at: 'timestamp?',
  notice_no: 'text?',
});
export type ExtensionRow = ReturnType<typeof extensionRow>;
