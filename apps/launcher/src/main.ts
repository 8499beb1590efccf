import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseQueueBackend, loadConfigOrExit, type AppConfig } from '@app/platform';
import { answers, startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

/**
 * `npm start` on one machine: the database when none is given (see `database` below), the api process
 * (which applies the migrations), then, once it answers, a worker process; all log to this terminal and
 * stop together, the database last. Production runs the two roles as separate processes, several of
 * each (see the README's operations section).
 */
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const API_MAIN = resolve(dist, 'apps/api/src/main.js');
const WORKER_MAIN = resolve(dist, 'apps/worker/src/main.js');
const DEFAULT_POSTGRES = { host: '127.0.0.1', port: 5432 };

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Which PostgreSQL to use. DATABASE_URL always wins, and one that does not answer is the api's error,
 * never a reason to embed. Without it: DATABASE=embedded, or (outside production) nothing answering at
 * the default address, starts the embedded PostgreSQL; production never embeds and needs DATABASE_URL.
 */
async function database(env: NodeJS.ProcessEnv, config: AppConfig): Promise<EmbeddedPostgres | undefined> {
  const mode = env.DATABASE || undefined;
  if (mode !== undefined && mode !== 'embedded') throw new Error(`DATABASE: the only value is "embedded" (got "${mode}")`);
  if (env.DATABASE_URL) {
    if (mode) throw new Error('DATABASE=embedded and DATABASE_URL are both set: unset one of them');
    return undefined;
  }
  if (config.NODE_ENV === 'production') {
    throw new Error('NODE_ENV=production needs DATABASE_URL: the embedded PostgreSQL is for development and trying the service out');
  }
  if (!mode && (await answers(DEFAULT_POSTGRES.host, DEFAULT_POSTGRES.port))) return undefined;
  if (!mode) say(`no DATABASE_URL, and nothing answers at ${DEFAULT_POSTGRES.host}:${DEFAULT_POSTGRES.port}: starting the embedded PostgreSQL`);
  const postgres = await startEmbeddedPostgres({ dir: resolve(config.DATA_DIR, 'postgres'), log: say });
  say(`embedded PostgreSQL at ${postgres.dir}, port ${postgres.port} (stops with the service; remove the directory to start afresh)`);
  return postgres;
}

function start(main: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [main], { env, stdio: 'inherit' });
}

/** Polls the api's /health until it answers at all (200, or 503 naming a dependency that is down). */
async function answering(port: number, child: ChildProcess, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the api exited with code ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the api did not answer on port ${port} within ${ms / 1000} s`);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  // Chosen once here, so that the api and the worker agree even if a Redis comes or goes between their starts.
  const queueBackend = await chooseQueueBackend(config);
  say(`deadline queue and alert stream on ${queueBackend}: ${config.queueBackendReason}`);
  const children: ChildProcess[] = [];
  // Started first; a signal during its start (initdb takes seconds) stops it once it is up.
  const database$ = database(process.env, config);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // A child killed by a signal has a signalCode and no exitCode.
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    await Promise.all(running.map((c) => new Promise((r) => c.once('exit', r))));
    await database$.then((p) => p?.stop()).catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const postgres = await database$;
  if (stopping) return;
  const env = { ...process.env, QUEUE_BACKEND: queueBackend, ...(postgres ? { DATABASE_URL: postgres.url('service_window') } : {}) };
  void postgres?.exited.then(() => {
    if (stopping) return;
    process.stderr.write('the embedded PostgreSQL stopped on its own: stopping the service\n');
    void stop(1);
  });

  const api = start(API_MAIN, env);
  children.push(api);
  api.once('exit', (code) => void stop(code ?? 1));
  await answering(config.PORT, api);
  if (stopping) return;
  const worker = start(WORKER_MAIN, env);
  children.push(worker);
  worker.once('exit', (code) => void stop(code ?? 1));
  say(`\nservice-window is running: http://localhost:${config.PORT}/ (API under /api/v1, docs at /api/docs)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
