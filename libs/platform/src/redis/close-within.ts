/** How long shutdown waits for running jobs and Redis replies before cutting connections. */
export const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Waits for a graceful close, but not forever: BullMQ's close() and ioredis' quit() never return while
 * Redis is unreachable, which would hang SIGTERM. After the grace period, `force` cuts the connection.
 */
export async function closeWithin(graceful: Promise<unknown>, force: () => unknown, ms = SHUTDOWN_GRACE_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([graceful.then(() => 'closed' as const, () => 'failed' as const), timedOut]);
  clearTimeout(timer);
  if (outcome !== 'closed') await force();
}
