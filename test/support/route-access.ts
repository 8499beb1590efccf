import type { Role } from '@app/core';

/**
 * Who may call what: every route of the api, written down once. test/route-access.e2e-spec.ts calls each
 * route the running api registers with a token of each role (and none) and checks the answer against
 * this table, and checks that the README's section "Who may call what" is `routeAccessMarkdown()`.
 *
 * Scope is what a role reaches through the route once let in (checked by the services, not by this test):
 * own work (their own account, cases they handle or stand in for, what they filed or were assigned),
 * own office, unit, all units (inspectors' oversight; the admin's unit registry), public (no login).
 */
export type Scope = 'own work' | 'own office' | 'unit' | 'all units';

export interface RouteRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As the README writes paths: `{id}` for a path parameter. */
  path: string;
  /** 'public': no token needed; otherwise each role let in, with its scope. */
  access: 'public' | Partial<Record<Role, Scope>>;
  /** The route checks a credential of its own (refresh token, access token in the body): its own 401 is an answer, not the rule refusing. */
  ownCredential?: boolean;
}

const ALL: Role[] = ['clerk', 'handler', 'office_head', 'leader', 'inspector', 'admin'];
const each = (scope: Scope, roles: Role[] = ALL): Partial<Record<Role, Scope>> => Object.fromEntries(roles.map((r) => [r, scope]));
/** Unit-wide reads, inspectors across units. */
const unitRead = { ...each('unit'), inspector: 'all units' } as const;
/** Work on a case: its handler or their stand-in, the office head of its office, a leader. */
const caseWork = { clerk: 'own work', handler: 'own work', office_head: 'own office', leader: 'unit' } as const;
/** The refusal register and rectifications: those involved, the office head, leaders, inspectors. */
const involved = { clerk: 'own work', handler: 'own work', office_head: 'own office', leader: 'unit', admin: 'own work' } as const;
/** Window work (applications, materials, notices, returned materials): the unit's window and handlers, an office head for their office. */
const windowWork = { clerk: 'unit', handler: 'unit', office_head: 'own office' } as const;
const reports = { office_head: 'own office', leader: 'unit', inspector: 'all units' } as const;

export const ROUTE_ACCESS: RouteRule[] = [
  // Sessions
  { method: 'POST', path: '/api/v1/auth/login', access: 'public' },
  { method: 'POST', path: '/api/v1/auth/refresh', access: 'public', ownCredential: true },
  { method: 'POST', path: '/api/v1/auth/logout', access: 'public', ownCredential: true },
  { method: 'POST', path: '/api/v1/auth/logout-all', access: each('own work') },
  { method: 'POST', path: '/api/v1/auth/password', access: each('own work') },
  { method: 'GET', path: '/api/v1/auth/me', access: each('own work') },
  { method: 'GET', path: '/health', access: 'public' },
  { method: 'GET', path: '/health/live', access: 'public' },
  { method: 'GET', path: '/health/ready', access: 'public' },
  { method: 'GET', path: '/metrics', access: { admin: 'all units' } },
  // The audit trail
  { method: 'GET', path: '/api/v1/audit/verify', access: { inspector: 'unit', admin: 'unit' } },
  { method: 'GET', path: '/api/v1/public/audit/checkpoints/latest', access: 'public' },
  // Organization
  { method: 'GET', path: '/api/v1/units', access: { admin: 'all units' } },
  { method: 'POST', path: '/api/v1/units', access: { admin: 'all units' } },
  { method: 'PATCH', path: '/api/v1/units/{id}', access: { admin: 'all units' } },
  { method: 'GET', path: '/api/v1/offices', access: each('unit') },
  { method: 'POST', path: '/api/v1/offices', access: { admin: 'unit' } },
  { method: 'PATCH', path: '/api/v1/offices/{id}', access: { admin: 'unit' } },
  { method: 'GET', path: '/api/v1/staff', access: each('unit') },
  { method: 'POST', path: '/api/v1/staff', access: { admin: 'unit' } },
  { method: 'PATCH', path: '/api/v1/staff/{id}', access: { admin: 'unit' } },
  // Substitution (同岗替代制)
  { method: 'POST', path: '/api/v1/posts', access: { admin: 'unit', office_head: 'own office', leader: 'own work' } },
  { method: 'GET', path: '/api/v1/posts', access: each('unit') },
  { method: 'PATCH', path: '/api/v1/posts/{id}', access: { admin: 'unit', office_head: 'own office', leader: 'own work' } },
  { method: 'PUT', path: '/api/v1/posts/{id}/duties', access: { admin: 'unit', office_head: 'own office' } },
  { method: 'GET', path: '/api/v1/posts/{id}/duties', access: each('unit') },
  { method: 'POST', path: '/api/v1/absences', access: { ...each('own work'), office_head: 'own office', leader: 'unit', admin: 'unit' } },
  { method: 'GET', path: '/api/v1/absences', access: unitRead },
  { method: 'GET', path: '/api/v1/absences/{id}', access: unitRead },
  { method: 'POST', path: '/api/v1/absences/{id}/decision', access: { office_head: 'own office', leader: 'unit' } },
  { method: 'POST', path: '/api/v1/absences/{id}/handover', access: each('own work') },
  { method: 'POST', path: '/api/v1/absences/{id}/handover/acknowledge', access: each('own work') },
  { method: 'POST', path: '/api/v1/absences/{id}/cancel', access: each('own work') },
  { method: 'GET', path: '/api/v1/coverage', access: each('unit') },
  // Work badges (持证上岗)
  { method: 'POST', path: '/api/v1/badges', access: { admin: 'unit', office_head: 'own office' } },
  { method: 'GET', path: '/api/v1/badges', access: { admin: 'unit', office_head: 'own office', leader: 'unit', inspector: 'unit' } },
  { method: 'GET', path: '/api/v1/badges/mine', access: each('own work') },
  { method: 'GET', path: '/api/v1/badges/{id}', access: { ...each('own work'), office_head: 'own office', leader: 'unit', inspector: 'unit', admin: 'unit' } },
  { method: 'GET', path: '/api/v1/badges/{id}/pdf', access: { ...each('own work'), office_head: 'own office', leader: 'unit', inspector: 'unit', admin: 'unit' } },
  { method: 'POST', path: '/api/v1/badges/{id}/withdraw', access: { admin: 'unit', office_head: 'own office' } },
  // Calendar and catalogue
  { method: 'GET', path: '/api/v1/calendar/deadline', access: each('unit') },
  { method: 'GET', path: '/api/v1/calendar/years', access: each('all units') },
  { method: 'GET', path: '/api/v1/calendar/years/{year}', access: each('all units') },
  { method: 'PUT', path: '/api/v1/calendar/years/{year}', access: { admin: 'all units' } },
  { method: 'GET', path: '/api/v1/calendar/closures', access: { admin: 'unit' } },
  { method: 'POST', path: '/api/v1/calendar/closures', access: { admin: 'unit' } },
  { method: 'DELETE', path: '/api/v1/calendar/closures/{date}', access: { admin: 'unit' } },
  { method: 'GET', path: '/api/v1/services', access: each('unit') },
  { method: 'GET', path: '/api/v1/services/{code}', access: each('unit') },
  { method: 'POST', path: '/api/v1/services', access: { admin: 'unit' } },
  { method: 'PUT', path: '/api/v1/services/{code}', access: { admin: 'unit' } },
  { method: 'GET', path: '/api/v1/public/services', access: 'public' },
  { method: 'GET', path: '/api/v1/public/services/{code}', access: 'public' },
  // First contact (首问负责制)
  { method: 'POST', path: '/api/v1/enquiries', access: each('own work', ['clerk', 'handler', 'office_head', 'leader']) },
  { method: 'GET', path: '/api/v1/enquiries', access: unitRead },
  { method: 'GET', path: '/api/v1/enquiries/{id}', access: unitRead },
  { method: 'POST', path: '/api/v1/enquiries/{id}/acknowledge', access: each('own work', ['clerk', 'handler', 'office_head', 'leader']) },
  // Cases (限时办结制, 一次性告知制)
  { method: 'POST', path: '/api/v1/cases', access: windowWork },
  { method: 'GET', path: '/api/v1/cases', access: each('unit') },
  { method: 'POST', path: '/api/v1/cases/preview', access: windowWork },
  { method: 'GET', path: '/api/v1/cases/{id}', access: unitRead },
  { method: 'GET', path: '/api/v1/cases/{id}/receipt', access: unitRead },
  { method: 'GET', path: '/api/v1/cases/{id}/receipt/pdf', access: unitRead },
  { method: 'POST', path: '/api/v1/cases/{id}/materials', access: windowWork },
  { method: 'POST', path: '/api/v1/cases/{id}/notices', access: windowWork },
  { method: 'POST', path: '/api/v1/cases/{id}/start', access: caseWork },
  { method: 'POST', path: '/api/v1/cases/{id}/complete', access: caseWork },
  { method: 'POST', path: '/api/v1/cases/{id}/withdraw', access: { clerk: 'own work', handler: 'own work', office_head: 'own office', leader: 'own work' } },
  { method: 'POST', path: '/api/v1/cases/{id}/reassign', access: { office_head: 'own office', leader: 'unit' } },
  { method: 'POST', path: '/api/v1/cases/{id}/pause', access: caseWork },
  { method: 'POST', path: '/api/v1/cases/{id}/resume', access: caseWork },
  { method: 'POST', path: '/api/v1/cases/{id}/extensions', access: caseWork },
  { method: 'GET', path: '/api/v1/cases/{id}/extensions/{extensionId}', access: unitRead },
  { method: 'GET', path: '/api/v1/cases/{id}/extensions/{extensionId}/pdf', access: unitRead },
  { method: 'POST', path: '/api/v1/cases/{id}/extensions/{extensionId}/decision', access: { leader: 'unit' } },
  { method: 'GET', path: '/api/v1/public/cases/{receiptNo}', access: 'public' },
  { method: 'GET', path: '/api/v1/public/notices/{number}', access: 'public' },
  { method: 'GET', path: '/api/v1/notices/{id}', access: unitRead },
  { method: 'GET', path: '/api/v1/notices/{id}/pdf', access: unitRead },
  // Refusals (否定报备制)
  { method: 'POST', path: '/api/v1/rejection-filings', access: caseWork },
  { method: 'GET', path: '/api/v1/rejection-filings', access: { ...involved, inspector: 'all units' } },
  { method: 'GET', path: '/api/v1/rejection-filings/{id}', access: { ...involved, inspector: 'all units' } },
  { method: 'GET', path: '/api/v1/rejection-filings/{id}/notice', access: unitRead },
  { method: 'GET', path: '/api/v1/rejection-filings/{id}/notice/pdf', access: unitRead },
  { method: 'POST', path: '/api/v1/rejection-filings/{id}/decision', access: { leader: 'own work' } },
  { method: 'POST', path: '/api/v1/rejection-filings/{id}/material-returns', access: windowWork },
  { method: 'POST', path: '/api/v1/rejection-filings/{id}/material-returns/{returnId}/hand-over', access: windowWork },
  { method: 'GET', path: '/api/v1/rejection-filings/{id}/material-returns/{returnId}/pdf', access: unitRead },
  // Ratings (好差评) and rectifications
  { method: 'POST', path: '/api/v1/public/ratings', access: 'public' },
  { method: 'GET', path: '/api/v1/rectifications', access: { ...involved, inspector: 'unit' } },
  { method: 'GET', path: '/api/v1/rectifications/{id}', access: { ...involved, inspector: 'unit' } },
  { method: 'POST', path: '/api/v1/rectifications/{id}/follow-ups', access: { clerk: 'own work', handler: 'own work', office_head: 'own work', leader: 'unit' } },
  { method: 'POST', path: '/api/v1/rectifications/{id}/complete', access: { clerk: 'own work', handler: 'own work', office_head: 'own work', leader: 'unit' } },
  { method: 'POST', path: '/api/v1/rating-appeals', access: { office_head: 'own office', leader: 'unit' } },
  { method: 'GET', path: '/api/v1/rating-appeals', access: { office_head: 'own office', leader: 'unit', inspector: 'unit', admin: 'unit' } },
  { method: 'POST', path: '/api/v1/rating-appeals/{id}/decision', access: { inspector: 'unit' } },
  { method: 'GET', path: '/api/v1/rating-settings', access: each('unit') },
  { method: 'PUT', path: '/api/v1/rating-settings', access: { admin: 'unit' } },
  // Alerts
  { method: 'GET', path: '/api/v1/alerts', access: each('own work') },
  { method: 'GET', path: '/api/v1/alerts/stream', access: each('own work') },
  { method: 'POST', path: '/api/v1/alerts/{id}/read', access: each('own work') },
  // Oversight (失职追究制)
  { method: 'GET', path: '/api/v1/violation-types', access: each('all units') },
  { method: 'GET', path: '/api/v1/violations', access: { inspector: 'all units', leader: 'unit', office_head: 'own office' } },
  { method: 'POST', path: '/api/v1/violations', access: { inspector: 'unit' } },
  { method: 'GET', path: '/api/v1/violations/{id}', access: { inspector: 'all units', leader: 'unit', office_head: 'own office' } },
  { method: 'POST', path: '/api/v1/violations/{id}/confirm', access: { inspector: 'unit' } },
  { method: 'POST', path: '/api/v1/violations/{id}/dismiss', access: { inspector: 'unit' } },
  // Reports and evaluation (绩效考评制)
  { method: 'GET', path: '/api/v1/reports/violations', access: reports },
  { method: 'GET', path: '/api/v1/reports/violations/items', access: reports },
  { method: 'GET', path: '/api/v1/reports/efficiency', access: reports },
  { method: 'GET', path: '/api/v1/reports/bulletin', access: reports },
  { method: 'GET', path: '/api/v1/evaluations/scheme', access: each('unit', ['leader', 'office_head', 'inspector', 'admin']) },
  { method: 'PUT', path: '/api/v1/evaluations/scheme', access: each('unit', ['leader', 'admin']) },
  { method: 'GET', path: '/api/v1/evaluations/mine', access: each('own work') },
  { method: 'GET', path: '/api/v1/evaluations', access: { leader: 'unit', office_head: 'unit', inspector: 'unit' } },
  { method: 'POST', path: '/api/v1/evaluations', access: { leader: 'unit' } },
  { method: 'PUT', path: '/api/v1/evaluations/{id}/qualitative', access: { leader: 'unit' } },
  { method: 'GET', path: '/api/v1/evaluations/{id}', access: { leader: 'unit', office_head: 'unit', inspector: 'all units' } },
  { method: 'PUT', path: '/api/v1/evaluations/{id}/results/{staffId}/qualitative', access: { leader: 'unit' } },
  { method: 'POST', path: '/api/v1/evaluations/{id}/review', access: { leader: 'unit' } },
  { method: 'POST', path: '/api/v1/evaluations/{id}/publish', access: { leader: 'unit' } },
  { method: 'GET', path: '/api/v1/office-evaluations/scheme', access: each('unit', ['leader', 'office_head', 'inspector', 'admin']) },
  { method: 'PUT', path: '/api/v1/office-evaluations/scheme', access: each('unit', ['leader', 'admin']) },
  { method: 'GET', path: '/api/v1/office-evaluations', access: { leader: 'unit', office_head: 'unit', inspector: 'unit' } },
  { method: 'POST', path: '/api/v1/office-evaluations', access: { leader: 'unit' } },
  { method: 'GET', path: '/api/v1/office-evaluations/{id}', access: { leader: 'unit', office_head: 'unit', inspector: 'all units' } },
  { method: 'PUT', path: '/api/v1/office-evaluations/{id}/offices/{officeId}/leader-score', access: { leader: 'unit' } },
  { method: 'POST', path: '/api/v1/office-evaluations/{id}/review', access: { leader: 'unit' } },
  { method: 'POST', path: '/api/v1/office-evaluations/{id}/publish', access: { leader: 'unit' } },
  { method: 'PUT', path: '/api/v1/office-evaluations/{id}/offices/{officeId}/verification', access: { inspector: 'unit' } },
  // 政务公开: what a unit makes public, and its public page
  { method: 'GET', path: '/api/v1/public-releases', access: { admin: 'unit' } },
  { method: 'POST', path: '/api/v1/public-releases', access: { admin: 'unit' } },
  { method: 'DELETE', path: '/api/v1/public-releases/{id}', access: { admin: 'unit' } },
  { method: 'GET', path: '/api/v1/public/units/{code}/bulletin', access: 'public' },
  { method: 'GET', path: '/api/v1/public/units/{code}/bulletins/{month}', access: 'public' },
  { method: 'GET', path: '/api/v1/public/units/{code}/staff-evaluations/{period}', access: 'public' },
  { method: 'GET', path: '/api/v1/public/units/{code}/office-evaluations/{period}', access: 'public' },
  // Complaints and reports (投诉/举报): assigned by an office head or a leader, replied to by the handler
  { method: 'POST', path: '/api/v1/complaints', access: { office_head: 'unit', leader: 'unit' } },
  { method: 'GET', path: '/api/v1/complaints', access: { ...each('unit', ['clerk', 'handler', 'office_head', 'leader']), inspector: 'unit' } },
  { method: 'GET', path: '/api/v1/complaints/{id}', access: { ...each('unit', ['clerk', 'handler', 'office_head', 'leader']), inspector: 'unit' } },
  { method: 'POST', path: '/api/v1/complaints/{id}/reply', access: { clerk: 'own work', handler: 'own work', office_head: 'unit', leader: 'unit' } },
  { method: 'POST', path: '/api/v1/complaints/{id}/callback', access: { clerk: 'unit', office_head: 'unit', leader: 'unit' } },
  // Internal tasks under work standards (工作标准): created by any serving staff, worked by their holder
  { method: 'POST', path: '/api/v1/internal-tasks', access: each('unit', ['clerk', 'handler', 'office_head', 'leader']) },
  { method: 'GET', path: '/api/v1/internal-tasks', access: { clerk: 'own work', handler: 'own work', office_head: 'own office', leader: 'unit', inspector: 'unit' } },
  { method: 'GET', path: '/api/v1/internal-tasks/{id}', access: { clerk: 'own work', handler: 'own work', office_head: 'own office', leader: 'unit', inspector: 'unit' } },
  { method: 'POST', path: '/api/v1/internal-tasks/{id}/handover', access: caseWork },
  { method: 'POST', path: '/api/v1/internal-tasks/{id}/complete', access: caseWork },
  { method: 'GET', path: '/api/v1/work-standards', access: each('unit') },
  { method: 'POST', path: '/api/v1/work-standards', access: { admin: 'unit' } },
  { method: 'PATCH', path: '/api/v1/work-standards/{id}', access: { admin: 'unit' } },
  // 电子监察 thresholds of the unit
  { method: 'GET', path: '/api/v1/alert-rule', access: each('unit') },
  { method: 'PUT', path: '/api/v1/alert-rule', access: { admin: 'unit' } },
  { method: 'DELETE', path: '/api/v1/alert-rule', access: { admin: 'unit' } },
];

const ROLE_NAMES: Record<Role, string> = {
  clerk: 'clerk',
  handler: 'handler',
  office_head: 'office head',
  leader: 'leader',
  inspector: 'inspector',
  admin: 'admin',
};

/** Who may call a route, as the README says it: roles grouped by scope, in role order. */
export function whoMayCall(rule: RouteRule): string {
  if (rule.access === 'public') return 'anyone (public)';
  const access = rule.access;
  const scopes = [...new Set(Object.values(access))];
  return scopes
    .map((scope) => `${(Object.keys(ROLE_NAMES) as Role[]).filter((r) => access[r] === scope).map((r) => ROLE_NAMES[r]).join(', ')} (${scope})`)
    .join('; ');
}

/** The README's table: one row per route. */
export function routeAccessMarkdown(): string {
  const lines = ['| method | path | who may call it (scope) |', '| --- | --- | --- |'];
  for (const rule of ROUTE_ACCESS) lines.push(`| ${rule.method} | \`${rule.path}\` | ${whoMayCall(rule)} |`);
  return lines.join('\n');
}
