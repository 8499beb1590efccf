import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { readRows, rowMapper } from '../database/rows.js';
import type { ProcessRole } from '../platform.module.js';
import { JobQueues } from '../queue/job-queues.service.js';
import { QueueName } from '../queue/jobs.js';
import { AdminMetricsController, InternalMetricsController } from './metrics.controller.js';
import { Metrics } from './metrics.js';

const QUEUE_READ_TIMEOUT_MS = 1000;
const JOB_STATES = ['waiting', 'delayed', 'active', 'failed'] as const;

/** Redis down must not hang a scrape: the queue's figures are then missing, the rest is served. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  const timeout = new Promise<T>((_, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref();
  });
  return Promise.race([work, timeout]);
}

const ROLE = Symbol('METRICS_ROLE');
const countRow = rowMapper('audit_log', { n: 'int' });

/**
 * Queue depth, failed jobs and the audit trail's unsealed tail as gauges, and, on the api with METRICS_PORT set, a plain /metrics on that
 * internal port for a scraper that holds no token.
 */
@Injectable()
class MetricsWiring implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly queues: JobQueues,
    private readonly config: AppConfig,
    @Inject(ROLE) private readonly role: ProcessRole,
    @InjectDataSource() db: DataSource,
  ) {
    metrics.gauge('sw_audit_unsealed', 'Audit entries appended but not yet chained by the sealer (normally sealed within a second)', [], async () =>
      readRows(countRow, await db.query('SELECT count(*)::int AS n FROM audit_log WHERE hash IS NULL')).map((r) => ({ value: r.n })),
    );
    metrics.gauge('sw_queue_jobs', 'BullMQ jobs by queue and state', ['queue', 'state'], async () => {
      const values: Array<{ labels: Record<string, string>; value: number }> = [];
      for (const queue of Object.values(QueueName)) {
        const counts = await within(QUEUE_READ_TIMEOUT_MS, this.queues.queue(queue).getJobCounts(...JOB_STATES));
        for (const state of JOB_STATES) values.push({ labels: { queue, state }, value: counts[state] ?? 0 });
      }
      return values;
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.METRICS_PORT;
    if (this.role !== 'api' || port === undefined) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.metrics.text().then(
        (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => this.server!.once('error', reject).listen(port, '0.0.0.0', resolve));
    new Logger('Metrics').log(`Prometheus metrics on the internal port ${port} (/metrics, no token)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** /metrics for the process's role: admins on the api (or METRICS_PORT), anyone on the worker's internal port. */
@Module({})
export class MetricsHttpModule {
  static forRole(role: ProcessRole): DynamicModule {
    return {
      module: MetricsHttpModule,
      controllers: [role === 'worker' ? InternalMetricsController : AdminMetricsController],
      providers: [{ provide: ROLE, useValue: role }, MetricsWiring],
    };
  }
}
