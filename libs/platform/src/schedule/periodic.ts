import type { Logger } from '@nestjs/common';

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
