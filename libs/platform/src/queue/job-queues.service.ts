import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { AppConfig } from '../config/app-config.js';
import { QueueName, QUEUE_OF_JOB, type JobName, type JobPayloads } from './jobs.js';

export function bullConnection(config: AppConfig) {
  // BullMQ needs maxRetriesPerRequest null on worker connections; harmless on queues.
  return { url: config.REDIS_URL, maxRetriesPerRequest: null };
}

/** Adds typed jobs. Job ids must not contain ':' (DESIGN.md section 4). */
@Injectable()
export class JobQueues implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: bullConnection(this.config), prefix: this.config.QUEUE_PREFIX });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<N extends JobName>(name: N, data: JobPayloads[N], options: JobsOptions = {}) {
    return this.queue(QUEUE_OF_JOB[name]).add(name, data, {
      removeOnComplete: 1000,
      removeOnFail: 5000,
      ...options,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
