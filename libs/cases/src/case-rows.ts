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

/** A case read with its extensions in the same statement (extensionsColumn), as views need it. */
export type CaseWithExtensions = CaseRow & { extensions: ExtensionRow[] };

/**
 * The select-list column that brings a case's extensions along with it, oldest first (`alias` names the
 * case): a view of a page of cases then costs no statement per case.
 */
export function extensionsColumn(alias: string): string {
  return `(SELECT coalesce(json_agg(e ORDER BY e.requested_at), '[]') FROM case_extension e WHERE e.case_id = ${alias}.id) AS extensions`;
}

const EXTENSION_TIMES = ['requested_at', 'decided_at', 'previous_due_at', 'new_due_at'] as const;

/** A case row with the extensions extensionsColumn brought (json: their times arrive as text). */
export function caseWithExtensions(raw: Record<string, unknown>): CaseWithExtensions {
  const extensions = json<Array<Record<string, unknown>>>()(raw.extensions, 'service_case.extensions');
  for (const e of extensions) for (const t of EXTENSION_TIMES) if (typeof e[t] === 'string') e[t] = new Date(e[t]);
  raw.extensions = extensions.map(extensionRow);
  return caseRow(raw) as CaseWithExtensions;
}
