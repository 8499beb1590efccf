export * from './enquiries.module.js';
export { EnquiriesService, type EnquiryForRejection, type EnquiryView, type Page, type RefusedEnquiry } from './enquiries.service.js';
export * from './enquiry.dto.js';
export { Enquiries1767000004000 } from './migrations/1767000004000-enquiries.js';
export { EnquiryRefusals1767000013000 } from './migrations/1767000013000-refusals.js';
