import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { closeWithin } from '../redis/close-within.js';
import { watchRedisState } from '../redis/redis-state.js';
import { newQueue } from './queue-backend.js';
import { QueueName, QUEUE_OF_JOB, type JobName, type JobPayloads } from './jobs.js';

/**
 * Finished jobs kept in the queue, for the queue board and the benchmark: a worker setting, so that a job
 * does not carry it (a delayed job costs Redis memory for as long as it waits).
 */
export const FINISHED_JOBS_KEPT = { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 } } as const;

/** Adds typed jobs, on Redis or PostgreSQL (queue-backend.ts). Job ids must not contain ':' (DESIGN.md section 4). */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly logger = new Logger(JobQueues.name);
  private readonly queues = new Map<QueueName, Queue>();
  private closing = false;

  constructor(private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = newQueue(this.config, name, () => this.closing);
      watchRedisState(queue.getBackend(), `queue ${name}`, this.logger, queue);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** How many finished jobs are kept is the workers' setting (FINISHED_JOBS_KEPT), not stored in every job. */
  async add<N extends JobName>(name: N, data: JobPayloads[N], options: JobsOptions = {}) {
    return this.queue(QUEUE_OF_JOB[name]).add(name, data, options);
  }

  /** Many jobs in one round trip per queue (a job whose id exists is left as it is). */
  async addBulk<N extends JobName>(jobs: Array<{ name: N; data: JobPayloads[N]; opts: JobsOptions }>): Promise<void> {
    const byQueue = new Map<QueueName, typeof jobs>();
    for (const job of jobs) {
      const queue = QUEUE_OF_JOB[job.name];
      if (!byQueue.has(queue)) byQueue.set(queue, []);
      byQueue.get(queue)!.push(job);
    }
    for (const [queue, batch] of byQueue) {
      await this.queue(queue).addBulk(batch.map((j) => ({ name: j.name, data: j.data, opts: j.opts })));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.queues.values()].map((q) => closeWithin(q.close(), () => q.disconnect())));
  }
}
