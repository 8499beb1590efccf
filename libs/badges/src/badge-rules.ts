/** 政治面貌, as the national standard lists them (GB/T 4762). */
export const POLITICAL_STATUSES = [
  '中共党员',
  '中共预备党员',
  '共青团员',
  '民革党员',
  '民盟盟员',
  '民建会员',
  '民进会员',
  '农工党党员',
  '致公党党员',
  '九三学社社员',
  '台盟盟员',
  '无党派人士',
  '群众',
] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUSES)[number];

/** new: a new post holder or newly transferred in (新调入); seconded: 长期借用; replacement: a lost or worn card. */
export const BADGE_REASONS = ['new', 'seconded', 'replacement'] as const;
export type BadgeReason = (typeof BADGE_REASONS)[number];

export const BADGE_STATUSES = ['issued', 'withdrawn'] as const;
export type BadgeStatus = (typeof BADGE_STATUSES)[number];

/**
 * 借用期半年以上: a seconded member of staff gets a badge only when the secondment lasts more than six
 * months. Dates are calendar dates (YYYY-MM-DD); "more than six months" means the last day falls after
 * the same day six months on (2026-01-15 to 2026-07-15 is six months, not more).
 */
export function secondedLongEnough(from: string, until: string): boolean {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const months = m - 1 + 6;
  const sixOn = new Date(Date.UTC(y + Math.floor(months / 12), months % 12, 1));
  // The same day six months on, or the month's last day when it has no such day (08-31 → 02-28).
  const lastDay = new Date(Date.UTC(sixOn.getUTCFullYear(), sixOn.getUTCMonth() + 1, 0)).getUTCDate();
  sixOn.setUTCDate(Math.min(d, lastDay));
  return until > sixOn.toISOString().slice(0, 10);
}
