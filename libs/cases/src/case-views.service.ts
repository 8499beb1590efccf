import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { StaffRef } from '@app/core';
import { CatalogueService } from '@app/catalogue';
import { DeadlinesService, type TimerView } from '@app/deadlines';
import { NoticesService, type NoticeView } from '@app/notices';
import { OrganizationService } from '@app/organization';
import { readRows } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseStatus } from './case-lifecycle.js';
import { extensionRow, type CaseRow, type ExtensionRow } from './case-rows.js';
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

/** A case as the API shows it: its item, handler, receipt, notices, clock and extensions. */
@Injectable()
export class CaseViews {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly notices: NoticesService,
    private readonly deadlines: DeadlinesService,
  ) {}

  async extensions(rows: ExtensionRow[], m?: EntityManager): Promise<ExtensionView[]> {
    const { staff } = await this.organization.directory(rows.flatMap((r) => [r.requested_by, r.decided_by].filter((x): x is string => !!x)), [], m);
    const ref = (id: string): StaffRef => ({ id, name: staff.get(id)?.name ?? '', badgeNo: staff.get(id)?.badgeNo ?? '' });
    return rows.map((r) => ({
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
    }));
  }

  async view(row: CaseRow): Promise<CaseView> {
    const [item, { staff }, notices, deadline, extensions, unit] = await Promise.all([
      this.catalogue.get(row.service_item_code),
      this.organization.directory([row.handler_id, ...(row.first_responder_id ? [row.first_responder_id] : [])], []),
      this.notices.forCase(row.id),
      this.deadlines.view(row.id),
      this.db.query('SELECT * FROM case_extension WHERE case_id = $1 ORDER BY requested_at', [row.id]).then((r: unknown) => readRows(extensionRow, r)),
      this.organization.getUnit(row.unit_id),
    ]);
    const h = staff.get(row.handler_id);
    const handler = { id: row.handler_id, name: h?.name ?? '', badgeNo: h?.badgeNo ?? '' };
    const fr = row.first_responder_id ? staff.get(row.first_responder_id) : undefined;
    return {
      id: row.id,
      status: row.status,
      serviceItem: { code: item.code, name: item.name },
      enquiryId: row.enquiry_id,
      firstResponder: row.first_responder_id ? { id: row.first_responder_id, name: fr?.name ?? '', badgeNo: fr?.badgeNo ?? '' } : null,
      applicant: { name: row.applicant_name, phone: row.applicant_phone, idNumber: row.applicant_id_number },
      handler,
      handlerActingFor: row.handler_acting_for,
      materials: row.materials,
      createdAt: row.created_at.toISOString(),
      receipt: row.receipt_no
        ? {
            number: row.receipt_no,
            queryCode: row.query_code!,
            unitName: unit.name,
            serviceItem: { code: item.code, name: item.name },
            applicant: row.applicant_name,
            materials: row.materials,
            receivedAt: row.accepted_at!.toISOString(),
            handler,
            promisedAt: row.promised_at!.toISOString(),
          }
        : null,
      notices,
      deadline,
      extensions: await this.extensions(extensions),
      finishedAt: row.finished_at?.toISOString() ?? null,
      result: row.result,
      withdrawalReason: row.withdrawal_reason,
      rejectionFilingId: row.rejection_filing_id,
    };
  }
}
