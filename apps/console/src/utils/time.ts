import { serverNow } from '../api/http';

/** Times shown as a clerk reads them, in Asia/Shanghai whatever the browser's zone. No arithmetic here. */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function formatTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

/** Today's date in Asia/Shanghai (on the server's clock), YYYY-MM-DD. */
export function shanghaiDate(at: Date = new Date(serverNow())): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

/** The start of a Shanghai date as the API's ISO-8601 with offset. */
export function startOfDay(date: string): string {
  return `${date}T00:00:00+08:00`;
}
