export { Badges1767000110000 } from './migrations/1767000110000-badges.js';
export { BADGE_REASONS, POLITICAL_STATUSES, type BadgeReason, type PoliticalStatus } from './badge-rules.js';
export * from './badges.module.js';
export { BadgesService, type BadgeView } from './badges.service.js';
