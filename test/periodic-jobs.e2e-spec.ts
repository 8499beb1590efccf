import { SchedulerRegistry } from '@nestjs/schedule';
import { PeriodicJobs } from '@app/platform';
import pg from 'pg';
import { TestApp } from './support/test-app.js';

/** The worker's periodic work on @nestjs/schedule: one run at a time, in this process and across replicas. */
describe('periodic jobs', () => {
  let t: TestApp;
  let jobs: PeriodicJobs;

  beforeAll(async () => {
    t = await TestApp.start({ roles: ['worker'], env: { SWEEP_INTERVAL_SECONDS: '0', AUDIT_SEAL_INTERVAL_MS: '0' } });
    jobs = t.app.get(PeriodicJobs);
  });
  afterAll(() => t.close());

  /** A task that runs until released, counting its runs. */
  function gate() {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const runs = { n: 0 };
    return { runs, release, task: async () => void (runs.n++, await released) };
  }

  it('a tick that finds the last run of the same job still going is skipped', async () => {
    const g = gate();
    const first = jobs.runOnce('slow-job', g.task);
    await new Promise((r) => setTimeout(r, 50));
    expect(await jobs.runOnce('slow-job', g.task)).toBe(false);
    g.release();
    expect(await first).toBe(true);
    expect(g.runs.n).toBe(1);
    // Another job is not held up by it.
    expect(await jobs.runOnce('other-job', () => Promise.resolve())).toBe(true);
  });

  it('another replica holding the job’s advisory lock keeps this one from running it', async () => {
    const replica = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await replica.connect();
    try {
      await replica.query('SELECT pg_advisory_lock(hashtext($1))', ['periodic:locked-job']);
      let ran = false;
      expect(await jobs.runOnce('locked-job', () => Promise.resolve(void (ran = true)))).toBe(false);
      expect(ran).toBe(false);
      await replica.query('SELECT pg_advisory_unlock(hashtext($1))', ['periodic:locked-job']);
      expect(await jobs.runOnce('locked-job', () => Promise.resolve(void (ran = true)))).toBe(true);
      expect(ran).toBe(true);
    } finally {
      await replica.end();
    }
  });

  it('a failing run is logged, not thrown, and releases the lock for the next run', async () => {
    await expect(jobs.runOnce('failing-job', () => Promise.reject(new Error('boom')))).resolves.toBe(true);
    const [{ held }] = await t.db.query(`SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = hashtext('periodic:failing-job')::oid`);
    expect(held).toBe(0);
    let ran = false;
    expect(await jobs.runOnce('failing-job', () => Promise.resolve(void (ran = true)))).toBe(true);
    expect(ran).toBe(true);
  });

  it('the worker registers its jobs with the scheduler only when they repeat (SWEEP_INTERVAL_SECONDS, AUDIT_SEAL_INTERVAL_MS > 0)', async () => {
    expect(t.app.get(SchedulerRegistry).getIntervals()).toEqual([]);
    const repeating = await TestApp.start({ roles: ['worker'], env: { SWEEP_INTERVAL_SECONDS: '3600' } });
    try {
      expect(repeating.app.get(SchedulerRegistry).getIntervals().sort()).toEqual([
        'audit-seal',
        'figures-rollup',
        'idempotency-retention',
        'rejection-watch',
        'timer-sweep',
        'timer-sweep-sooner', // every second while Redis is down
        'transfer-watch',
        'window-watch',
      ]);
    } finally {
      await repeating.close();
    }
  });
});
