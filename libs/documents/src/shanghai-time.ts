/** Documents print times as read on a wall clock in China (Asia/Shanghai, UTC+8, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function shanghai(at: Date | string): Date {
  const t = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(t.getTime())) throw new RangeError(`not a time: ${String(at)}`);
  return new Date(t.getTime() + SHANGHAI_OFFSET_MS);
}

/** 2026年3月2日 */
export function formatShanghaiDate(at: Date | string): string {
  const s = shanghai(at);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}

/** 2026年3月2日 10:00 */
export function formatShanghaiDateTime(at: Date | string): string {
  const s = shanghai(at);
  const hh = String(s.getUTCHours()).padStart(2, '0');
  const mm = String(s.getUTCMinutes()).padStart(2, '0');
  return `${formatShanghaiDate(at)} ${hh}:${mm}`;
}
