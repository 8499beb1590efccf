import { ROLES } from '@app/core';
import { nullable, oneOf, readRows, rowMapper, subsetOf } from '@app/platform';
import type { EntityManager } from 'typeorm';
import type { Office } from './organization.entities.js';
import type { StaffView } from './organization.service.js';

/** A unit as views name it (the receipt's issuing agency). */
export interface DirectoryUnit {
  id: string;
  code: string;
  name: string;
}

/** Names by id: what a view of many rows needs of the organization, read at once. */
export interface Directory {
  staff: Map<string, StaffView>;
  offices: Map<string, Office>;
  units: Map<string, DirectoryUnit>;
}

const directoryRow = rowMapper('directory', {
  kind: oneOf(['staff', 'office', 'unit']),
  id: 'text',
  unit_id: 'text?',
  office_id: 'text?',
  username: 'text?',
  name: 'text',
  badge_no: 'text?',
  phone: 'text?',
  roles: nullable(subsetOf(ROLES)),
  active: 'bool?',
  employed_from: 'timestamp?',
  leader_id: 'text?',
  code: 'text?',
  created_at: 'timestamp',
});

/** Staff, offices and units by id in one statement (none when no id is asked for), inactive staff included. */
export async function readDirectory(m: EntityManager, staffIds: string[], officeIds: string[], unitIds: string[]): Promise<Directory> {
  const found: Directory = { staff: new Map(), offices: new Map(), units: new Map() };
  if (staffIds.length + officeIds.length + unitIds.length === 0) return found;
  const rows = readRows(
    directoryRow,
    await m.query(
      `SELECT 'staff' AS kind, id, unit_id, office_id, username, name, badge_no, phone, roles, active, employed_from, NULL::uuid AS leader_id, NULL::text AS code, created_at
         FROM staff WHERE id = ANY ($1::uuid[])
       UNION ALL
       SELECT 'office', id, unit_id, NULL, NULL, name, NULL, phone, NULL, NULL, NULL, leader_id, NULL, created_at FROM office WHERE id = ANY ($2::uuid[])
       UNION ALL
       SELECT 'unit', id, NULL, NULL, NULL, name, NULL, NULL, NULL, NULL, NULL, NULL, code, created_at FROM unit WHERE id = ANY ($3::uuid[])`,
      [[...new Set(staffIds)], [...new Set(officeIds)], [...new Set(unitIds)]],
    ),
  );
  for (const r of rows) {
    if (r.kind === 'staff') {
      found.staff.set(r.id, {
        id: r.id,
        unitId: r.unit_id!,
        officeId: r.office_id,
        username: r.username!,
        name: r.name,
        badgeNo: r.badge_no!,
        phone: r.phone,
        roles: r.roles!,
        active: r.active!,
        ...(r.employed_from ? { employedFrom: r.employed_from.toISOString() } : {}),
      });
    } else if (r.kind === 'office') {
      found.offices.set(r.id, { id: r.id, unitId: r.unit_id!, name: r.name, phone: r.phone, leaderId: r.leader_id, createdAt: r.created_at });
    } else {
      found.units.set(r.id, { id: r.id, code: r.code!, name: r.name });
    }
  }
  return found;
}
