import { DomainError } from '@app/core';

/**
 * 好差评 as plain rules: the five levels a citizen rates the service on, stored as stable codes, shown with their
 * Chinese labels. The two dissatisfied levels open a rectification (差评整改).
 */
export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

export const RATING_LABELS: Record<RatingLevel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

/** 差评: a rating that obliges the office head to rectify. */
export function isDissatisfied(level: RatingLevel): boolean {
  return level === 'dissatisfied' || level === 'very_dissatisfied';
}

/** A rectification is due this many working days after the rating, unless the unit sets its own limit. */
export const RECTIFICATION_WORKING_DAYS = 15;

/** 申诉: why an office holds a rating wrong. mistaken: 误评 (the wrong case, office or person); malicious: 恶意差评. */
export const APPEAL_GROUNDS = ['mistaken', 'malicious'] as const;
export type AppealGround = (typeof APPEAL_GROUNDS)[number];
export const APPEAL_STATUSES = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** How a follow-up call to the citizen (回访) went. */
export const CONTACT_RESULTS = ['reached', 'no_answer', 'wrong_number', 'declined'] as const;
export type ContactResult = (typeof CONTACT_RESULTS)[number];

export const CONTACT_RESULT_LABELS: Record<ContactResult, string> = {
  reached: '已接通',
  no_answer: '无人接听',
  wrong_number: '号码有误',
  declined: '拒绝回访',
};

/** annulled: the rating was taken out by an upheld appeal, nothing is owed. */
export const RECTIFICATION_STATUSES = ['open', 'completed', 'annulled'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  open: '整改中',
  completed: '已整改',
  annulled: '申诉成立，免于整改',
};

/** A follow-up call (回访) is recorded after it happened, and not before the rating it follows up. */
export function checkCallTime(calledAt: Date, ratedAt: Date, now: Date, field = 'calledAt'): void {
  if (calledAt.getTime() > now.getTime()) {
    throw new DomainError('RECTIFICATION.CALL_IN_FUTURE', 'a call is recorded once it has taken place', 'invalid', field);
  }
  if (calledAt.getTime() < ratedAt.getTime()) {
    throw new DomainError('RECTIFICATION.CALL_BEFORE_RATING', 'the call follows up the rating: it cannot be earlier', 'invalid', field);
  }
}

/** A rectification is completed only after at least one follow-up call to the citizen. */
export function checkCompletable(status: RectificationStatus, followUps: number): void {
  if (status === 'completed') throw new DomainError('RECTIFICATION.COMPLETED', 'this rectification is already completed', 'conflict');
  if (followUps === 0) {
    throw new DomainError('RECTIFICATION.FOLLOW_UP_REQUIRED', 'call the citizen back (回访) and record the call before completing', 'conflict');
  }
}
