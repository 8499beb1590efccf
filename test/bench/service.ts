import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The checkout whose build the benchmarks run as a service: this one, or another's (a before/after). */
export const SERVICE_DIR = resolve(process.env.BENCH_SERVICE_DIR ?? process.cwd());

/** The api as its own process on a new database; in development it loads the demo unit on first start. */
export async function startService(databaseUrl: string, prefix: string, dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await new Promise<number>((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
  const child = spawn(process.execPath, [join(SERVICE_DIR, 'dist/apps/api/src/main.js')], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'development', DATABASE_URL: databaseUrl, QUEUE_PREFIX: prefix, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', SWEEP_INTERVAL_SECONDS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('the service exited at start-up');
    if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
    if (i > 600) throw new Error('the service did not answer /health within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

