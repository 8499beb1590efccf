export * from './case-lifecycle.js';
export * from './cases.module.js';
export { CasesService, type CaseFigures, type CaseForRating, type CaseForRejection, type CaseView, type ExtensionView, type ReceiptView } from './cases.service.js';
export { Cases1767000006000 } from './migrations/1767000006000-cases.js';
export { CaseRejection1767000012000 } from './migrations/1767000012000-case-rejection.js';
export { CaseFigures1767000030000 } from './migrations/1767000030000-case-figures.js';
