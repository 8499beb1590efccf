import { DataSource, type MixedList } from 'typeorm';
import { ensureDatabase } from './database-url.js';

// Any constant works; it only has to be the same for every replica.
const MIGRATION_LOCK = 7_342_001;

/**
 * Creates the database if needed and applies pending migrations. An advisory lock makes replicas that
 * start together run them one at a time (the later ones find nothing pending).
 */
export async function migrateDatabase(url: string, migrations: MixedList<Function>): Promise<string[]> {
  await ensureDatabase(url);
  const dataSource = new DataSource({ type: 'postgres', url, migrations, migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
