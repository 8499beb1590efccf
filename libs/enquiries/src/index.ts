export * from './enquiries.module.js';
export { EnquiriesService, type EnquiryView, type Page } from './enquiries.service.js';
export * from './enquiry.dto.js';
export { Enquiries1767000004000 } from './migrations/1767000004000-enquiries.js';
