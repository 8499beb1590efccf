/** How long shutdown waits for running jobs and Redis replies before cutting connections. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** Resolves with what settles first: `work` ('done'), or the timer ('timeout'). */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<'done' | 'failed' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = await Promise.race([work.then(() => 'done' as const, () => 'failed' as const), timedOut]);
  clearTimeout(timer);
  return outcome;
}

/**
 * Waits for a graceful close, but not forever: BullMQ's close() and ioredis' quit() never return while
 * Redis is unreachable, which would hang SIGTERM. After the grace period, `force` cuts the connection;
 * it is not waited for long either (BullMQ's disconnect() waits for an 'end' that a client between two
 * reconnection attempts never emits).
 */
export async function closeWithin(graceful: Promise<unknown>, force: () => unknown, ms = SHUTDOWN_GRACE_MS): Promise<void> {
  if ((await settleWithin(graceful, ms)) === 'done') return;
  await settleWithin(Promise.resolve().then(force), ms);
}
