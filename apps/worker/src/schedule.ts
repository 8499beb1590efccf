import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TimerSweep } from '@app/deadlines';
import { TransferWatch } from '@app/enquiries';
import { WindowWatch } from '@app/organization';
import { AppConfig, AUDIT_SEAL_JOB, AuditSealer, IdempotencyService, Metrics, PeriodicJobs } from '@app/platform';
import { RejectionWatch } from '@app/rejections';
import { FiguresRollup } from '@app/reports';

/** How often the timer sweep runs while Redis is down (no job fires then: the sweep is the clock). */
const SWEEP_WHILE_REDIS_DOWN_MS = 1_000;

/**
 * The worker's periodic work, each job at start-up and every SWEEP_INTERVAL_SECONDS on one replica at a
 * time: the timer sweep (the safety net under the Redis timers), the watches of the rules that no event
 * reveals (推诿, 窗口无人, 否定未报备), the daily rollup of the efficiency figures, and forgetting idempotency
 * keys older than a day; and the audit sealer, every AUDIT_SEAL_INTERVAL_MS. While Redis is down the timer
 * sweep also runs every second, so that steps fire on time without their jobs.
 */
@Injectable()
export class WorkerSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkerSchedule.name);

  constructor(
    private readonly periodic: PeriodicJobs,
    private readonly sweep: TimerSweep,
    private readonly transfers: TransferWatch,
    private readonly windows: WindowWatch,
    private readonly refusals: RejectionWatch,
    private readonly rollup: FiguresRollup,
    private readonly metrics: Metrics,
    private readonly sealer: AuditSealer,
    private readonly config: AppConfig,
    private readonly idempotency: IdempotencyService,
  ) {}

  onApplicationBootstrap(): void {
    // Chains what writers appended without a lock, within a second of their commit, and signs checkpoints.
    this.periodic.every(AUDIT_SEAL_JOB, () => this.sealer.seal(), { intervalMs: this.config.AUDIT_SEAL_INTERVAL_MS, logRuns: false });
    this.periodic.every(
      'timer-sweep',
      async () => {
        const done = this.metrics.sweepDuration.startTimer();
        const result = await this.sweep.sweep();
        done();
        this.metrics.sweepRepaired.inc({ what: 'fired' }, result.fired);
        this.metrics.sweepRepaired.inc({ what: 'added' }, result.added);
        if (result.rebuilt) this.metrics.sweepRepaired.inc({ what: 'rebuilt' });
        if (result.fired > 0 || result.rebuilt) this.logger.log(result, 'timer sweep');
      },
      { sooner: { when: () => this.sweep.redisDown, everyMs: SWEEP_WHILE_REDIS_DOWN_MS } },
    );
    this.periodic.every('transfer-watch', async () => {
      const recorded = await this.transfers.check();
      if (recorded > 0) this.logger.warn({ recorded }, 'transfers not acknowledged in time');
    });
    this.periodic.every('window-watch', async () => {
      const recorded = await this.windows.check();
      if (recorded > 0) this.logger.warn({ recorded }, 'unattended service windows');
    });
    this.periodic.every('rejection-watch', async () => {
      const recorded = await this.refusals.check();
      if (recorded > 0) this.logger.warn({ recorded }, 'refusals at the window not filed');
    });
    // Catches the rollup up (a no-op once yesterday is in).
    this.periodic.every('figures-rollup', async () => {
      const first = await this.rollup.firstDay();
      if (!first) return;
      const days = await this.rollup.catchUp(first);
      if (days.length > 0) this.logger.log({ days: days.length, last: days[days.length - 1] }, 'efficiency figures rolled up');
    });
    this.periodic.every('idempotency-retention', async () => {
      const forgotten = await this.idempotency.forgetExpired();
      if (forgotten > 0) this.logger.log({ forgotten }, 'idempotency keys older than a day forgotten');
    });
  }
}
