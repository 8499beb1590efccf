/** Staff roles (DESIGN.md section 6). */
export const ROLES = ['clerk', 'handler', 'office_head', 'leader', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The logged-in staff member behind a request: the actor of every write. */
export interface Actor {
  id: string;
  unitId: string;
  roles: Role[];
}

/**
 * The roles that serve citizens and work cases (window, handling, supervision). Inspectors write only
 * oversight records and admins manage: neither logs an enquiry or works a case.
 */
export const SERVING_ROLES = ['clerk', 'handler', 'office_head', 'leader'] as const satisfies readonly Role[];
