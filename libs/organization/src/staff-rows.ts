import { ROLES } from '@app/core';
import { readRows, rowMapper, subsetOf } from '@app/platform';
import type { EntityManager } from 'typeorm';

/** A staff member as the substitution rules read them: unit, office, roles and whether still active. */
export const personRow = rowMapper('staff', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text?',
  name: 'text',
  badge_no: 'text',
  roles: subsetOf(ROLES),
  active: 'bool',
});
export type PersonRow = ReturnType<typeof personRow>;

/** The staff members `ids`, in that order (undefined where there is none), in the caller's transaction. */
export async function people(m: EntityManager, ids: string[]): Promise<Array<PersonRow | undefined>> {
  const rows = readRows(
    personRow,
    await m.query('SELECT id, unit_id, office_id, name, badge_no, roles, active FROM staff WHERE id = ANY ($1::uuid[])', [[...new Set(ids)]]),
  );
  return ids.map((id) => rows.find((r) => r.id === id));
}
