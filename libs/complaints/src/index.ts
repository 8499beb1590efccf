export * from './complaints.module.js';
export { ComplaintsService, type ComplaintView } from './complaints.service.js';
export * from './complaint.dto.js';
export { Complaints1767000080600 } from './migrations/1767000080600-complaints.js';
