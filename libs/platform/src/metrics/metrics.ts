import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the audit trail's actions mean for `sw_created_total`: the records people ask "how many today?" of. */
const CREATED_BY_ACTION: Record<string, string> = {
  'enquiry.create': 'enquiry',
  'case.create': 'case',
  'notice.issue': 'notice',
  'rejection.file': 'refusal',
};

/** A gauge read at scrape time (from PostgreSQL or the queue): returns its value per label set. */
export type GaugeReader = () => Promise<Array<{ labels?: Record<string, string>; value: number }>>;

/**
 * The process's Prometheus series (prom-client), one registry per application so that tests running several
 * apps in one process keep theirs apart. Counters and histograms are per process (Prometheus sums the
 * replicas); gauges of shared state (pending steps, overdue cases, queue depth) are read from PostgreSQL or
 * Redis when scraped, so every replica reports the same figure (aggregate with max, not sum).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');

  readonly httpDuration = new Histogram({
    name: 'sw_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly created = new Counter({
    name: 'sw_created_total',
    help: 'Enquiries, cases, one-time notices and refusals recorded (counted as their audit entry is written)',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly stepsFired = new Counter({
    name: 'sw_steps_fired_total',
    help: 'Escalation ladder steps fired, by clock kind and step',
    labelNames: ['kind', 'step'],
    registers: [this.registry],
  });
  readonly firingLateness = new Histogram({
    name: 'sw_step_firing_lateness_seconds',
    help: 'How long after its planned time a step fired',
    labelNames: ['step'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });
  readonly sweepDuration = new Histogram({
    name: 'sw_sweep_duration_seconds',
    help: 'Duration of the timer sweep (the safety net under the Redis timers)',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly sweepRepaired = new Counter({
    name: 'sw_sweep_repaired_total',
    help: 'What the sweep repaired: steps it fired itself (their job was late or lost), jobs it re-added, rebuilds after a Redis wipe',
    labelNames: ['what'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sw_' });
  }

  /** An audited write: counts the records `sw_created_total` names. */
  recorded(action: string): void {
    const kind = CREATED_BY_ACTION[action];
    if (kind) this.created.inc({ kind });
  }

  /** Registers a gauge of shared state, read when /metrics is scraped; a failing read is logged and skipped. */
  gauge(name: string, help: string, labelNames: string[], read: GaugeReader): void {
    const logger = this.logger;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        try {
          const values = await read();
          this.reset();
          for (const v of values) {
            if (v.labels) this.set(v.labels, v.value);
            else this.set(v.value);
          }
        } catch (e) {
          logger.warn(`${name} could not be read: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
