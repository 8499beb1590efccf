import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { closeWithin } from '../redis/close-within.js';
import { watchRedisState } from '../redis/redis-state.js';
import { JOB_HANDLER } from './job-handler.decorator.js';
import { FINISHED_JOBS_KEPT } from './job-queues.service.js';
import { newWorker } from './queue-backend.js';
import { JobName, QueueName, QUEUE_OF_JOB } from './jobs.js';

type Handler = (data: unknown, jobId: string) => Promise<unknown>;

/** Finds every job handler, refuses to start if one is missing or doubled, and consumes the queues. */
export function buildJobRegistry(found: Array<[JobName, Handler]>): Map<JobName, Handler> {
  const registry = new Map<JobName, Handler>();
  const problems: string[] = [];
  for (const [name, handler] of found) {
    if (registry.has(name)) problems.push(`job ${name} has more than one handler`);
    registry.set(name, handler);
  }
  for (const name of Object.values(JobName)) {
    if (!registry.has(name)) problems.push(`job ${name} has no handler`);
  }
  if (problems.length > 0) throw new Error(`Job registry is inconsistent: ${problems.join('; ')}`);
  return registry;
}

@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly workers: Worker[] = [];
  private closing = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const found: Array<[JobName, Handler]> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, instance[method] as Handler);
        if (name) found.push([name, (instance[method] as Handler).bind(instance)]);
      }
    }
    const registry = buildJobRegistry(found);
    for (const queue of new Set(Object.values(QUEUE_OF_JOB))) this.consume(queue, registry);
  }

  private consume(queue: QueueName, registry: Map<JobName, Handler>): void {
    const worker = newWorker(this.config, queue, (job: Job) => this.dispatch(registry, job), { concurrency: 8, ...FINISHED_JOBS_KEPT }, () => this.closing);
    worker.on('failed', (job, err) => this.logger.error({ err, jobId: job?.id, job: job?.name }, 'job failed'));
    // Connection errors are logged once per outage; others as they come.
    watchRedisState(worker.getBackend(), `worker ${queue}`, this.logger, worker);
    this.workers.push(worker);
  }

  private async dispatch(registry: Map<JobName, Handler>, job: Job): Promise<unknown> {
    const handler = registry.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return handler(job.data, job.id ?? '');
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    // Let running jobs finish for a while, then stop waiting (an unreachable Redis would hang forever).
    await Promise.all(this.workers.map((w) => closeWithin(w.close(), () => w.disconnect())));
  }
}
