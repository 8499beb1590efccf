import type { Logger } from '@nestjs/common';

/** What reports a Redis connection's errors (an ioredis client, a BullMQ queue or worker). */
export interface RedisErrors {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** What says that the connection is ready again (an ioredis client, a BullMQ backend). */
export interface RedisReady {
  on(event: 'ready', listener: () => void): unknown;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED', 'EAI_AGAIN']);

/** Whether an error only says that Redis cannot be reached (ioredis retries those by itself). */
export function isConnectionError(err: unknown): boolean {
  // Not `instanceof Error`: errors of Node's own modules may come from another realm (e.g. under Jest).
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (typeof code === 'string' && CONNECTION_ERRORS.has(code)) || (typeof message === 'string' && /Connection is closed|Stream isn't writeable|connect ETIMEDOUT/.test(message));
}

/**
 * Logs a Redis client's state through the app's logger once per change, "down" at the first connection
 * error and "back up" when it is ready again, instead of one line per retry. Being a listener also keeps
 * ioredis from printing "Unhandled error event" (and BullMQ from printing an unheard 'error') on stderr.
 * Other errors are logged as they come. `errors`: where the errors are emitted, when not on `client`.
 */
export function watchRedisState(client: RedisErrors & RedisReady, name: string, logger: Logger, errors: RedisErrors = client): void {
  let down = false;
  errors.on('error', (err: Error) => {
    if (!isConnectionError(err)) {
      logger.error({ err, client: name }, `redis client ${name}: error`);
      return;
    }
    if (down) return;
    down = true;
    logger.warn({ client: name, redis: 'down', code: (err as NodeJS.ErrnoException).code }, `redis client ${name}: down`);
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log({ client: name, redis: 'up' }, `redis client ${name}: back up`);
  });
}

/** Thrown when Redis did not answer within the bound: the caller goes on without it. */
export class RedisTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer from Redis within ${ms} ms`);
    this.name = 'RedisTimeout';
  }
}

/** How long a request or a firing waits on Redis before going on without it. */
export const REDIS_WAIT_MS = 250;

/**
 * Waits for a Redis command at most `ms`. The command itself is not cancelled: it may still complete
 * when Redis is back (adding a job or publishing twice is harmless: both are idempotent for readers).
 */
export async function withinRedisBound<T>(what: string, command: Promise<T>, ms = REDIS_WAIT_MS): Promise<T> {
  // A command that fails after the caller stopped waiting must not become an unhandled rejection.
  command.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(what, ms)), ms);
  });
  try {
    return await Promise.race([command, late]);
  } finally {
    clearTimeout(timer);
  }
}
