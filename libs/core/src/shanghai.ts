/**
 * Asia/Shanghai wall-clock time, the only time zone of this service. It has been UTC+8 without daylight
 * saving since 1991, so a fixed offset is exact; nothing reads the machine's time zone.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The instant shifted so that its UTC fields read Shanghai wall-clock time. */
function wallClock(at: Date | string): Date {
  const t = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(t.getTime())) throw new RangeError(`not a time: ${String(at)}`);
  return new Date(t.getTime() + SHANGHAI_OFFSET_MS);
}

/** ISO-8601 with the Shanghai offset, as clerks read it: 2026-10-09T17:30:00+08:00. */
export function toShanghaiIso(at: Date): string {
  return wallClock(at).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** The local date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(at: Date): string {
  return wallClock(at).toISOString().slice(0, 10);
}

/** The local year of an instant. */
export function shanghaiYear(at: Date): number {
  return wallClock(at).getUTCFullYear();
}

/** The instant a local date ('YYYY-MM-DD') begins: 00:00 in Shanghai. */
export function shanghaiDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The instant a local month begins (month 1-12; 13 rolls over into the next year). */
export function shanghaiMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS);
}

/** 2026年3月2日, as printed on documents. */
export function formatShanghaiDate(at: Date | string): string {
  const s = wallClock(at);
  return `${s.getUTCFullYear()}年${s.getUTCMonth() + 1}月${s.getUTCDate()}日`;
}

/** 2026年3月2日 10:00, as printed on documents. */
export function formatShanghaiDateTime(at: Date | string): string {
  const s = wallClock(at);
  const hh = String(s.getUTCHours()).padStart(2, '0');
  const mm = String(s.getUTCMinutes()).padStart(2, '0');
  return `${formatShanghaiDate(at)} ${hh}:${mm}`;
}
