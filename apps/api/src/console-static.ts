import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';

/** Paths that belong to the service, never to the console's history-mode routes. */
const SERVICE_PATHS = /^\/(api|health|metrics|admin)(\/|$|\?)/;

/**
 * Where `npm run build:console` leaves the console: `dist/console`, seen from the compiled file
 * (dist/apps/api/src) or from the source file the tests run (apps/api/src).
 */
export function consoleDirectory(): string | null {
  const candidates = ['../../../console', '../../../dist/console'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((dir) => existsSync(`${dir}/index.html`)) ?? null;
}

/**
 * Serves the web console at `/` (hashed assets cached for good, index.html never), and index.html for
 * any other GET that asks for a page, so the console's routes survive a reload (history mode). The API's
 * unknown paths stay problem+json 404s. Without a built console the API still starts, with one warning.
 */
export async function serveConsole(app: NestFastifyApplication, dir: string | null = consoleDirectory()): Promise<void> {
  if (!dir) {
    new Logger('Console').warn('the web console is not built (npm run build:console): only the API is served');
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    preCompressed: true,
    setHeaders: (reply, path) => {
      // Only the hashed build output is immutable; index.html (gzipped or not) is revalidated every time.
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      const wantsPage = String(request.headers.accept ?? '').includes('text/html');
      if (SERVICE_PATHS.test(request.url) || !wantsPage) return reply.callNotFound();
      return reply.sendFile('index.html');
    });
}
