import { Injectable } from '@nestjs/common';
import { Clock, type Actor, type StaffRef } from '@app/core';
import { CaseHandling, hasClock } from '@app/cases';
import type { ServiceItemView } from '@app/catalogue';
import { DocumentNumbers } from '@app/documents';
import type { StaffView } from '@app/organization';
import { readRows } from '@app/platform';
import type { EntityManager } from 'typeorm';
import { filingRow, type FilingRow } from './filing-records.js';
import { citationText, refusalWording, remedies, type RejectionNotice } from './rejection-rules.js';

/**
 * A refusal comes into force (registered within authority, or approved by a leader): the citizen gets
 * a numbered written notice with the reason, legal basis and remedies, and a refused case is closed as
 * rejected, in the same transaction.
 */
@Injectable()
export class RejectionNotices {
  constructor(
    private readonly clock: Clock,
    private readonly cases: CaseHandling,
    private readonly numbers: DocumentNumbers,
  ) {}

  async putInForce(
    m: EntityManager,
    actor: Actor,
    filing: FilingRow,
    status: 'registered' | 'approved',
    by: { unitName: string; item: ServiceItemView | null; handler: StaffView; approvedBy: StaffView | null },
  ): Promise<FilingRow> {
    const now = this.clock.now();
    const number = await this.numbers.next(m, filing.unit_id, 'rejection', now);
    const ref = (s: StaffView): StaffRef => ({ id: s.id, name: s.name, badgeNo: s.badgeNo });
    // A refused case closes in this transaction; whether it had been accepted names the notice.
    const accepted = filing.case_id ? hasClock(await this.cases.closeAsRejected(m, actor, filing.case_id, filing.id)) : false;
    const notice: RejectionNotice = {
      number,
      ...refusalWording(accepted, by.item?.kind ?? null),
      unitName: by.unitName,
      citizen: filing.citizen.name,
      serviceItem: by.item ? { code: by.item.code, name: by.item.name } : null,
      reason: filing.reason,
      legalBasis: filing.legal_basis.map(citationText),
      remedies: remedies('本级人民政府'),
      handler: ref(by.handler),
      contactPhone: filing.contact_phone,
      approvedBy: by.approvedBy ? ref(by.approvedBy) : null,
      issuedAt: now.toISOString(),
    };
    const [row] = readRows(
      filingRow,
      await m.query(`UPDATE rejection_filing SET status = $2, notice_no = $3, notice = $4 WHERE id = $1 RETURNING *`, [filing.id, status, number, JSON.stringify(notice)]),
    );
    return row!;
  }
}
