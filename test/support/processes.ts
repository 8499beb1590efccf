import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { splitDatabaseUrl } from '@app/platform';

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/** Polls `probe` until it returns a value other than undefined, or throws after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A child process whose output is kept for error messages, and whose exit can be awaited. */
export class Child {
  private log = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    this.exited = new Promise((done) => process.once('exit', (code, signal) => done({ code, signal })));
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  output(): string {
    return this.log;
  }

  /** Sends the signal and waits for the exit; SIGKILL after `graceMs` if it is still running. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.process.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => {
      timer = setTimeout(() => r('late'), graceMs);
    });
    const result = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (result === 'late' && this.running) {
      this.process.kill('SIGKILL');
      await this.exited;
    }
  }
}

/**
 * The redis-server that the suites testing Redis itself start: TEST_REDIS_SERVER when set (a path, or
 * `none` to try a machine without one), else the first on PATH. A string saying why when there is none.
 */
export function redisServerBinary(): { path: string } | { missing: string } {
  const set = process.env.TEST_REDIS_SERVER;
  if (set === 'none') return { missing: 'TEST_REDIS_SERVER=none' };
  const candidates = set ? [set] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server'));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return { path };
    } catch {
      // not there, or not executable: the next one
    }
  }
  return { missing: set ? `TEST_REDIS_SERVER=${set} is not an executable` : 'no redis-server on PATH' };
}

/**
 * `describe` for a suite that starts redis-servers of its own; `describe.skip` on a machine without
 * redis-server, the reason printed once and in the title (the suites on PostgreSQL alone still run).
 */
export function describeWithRedisServer(title: string, body: () => void): void {
  const found = redisServerBinary();
  if ('path' in found) return describe(title, body);
  process.stdout.write(`skipped "${title}": ${found.missing} (install Redis to run it)\n`);
  describe.skip(`${title} (skipped: ${found.missing})`, body);
}

/**
 * A Redis server of the test's own (no persistence), for tests that wipe or lose Redis: the shared one
 * on 6379 is used by every other test file.
 */
export class RedisServer {
  private constructor(
    readonly child: Child,
    readonly url: string,
  ) {}

  /** `port`: the port of an earlier server of the test's own, to start it again after an outage. */
  static async start(port?: number): Promise<RedisServer> {
    const found = redisServerBinary();
    if (!('path' in found)) throw new Error(`cannot start a Redis of the test's own: ${found.missing} (describeWithRedisServer skips such suites)`);
    const binary = found.path;
    port ??= await freePort();
    const proc = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = new Child(`redis-server :${port}`, proc);
    const server = new RedisServer(child, `redis://127.0.0.1:${port}`);
    try {
      await waitFor(
        `${child.name} to answer`,
        async () => {
          if (!child.running) throw new Error(`${child.name} exited: ${child.output()}`);
          const client = new Redis(server.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
          try {
            await client.connect();
            return (await client.ping()) === 'PONG' ? true : undefined;
          } catch {
            return undefined;
          } finally {
            client.disconnect();
          }
        },
        10_000,
      );
    } catch (e) {
      await child.stop('SIGKILL');
      throw e;
    }
    return server;
  }

  /** A client of this server; the caller disconnects it. */
  client(): Redis {
    return new Redis(this.url, { maxRetriesPerRequest: 1 });
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  async stop(): Promise<void> {
    await this.child.stop('SIGKILL');
  }
}

/** The compiled entrypoint of each role (`npm run build`). */
export const COMPILED_MAIN = {
  api: resolve(process.cwd(), 'dist/apps/api/src/main.js'),
  worker: resolve(process.cwd(), 'dist/apps/worker/src/main.js'),
  /** Applies the migrations and exits (as the compose file's `migrate` service does). */
  migrate: resolve(process.cwd(), 'dist/apps/api/src/migrate.js'),
} as const;

/**
 * The compiled service (`npm run build`) as a separate process of one role, e.g. a worker that a test
 * kills. Only the variables given are passed, besides PATH and HOME (not Jest's NODE_OPTIONS).
 */
export function spawnService(name: string, role: keyof typeof COMPILED_MAIN, env: Record<string, string>): Child {
  const main = COMPILED_MAIN[role];
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const proc = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, proc);
}

/** Ends every connection to one test database (its app's pool included), e.g. after a deadlock. */
export async function terminateBackends(databaseUrl: string): Promise<void> {
  const { database, adminUrl } = splitDatabaseUrl(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
  } finally {
    await client.end();
  }
}
