export { Oversight1767000005000 } from './migrations/1767000005000-oversight.js';
export { Accountability1767000017000 } from './migrations/1767000017000-accountability.js';
export { AccountabilityService, type ViolationDetail } from './accountability.service.js';
export { VIOLATION_CATALOGUE, VIOLATION_RULES, violationTypes, type ViolationRule, type ViolationTypeEntry, type ViolationTypeView } from './violation-catalogue.js';
export { ACCOUNTABILITY_ACTIONS, RESPONSIBLE_ROLES, type AccountabilityAction, type ResponsibleRole } from './violation.dto.js';
export * from './oversight.module.js';
export * from './violations.service.js';
export * from './violation-report.service.js';
export { supervisionScope, type SupervisionScope } from './supervision-scope.js';
