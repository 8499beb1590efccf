import type { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp, loadConfig, migrateDatabase, type AppConfig, type QueueBackend } from '@app/platform';
import {
  ControllableClock,
  createDatabaseFromTemplate,
  deleteRedisPrefix,
  dropDatabase,
  TEST_REDIS_URL,
  uniqueName,
} from '@app/testing';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { setupOpenApi } from '../../apps/api/src/api-app.js';
import { serveConsole } from '../../apps/api/src/console-static.js';
import { mountQueueBoard } from '../../apps/api/src/queue-board.js';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { migrations } from '../../apps/api/src/schema.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';

/** The roles a test process runs: both by default, as one machine would. */
export type TestRole = 'api' | 'worker';

export interface Reply<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: T;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/**
 * The real application (the api and worker roles' modules, as their mains wire them) on its own database
 * and queue prefix, talking to the real PostgreSQL and Redis (or with its queue in that database: the
 * PostgreSQL backend's schema goes with the database when it is dropped). Requests go through Fastify's inject: the
 * whole HTTP stack without a socket.
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly clock: ControllableClock,
    private readonly ownsDatabase: boolean,
  ) {}

  /** `replicaOf`: another process of the same installation (its database and queue prefix, left to it to remove). */
  static async start(
    options: {
      clock?: ControllableClock;
      env?: Record<string, string>;
      logStream?: Writable;
      roles?: TestRole[];
      replicaOf?: TestApp;
      /** Serve the built web console at `/`, as the api process does (the browser tests). */
      console?: boolean;
      /** The queue backend (default: TEST_QUEUE_BACKEND, else redis). `env` may unset it with QUEUE_BACKEND: ''. */
      queueBackend?: QueueBackend;
      /** Where the backend choice looks for a Redis when QUEUE_BACKEND and REDIS_URL are unset. */
      redisProbeUrl?: string;
    } = {},
  ): Promise<TestApp> {
    const template = process.env.SW_TEST_TEMPLATE;
    if (!template) throw new Error('SW_TEST_TEMPLATE is not set: run the tests through jest (test/global-setup.ts)');
    const databaseUrl = options.replicaOf?.config.DATABASE_URL ?? (await createDatabaseFromTemplate(template, (url) => migrateDatabase(url, migrations)));
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      REDIS_URL: options.replicaOf?.config.REDIS_URL ?? TEST_REDIS_URL,
      QUEUE_BACKEND: options.queueBackend ?? options.replicaOf?.config.QUEUE_BACKEND ?? process.env.TEST_QUEUE_BACKEND,
      QUEUE_PREFIX: options.replicaOf?.config.QUEUE_PREFIX ?? uniqueName('t'),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      ...options.env,
    });
    const clock = options.clock ?? new ControllableClock();
    try {
      const roles = options.roles ?? ['api', 'worker'];
      const app = await createHttpApp(config, 'test', [...(roles.includes('api') ? [ApiModule] : []), ...(roles.includes('worker') ? [WorkerModule] : [])], {
        clock,
        logStream: options.logStream,
        redisProbeUrl: options.redisProbeUrl,
      });
      if (roles.includes('api')) {
        setupOpenApi(app);
        await mountQueueBoard(app);
      }
      if (options.console) await serveConsole(app);
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      return new TestApp(app, config, clock, !options.replicaOf);
    } catch (e) {
      if (!options.replicaOf) await dropDatabase(databaseUrl);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.app.close();
    if (!this.ownsDatabase) return;
    await dropDatabase(this.config.DATABASE_URL);
    await deleteRedisPrefix(this.config.REDIS_URL, this.config.QUEUE_PREFIX);
  }

  /** Listens on a free port of 127.0.0.1 (for browsers and other real clients); returns the origin. */
  async listen(): Promise<string> {
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    return (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  /**
   * Runs `work` and returns the statements it sent to PostgreSQL: every round trip on the pool's
   * connections, BEGIN and COMMIT included, whoever issued it (guards, views, audit writes). Nothing else
   * may run meanwhile: start the app with the api role alone, so no worker job adds its own.
   */
  async queries<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    const pool = (this.db.driver as PostgresDriver).master as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
    const proto = pool.Client.prototype;
    const original = proto.query;
    const statements: string[] = [];
    proto.query = function (this: unknown, ...args: unknown[]) {
      const q = args[0];
      statements.push(typeof q === 'string' ? q : String((q as { text?: string }).text ?? q));
      return original.apply(this, args);
    };
    try {
      return { result: await work(), statements };
    } finally {
      proto.query = original;
    }
  }

  /** Counts rows, to check that a refused request wrote nothing. */
  async count(table: string): Promise<number> {
    const [row] = (await this.db.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>;
    return row!.n;
  }

  async request<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined;
    if (options.rawBody !== undefined) {
      payload = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await this.app.inject({ method: method as 'GET', url, headers, payload, query: options.query });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      headers: response.headers,
      body: type.includes('json') && response.body ? JSON.parse(response.body) : (response.body as T),
    };
  }

  get = <T = any>(url: string, options?: RequestOptions) => this.request<T>('GET', url, options);
  post = <T = any>(url: string, options?: RequestOptions) => this.request<T>('POST', url, options);
  put = <T = any>(url: string, options?: RequestOptions) => this.request<T>('PUT', url, options);
  patch = <T = any>(url: string, options?: RequestOptions) => this.request<T>('PATCH', url, options);
}
