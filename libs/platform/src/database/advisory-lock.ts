import type { DataSource } from 'typeorm';
import { readRows, rowMapper } from './rows.js';

const lockRow = rowMapper('pg_try_advisory_lock', { locked: 'bool' });

/**
 * Runs `work` holding a session-level PostgreSQL advisory lock on `key` (hashed), so that one replica at
 * a time does it. When another session holds the lock, nothing runs: `locked` is false.
 */
export async function withTryAdvisoryLock<T>(db: DataSource, key: string, work: () => Promise<T>): Promise<{ locked: true; value: T } | { locked: false }> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = readRows(lockRow, await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]));
    if (!locked) return { locked: false };
    try {
      return { locked: true, value: await work() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
    }
  } finally {
    await runner.release();
  }
}
