import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, type Actor, type StaffRef } from '@app/core';
import { CaseHandling } from '@app/cases';
import { DocumentNumbers } from '@app/documents';
import { OrganizationService } from '@app/organization';
import { AuditService, json, readRows, rowMapper } from '@app/platform';
import { DataSource } from 'typeorm';
import { assertInForce, lockFiling, returnRow, type FilingRow, type ReturnSignature } from './filing-records.js';
import { maskedRecipient, returnView, type MaterialReturnView } from './filing-views.service.js';
import type { ReturnHandOverDto, ReturnRequestDto } from './rejection.dto.js';
import { RejectionReading } from './rejection-reading.service.js';
import { checkRecipient, checkReturnItems, type ReturnItem, type ReturnRecipient } from './rejection-rules.js';

/** 材料退还单 as printed: the recipient's ID number masked. */
export interface MaterialReturnSlip {
  slipNumber: string;
  unitName: string;
  /** The refusal notice the materials come back under. */
  noticeNumber: string;
  noticeTitle: string;
  citizen: string;
  serviceItem: { code: string; name: string } | null;
  items: ReturnItem[];
  recipient: ReturnRecipient;
  signature: ReturnSignature;
  returnedAt: string;
  returnedBy: StaffRef;
}

const askedRow = rowMapper('material_return', { items: json<ReturnItem[]>() });

/**
 * Materials handed in with a refused case go back on request: only what the case received, no more
 * copies than are left, to the applicant or their authorized agent, ID checked, signed for, with a
 * numbered slip (退件).
 */
@Injectable()
export class MaterialReturns {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly organization: OrganizationService,
    private readonly numbers: DocumentNumbers,
    private readonly audit: AuditService,
    private readonly reading: RejectionReading,
    private readonly cases: CaseHandling,
  ) {}

  /** The citizen asks for the materials back: recorded with what and how they asked. */
  async request(actor: Actor, id: string, dto: ReturnRequestDto): Promise<MaterialReturnView> {
    return this.db.transaction(async (m) => {
      const filing = await lockFiling(m, actor, id);
      await this.assertWindowWork(actor, filing);
      assertInForce(filing);
      if (!filing.case_id) throw new DomainError('REJECTION.NO_MATERIALS', 'a refusal at the window took no materials', 'conflict');
      const asked = readRows(askedRow, await m.query('SELECT items FROM material_return WHERE filing_id = $1', [id]));
      checkReturnItems(filing.materials, asked.flatMap((a) => a.items), dto.items);
      const [row] = readRows(
        returnRow,
        await m.query(
          `INSERT INTO material_return (filing_id, status, items, requested_at, request_channel, recorded_by)
           VALUES ($1, 'requested', $2, $3, $4, $5) RETURNING *`,
          [id, JSON.stringify(dto.items), this.clock.now(), dto.channel, actor.id],
        ),
      );
      await this.audit.record(m, { actor, unitId: filing.unit_id, action: 'rejection.return.request', entity: 'rejection_filing', entityId: id, after: row });
      return returnView(row!, false);
    });
  }

  /** The materials handed back: to the applicant or their authorized agent, ID checked, signed for. */
  async handOver(actor: Actor, id: string, returnId: string, dto: ReturnHandOverDto): Promise<MaterialReturnView> {
    return this.db.transaction(async (m) => {
      const filing = await lockFiling(m, actor, id);
      await this.assertWindowWork(actor, filing);
      assertInForce(filing);
      const [ret] = readRows(returnRow, await m.query('SELECT * FROM material_return WHERE id = $1 AND filing_id = $2 FOR UPDATE', [returnId, id]));
      if (!ret) throw DomainError.notFound('material_return', returnId, 'returnId');
      if (ret.status === 'returned') throw new DomainError('REJECTION.ALREADY_RETURNED', 'these materials were already handed back', 'conflict');
      const recipient: ReturnRecipient = { kind: dto.recipient.kind, name: dto.recipient.name, idType: dto.recipient.idType ?? 'resident_id', idNumber: dto.recipient.idNumber };
      if (dto.recipient.authorization) recipient.authorization = { ...dto.recipient.authorization };
      const recorded = checkRecipient(filing.citizen, recipient, dto.signature.signedName);
      const now = this.clock.now();
      if (recorded) {
        // The ID shown at the counter becomes the applicant's recorded ID, on the filing and its case.
        const citizen = { ...filing.citizen, ...recorded };
        await m.query('UPDATE rejection_filing SET citizen = $2 WHERE id = $1', [id, JSON.stringify(citizen)]);
        await this.audit.record(m, { actor, unitId: filing.unit_id, action: 'rejection.applicant_id.record', entity: 'rejection_filing', entityId: id, before: filing.citizen, after: citizen });
        if (filing.case_id) await this.cases.recordApplicantId(m, actor, filing.case_id, { ...recorded, source: 'material_return', returnId });
      }
      const slipNo = await this.numbers.next(m, filing.unit_id, 'material_return', now);
      const [row] = readRows(
        returnRow,
        await m.query(
          `UPDATE material_return SET status = 'returned', recipient = $2, signature = $3, returned_at = $4, returned_by = $5, slip_no = $6
            WHERE id = $1 RETURNING *`,
          [returnId, JSON.stringify(recipient), JSON.stringify(dto.signature), now, actor.id, slipNo],
        ),
      );
      await this.audit.record(m, { actor, unitId: filing.unit_id, action: 'rejection.return.hand_over', entity: 'rejection_filing', entityId: id, after: row });
      return returnView(row!, false);
    });
  }

  /** Window clerks and handlers return materials for the whole unit; an office head only for their own office's refusals. */
  private async assertWindowWork(actor: Actor, filing: FilingRow): Promise<void> {
    if (actor.roles.some((r) => r === 'clerk' || r === 'handler')) return;
    const office = (await this.organization.getStaff(actor.id).catch(() => null))?.officeId ?? null;
    if (office === null || office !== filing.office_id) {
      throw new DomainError('REJECTION.NOT_YOUR_OFFICE', 'an office head acts on the refusals of their own office only', 'forbidden');
    }
  }

  /** 材料退还单: the slip of materials handed back, with the unit and the staff member who handed them over. */
  async slip(actor: Actor, id: string, returnId: string): Promise<MaterialReturnSlip> {
    const filing = await this.reading.forDocument(actor, id);
    const ret = filing.materialReturns.find((r) => r.id === returnId);
    if (!ret) throw DomainError.notFound('material_return', returnId, 'returnId');
    if (ret.status !== 'returned' || !filing.notice) {
      throw new DomainError('REJECTION.NOT_RETURNED', 'the slip is issued when the materials are handed over', 'conflict', 'returnId');
    }
    const { staff } = await this.organization.directory([ret.returnedBy!], []);
    const by = staff.get(ret.returnedBy!);
    return {
      slipNumber: ret.slipNumber!,
      unitName: filing.notice.unitName,
      noticeNumber: filing.notice.number,
      noticeTitle: filing.notice.title,
      citizen: filing.citizen.name,
      serviceItem: filing.notice.serviceItem,
      items: ret.items,
      recipient: maskedRecipient(ret.recipient!),
      signature: ret.signature!,
      returnedAt: ret.returnedAt!,
      returnedBy: { id: ret.returnedBy!, name: by?.name ?? '', badgeNo: by?.badgeNo ?? '' },
    };
  }
}
