import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { EmbeddedPostgres } from '../apps/launcher/src/embedded-postgres.js';

const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The run's own PostgreSQL, when it made one; global-teardown.ts stops it (same process). */
export const run = globalThis as typeof globalThis & { swEmbeddedPostgres?: EmbeddedPostgres };

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The launcher's embedded PostgreSQL, from the build: Jest loads this file outside its module map, where
 * the `.ts` source cannot be imported (npm test builds before it runs Jest).
 */
async function embedded(): Promise<EmbeddedPostgres> {
  const built = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/apps/launcher/src/embedded-postgres.js');
  if (!existsSync(built)) throw new Error(`nothing answers at ${DEFAULT_SERVER}, and the embedded PostgreSQL the tests would use instead needs the build: run \`npm run build:server\` (npm test does)`);
  const { startEmbeddedPostgres } = (await import(pathToFileURL(built).href)) as typeof import('../apps/launcher/src/embedded-postgres.js');
  const dir = join(mkdtempSync(join(tmpdir(), 'sw-test-')), 'postgres');
  const postgres = await startEmbeddedPostgres({ dir, throwaway: true, log: (line) => process.stdout.write(`${line}\n`) });
  process.stdout.write(`\nnothing answers at 127.0.0.1:5432: the tests use an embedded PostgreSQL at ${dir}, port ${postgres.port}\n`);
  return postgres;
}

/**
 * Which server the run uses, as `npm start` decides: TEST_DATABASE_SERVER when set, else the usual one
 * at 127.0.0.1:5432 when it answers, else an embedded PostgreSQL of the run's own in a temporary
 * directory (removed at teardown). Its URL reaches the test files (and the processes they spawn) as
 * TEST_DATABASE_SERVER.
 */
async function server(): Promise<string> {
  if (process.env.TEST_DATABASE_SERVER) return process.env.TEST_DATABASE_SERVER;
  if (await answers(DEFAULT_SERVER)) return DEFAULT_SERVER;
  run.swEmbeddedPostgres = await embedded();
  return run.swEmbeddedPostgres.url('postgres');
}

async function redisAnswers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 500, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
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
 * The queue backend of the run, as the service chooses its own: TEST_QUEUE_BACKEND when set, else Redis
 * (TestApp's default) when TEST_REDIS_URL is set or a Redis answers at 127.0.0.1:6379, else PostgreSQL. The suites that
 * test Redis itself (its outage, the timers on both backends) start Redis servers of their own.
 */
async function queueBackend(): Promise<string | undefined> {
  if (process.env.TEST_QUEUE_BACKEND || process.env.TEST_REDIS_URL || (await redisAnswers('redis://127.0.0.1:6379'))) return process.env.TEST_QUEUE_BACKEND;
  process.stdout.write('\nno Redis answers at 127.0.0.1:6379: the tests run the deadline queue and the alert stream on PostgreSQL\n');
  return 'postgres';
}

// The first test file migrates the template (see TestApp.start); every file then copies it into a
// database of its own.
export default async function globalSetup(): Promise<void> {
  const url = await server();
  process.env.TEST_DATABASE_SERVER = url;
  const backend = await queueBackend();
  if (backend) process.env.TEST_QUEUE_BACKEND = backend;
  const template = `sw_template_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not answering at ${url}: start it, or unset TEST_DATABASE_SERVER (see README).`, { cause: e });
  }
  try {
    await client.query(`CREATE DATABASE "${template}"`);
  } finally {
    await client.end();
  }
  process.env.SW_TEST_TEMPLATE = template;
}
