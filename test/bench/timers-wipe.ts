import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TimerSweep } from '@app/deadlines';
import { createHttpApp, loadConfig, migrateDatabase, QueueName } from '@app/platform';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { seedDemo } from '../../apps/api/src/demo-data.js';
import { migrations } from '../../apps/api/src/schema.js';
import { redisCpu, redisVersion, startRedis, stopRedis, usedMemory } from './timer-store.js';
import { freePort, mb, secs, waitFor } from './timers.js';

/**
 * A Redis wipe with many open cases (DESIGN.md section 4), on a database and a redis-server of its own:
 * BENCH_WIPE_CASES (300,000) accepted cases, five pending steps each spread over the next 32 days, seeded
 * with set-based SQL. The horizon is filled (a first rebuild, for the memory per step inside it), Redis is
 * wiped, and TimerSweep.sweep() rebuilds it: how long until every step due in the next hour has its job
 * again (the jobs' own `timestamp`, set when BullMQ added them), how long the whole rebuild takes, and,
 * by SQL against the job ids in Redis, that no step inside the horizon is missing or doubled and none
 * beyond it has a job.
 */
const CASES = Number(process.env.BENCH_WIPE_CASES ?? 300_000);
const SEED_BATCH = 50_000;
const HORIZON_MINUTES = process.env.TIMER_HORIZON_MINUTES ?? '1440';
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOUR = 3_600_000;

export async function timerWipeBench(): Promise<void> {
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `sw_bench_${suffix}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const port = await freePort();
  const redisUrl = `redis://127.0.0.1:${port}`;
  const prefix = `bench_${suffix}`;
  const marker = `${prefix}:deadlines:timers-built`;
  const delayedKey = `${prefix}:${QueueName.Deadlines}:delayed`;

  console.log(`\nTimers after a Redis wipe: ${CASES} open cases, TIMER_HORIZON_MINUTES ${HORIZON_MINUTES}, own redis-server on port ${port}, database ${database}`);
  const redisProcess = await startRedis(port);
  const redis = new Redis(redisUrl);
  let app: NestFastifyApplication | undefined;
  let pool: pg.Pool | undefined;
  try {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_SECONDS: '0', // the start-up sweep only: the bench calls sweep() itself
      TIMER_HORIZON_MINUTES: HORIZON_MINUTES,
    });
    await migrateDatabase(config.DATABASE_URL, migrations);
    app = await createHttpApp(config, 'test', [ApiModule, WorkerModule]);
    await app.init();
    const demo = await seedDemo(app);
    await waitFor(async () => (await redis.exists(marker)) === 1, 30_000, 'the start-up sweep to set its marker');
    pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 });
    pool.on('error', () => undefined); // idle clients cut off when the bench database is dropped

    let started = performance.now();
    for (let from = 0; from < CASES; from += SEED_BATCH) await seed(pool, demo, from, Math.min(SEED_BATCH, CASES - from));
    await pool.query('ANALYZE service_case, deadline_timer, deadline_step');
    console.log(`  seeded ${CASES} accepted cases, ${CASES * 5} pending steps (set-based INSERT … SELECT generate_series) in ${secs(started)} s`);

    const sweep = app.get(TimerSweep);
    const horizonMs = config.TIMER_HORIZON_MINUTES * 60_000;
    // The steady state: every step inside the horizon has its job (what the sweeps would have built up).
    await redis.flushall();
    const usedEmpty = await usedMemory(redis);
    await sweep.sweep();
    const usedFull = await usedMemory(redis);
    const inRedis = await redis.zcard(delayedKey);
    const keyBytes = async (key: string) => Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
    // BullMQ's events stream is capped (about 10,000 entries): a fixed cost, not one per step.
    const eventsBytes = await keyBytes(`${prefix}:${QueueName.Deadlines}:events`);
    const sampleId = (await redis.zrange(delayedKey, 0, 0))[0];
    const hashBytes = sampleId ? await keyBytes(`${prefix}:${QueueName.Deadlines}:${sampleId}`) : 0;

    // The wipe, and the recovery measured.
    await redis.flushall();
    const wipedAt = Date.now();
    const cpuBefore = { node: process.cpuUsage(), redis: await redisCpu(redis) };
    started = performance.now();
    const result = await sweep.sweep();
    const sweepSeconds = (performance.now() - started) / 1000;
    const nodeCpu = process.cpuUsage(cpuBefore.node);
    const redisCpuSeconds = (await redisCpu(redis)) - cpuBefore.redis;

    // What should be there, by SQL as of the sweep's clock (the edge in its marker less the horizon).
    const now = new Date(Date.parse((await redis.get(marker)) ?? '') - horizonMs);
    const jobIds = await redis.zrange(delayedKey, 0, -1);
    const check = await compare(pool, jobIds, now, horizonMs);
    const nextHour = check.nextHour;
    const added = await jobTimestamps(redis, prefix, nextHour);
    const lastNextHour = added.length > 0 ? Math.max(...added.filter((a) => a !== null)) - wipedAt : NaN;

    console.log(`  steady state: ${inRedis} delayed jobs (the steps inside the horizon) of ${CASES * 5} pending steps; Redis used_memory ${mb(usedEmpty)} -> ${mb(usedFull)}`);
    console.log(`     => ${((usedFull - usedEmpty - eventsBytes) / Math.max(1, inRedis)).toFixed(0)} bytes per step inside the horizon ` +
      `(one job hash ${hashBytes} bytes, the rest its delayed-set entry), plus the capped events stream ${mb(eventsBytes)} ` +
      `(${((usedFull - usedEmpty) / Math.max(1, inRedis)).toFixed(0)} bytes per step with it); ` +
      `the ${CASES * 5 - inRedis} steps beyond it have no job: 0 bytes (redis ${await redisVersion(redis)})`);
    console.log(`  after FLUSHALL, sweep() took ${sweepSeconds.toFixed(2)} s: added ${result.added}, rebuilt ${result.rebuilt} => ${(result.added / sweepSeconds).toFixed(0)} jobs/s`);
    console.log(`     the ${nextHour.length} steps due in the next hour all had their job again ${(lastNextHour / 1000).toFixed(2)} s after the wipe` +
      ` (${added.filter((a) => a === null).length} without a job)`);
    console.log(`     by SQL: ${check.expected} pending steps inside the horizon, ${jobIds.length} jobs in Redis; missing ${check.missing}, ` +
      `doubled ${check.doubled}, beyond the horizon or not pending ${check.extra}; marker set again: ${(await redis.exists(marker)) === 1}`);
    console.log(`     CPU during sweep(): node ${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s, redis-server ${redisCpuSeconds.toFixed(1)} s, ` +
      `over ${sweepSeconds.toFixed(1)} s wall on ${availableParallelism()} cores`);
  } catch (e) {
    console.error('timer wipe bench failed:', e);
    process.exitCode = 1;
  } finally {
    await app?.close().catch((e: unknown) => console.error('closing the app:', e));
    await pool?.end().catch(() => undefined);
    redis.disconnect();
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await stopRedis(redisProcess);
  }
}

/**
 * Cases `from`..`from+count-1`, accepted now, with a ladder spread over the next 32 days: the warning
 * between 15 minutes (none comes due while the bench runs) and 30 days from now, the due time 1 to 49 hours after it, the office head's rung at
 * the due time, the leader's a day and the inspector's two days after.
 */
async function seed(pool: pg.Pool, demo: { unitId: string; offices: { registration: string }; staff: Record<string, string> }, from: number, count: number) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE bench_case ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, 'WIPE-' || lpad(n::text, 9, '0') AS receipt_no, w.warning_at, w.warning_at + (1 + random() * 48) * interval '1 hour' AS due_at
           FROM generate_series($1::int, $2::int) AS n,
                LATERAL (SELECT now() + interval '15 minutes' + random() * interval '30 days' + n * interval '0 second' AS warning_at) AS w`,
      [from, from + count - 1],
    );
    await client.query(
      `INSERT INTO service_case (id, unit_id, service_item_code, office_id, applicant_name, applicant_phone, status, handler_id,
         created_by, created_at, materials, receipt_no, accepted_at, accepted_by, promised_at)
       SELECT c.id, $1, 'DEMO-001', $2, '张三', '13800138000', 'accepted', $3, $4, now(), '[]'::jsonb, c.receipt_no, now(), $4, c.due_at FROM bench_case c`,
      [demo.unitId, demo.offices.registration, demo.staff.handler01, demo.staff.clerk01],
    );
    await client.query(
      `INSERT INTO deadline_timer (kind, subject_id, unit_id, office_id, assignee_id, started_at, due_at, provisional, state, version)
       SELECT 'case', c.id, $1, $2, $3, now(), c.due_at, false, 'running', 1 FROM bench_case c`,
      [demo.unitId, demo.offices.registration, demo.staff.handler01],
    );
    await client.query(
      `INSERT INTO deadline_step (subject_id, step, fire_at, version)
       SELECT c.id, s.step, s.fire_at, 1 FROM bench_case c,
              LATERAL (VALUES ('warning', c.warning_at), ('due', c.due_at), ('overdue_office_head', c.due_at),
                              ('overdue_leader', c.due_at + interval '1 day'), ('overdue_inspector', c.due_at + interval '2 days')) AS s(step, fire_at)`,
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** The job ids in Redis against the pending steps in PostgreSQL, by SQL. */
async function compare(pool: pg.Pool, jobIds: string[], now: Date, horizonMs: number) {
  const client = await pool.connect();
  try {
    await client.query('CREATE TEMP TABLE redis_job (id text PRIMARY KEY)');
    for (let i = 0; i < jobIds.length; i += 50_000) await client.query('INSERT INTO redis_job SELECT unnest($1::text[])', [jobIds.slice(i, i + 50_000)]);
    const pendingSql = `SELECT s.subject_id::text || '-' || s.step || '-v' || s.version AS id, s.subject_id, s.step, s.fire_at
         FROM deadline_step s JOIN deadline_timer t ON t.subject_id = s.subject_id
        WHERE s.fired_at IS NULL AND s.version = t.version AND t.state = 'running'`;
    const edge = new Date(now.getTime() + horizonMs);
    const [row] = (
      await client.query<{ expected: number; missing: number; extra: number; doubled: number }>(
        `WITH pending AS (${pendingSql}), inside AS (SELECT * FROM pending WHERE fire_at < $1)
         SELECT (SELECT count(*)::int FROM inside) AS expected,
                (SELECT count(*)::int FROM inside i WHERE NOT EXISTS (SELECT 1 FROM redis_job r WHERE r.id = i.id)) AS missing,
                (SELECT count(*)::int FROM redis_job r WHERE NOT EXISTS (SELECT 1 FROM inside i WHERE i.id = r.id)) AS extra,
                (SELECT count(*)::int FROM (SELECT 1 FROM redis_job r GROUP BY regexp_replace(r.id, '-v[0-9]+$', '') HAVING count(*) > 1) d) AS doubled`,
        [edge],
      )
    ).rows;
    const nextHour = (await client.query<{ id: string }>(`SELECT id FROM (${pendingSql}) p WHERE fire_at < $1`, [new Date(now.getTime() + HOUR)])).rows.map((r) => r.id);
    await client.query('DROP TABLE redis_job');
    return { ...row!, nextHour };
  } finally {
    client.release();
  }
}

/** When BullMQ added each job (its hash's `timestamp`), null for a job that is not there. */
async function jobTimestamps(redis: Redis, prefix: string, ids: string[]): Promise<Array<number | null>> {
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.hget(`${prefix}:${QueueName.Deadlines}:${id}`, 'timestamp');
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([, v]) => (v === null || v === undefined ? null : Number(v)));
}
