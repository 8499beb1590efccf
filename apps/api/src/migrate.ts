import 'reflect-metadata';
import { loadConfigOrExit, migrateDatabase } from '@app/platform';
import { migrations } from './schema.js';

/** `node dist/apps/api/src/migrate.js`: creates the database if needed and applies pending migrations, then exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const applied = await migrateDatabase(config.DATABASE_URL, migrations);
  process.stdout.write(applied.length > 0 ? `applied ${applied.length} migrations: ${applied.join(', ')}\n` : 'the database is up to date\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`migration failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
