export { Rejections1767000014000 } from './migrations/1767000014000-rejections.js';
export * from './rejection.dto.js';
export type { LegalCitation, Remedy, ReturnRecipient } from './rejection-rules.js';
export { RejectionWatch } from './rejection-watch.js';
export * from './rejections.module.js';
export { RejectionsService, type FilingView, type MaterialReturnView, type RejectionNotice } from './rejections.service.js';
export { type RejectionFigures } from './rejections.service.js';
export { RejectionFigures1767000030300 } from './migrations/1767000030300-rejection-figures.js';
