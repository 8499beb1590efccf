import { createPostgresBackend, Queue, Worker, type Processor, type WorkerOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppConfig, QueueBackend } from '../config/app-config.js';

/** Where a Redis is looked for when neither QUEUE_BACKEND nor REDIS_URL says (AppConfig's default REDIS_URL). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** How long start-up waits for a Redis at the default address before choosing PostgreSQL. */
const PROBE_MS = 500;

/** Connections of each BullMQ queue or worker's pool on PostgreSQL (a worker has a LISTEN client besides). */
const PG_POOL_SIZE = 3;

/** Whether a Redis answers PING at `url` within PROBE_MS (no retry: a probe, not a client). */
export async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: PROBE_MS, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/**
 * Settles QUEUE_BACKEND once per process, before the modules are built: as set, else `redis` when
 * REDIS_URL is set (loadConfig) or a Redis answers at `probeUrl`, else `postgres`. Records why.
 */
export async function chooseQueueBackend(config: AppConfig, probeUrl = DEFAULT_REDIS_URL): Promise<QueueBackend> {
  if (config.QUEUE_BACKEND) return config.QUEUE_BACKEND;
  if (await redisAnswers(probeUrl)) {
    config.QUEUE_BACKEND = 'redis';
    config.queueBackendReason = `a Redis answers at ${probeUrl}`;
  } else {
    config.QUEUE_BACKEND = 'postgres';
    config.queueBackendReason = `no REDIS_URL and no Redis answers at ${probeUrl}: one PostgreSQL and nothing else`;
  }
  return config.QUEUE_BACKEND;
}

/** The backend a process runs on; chooseQueueBackend has settled it in every main and in createHttpApp. */
export function queueBackendOf(config: AppConfig): QueueBackend {
  if (!config.QUEUE_BACKEND) throw new Error('QUEUE_BACKEND is not settled: call chooseQueueBackend first');
  return config.QUEUE_BACKEND;
}

/**
 * The PostgreSQL schema of BullMQ's tables: one per queue prefix, so that installations (and test runs)
 * sharing a database keep apart, as the prefix keeps their Redis keys apart. A schema name takes no '-'.
 */
export function queueSchema(prefix: string): string {
  return `bullmq_${prefix.toLowerCase().replace(/-/g, '_')}`;
}

/**
 * BullMQ connection options for Redis. Reconnection stops once `closing()` says so: otherwise BullMQ's
 * close() waits for a connection that an unreachable Redis never gives, and SIGTERM hangs.
 */
export function bullConnection(config: AppConfig, closing: () => boolean) {
  return {
    url: config.REDIS_URL,
    maxRetriesPerRequest: null, // BullMQ requires it on worker connections; harmless on queues
    retryStrategy: (attempt: number) => (closing() ? null : Math.min(attempt * 200, 2000)),
  };
}

/** BullMQ's PostgreSQL connection: the service's database, the prefix's schema, migrated on first use. */
function pgConnection(config: AppConfig, role: string) {
  return { connectionString: config.DATABASE_URL, schema: queueSchema(config.QUEUE_PREFIX), migrate: true, max: PG_POOL_SIZE, application_name: `sw-bullmq-${role}` };
}

/**
 * A BullMQ queue on the configured backend. The PostgreSQL one is the same class over another backend;
 * it is typed as the Redis one so that JobQueues' callers (the board, the metrics, tests) stay as they are.
 */
export function newQueue(config: AppConfig, name: string, closing: () => boolean): Queue {
  if (queueBackendOf(config) === 'postgres') return new Queue(name, { connection: pgConnection(config, 'queue') }, createPostgresBackend) as unknown as Queue;
  return new Queue(name, { connection: bullConnection(config, closing), prefix: config.QUEUE_PREFIX });
}

/** A BullMQ worker on the configured backend (see newQueue). */
export function newWorker(config: AppConfig, name: string, processor: Processor, options: Omit<WorkerOptions, 'connection'>, closing: () => boolean): Worker {
  if (queueBackendOf(config) === 'postgres') {
    return new Worker(name, processor, { ...options, connection: pgConnection(config, 'worker') }, createPostgresBackend) as unknown as Worker;
  }
  return new Worker(name, processor, { ...options, connection: bullConnection(config, closing), prefix: config.QUEUE_PREFIX });
}
