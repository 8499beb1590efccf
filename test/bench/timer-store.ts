import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import { alertChannel, parseAlertIds, queueSchema, QueueName, type QueueBackend } from '@app/platform';

const REDIS_SERVER = process.env.BENCH_REDIS_SERVER ?? '/usr/bin/redis-server';
/** Extra redis-server arguments, e.g. "--hz 100". */
const REDIS_ARGS = (process.env.BENCH_REDIS_ARGS ?? '').split(' ').filter(Boolean);

/** Alerts seen by a listener: `${caseId}-${step}` and when. */
export type AlertSeen = (keys: string[], at: number) => void;

/**
 * Where the timer bench's queue lives (BENCH_QUEUE_BACKEND): a redis-server of its own, or BullMQ's
 * PostgreSQL schema in the bench database. What the bench reads of it, the same way on both.
 */
export interface BenchQueueStore {
  readonly backend: QueueBackend;
  /** What the bench's config takes. */
  readonly env: Record<string, string>;
  readonly where: string;
  /** Once the database and prefix exist. */
  attach(pool: pg.Pool, databaseUrl: string, prefix: string): void;
  markerSet(): Promise<boolean>;
  /** Bytes the store uses for the queue (Redis used_memory; the schema's relations on PostgreSQL). */
  usedBytes(): Promise<number>;
  delayedCount(): Promise<number>;
  /** Loses every job and the marker. */
  wipe(): Promise<void>;
  /** CPU seconds of the store's server so far (Redis only; null on PostgreSQL, shared with the service). */
  cpuSeconds(): Promise<number | null>;
  version(): Promise<string>;
  onAlerts(seen: AlertSeen): Promise<void>;
  close(): Promise<void>;
}

export async function benchQueueStore(backend: QueueBackend, port: number): Promise<BenchQueueStore> {
  return backend === 'postgres' ? new PgStore() : RedisStore.start(port);
}

class RedisStore implements BenchQueueStore {
  readonly backend = 'redis';
  private prefix = '';
  private readonly redis: Redis;
  private readonly sub: Redis;

  private constructor(
    private readonly child: ChildProcess,
    private readonly url: string,
    readonly where: string,
  ) {
    this.redis = new Redis(url);
    this.sub = new Redis(url);
  }

  static async start(port: number): Promise<RedisStore> {
    return new RedisStore(await startRedis(port), `redis://127.0.0.1:${port}`, `own redis-server on port ${port}`);
  }

  get env() {
    return { QUEUE_BACKEND: 'redis', REDIS_URL: this.url };
  }

  attach(_pool: pg.Pool, _databaseUrl: string, prefix: string): void {
    this.prefix = prefix;
  }

  async markerSet() {
    return (await this.redis.exists(`${this.prefix}:deadlines:timers-built`)) === 1;
  }

  usedBytes() {
    return usedMemory(this.redis);
  }

  delayedCount() {
    return this.redis.zcard(`${this.prefix}:${QueueName.Deadlines}:delayed`);
  }

  async wipe() {
    await this.redis.flushall();
  }

  cpuSeconds() {
    return redisCpu(this.redis);
  }

  async version() {
    return `redis ${await redisVersion(this.redis)}`;
  }

  async onAlerts(seen: AlertSeen) {
    this.sub.on('message', (_channel: string, message: string) => {
      const at = Date.now();
      seen((JSON.parse(message) as Array<{ caseId: string; step: string }>).map((a) => `${a.caseId}-${a.step}`), at);
    });
    await this.sub.subscribe(alertChannel(this.prefix));
  }

  async close() {
    this.sub.disconnect();
    this.redis.disconnect();
    await stopRedis(this.child);
  }
}

class PgStore implements BenchQueueStore {
  readonly backend = 'postgres';
  readonly env = { QUEUE_BACKEND: 'postgres' };
  private pool!: pg.Pool;
  private databaseUrl = '';
  private schema = '';
  private prefix = '';
  private listener: pg.Client | undefined;

  get where() {
    return `BullMQ's PostgreSQL schema ${this.schema || 'bullmq_<prefix>'} in the bench database`;
  }

  attach(pool: pg.Pool, databaseUrl: string, prefix: string): void {
    this.pool = pool;
    this.databaseUrl = databaseUrl;
    this.schema = queueSchema(prefix);
    this.prefix = prefix;
  }

  async markerSet() {
    const { rows } = await this.pool.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${this.schema}.sw_marker`]);
    if (!rows[0]?.present) return false;
    return (await this.pool.query(`SELECT 1 FROM "${this.schema}".sw_marker WHERE name = 'deadlines:timers-built'`)).rows.length > 0;
  }

  async usedBytes() {
    const { rows } = await this.pool.query<{ bytes: string }>(
      `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
      [this.schema],
    );
    return Number(rows[0]!.bytes);
  }

  async delayedCount() {
    return Number((await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${this.schema}".job WHERE queue = $1 AND state = 'delayed'`, [QueueName.Deadlines])).rows[0]!.n);
  }

  async wipe() {
    const { rows } = await this.pool.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'migration'`, [this.schema]);
    await this.pool.query(`TRUNCATE ${rows.map((r) => `"${this.schema}"."${r.tablename}"`).join(', ')}`);
  }

  cpuSeconds() {
    return Promise.resolve(null);
  }

  async version() {
    return `PostgreSQL ${(await this.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v}`;
  }

  async onAlerts(seen: AlertSeen) {
    this.listener = new pg.Client({ connectionString: this.databaseUrl });
    this.listener.on('error', () => undefined);
    await this.listener.connect();
    this.listener.on('notification', (n) => {
      const at = Date.now();
      const ids = parseAlertIds(n.payload);
      if (!ids) return;
      void this.pool
        .query<{ subject_id: string; step: string }>('SELECT subject_id, step FROM alert WHERE id = ANY($1::uuid[])', [ids])
        .then(({ rows }) => seen(rows.map((r) => `${r.subject_id}-${r.step}`), at))
        .catch(() => undefined);
    });
    await this.listener.query(`LISTEN ${this.listener.escapeIdentifier(alertChannel(this.prefix))}`);
  }

  async close() {
    await this.listener?.end().catch(() => undefined);
  }
}

export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', '--dir', tmpdir(), ...REDIS_ARGS],
    { stdio: 'ignore' },
  );
  const exited = once(child, 'exit').then(() => {
    throw new Error(`${REDIS_SERVER} exited at start (port ${port})`);
  });
  exited.catch(() => undefined);
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await Promise.race([
      exited,
      (async () => {
        const end = Date.now() + 10_000;
        for (;;) {
          try {
            if (probe.status !== 'ready') await probe.connect();
            if ((await probe.ping()) === 'PONG') return;
          } catch {
            probe.disconnect();
          }
          if (Date.now() > end) throw new Error('timed out waiting for redis-server to answer');
          await new Promise((r) => setTimeout(r, 50));
        }
      })(),
    ]);
  } finally {
    probe.disconnect();
  }
  return child;
}

export async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

export async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
}

export async function redisVersion(redis: Redis): Promise<string> {
  return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
}
