import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobQueues } from './job-queues.service.js';
import { JobRunner } from './job-runner.service.js';

/** Producers: every role can add jobs. */
@Global()
@Module({ providers: [JobQueues], exports: [JobQueues] })
export class QueueModule {}

/** Consumers: only the worker role imports this. */
@Module({ imports: [DiscoveryModule], providers: [JobRunner] })
export class JobRunnerModule {}
