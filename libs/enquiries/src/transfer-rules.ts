/**
 * 推诿: a transfer must be acknowledged by its target within the working-hour limit (`dueAt`). As of
 * `at`, it is a violation once the limit has passed without an acknowledgement by `dueAt`: one that came
 * late still is, the limit having passed; one that came in time is not.
 */
export function transferLeftUnacknowledged(dueAt: Date, acknowledgedAt: Date | null, at: Date): boolean {
  if (at.getTime() <= dueAt.getTime()) return false;
  return acknowledgedAt === null || acknowledgedAt.getTime() > dueAt.getTime();
}
