import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/core';
import { CaseReading } from '@app/cases';
import { OrganizationService } from '@app/organization';

/**
 * Which refusals a caller reads (the register and each filing): inspectors every unit's, leaders their
 * unit's, an office head their office's, and everyone the ones they are involved in: filed (or were stood
 * in for), approve or decided, recorded or handed back returned materials, or handle the case refused.
 */
@Injectable()
export class FilingScopes {
  constructor(
    private readonly organization: OrganizationService,
    private readonly cases: CaseReading,
  ) {}

  /** A condition on `rejection_filing` (unqualified columns), its parameters pushed onto `params`. */
  async where(actor: Actor, params: unknown[]): Promise<string> {
    if (actor.roles.includes('inspector')) return 'true';
    const unit = `unit_id = $${params.push(actor.unitId)}`;
    if (actor.roles.includes('leader')) return unit;
    const me = `$${params.push(actor.id)}::uuid`;
    const involved = [
      `${me} IN (filed_by, filed_acting_for, approver_id, approver_acting_for, decided_by, decided_acting_for)`,
      `EXISTS (SELECT 1 FROM material_return r WHERE r.filing_id = rejection_filing.id AND ${me} IN (r.recorded_by, r.returned_by))`,
      `case_id = ANY ($${params.push(await this.cases.handledCaseIds(actor.id))}::uuid[])`,
    ];
    if (actor.roles.includes('office_head')) {
      const office = (await this.organization.getStaff(actor.id).catch(() => null))?.officeId ?? null;
      if (office) involved.push(`office_id = $${params.push(office)}`);
    }
    return `${unit} AND (${involved.join(' OR ')})`;
  }

  /** Whether the caller needs the citizen's full phone and ID number: the filer (or whom they stood in for), the case's handler, the office's head. */
  async needsPersonalData(
    actor: Actor,
    filing: { unit_id: string; office_id: string | null; case_id: string | null; filed_by: string; filed_acting_for: string | null },
  ): Promise<boolean> {
    if (filing.unit_id !== actor.unitId) return false;
    if (filing.filed_by === actor.id || filing.filed_acting_for === actor.id) return true;
    if (filing.case_id && (await this.cases.handledCaseIds(actor.id)).includes(filing.case_id)) return true;
    if (!actor.roles.includes('office_head') || !filing.office_id) return false;
    return (await this.organization.getStaff(actor.id).catch(() => null))?.officeId === filing.office_id;
  }
}
