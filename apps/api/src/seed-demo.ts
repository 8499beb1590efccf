import 'reflect-metadata';
import { loadConfig, migrateDatabase } from '@app/platform';
import { createApiApp } from './api-app.js';
import { DEMO_PASSWORD, seedDemo } from './demo-data.js';
import { migrations } from './schema.js';

/** npm run seed:demo — loads the demo unit idempotently into the configured database. */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  await migrateDatabase(config.DATABASE_URL, migrations);
  const app = await createApiApp(config);
  try {
    const demo = await seedDemo(app);
    process.stdout.write(
      `Demo unit ${demo.unitId} ready. Accounts (password ${DEMO_PASSWORD}): ${Object.keys(demo.staff).join(', ')}\n`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`seed failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
