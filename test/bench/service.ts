import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { join, resolve } from 'node:path';

/** The checkout whose build the benchmarks run as a service: this one, or another's (a before/after). */
export const SERVICE_DIR = resolve(process.env.BENCH_SERVICE_DIR ?? process.cwd());

/** The api as its own process on a new database; in development it loads the demo unit on first start. */
export async function startService(databaseUrl: string, prefix: string, dataDir: string, dir = SERVICE_DIR): Promise<{ url: string; cpuSeconds: () => number | undefined; stop: () => Promise<void> }> {
  const port = await new Promise<number>((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
  // BENCH_SERVICE_CPUS (taskset's list, e.g. 0): the service on those cores only, for a before/after on a
  // machine whose cores are not equally fast (a virtual machine's often are not).
  const main = join(dir, 'dist/apps/api/src/main.js');
  const cpus = process.env.BENCH_SERVICE_CPUS;
  const child = spawn(cpus ? 'taskset' : process.execPath, cpus ? ['-c', cpus, process.execPath, main] : [main], {
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
    cpuSeconds: () => cpuSeconds(child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}


/**
 * CPU seconds (user + system) a process and its children have used, from /proc (Linux; undefined elsewhere).
 * Per request it is the service's own cost, which a machine shared with other work does not change much
 * while it halves the throughput.
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const ticks = (p: number) => {
      // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
    return [pid, ...children].reduce((sum, p) => sum + ticks(p), 0) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

/** Runs `load` and gives the service's CPU time per request it served, in microseconds. */
export async function costed(service: { cpuSeconds: () => number | undefined }, load: () => Promise<autocannon.Result>) {
  const before = service.cpuSeconds();
  const result = await load();
  const after = service.cpuSeconds();
  const cpu = before === undefined || after === undefined ? undefined : ((after - before) * 1e6) / Math.max(1, result.requests.total);
  return { result, cpu: cpu === undefined ? '' : `, service CPU ${cpu.toFixed(0)} µs/request` };
}

/** Removes what a bench made: the service's data directory, its database and its queue keys. */
export async function dropBenchResources(server: string, database: string, prefix: string, dataDir: string): Promise<void> {
  rmSync(dataDir, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}
