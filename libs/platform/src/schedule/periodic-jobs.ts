import { hostname } from 'node:os';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { withTryAdvisoryLock } from '../database/advisory-lock.js';
import { readRows, rowMapper } from '../database/rows.js';

const runRow = rowMapper('periodic_run', { id: 'text' });
/** This replica, as the run log names it. */
const PROCESS = `${hostname()}:${process.pid}`;

/**
 * Periodic work of the worker role on @nestjs/schedule: each job runs at start-up and then every
 * SWEEP_INTERVAL_SECONDS (0: at start-up only), under a PostgreSQL advisory lock named after it so that
 * one replica runs it at a time, and a tick that finds the last run still going is skipped. A failure
 * is logged, not thrown: the next tick tries again.
 */
@Injectable()
export class PeriodicJobs implements OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicJobs.name);
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly registry: SchedulerRegistry,
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Runs `task` now and every interval (SWEEP_INTERVAL_SECONDS unless `intervalMs`; 0: at start-up only); the
   * name is the lock's and the scheduler registry's. `sooner`: also every `everyMs` while `when()` holds (the
   * timer sweep while Redis is down), under the same lock. `logRuns: false` keeps a job that runs several
   * times a second (the audit sealer) out of the run log.
   */
  every(
    name: string,
    task: () => Promise<unknown>,
    options: { intervalMs?: number; sooner?: { when: () => boolean; everyMs: number }; logRuns?: boolean } = {},
  ): void {
    const tick = () => void this.runOnce(name, task, options.logRuns ?? true);
    tick();
    const intervalMs = options.intervalMs ?? this.config.SWEEP_INTERVAL_SECONDS * 1000;
    if (intervalMs <= 0) return;
    // Unref'd: a schedule alone never keeps a process alive (the worker's connections do).
    this.registry.addInterval(name, setInterval(tick, intervalMs).unref());
    const sooner = options.sooner;
    if (sooner && sooner.everyMs < intervalMs) {
      this.registry.addInterval(`${name}-sooner`, setInterval(() => sooner.when() && tick(), sooner.everyMs).unref());
    }
  }

  /** One run of a job, unless this process or another replica is running it: true when it ran. */
  async runOnce(name: string, task: () => Promise<unknown>, logRuns = true): Promise<boolean> {
    if (this.running.has(name)) return false;
    const run = withTryAdvisoryLock(this.db, `periodic:${name}`, logRuns ? () => this.logged(name, task) : task)
      .then((r) => r.locked)
      .catch((err: unknown) => {
        this.logger.error({ err }, `${name} failed`);
        return true;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  /** Runs the task (the lock held) between two rows of the run log; a week of history is kept. */
  private async logged(name: string, task: () => Promise<unknown>): Promise<unknown> {
    const [run] = readRows(
      runRow,
      await this.db.query(
        `WITH pruned AS (DELETE FROM periodic_run WHERE job = $1 AND started_at < clock_timestamp() - interval '7 days')
         INSERT INTO periodic_run (job, process) VALUES ($1, $2) RETURNING id`,
        [name, PROCESS],
      ),
    );
    let failed = true;
    try {
      const value = await task();
      failed = false;
      return value;
    } finally {
      await this.db.query('UPDATE periodic_run SET finished_at = clock_timestamp(), failed = $2 WHERE id = $1', [run!.id, failed]);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    // @nestjs/schedule clears the intervals; a run in progress is waited for.
    await Promise.all(this.running.values());
  }
}
