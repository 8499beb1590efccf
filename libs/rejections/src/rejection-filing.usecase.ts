import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock, DomainError, maskName, type Actor } from '@app/core';
import { CalendarService } from '@app/calendar';
import { CaseHandling } from '@app/cases';
import { CatalogueService } from '@app/catalogue';
import { DeadlinesService, type TimerJob } from '@app/deadlines';
import { EnquiryReading } from '@app/enquiries';
import { OrganizationService, SubstitutionService, type StaffView } from '@app/organization';
import { AuditService, Inbox, readRows, uniqueOr, type AlertView } from '@app/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { filingRow, type Citizen } from './filing-records.js';
import { FilingViews, type FilingView } from './filing-views.service.js';
import type { CreateFilingDto } from './rejection.dto.js';
import { RejectionNotices } from './rejection-notice.service.js';
import type { ReceivedMaterial } from './rejection-rules.js';

const DEFAULT_DECISION_HOURS = 8;

/**
 * 否定报备制: a refusal of a case or of an enquiry refused at the window is filed with its reason, legal
 * basis, handler and contact. Within the handler's authority it is in force at once; beyond it the named
 * leader (default the office's leader in charge) decides within a time limit, on a timer that escalates like a case's.
 */
@Injectable()
export class RejectionFiling {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly cases: CaseHandling,
    private readonly enquiries: EnquiryReading,
    private readonly catalogue: CatalogueService,
    private readonly organization: OrganizationService,
    private readonly substitution: SubstitutionService,
    private readonly deadlines: DeadlinesService,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly notices: RejectionNotices,
    private readonly views: FilingViews,
    private readonly inbox: Inbox,
  ) {}

  async file(actor: Actor, dto: CreateFilingDto): Promise<FilingView> {
    if (!dto.caseId === !dto.enquiryId) {
      throw new DomainError('REJECTION.SUBJECT_REQUIRED', 'name exactly one of caseId and enquiryId', 'invalid', dto.caseId ? 'enquiryId' : 'caseId');
    }
    const filer = await this.organization.getStaff(actor.id);
    const unit = await this.organization.getUnit(actor.unitId);
    const named = dto.approverId ? await this.namedApprover(actor, dto.approverId) : null;

    const { value, jobs, alerts } = await this.db.transaction(async (m) => {
      let jobs: TimerJob[] = [];
      let alerts: AlertView[] = [];
      const subject = await this.subject(m, actor, dto, filer);
      const item = subject.itemCode ? await this.catalogue.get(subject.itemCode, { manager: m }) : null;
      const withinAuthority = item?.rejection.withinAuthority ?? false;
      const now = this.clock.now();
      const routed = withinAuthority ? null : await this.substitution.route(m, named ?? (await this.defaultApprover(m, actor, subject.officeId)), now);
      const decisionDueAt = withinAuthority
        ? null
        : (await this.calendar.deadline(now, { workingHours: item?.rejection.decisionWorkingHours ?? DEFAULT_DECISION_HOURS })).dueAt;
      const [row] = readRows(
        filingRow,
        await uniqueOr(
          m.query(
            `INSERT INTO rejection_filing (unit_id, office_id, case_id, enquiry_id, service_item_code, filed_by, filed_acting_for, filed_at,
               contact_phone, reason, legal_basis, citizen, materials, within_authority, status, approver_id, approver_acting_for, decision_due_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending_decision', $15, $16, $17) RETURNING *`,
            [actor.unitId, subject.officeId, dto.caseId ?? null, dto.enquiryId ?? null, subject.itemCode, actor.id, subject.actingFor, now,
              dto.contactPhone, dto.reason, JSON.stringify(dto.legalBasis), JSON.stringify(subject.citizen), JSON.stringify(subject.materials),
              withinAuthority, routed?.staffId ?? null, routed?.actingFor ?? null, decisionDueAt],
          ),
          {
            case_id: ['REJECTION.ALREADY_FILED', 'caseId'],
            enquiry_id: ['REJECTION.ALREADY_FILED', 'enquiryId'],
          },
        ),
      );
      let filing = row!;
      await this.audit.record(m, { actor, unitId: actor.unitId, action: 'rejection.file', entity: 'rejection_filing', entityId: filing.id, after: filing });
      if (withinAuthority) {
        filing = await this.notices.putInForce(m, actor, filing, 'registered', { unitName: unit.name, item, handler: filer, approvedBy: null });
      } else {
        const label = {
          summary: {
            ...(subject.number ? { number: subject.number } : {}),
            ...(item ? { serviceItem: item.name } : {}),
            ...(subject.citizen.name ? { applicant: maskName(subject.citizen.name)! } : {}),
            text: `拟不予办理：${dto.reason}`,
          },
          link: `/approvals?filing=${filing.id}`,
        };
        jobs = await this.deadlines.start(m, {
          kind: 'rejection_decision',
          subjectId: filing.id,
          unitId: actor.unitId,
          officeId: subject.officeId,
          assigneeId: routed!.staffId,
          startedAt: now,
          dueAt: decisionDueAt!,
          provisional: false,
          label,
        });
        // The leader must act on it: on their desk now, not only when its clock warns.
        alerts = await this.inbox.notify(m, [
          {
            recipientId: routed!.staffId,
            actingFor: routed!.actingFor,
            unitId: actor.unitId,
            kind: 'rejection_decision',
            subjectId: filing.id,
            event: 'assigned',
            level: 'info',
            title: '否定报备待审批',
            dueAt: decisionDueAt,
            ...label,
          },
        ]);
      }
      return { value: await this.views.view(m, filing, false), jobs, alerts };
    });
    await this.deadlines.enqueue(jobs);
    await this.inbox.publish(alerts);
    return value;
  }

  /** The leader the filer named: an active leader of the unit, not the filer. */
  private async namedApprover(actor: Actor, approverId: string): Promise<string> {
    const staff = await this.organization.getStaff(approverId).catch(() => null);
    if (!staff || staff.unitId !== actor.unitId || !staff.active || !staff.roles.includes('leader')) {
      throw new DomainError('REJECTION.UNKNOWN_APPROVER', `no active leader ${approverId} in this unit`, 'invalid', 'approverId');
    }
    if (staff.id === actor.id) throw new DomainError('REJECTION.OWN_APPROVAL', 'nobody approves their own refusal', 'invalid', 'approverId');
    return staff.id;
  }

  /**
   * Beyond authority with no leader named: the leader in charge of the office (分管领导), else the unit's
   * first leader; never the filer.
   */
  private async defaultApprover(m: EntityManager, actor: Actor, officeId: string | null): Promise<string> {
    const inCharge = await this.organization.leaderInCharge(officeId, m);
    if (inCharge && inCharge !== actor.id) return inCharge;
    const [leader] = (await this.organization.staffWithRole(actor.unitId, 'leader', undefined, m)).filter((id) => id !== actor.id);
    if (!leader) throw new DomainError('REJECTION.NO_LEADER', 'this unit has no leader to decide the refusal', 'invalid', 'approverId');
    return leader;
  }

  /** The case or enquiry refused, locked or read in the filing's transaction, with who may file it. */
  private async subject(m: EntityManager, actor: Actor, dto: CreateFilingDto, filer: StaffView) {
    if (dto.caseId) {
      const c = await this.cases.lockForRejection(m, actor, dto.caseId);
      return {
        officeId: c.officeId,
        itemCode: c.serviceItemCode,
        citizen: { name: c.applicant.name, phone: c.applicant.phone, idNumber: c.applicant.idNumber } as Citizen,
        materials: c.materials,
        actingFor: c.actingFor,
        number: c.receiptNo,
      };
    }
    const e = await this.enquiries.forRejection(m, actor, dto.enquiryId!);
    const involved = e.firstResponderId === actor.id || e.transferStaffId === actor.id;
    // Office heads supervise their own office only; leaders the unit.
    const supervisor = actor.roles.includes('leader') || (actor.roles.includes('office_head') && filer.officeId !== null && filer.officeId === e.officeId);
    if (!involved && !supervisor) {
      throw new DomainError('REJECTION.NOT_YOURS', 'only the staff who dealt with the enquiry, the office head of its office or a leader files its refusal', 'forbidden');
    }
    const name = dto.citizen?.name ?? e.citizen.name;
    if (!name) throw new DomainError('REJECTION.CITIZEN_REQUIRED', 'the notice is addressed to the citizen: give their name', 'invalid', 'citizen.name');
    const item = e.serviceItemCode ? await this.catalogue.get(e.serviceItemCode, { manager: m }) : null;
    return {
      officeId: item?.office.id ?? e.officeId ?? filer.officeId,
      itemCode: e.serviceItemCode,
      citizen: { name, phone: dto.citizen?.phone ?? e.citizen.phone, idNumber: dto.citizen?.idNumber ?? e.citizen.idNumber } as Citizen,
      materials: [] as ReceivedMaterial[],
      actingFor: null,
      number: null,
    };
  }
}
