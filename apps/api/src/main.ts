import 'reflect-metadata';
import { ConfigError, loadConfig, migrateDatabase } from '@app/platform';
import { createApp } from './bootstrap.js';
import { migrations } from './schema.js';

/** One entrypoint for every role: ROLE=all (default), api or worker. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  await migrateDatabase(config.DATABASE_URL, migrations);
  const app = await createApp(config);
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
}

main().catch((e: unknown) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
