import type { Queue } from 'bullmq';
import { queueSchema, type QueueBackend } from '@app/platform';
import { deleteRedisPrefix } from '@app/testing';
import { describeWithRedisServer, RedisServer } from './processes.js';
import type { TestApp } from './test-app.js';

/** The backends the timer fault tests run on. */
export const QUEUE_BACKENDS: QueueBackend[] = ['redis', 'postgres'];

/**
 * describe.each(QUEUE_BACKENDS)(title, body) for suites whose Redis half uses a queueStore (a redis-server
 * of its own): that half is skipped, saying why, on a machine without redis-server.
 */
export function describeEachBackend(title: string, body: (backend: QueueBackend) => void): void {
  for (const backend of QUEUE_BACKENDS) {
    const named = title.replace('%s', backend);
    if (backend === 'redis') describeWithRedisServer(named, () => body(backend));
    else describe(named, () => body(backend));
  }
}

/**
 * Where a test's queue lives when the test does harm to it: a redis-server of its own, or the PostgreSQL
 * backend's schema in the test's database. `env` points an app (or a spawned worker) at it.
 */
export interface QueueStore {
  readonly backend: QueueBackend;
  readonly env: Record<string, string>;
  /** The store loses everything, jobs and the sweep's marker (FLUSHALL; on PostgreSQL every row of the schema). */
  wipe(t: TestApp): Promise<void>;
  /** Puts the store in the state a dead worker's jobs reach once their locks lapse and two stalled checks saw them. */
  lapseLocks(t: TestApp, queue: Queue, ids: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Every row of the PostgreSQL backend's schema of the app's prefix; the ledger of BullMQ's migrations stays. */
async function wipePostgresQueue(t: TestApp): Promise<void> {
  const name = queueSchema(t.config.QUEUE_PREFIX);
  const tables = (await t.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migration'`, [name])) as Array<{ tablename: string }>;
  await t.db.query(`TRUNCATE ${tables.map((r) => `"${name}"."${r.tablename}"`).join(', ')}`);
}

/** The app's queue loses everything, on whichever backend it runs (Redis: its prefix's keys). */
export async function wipeQueue(t: TestApp): Promise<void> {
  if (t.config.QUEUE_BACKEND === 'postgres') await wipePostgresQueue(t);
  else await deleteRedisPrefix(t.config.REDIS_URL, t.config.QUEUE_PREFIX);
}

export async function queueStore(backend: QueueBackend): Promise<QueueStore> {
  if (backend === 'postgres') {
    const schema = (t: TestApp) => `"${queueSchema(t.config.QUEUE_PREFIX)}"`;
    return {
      backend,
      env: { QUEUE_BACKEND: 'postgres' },
      wipe: wipePostgresQueue,
      async lapseLocks(t, queue, ids) {
        await t.db.transaction(async (m) => {
          await m.query(`DELETE FROM ${schema(t)}.meta WHERE queue = $1 AND field = 'stalled-check'`, [queue.name]);
          await m.query(`UPDATE ${schema(t)}.job SET locked_until_ms = 0, stalled_marked = true WHERE queue = $1 AND id = ANY($2::text[])`, [queue.name, ids]);
        });
      },
      stop: () => Promise.resolve(),
    };
  }
  const redis = await RedisServer.start();
  return {
    backend,
    env: { QUEUE_BACKEND: 'redis', REDIS_URL: redis.url },
    async wipe() {
      const client = redis.client();
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
    async lapseLocks(_t, queue, ids) {
      const client = redis.client();
      try {
        await client.del(...ids.map((id) => queue.toKey(`${id}:lock`)), queue.toKey('stalled-check'));
        await client.sadd(queue.toKey('stalled'), ...ids);
      } finally {
        client.disconnect();
      }
    },
    stop: () => redis.stop(),
  };
}
