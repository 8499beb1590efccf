import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_PASSWORD } from '../apps/api/src/demo-data.js';
import { waitFor, Child } from './support/processes.js';

const LAUNCHER = resolve(process.cwd(), 'dist/apps/launcher/src/main.js');

/** Why this machine cannot give a process a network of its own (then the test is skipped), or undefined. */
function noPrivateNetwork(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root for `unshare --net --mount`';
  const tried = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', 'ip link set lo up && mount --bind /tmp /tmp'], { encoding: 'utf8' });
  return tried.status === 0 ? undefined : `\`unshare --net --mount\` is not permitted here (${(tried.stderr || String(tried.error)).trim()})`;
}

/** The pids of the processes whose command line has `arg` (and whose program is `program`, if given). */
function processesNaming(arg: string, program = ''): number[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
        return argv[0]?.endsWith(program) && argv.includes(arg);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** The PostgreSQL server of a cluster directory. */
const postgresOf = (cluster: string) => processesNaming(cluster, '/postgres');

function parentOf(pid: number): number {
  return Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

const skipped = noPrivateNetwork();

/**
 * `npm start` as root on a machine with nothing but Node: the built launcher runs in a network namespace
 * of its own, whose loopback has neither PostgreSQL nor Redis, with DATABASE_URL and REDIS_URL unset and
 * no system user `postgres`. It must start the embedded PostgreSQL, run the queue and the alert stream on
 * it, serve with the demo accounts, stop that PostgreSQL when it stops, and find the same data at the
 * next start.
 */
(skipped ? describe.skip : describe)(`npm start with no PostgreSQL: the embedded one${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  let dataDir: string; // made in beforeAll: a describe whose tests are filtered out runs no hooks
  let cluster: string;
  let etc: string;

  // The machine's /etc without the system user `postgres` (which its PostgreSQL package made), bound over
  // /etc in the launcher's mount namespace: the embedded PostgreSQL must make that user, as on a machine
  // with Node only, and the machine's own user database is left alone.
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sw-embedded-start-'));
    cluster = join(dataDir, 'postgres', 'cluster');
    etc = join(dataDir, 'etc');
    execFileSync('cp', ['-a', '/etc', etc]);
    for (const file of ['passwd', 'group', 'shadow', 'gshadow']) {
      if (!existsSync(join(etc, file))) continue;
      const lines = readFileSync(join(etc, file), 'utf8').split('\n').filter((l) => !l.startsWith('postgres:'));
      // ...and out of other groups' member lists (the last field of group and gshadow).
      const members = (l: string) => l.replace(/[^:]*$/, (list) => list.split(',').filter((m) => m !== 'postgres').join(','));
      writeFileSync(join(etc, file), lines.map((l) => (file === 'group' || file === 'gshadow' ? members(l) : l)).join('\n'));
    }
  });

  afterAll(() => {
    for (const pid of postgresOf(cluster)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The launcher, in network and mount namespaces of its own. */
  async function start(): Promise<{ launcher: Child; ask: (path: string, body?: object) => number; output: () => string }> {
    if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` first`);
    const script = [
      `mount --bind ${etc} /etc`,
      'ip link set lo up',
      `exec "${process.execPath}" "${LAUNCHER}"`,
    ].join(' && ');
    const proc = spawn('unshare', ['--net', '--mount', 'sh', '-c', script], {
      // As a new user's shell would have it: no DATABASE_URL, no REDIS_URL.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const launcher = new Child('launcher', proc);
    let output = ''; // all of it: Child keeps only the tail, and the embedded PostgreSQL's lines come first
    proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
    // The test's process is outside that namespace: it asks from inside, through nsenter.
    const ask = (path: string, body?: object): number => {
      const request = `fetch('http://127.0.0.1:3000${path}', ${JSON.stringify(body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {})}).then((r) => console.log(r.status), () => console.log(0))`;
      return Number(execFileSync('nsenter', [`--net=/proc/${proc.pid}/ns/net`, process.execPath, '-e', request], { encoding: 'utf8' }).trim());
    };
    await waitFor(
      'the service to be ready',
      () => {
        if (!launcher.running) throw new Error(`the launcher exited: ${launcher.output()}`);
        return Promise.resolve(output.includes('service-window is running') && ask('/health/ready') === 200 ? true : undefined);
      },
      150_000,
      500,
    );
    return { launcher, ask, output: () => output };
  }

  it('starts the embedded PostgreSQL, serves the demo unit, and stops it with the service; the next start finds the data', async () => {
    const first = await start();
    const output = first.output();
    expect(output).toContain('nothing answers at 127.0.0.1:5432: starting the embedded PostgreSQL');
    expect(output).toContain('made system user "postgres" (useradd --system) to run the embedded PostgreSQL');
    expect(output).toContain('deadline queue and alert stream on postgres: no REDIS_URL and no Redis answers');
    expect(output).toMatch(new RegExp(`embedded PostgreSQL at ${join(dataDir, 'postgres')}, port \\d+`));
    expect(output).toContain('loaded the demo unit');
    expect(first.ask('/api/v1/auth/login', { username: 'clerk01', password: DEMO_PASSWORD })).toBe(200);
    expect(postgresOf(cluster)).toHaveLength(1);

    await first.launcher.stop('SIGTERM', 60_000);
    expect(first.launcher.process.exitCode).toBe(0);
    expect(postgresOf(cluster)).toEqual([]);
    expect(existsSync(join(cluster, 'postmaster.pid'))).toBe(false);

    const second = await start();
    expect(second.output()).not.toContain('initialising the embedded PostgreSQL');
    expect(second.output()).not.toContain('loaded the demo unit');
    expect(second.ask('/api/v1/auth/login', { username: 'head01', password: DEMO_PASSWORD })).toBe(200);

    // The api dies: the launcher stops the worker and the database, and exits.
    const api = processesNaming(resolve(process.cwd(), 'dist/apps/api/src/main.js')).filter((pid) => parentOf(pid) === second.launcher.process.pid);
    expect(api).toHaveLength(1);
    process.kill(api[0]!, 'SIGKILL');
    await second.launcher.exited;
    expect(second.launcher.process.exitCode).not.toBe(0);
    expect(postgresOf(cluster)).toEqual([]);
  }, 300_000);
});

/** The rule's other half: an explicit database is never replaced by the embedded one. */
describe('npm start never embeds instead of what it was told', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'sw-embedded-rule-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const launch = (env: Record<string, string>) => {
    if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run build\` first`);
    const run = spawnSync(process.execPath, [LAUNCHER], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: dataDir, PORT: '1', WORKER_PORT: '2', ...env },
      encoding: 'utf8',
      timeout: 90_000,
    });
    return { status: run.status, output: run.stdout + run.stderr };
  };

  it.each([
    [{ NODE_ENV: 'production' }, 'NODE_ENV=production needs DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE: 'embedded' }, 'NODE_ENV=production needs DATABASE_URL'],
    [{ DATABASE: 'embedded', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/sw' }, 'DATABASE=embedded and DATABASE_URL are both set'],
    [{ DATABASE: 'yes' }, 'DATABASE: the only value is "embedded" (got "yes")'],
    // Nothing listens on port 1: the api's connection error, and no embedded PostgreSQL.
    [{ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/sw', LOG_LEVEL: 'silent' }, 'ECONNREFUSED 127.0.0.1:1'],
  ])('%j stops the start-up: %s', (env, message) => {
    const { status, output } = launch(env);
    expect(status).toBe(1);
    expect(output).toContain(message);
    expect(output).not.toContain('embedded PostgreSQL at');
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  }, 100_000);
});
