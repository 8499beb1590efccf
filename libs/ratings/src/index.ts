export { Ratings1767000016000 } from './migrations/1767000016000-ratings.js';
export { RatingAppeals1767000110200 } from './migrations/1767000110200-rating-appeals.js';
export { OfficelessRectifications1767000032100 } from './migrations/1767000032100-officeless-rectifications.js';
export * from './rating.dto.js';
export * from './rating-rules.js';
export * from './ratings.module.js';
export { RatingsService, type RatingReceipt } from './ratings.service.js';
export { RectificationsService, type FollowUpView, type RectificationView } from './rectifications.service.js';
export { type RatingFigures } from './ratings.service.js';
