export { Organization1767000001000 } from './migrations/1767000001000-organization.js';
export * from './organization.dto.js';
export * from './organization.module.js';
export { OrganizationService, type StaffView } from './organization.service.js';
export type { Office } from './organization.entities.js';
