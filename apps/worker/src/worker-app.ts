import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig, createHttpApp, type PlatformOptions } from '@app/platform';
import { WorkerModule } from './worker.module.js';

/** The worker process, exactly as `node dist/apps/worker/src/main.js` runs it: jobs, schedules and /health. */
export async function createWorkerApp(config: AppConfig, options: PlatformOptions = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApp(config, 'worker', [WorkerModule], options);
  await app.init();
  return app;
}
