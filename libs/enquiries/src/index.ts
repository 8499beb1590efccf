export * from './enquiries.module.js';
export { EnquiriesService, type EnquiryForRating, type EnquiryForRejection, type EnquiryView, type Page, type RefusedEnquiry, type TransferredEnquiry } from './enquiries.service.js';
export * from './enquiry.dto.js';
export { Enquiries1767000004000 } from './migrations/1767000004000-enquiries.js';
export { EnquiryRefusals1767000013000 } from './migrations/1767000013000-refusals.js';
export { EnquiryTransferIndex1767000017100 } from './migrations/1767000017100-transfer-index.js';
export { EnquiryReferences1767000015500 } from './migrations/1767000015500-enquiry-references.js';
export { REPEAT_COMPLAINT_DAYS, type EnquiryFigures } from './enquiries.service.js';
export { EnquiryFigures1767000030100 } from './migrations/1767000030100-enquiry-figures.js';
