import 'reflect-metadata';
import { loadConfigOrExit, migrateDatabase } from '@app/platform';
import { createApiApp } from './api-app.js';
import { migrations } from './schema.js';

/** The api process: applies pending migrations (under a lock: replicas may start together), then serves. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  await migrateDatabase(config.DATABASE_URL, migrations);
  const app = await createApiApp(config);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

main().catch((e: unknown) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
