import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import type { Writable } from 'node:stream';
import type { Clock } from '@app/core';
import { auditKeysProvider } from './audit/audit.module.js';
import { AuditSealer } from './audit/audit-sealer.js';
import { AuditService } from './audit/audit.service.js';
import { PersonalDataReads } from './auth/personal-data-reads.js';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ProblemFilter } from './http/problem.filter.js';
import { StrictValidationPipe } from './http/validation.pipe.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { IdempotencyService } from './idempotency/idempotency.service.js';
import { InboxModule } from './inbox/inbox.module.js';
import { AppLogger, rootLogger } from './logging.js';
import { Metrics } from './metrics/metrics.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';

/** Which process this is: it names the database connections. Tests run both roles in one process. */
export type ProcessRole = 'api' | 'worker' | 'test';

/** What tests replace: the clock, and where log lines go. The service runs with neither. */
export interface PlatformOptions {
  clock?: Clock;
  logStream?: Writable;
  /** Where to look for a Redis when QUEUE_BACKEND and REDIS_URL are unset (default: 127.0.0.1:6379). */
  redisProbeUrl?: string;
}

/** Everything a role needs before any business module: config, clock, logs, database, Redis, auth. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, role: ProcessRole, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config, options.clock),
        DatabaseModule.forRoot(role),
        RedisModule,
        QueueModule,
        AuthModule,
        InboxModule,
      ],
      providers: [
        { provide: AppLogger, useValue: new AppLogger(rootLogger(config, options.logStream)) },
        auditKeysProvider,
        AuditService,
        AuditSealer,
        PersonalDataReads,
        IdempotencyService,
        Metrics,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: StrictValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [AppLogger, AuditService, AuditSealer, PersonalDataReads, IdempotencyService, Metrics],
    };
  }
}
