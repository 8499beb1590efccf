import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueues } from './job-queues.service.js';
import { JobRunner } from './job-runner.service.js';
import { QueueTransport } from './queue-transport.service.js';

/** Producers: every role can add jobs; and what differs between the queue backends. */
@Global()
@Module({ providers: [JobQueues, QueueTransport], exports: [JobQueues, QueueTransport] })
export class QueueModule {}

/** Consumers: only the worker role imports this. */
@Module({ imports: [DiscoveryModule], providers: [JobRunner] })
export class JobRunnerModule {}
