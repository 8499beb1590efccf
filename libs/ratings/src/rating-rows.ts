import { oneOf, rowMapper } from '@app/platform';
import { CONTACT_RESULTS, RATING_LEVELS, RECTIFICATION_STATUSES } from './rating-rules.js';

export const ratingRow = rowMapper('rating', {
  id: 'text',
  unit_id: 'text',
  case_id: 'text?',
  enquiry_id: 'text?',
  reference: 'text',
  office_id: 'text?',
  staff_id: 'text',
  level: oneOf(RATING_LEVELS),
  comment: 'text?',
  rated_at: 'timestamp',
});
export type RatingRow = ReturnType<typeof ratingRow>;

export const rectificationRow = rowMapper('rectification', {
  id: 'text',
  unit_id: 'text',
  office_id: 'text?',
  rating_id: 'text',
  assignee_id: 'text',
  citizen_name: 'text?',
  citizen_phone: 'text?',
  status: oneOf(RECTIFICATION_STATUSES),
  opened_at: 'timestamp',
  due_at: 'timestamp',
  measures: 'text?',
  citizen_satisfied: 'bool?',
  completed_at: 'timestamp?',
  completed_by: 'text?',
  completed_acting_for: 'text?',
});
export type RectificationRow = ReturnType<typeof rectificationRow>;

export const followUpRow = rowMapper('rectification_follow_up', {
  id: 'text',
  rectification_id: 'text',
  called_at: 'timestamp',
  contact_result: oneOf(CONTACT_RESULTS),
  note: 'text',
  recorded_by: 'text',
  recorded_acting_for: 'text?',
  recorded_at: 'timestamp',
});
export type FollowUpRow = ReturnType<typeof followUpRow>;
