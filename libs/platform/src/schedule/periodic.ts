import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

export interface Periodic {
  /** Stops the interval and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `task` at once and then every `seconds` (never again when 0), one run at a time: a tick that
 * finds the previous run still going is skipped. A failure is logged, not thrown: the next run tries
 * again. The sweeps and watches of the worker role use it.
 */
export function runPeriodically(seconds: number, task: () => Promise<unknown>, logger: Logger, name: string): Periodic {
  let busy = false;
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    if (busy) return;
    busy = true;
    running = task()
      .catch((err: unknown) => logger.error({ err }, `${name} failed`))
      .finally(() => {
        busy = false;
      });
  };
  run();
  // Unref'd: a schedule alone never keeps a process alive (the worker's connections do).
  const interval = seconds > 0 ? setInterval(run, seconds * 1000).unref() : undefined;
  return {
    async stop() {
      clearInterval(interval);
      await running;
    },
  };
}

/**
 * A provider that runs `task` on an instance of `target` at start-up and every SWEEP_INTERVAL_SECONDS,
 * until shutdown. The worker role's watches are each `PeriodicTask(TheWatch, 'name', (w) => w.check())`.
 */
export function PeriodicTask<T>(target: Type<T>, name: string, task: (target: T, logger: Logger) => Promise<unknown>): Type<unknown> {
  @Injectable()
  class Schedule implements OnApplicationBootstrap, OnApplicationShutdown {
    private readonly logger = new Logger(target.name);
    private periodic: Periodic | undefined;

    constructor(
      @Inject(target) private readonly instance: T,
      @Inject(AppConfig) private readonly config: AppConfig,
    ) {}

    onApplicationBootstrap(): void {
      this.periodic = runPeriodically(this.config.SWEEP_INTERVAL_SECONDS, () => task(this.instance, this.logger), this.logger, name);
    }

    async onApplicationShutdown(): Promise<void> {
      await this.periodic?.stop();
    }
  }
  Object.defineProperty(Schedule, 'name', { value: `${target.name}Schedule` });
  return Schedule;
}
