import { Injectable } from '@nestjs/common';
import type { StaffRef } from '@app/core';
import { CatalogueService } from '@app/catalogue';
import { DeadlinesService, type TimerView } from '@app/deadlines';
import { NoticesService, type NoticeView } from '@app/notices';
import { OrganizationService } from '@app/organization';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from './case-lifecycle.js';
import type { CaseWithExtensions, ExtensionRow } from './case-rows.js';
import type { ReceivedMaterial } from './materials.js';

/** 收件回执: what the citizen takes home when the case is accepted. */
export interface ReceiptView {
  number: string;
  /** Opens the public lookup and the rating: in lists, null but for the case's handler. */
  queryCode: string | null;
  unitName: string;
  serviceItem: { code: string; name: string };
  applicant: string;
  materials: ReceivedMaterial[];
  receivedAt: string;
  handler: StaffRef;
  promisedAt: string;
}

export interface ExtensionView {
  id: string;
  workingDays: number;
  reason: string;
  status: ExtensionRow['status'];
  requestedBy: StaffRef;
  requestedAt: string;
  decidedBy: StaffRef | null;
  decidedAt: string | null;
  decisionNote: string | null;
  previousDueAt: string;
  newDueAt: string | null;
  /** 延期办理告知书, issued to the citizen with the reason when approved. */
  noticeNumber: string | null;
}

export interface CaseView {
  id: string;
  status: CaseStatus;
  serviceItem: { code: string; name: string };
  enquiryId: string | null;
  /** The first responder (首问责任人) of the enquiry the case came from. */
  firstResponder: StaffRef | null;
  applicant: { name: string; phone: string; idNumber: string | null };
  handler: StaffRef;
  /** The absent handler this one stands in for (同岗替代制), or null. */
  handlerActingFor: string | null;
  materials: ReceivedMaterial[];
  createdAt: string;
  receipt: ReceiptView | null;
  notices: NoticeView[];
  deadline: TimerView | null;
  extensions: ExtensionView[];
  finishedAt: string | null;
  result: string | null;
  withdrawalReason: string | null;
  /** The rejection filing (否定报备) that closed the case, if it was rejected. */
  rejectionFilingId: string | null;
}

/** What a command already knows of the cases it shows, so that their views do not read it again. */
export interface KnownOfCases {
  /** Items' names by code. */
  itemNames?: Map<string, string>;
  /** The cases have no notice (a case just accepted at intake). */
  noNotices?: boolean;
}

/** A case as the API shows it: its item, handler, receipt, notices, clock and extensions. */
@Injectable()
export class CaseViews {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly notices: NoticesService,
    private readonly deadlines: DeadlinesService,
  ) {}

  async extensions(rows: ExtensionRow[], m?: EntityManager): Promise<ExtensionView[]> {
    const { staff } = await this.organization.directory(rows.flatMap((r) => [r.requested_by, r.decided_by].filter((x): x is string => !!x)), [], m);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return rows.map((r) => extensionView(r, ref));
  }

  /**
   * Views of cases read with their extensions (extensionsColumn), in the same few statements for one
   * case or a page: their items' names, notices and clocks at once, then every name they show at once.
   */
  async views(rows: CaseWithExtensions[], known: KnownOfCases = {}): Promise<CaseView[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const codes = rows.map((r) => r.service_item_code);
    const [items, notices, deadlines] = await Promise.all([
      known.itemNames && codes.every((c) => known.itemNames!.has(c)) ? known.itemNames : this.catalogue.names(codes),
      known.noNotices ? this.notices.ofCases([]) : this.notices.ofCases(ids),
      this.deadlines.views(ids),
    ]);
    const staffIds = rows.flatMap((r) => [
      r.handler_id,
      ...(r.first_responder_id ? [r.first_responder_id] : []),
      ...r.extensions.flatMap((e) => [e.requested_by, ...(e.decided_by ? [e.decided_by] : [])]),
    ]);
    const { staff, units } = await this.organization.lookup({ staff: [...staffIds, ...notices.issuerIds], units: rows.map((r) => r.unit_id) });
    const noticesOf = notices.views(staff);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return rows.map((row) => {
      const handler = ref(row.handler_id);
      const serviceItem = { code: row.service_item_code, name: items.get(row.service_item_code) ?? '' };
      return {
        id: row.id,
        status: row.status,
        serviceItem,
        enquiryId: row.enquiry_id,
        firstResponder: row.first_responder_id ? ref(row.first_responder_id) : null,
        applicant: { name: row.applicant_name, phone: row.applicant_phone, idNumber: row.applicant_id_number },
        handler,
        handlerActingFor: row.handler_acting_for,
        materials: row.materials,
        createdAt: row.created_at.toISOString(),
        receipt: row.receipt_no
          ? {
              number: row.receipt_no,
              queryCode: row.query_code!,
              unitName: units.get(row.unit_id)?.name ?? '',
              serviceItem,
              applicant: row.applicant_name,
              materials: row.materials,
              receivedAt: row.accepted_at!.toISOString(),
              handler,
              promisedAt: row.promised_at!.toISOString(),
            }
          : null,
        notices: noticesOf.get(row.id) ?? [],
        deadline: deadlines.get(row.id) ?? null,
        extensions: row.extensions.map((e) => extensionView(e, ref)),
        finishedAt: row.finished_at?.toISOString() ?? null,
        result: row.result,
        withdrawalReason: row.withdrawal_reason,
        rejectionFilingId: row.rejection_filing_id,
      };
    });
  }
}

function extensionView(r: ExtensionRow, ref: (id: string) => StaffRef): ExtensionView {
  return {
    id: r.id,
    workingDays: r.working_days,
    reason: r.reason,
    status: r.status,
    requestedBy: ref(r.requested_by),
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by ? ref(r.decided_by) : null,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    previousDueAt: r.previous_due_at.toISOString(),
    newDueAt: r.new_due_at?.toISOString() ?? null,
    noticeNumber: r.notice_no,
  };
}
