import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { STEPS, type Step } from '@app/core';
import { DeadlinesService, type TimerJob } from '@app/deadlines';
import { createHttpApp, JobQueues, loadConfig, migrateDatabase, QueueName, type QueueBackend } from '@app/platform';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { seedDemo, type DemoSummary } from '../../apps/api/src/demo-data.js';
import { migrations } from '../../apps/api/src/schema.js';
import { benchQueueStore } from './timer-store.js';

/**
 * The deadline timers (DESIGN.md section 4) at volume, on a database of its own (sw_bench_*) and a
 * redis-server of its own on a free port (BENCH_QUEUE_BACKEND=redis, the default), or BullMQ's schema in
 * that database (BENCH_QUEUE_BACKEND=postgres), all removed afterwards:
 *  1. firing lateness of BullMQ delayed jobs with 100,000 pending steps (escalation.fired_at - fire_at),
 *  2. the queue store's memory per pending step (Redis INFO used_memory; the schema's relations' size).
 * Every pending step has its job here (added straight through addJobs, whatever TIMER_HORIZON_MINUTES): the
 * worst case for the delayed set. The recovery after a wipe is timers-wipe.ts (Redis).
 */
const BACKEND = (process.env.BENCH_QUEUE_BACKEND ?? 'redis') as QueueBackend;
const CASES = Number(process.env.BENCH_TIMER_CASES ?? 20_000);
const MEASURED = Number(process.env.BENCH_TIMER_MEASURED ?? 2_000);
const SPREAD_SECONDS = Number(process.env.BENCH_TIMER_SPREAD_SECONDS ?? 15);
/** Between adding the measured jobs and the first of them coming due. */
const LEAD_SECONDS = Number(process.env.BENCH_TIMER_LEAD_SECONDS ?? 2);
const ADD_CHUNK = Number(process.env.BENCH_TIMER_ADD_CHUNK ?? 5_000);
const INSERT_BATCH = 5_000; // cases per INSERT transaction
const SERVER = process.env.BENCH_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DAY = 86_400_000;

interface BenchCase {
  id: string;
  receiptNo: string;
  dueAt: Date;
  steps: Array<{ step: Step; fireAt: Date }>;
}

export async function timerBench(): Promise<void> {
  if (MEASURED > CASES) throw new Error('BENCH_TIMER_MEASURED must not exceed BENCH_TIMER_CASES');
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const database = `sw_bench_${suffix}`;
  const dbUrl = new URL(SERVER);
  dbUrl.pathname = `/${database}`;
  const prefix = `bench_${suffix}`;
  if (BACKEND !== 'redis' && BACKEND !== 'postgres') throw new Error('BENCH_QUEUE_BACKEND must be redis or postgres');
  const store = await benchQueueStore(BACKEND, await freePort());

  console.log(`\nDeadline timers on ${BACKEND}: ${store.where}, database ${database}`);
  let app: NestFastifyApplication | undefined;
  let pool: pg.Pool | undefined;
  try {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      ...store.env,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_SECONDS: '0', // sweep at start-up only: lateness is the BullMQ path
    });
    await migrateDatabase(config.DATABASE_URL, migrations);
    // The api's modules (to seed and add jobs) and the worker's (BullMQ consumer + sweep), real SystemClock.
    app = await createHttpApp(config, 'test', [ApiModule, WorkerModule]);
    await app.init();
    const demo = await seedDemo(app);
    pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 4 });
    pool.on('error', () => undefined); // idle clients cut off when the bench database is dropped
    store.attach(pool, config.DATABASE_URL, prefix);
    // The start-up sweep ran on an empty database: it sets the marker (no rebuild later in part 1).
    await waitFor(() => store.markerSet(), 30_000, 'the start-up sweep to set its marker');
    const deadlines = app.get(DeadlinesService);

    // ---- 1 and 2: 20,000 open cases, 100,000 pending steps, a measured subset firing soon ----
    let started = performance.now();
    const cases = makeCases(0, CASES);
    for (let i = 0; i < cases.length; i += INSERT_BATCH) await insertCases(pool, demo, cases.slice(i, i + INSERT_BATCH));
    await pool.query('ANALYZE service_case, deadline_timer, deadline_step');
    const steps = CASES * STEPS.length;
    console.log(`  inserted ${CASES} accepted cases with ${steps} pending steps in ${secs(started)} s`);

    // The measured steps: one per case for the first MEASURED cases, the five kinds in turn.
    const measured = cases.slice(0, MEASURED).map((c, i) => ({ subjectId: c.id, step: STEPS[i % STEPS.length]! }));
    const measuredKeys = new Set(measured.map((m) => `${m.subjectId}-${m.step}`));
    const farJobs: TimerJob[] = [];
    for (const c of cases) for (const s of c.steps) if (!measuredKeys.has(`${c.id}-${s.step}`)) farJobs.push({ subjectId: c.id, step: s.step, version: 1, fireAt: s.fireAt });

    const usedBefore = await store.usedBytes();
    started = performance.now();
    for (let i = 0; i < farJobs.length; i += ADD_CHUNK) await deadlines.addJobs(farJobs.slice(i, i + ADD_CHUNK));
    const farSeconds = (performance.now() - started) / 1000;

    // Now the measured ones: fire times spread over the next SPREAD_SECONDS, written to PostgreSQL first.
    const t0 = Date.now() + LEAD_SECONDS * 1000;
    const measuredJobs: TimerJob[] = measured.map((m) => ({ ...m, version: 1, fireAt: new Date(t0 + Math.random() * SPREAD_SECONDS * 1000) }));
    await pool.query(
      `UPDATE deadline_step d SET fire_at = m.fire_at FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS m(subject_id, step, fire_at)
        WHERE d.subject_id = m.subject_id AND d.step = m.step`,
      [measuredJobs.map((j) => j.subjectId), measuredJobs.map((j) => j.step), measuredJobs.map((j) => j.fireAt.toISOString())],
    );
    // Alerts are published after commit: when they arrive is when a connected user could see them.
    const seen = new Map<string, number>();
    await store.onAlerts((keys, at) => {
      for (const key of keys) if (!seen.has(key)) seen.set(key, at);
    });
    for (let i = 0; i < measuredJobs.length; i += ADD_CHUNK) await deadlines.addJobs(measuredJobs.slice(i, i + ADD_CHUNK));
    const usedAfter = await store.usedBytes();
    const delayedAfterAdd = await store.delayedCount();
    const addedAt = Date.now();

    // Wait for every measured step to fire (or give up a minute after the last one was due).
    const lastDue = t0 + SPREAD_SECONDS * 1000;
    const fired = async () => Number((await pool!.query<{ n: string }>('SELECT count(*) AS n FROM escalation')).rows[0]!.n);
    while (Date.now() < lastDue + 60_000 && (await fired()) < MEASURED) await sleep(250);
    await sleep(500); // the last alerts' publish
    const late = (
      await pool.query<{ subject_id: string; step: string; fire_at: Date; late_ms: number }>(
        `SELECT subject_id, step, fire_at, extract(epoch FROM fired_at - fire_at) * 1000 AS late_ms FROM escalation`,
      )
    ).rows;
    const unexpected = late.filter((r) => !measuredKeys.has(`${r.subject_id}-${r.step}`)).length;
    const lateMs = late.map((r) => Number(r.late_ms));
    const visibleMs = late.filter((r) => seen.has(`${r.subject_id}-${r.step}`)).map((r) => seen.get(`${r.subject_id}-${r.step}`)! - r.fire_at.getTime());
    const [firstFired, lastFired] = (
      await pool.query<{ first: Date; last: Date }>('SELECT min(fired_at) AS first, max(fired_at) AS last FROM escalation')
    ).rows.map((r) => [r.first, r.last])[0]!;

    // The queue's share: when BullMQ handed each job to the worker vs when it was due (removeOnComplete keeps the last 1000).
    const completed = await app.get(JobQueues).queue(QueueName.Deadlines).getCompleted(0, 999);
    const dueOf = new Map(measuredJobs.map((j) => [`${j.subjectId}-${j.step}-v${j.version}`, j.fireAt.getTime()]));
    const pickupMs = completed.filter((j) => j.processedOn && dueOf.has(j.id ?? '')).map((j) => j.processedOn! - dueOf.get(j.id!)!);
    const totalJobs = farJobs.length + measuredJobs.length;
    console.log(`\n  1. Firing lateness, ${totalJobs} pending steps in ${BACKEND}, ${MEASURED} of them due over ${SPREAD_SECONDS} s (worker concurrency 8, one unit)`);
    console.log(`     fired ${late.length}/${MEASURED}${unexpected ? ` (${unexpected} NOT in the measured set!)` : ''}` +
      (firstFired && lastFired ? `, between ${((firstFired.getTime() - t0) / 1000).toFixed(1)} s and ${((lastFired.getTime() - t0) / 1000).toFixed(1)} s after the first was due` : ''));
    console.log(`     escalation.fired_at - fire_at: ${stats(lateMs)}`);
    console.log(`     alert published (after commit) - fire_at: ${stats(visibleMs)} (${visibleMs.length} alerts received)`);
    console.log(`     BullMQ hand-over to the worker (processedOn - due), last ${pickupMs.length} jobs: ${stats(pickupMs)}`);
    console.log(`     (adding the ${farJobs.length} far-future jobs took ${farSeconds.toFixed(1)} s, ${(farJobs.length / farSeconds).toFixed(0)} jobs/s, in addJobs chunks of ${ADD_CHUNK}; ` +
      `last measured job added ${((t0 - addedAt) / 1000).toFixed(1)} s before the first was due)`);

    console.log(`\n  2. Queue store size per pending step (${BACKEND === 'redis' ? 'INFO memory used_memory' : "pg_total_relation_size of the schema's tables"}, ${await store.version()})`);
    console.log(`     before ${mb(usedBefore)}, after adding ${totalJobs} delayed jobs ${mb(usedAfter)} (delayed: ${delayedAfterAdd})`);
    console.log(`     => ${((usedAfter - usedBefore) / totalJobs).toFixed(0)} bytes per pending step`);

  } catch (e) {
    console.error('timer bench failed:', e);
    process.exitCode = 1;
  } finally {
    await app?.close().catch((e: unknown) => console.error('closing the app:', e));
    await pool?.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    await store.close();
  }
}

/** Open cases `from`..`from+count-1` with five steps each, far in the future (1 to 30 days, ms precision). */
function makeCases(from: number, count: number): BenchCase[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => {
    const warning = now + DAY + Math.random() * 29 * DAY;
    const dueAt = new Date(warning + Math.random() * DAY);
    const offsets = [warning - dueAt.getTime(), 0, 60_000 + Math.random() * 3_600_000, DAY, 2 * DAY];
    return {
      id: randomUUID(),
      receiptNo: `BENCH-${String(from + k).padStart(8, '0')}`,
      dueAt,
      steps: STEPS.map((step, i) => ({ step, fireAt: new Date(dueAt.getTime() + offsets[i]!) })),
    };
  });
}

/** Accepted cases (receipt and acceptance time set, as the CHECK wants), their timers and steps. */
async function insertCases(pool: pg.Pool, demo: DemoSummary, cases: BenchCase[]): Promise<void> {
  const client = await pool.connect();
  try {
    const now = new Date().toISOString();
    const ids = cases.map((c) => c.id);
    const due = cases.map((c) => c.dueAt.toISOString());
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO service_case (id, unit_id, service_item_code, office_id, applicant_name, applicant_phone, status, handler_id,
         created_by, created_at, materials, receipt_no, accepted_at, accepted_by, promised_at)
       SELECT c.id, $2, 'DEMO-001', $3, '张三', '13800138000', 'accepted', $4, $5, $6, '[]'::jsonb, c.receipt_no, $6, $5, c.due_at
         FROM unnest($1::uuid[], $7::text[], $8::timestamptz[]) AS c(id, receipt_no, due_at)`,
      [ids, demo.unitId, demo.offices.registration, demo.staff.handler01, demo.staff.clerk01, now, cases.map((c) => c.receiptNo), due],
    );
    await client.query(
      `INSERT INTO deadline_timer (kind, subject_id, unit_id, office_id, assignee_id, started_at, due_at, provisional, state, version)
       SELECT 'case', c.id, $2, $3, $4, $5, c.due_at, false, 'running', 1 FROM unnest($1::uuid[], $6::timestamptz[]) AS c(id, due_at)`,
      [ids, demo.unitId, demo.offices.registration, demo.staff.handler01, now, due],
    );
    const steps = cases.flatMap((c) => c.steps.map((s) => ({ caseId: c.id, ...s })));
    await client.query(
      `INSERT INTO deadline_step (subject_id, step, fire_at, version)
       SELECT s.subject_id, s.step, s.fire_at, 1 FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS s(subject_id, step, fire_at)`,
      [steps.map((s) => s.caseId), steps.map((s) => s.step), steps.map((s) => s.fireAt.toISOString())],
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function stats(values: number[]): string {
  if (values.length === 0) return 'no values';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return `p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms, min ${sorted[0]!.toFixed(0)} ms`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const secs = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
