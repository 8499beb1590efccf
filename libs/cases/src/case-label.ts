import { maskName } from '@app/core';
import type { TimerLabel } from '@app/deadlines';
import type { CaseRow } from './case-rows.js';

/** What an alert about a case says at a glance: receipt number, service item, masked applicant; and where the console shows it. */
export function caseLabel(row: CaseRow, serviceItemName: string, text?: string): TimerLabel {
  return {
    summary: {
      ...(row.receipt_no ? { number: row.receipt_no } : {}),
      serviceItem: serviceItemName,
      applicant: maskName(row.applicant_name)!,
      ...(text ? { text } : {}),
    },
    link: `/cases/${row.id}`,
  };
}
