import { DomainError, type Actor } from '@app/core';
import type { StaffDirectory } from '@app/platform';

/** Whose records a supervisor reads: a unit (null: every unit) and an office within it (null: all of them). */
export interface SupervisionScope {
  unitId: string | null;
  officeId: string | null;
}

/**
 * One rule for the violation registry and every report, so that neither shows more than the other: an
 * inspector reads every unit, a leader their unit, an office head their own office only. `office` is the
 * office asked for, if any; `what` names the records and the code's prefix, `field` the parameter that
 * asked for the office.
 */
export async function supervisionScope(
  directory: StaffDirectory,
  actor: Actor,
  office: string | undefined,
  what: { code: 'REPORT' | 'VIOLATION'; records: string; field: string },
): Promise<SupervisionScope> {
  if (actor.roles.includes('inspector')) return { unitId: null, officeId: office ?? null };
  if (actor.roles.includes('leader')) return { unitId: actor.unitId, officeId: office ?? null };
  if (actor.roles.includes('office_head')) {
    const own = (await directory.staff([actor.id])).get(actor.id)?.officeId;
    if (!own) throw new DomainError(`${what.code}.NO_OFFICE`, `an office head without an office has no ${what.records} to read`, 'forbidden');
    if (office && office !== own) throw new DomainError(`${what.code}.OTHER_OFFICE`, `an office head reads the ${what.records} of their own office`, 'forbidden', what.field);
    return { unitId: actor.unitId, officeId: own };
  }
  throw new DomainError('AUTH.FORBIDDEN', `${what.records} are for inspectors, leaders and office heads`, 'forbidden');
}
