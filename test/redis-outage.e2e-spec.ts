import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import { ControllableClock } from '@app/testing';
import { receiveCase } from './support/cases.js';
import { describeWithRedisServer, RedisServer, waitFor } from './support/processes.js';
import { TestApp } from './support/test-app.js';
import { demoWorld, type World } from './support/world.js';

// PostgreSQL is the record and the sweep the safety net (DESIGN.md section 4): while Redis is down the
// sweep fires every step on time, no request waits on Redis, readiness says so, and the log says it once.

/** Real time, as a deployed process has it: the lateness measured here is wall-clock lateness. */
class WallClock extends ControllableClock {
  override now(): Date {
    return new Date();
  }
}

const CASES = 200; // five steps each: 1,000 steps
const OUTAGE_MS = 20_000; // shorter than the 60 s so that the file runs in under two minutes

type LogRecord = { level: number; msg?: string; client?: string; redis?: 'down' | 'up'; alerts?: number };

describeWithRedisServer('Redis down for 20 s (a redis-server of the test\'s own, killed and started again)', () => {
  const records: LogRecord[] = [];
  const rawStderr: string[] = [];
  let redis: RedisServer;
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    redis = await RedisServer.start();
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) records.push(JSON.parse(line) as LogRecord);
        done();
      },
    });
    t = await TestApp.start({
      queueBackend: 'redis', // whatever the run's: the Redis here is the one that goes down
      clock: new WallClock(),
      logStream,
      // The default sweep interval (60 s): while Redis is down the worker sweeps every second regardless.
      env: { REDIS_URL: redis.url, SWEEP_INTERVAL_SECONDS: '60', LOG_LEVEL: 'info' },
    });
    w = await demoWorld(t);
  }, 60_000);
  afterAll(async () => {
    // Shutting down waits on Redis for a while: a failed test leaves it down, so start it again first.
    if (redis && !redis.child.running) redis = await RedisServer.start(redis.port);
    await t?.close();
    await redis?.stop();
  });

  it(
    `every one of ${CASES * 5} steps due during the outage fires once, p99 lateness within 5 s (sweep interval 60 s, every second while Redis is down); intake answers within 2 s; readiness is down, liveness up; the log says down and up once per client`,
    async () => {
      for (let i = 0; i < CASES; i += 10) await Promise.all(Array.from({ length: 10 }, () => receiveCase(t, w)));
      // A new plan version whose steps come due over the outage (the jobs in Redis are of the old version).
      const outageStart = Date.now() + 1_000;
      await t.db.transaction(async (m) => {
        await m.query(`UPDATE deadline_timer SET version = version + 1`);
        await m.query(
          `UPDATE deadline_step SET version = version + 1,
                  fire_at = to_timestamp($1 / 1000.0) + random() * ($2 - 3000) * interval '1 millisecond' + interval '1 second'`,
          [outageStart, OUTAGE_MS],
        );
      });
      const steps = async (where: string) => ((await t.db.query(`SELECT count(*)::int AS n FROM deadline_step WHERE ${where}`)) as Array<{ n: number }>)[0]!.n;
      expect(await steps('fired_at IS NULL')).toBe(CASES * 5);

      const stderr = process.stderr.write.bind(process.stderr);
      const spies = [
        jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
          rawStderr.push(String(chunk));
          return stderr(chunk, ...(rest as []));
        }),
        jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void rawStderr.push(args.map(String).join(' '))),
        jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void rawStderr.push(args.map(String).join(' '))),
      ];
      let upAt: Date | undefined;
      try {
        await new Promise((r) => setTimeout(r, Math.max(0, outageStart - Date.now())));
        await redis.stop();
        const downAt = Date.now();

        // Intake and reading during the outage: answered without waiting on Redis.
        const within2s = async (what: string, request: () => Promise<{ status: number }>) => {
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), 2_000)));
          const status = await Promise.race([request().then((r) => r.status), late]);
          clearTimeout(timer);
          return { what, status };
        };
        for (let i = 0; i < 3; i++) {
          expect(await within2s('POST /api/v1/cases', () => receiveCase(t, w).then(() => ({ status: 201 })))).toEqual({ what: 'POST /api/v1/cases', status: 201 });
          expect(await within2s('GET /api/v1/alerts', () => t.get('/api/v1/alerts', { token: w.tokens.head01 }))).toEqual({ what: 'GET /api/v1/alerts', status: 200 });
          await new Promise((r) => setTimeout(r, 2_000));
        }
        const ready = await t.get('/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.checks).toMatchObject({ details: { postgres: { status: 'up' }, redis: { status: 'down' } } });
        expect((await t.get('/health/live')).status).toBe(200);

        await waitFor('every step fired', async () => ((await steps('fired_at IS NULL AND fire_at < now()')) === 0 && Date.now() - downAt >= OUTAGE_MS ? true : undefined), 40_000, 250);
        expect(await steps('version = 2 AND fired_at IS NULL')).toBe(0);
        redis = await RedisServer.start(redis.port);
        upAt = new Date();
        await waitFor('readiness back up', async () => ((await t.get('/health/ready')).status === 200 ? true : undefined), 15_000, 250);
        // Every client has reconnected (the workers' and queues' retry waits are at most 2 s).
        await new Promise((r) => setTimeout(r, 3_000));
      } finally {
        for (const spy of spies) spy.mockRestore();
      }

      // Lateness from the record: fired_at - fire_at, over every step of the outage.
      const [lateness] = (await t.db.query(
        `SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - fire_at)) AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM fired_at - fire_at)) AS p99,
                max(extract(epoch FROM fired_at - fire_at)) AS max
           FROM deadline_step WHERE version = 2`,
      )) as Array<{ n: number; p50: number; p99: number; max: number }>;
      console.info(`${lateness!.n} steps fired during the outage: lateness p50 ${Number(lateness!.p50).toFixed(2)} s, p99 ${Number(lateness!.p99).toFixed(2)} s, max ${Number(lateness!.max).toFixed(2)} s`);
      expect(lateness!.n).toBe(CASES * 5);
      expect(Number(lateness!.p99)).toBeLessThanOrEqual(5);
      // None missed, none doubled: one escalation per step.
      expect(
        await t.db.query(
          `SELECT s.subject_id, s.step FROM deadline_step s LEFT JOIN escalation e ON e.subject_id = s.subject_id AND e.step = s.step
            WHERE s.version = 2 GROUP BY 1, 2 HAVING count(e.id) <> 1`,
        ),
      ).toEqual([]);

      // The alerts written while Redis was down reach the streams once it is back, from their rows.
      const [held] = (await t.db.query(`SELECT count(*)::int AS n FROM alert WHERE created_at >= $1 AND created_at < $2`, [new Date(outageStart), upAt ?? new Date()])) as Array<{ n: number }>;
      expect(held!.n).toBeGreaterThanOrEqual(CASES * 5);
      expect(records.filter((r) => r.msg === 'alerts held while Redis was down are streamed').map((r) => r.alerts)).toEqual([held!.n]);

      // One "down" and one "up" record per client, through the JSON log; nothing raw on stderr.
      const states = records.filter((r) => r.redis === 'down' || r.redis === 'up');
      const perClient = new Map<string, string[]>();
      for (const r of states) perClient.set(r.client!, [...(perClient.get(r.client!) ?? []), r.redis!]);
      expect([...perClient.keys()]).toEqual(expect.arrayContaining(['shared', 'alert-subscriber', 'queue deadlines', 'worker deadlines']));
      for (const [client, seen] of perClient) expect({ client, seen }).toEqual({ client, seen: ['down', 'up'] });
      expect(rawStderr.filter((l) => /ioredis|Unhandled error|ECONNREFUSED/.test(l))).toEqual([]);
    },
    150_000,
  );
});

describeWithRedisServer('shutting down while Redis is down', () => {
  it('the app closes within 20 s (no wait for a Redis that does not answer)', async () => {
    const redis = await RedisServer.start();
    const t = await TestApp.start({ queueBackend: 'redis', env: { REDIS_URL: redis.url, SWEEP_INTERVAL_SECONDS: '60' } });
    let closed = false;
    try {
      await new Promise((r) => setTimeout(r, 2_000)); // the workers are waiting for jobs
      await redis.stop();
      await new Promise((r) => setTimeout(r, 3_000)); // every client is between reconnection attempts
      const started = Date.now();
      await t.close();
      closed = true;
      const ms = Date.now() - started;
      console.info(`closed in ${ms} ms with Redis down`);
      expect(ms).toBeLessThan(20_000);
    } finally {
      if (!closed) await t.close().catch(() => undefined);
      await redis.stop();
    }
  }, 60_000);
});
