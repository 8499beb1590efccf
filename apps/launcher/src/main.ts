import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseQueueBackend, loadConfigOrExit } from '@app/platform';

/**
 * `npm start` on one machine: the api process (which applies the migrations), then, once it answers,
 * a worker process; both log to this terminal and stop together. Production runs the two roles as
 * separate processes, several of each (see the README's operations section).
 */
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const API_MAIN = resolve(dist, 'apps/api/src/main.js');
const WORKER_MAIN = resolve(dist, 'apps/worker/src/main.js');

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
  process.stdout.write(`deadline queue and alert stream on ${queueBackend}: ${config.queueBackendReason}\n`);
  const env = { ...process.env, QUEUE_BACKEND: queueBackend };
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    void Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r))))).then(() => process.exit(code));
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const api = start(API_MAIN, env);
  children.push(api);
  api.once('exit', (code) => stop(code ?? 1));
  await answering(config.PORT, api);
  if (stopping) return;
  const worker = start(WORKER_MAIN, env);
  children.push(worker);
  worker.once('exit', (code) => stop(code ?? 1));
  process.stdout.write(`\nservice-window is running: http://localhost:${config.PORT}/ (API under /api/v1, docs at /api/docs)\n\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`start-up failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
