import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { splitDatabaseUrl } from '@app/platform';

export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

export function databaseUrl(database: string): string {
  const url = new URL(TEST_SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: splitDatabaseUrl(TEST_SERVER_URL).adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database copied from the run's template (fast: no migrations per file). The first caller
 * migrates the template, under an advisory lock that the others wait on.
 */
export async function createDatabaseFromTemplate(template: string, migrate: (url: string) => Promise<unknown>): Promise<string> {
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      await migrate(databaseUrl(template)); // a no-op once applied
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  // Named after the run's template, so that the run's teardown finds it even if a test never closed it.
  const name = uniqueName(`${template}_f`);
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      return databaseUrl(name);
    } catch (e) {
      // Two files copying the template at the same moment: 55006 "source database is being accessed".
      if ((e as { code?: string }).code !== '55006' || attempt >= 20) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const { database } = splitDatabaseUrl(url);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
}

/** Removes every Redis key of a test's queue prefix. */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  // No retries: a test that pointed at an unreachable Redis has nothing there to remove.
  const redis = new Redis(redisUrl, { retryStrategy: () => null, maxRetriesPerRequest: 0, lazyConnect: true });
  try {
    await redis.connect();
  } catch {
    return;
  }
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
