import { Redis } from 'ioredis';
import { alertChannel } from '@app/platform';
import type { TestApp } from './test-app.js';

/**
 * The alerts channel of a test's installation, seen from outside its processes, on the queue backend the
 * app runs on: Redis pub/sub, or PostgreSQL LISTEN/NOTIFY in the app's database.
 */
export interface AlertBus {
  /** The processes listening on the channel (Redis: NUMSUB; PostgreSQL: the sessions whose LISTEN names it). */
  listeners(): Promise<number>;
  /** Sends a raw message on the channel, as anyone who can reach the store could. */
  publish(message: string): Promise<void>;
  close(): Promise<void>;
}

export function alertBus(t: TestApp): AlertBus {
  const channel = alertChannel(t.config.QUEUE_PREFIX);
  if (t.config.QUEUE_BACKEND === 'redis') {
    const redis = new Redis(t.config.REDIS_URL);
    return {
      async listeners() {
        const [, n] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
        return n;
      },
      publish: async (message) => void (await redis.publish(channel, message)),
      close: () => Promise.resolve(redis.disconnect()),
    };
  }
  return {
    async listeners() {
      // A listener's connection does nothing but LISTEN: its last statement stays the LISTEN (quoted as pg's escapeIdentifier does).
      const [row] = (await t.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle' AND query = format('LISTEN "%s"', replace($1, '"', '""'))`,
        [channel],
      )) as Array<{ n: number }>;
      return row!.n;
    },
    publish: async (message) => void (await t.db.query('SELECT pg_notify($1, $2)', [channel, message])),
    close: () => Promise.resolve(),
  };
}
