import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { withTryAdvisoryLock } from '../database/advisory-lock.js';

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
   * Runs `task` now and every interval; the name is the lock's and the scheduler registry's. `sooner`:
   * also every `everyMs` while `when()` holds (the timer sweep while Redis is down), under the same lock.
   */
  every(name: string, task: () => Promise<unknown>, sooner?: { when: () => boolean; everyMs: number }): void {
    const tick = () => void this.runOnce(name, task);
    tick();
    const seconds = this.config.SWEEP_INTERVAL_SECONDS;
    if (seconds === 0) return;
    // Unref'd: a schedule alone never keeps a process alive (the worker's connections do).
    this.registry.addInterval(name, setInterval(tick, seconds * 1000).unref());
    if (sooner && sooner.everyMs < seconds * 1000) {
      this.registry.addInterval(`${name}-sooner`, setInterval(() => sooner.when() && tick(), sooner.everyMs).unref());
    }
  }

  /** One run of a job, unless this process or another replica is running it: true when it ran. */
  async runOnce(name: string, task: () => Promise<unknown>): Promise<boolean> {
    if (this.running.has(name)) return false;
    const run = withTryAdvisoryLock(this.db, `periodic:${name}`, task)
      .then((r) => r.locked)
      .catch((err: unknown) => {
        this.logger.error({ err }, `${name} failed`);
        return true;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  async onApplicationShutdown(): Promise<void> {
    // @nestjs/schedule clears the intervals; a run in progress is waited for.
    await Promise.all(this.running.values());
  }
}
