import 'reflect-metadata';
import { loadConfigOrExit } from '@app/platform';
import { createWorkerApp } from './worker-app.js';

/**
 * The worker process: BullMQ consumers and the periodic jobs. It serves /health on WORKER_PORT and no
 * API. It applies no migrations: the api (or `migrate.js`) does, before workers start.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const app = await createWorkerApp(config);
  await app.listen({ port: config.WORKER_PORT, host: '0.0.0.0' });
}

main().catch((e: unknown) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
