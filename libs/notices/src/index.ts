export { Notices1767000007000 } from './migrations/1767000007000-notices.js';
export * from './notices.module.js';
export { NoticesService, type NoticeForPublic, type NoticeIssue, type NoticeView } from './notices.service.js';
export { itemKey, type NoticeItem } from './repeated-notice.js';
export { type NoticeFigures } from './notices.service.js';
export { NoticeFigures1767000030200 } from './migrations/1767000030200-notice-figures.js';
export { NoticeQueryCodes1767000080300 } from './migrations/1767000080300-notice-query-codes.js';
export { NoticeOffices1767000140100 } from './migrations/1767000140100-notice-offices.js';
