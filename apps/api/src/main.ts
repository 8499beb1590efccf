import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfigOrExit, migrateDatabase } from '@app/platform';
import { createApiApp } from './api-app.js';
import { ACCOUNTS, DEMO_PASSWORD, seedDemoOnFirstStart } from './demo-data.js';
import { migrations } from './schema.js';

/** The api process: applies pending migrations (under a lock: replicas may start together), then serves. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  await migrateDatabase(config.DATABASE_URL, migrations);
  const app = await createApiApp(config);
  const demo = await seedDemoOnFirstStart(app);
  if (demo) {
    const accounts = ACCOUNTS.map((a) => `${a.username} (${a.roles.join(', ')})`).join('; ');
    new Logger('Demo').log(`A new database in development: loaded the demo unit. Log in with password ${DEMO_PASSWORD} as ${accounts}`);
  }
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

main().catch((e: unknown) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
