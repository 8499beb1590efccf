import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { queueBackendOf } from '../queue/queue-backend.js';
import { closeWithin } from './close-within.js';
import { watchRedisState } from './redis-state.js';

export const REDIS = Symbol('REDIS');

/**
 * One shared Redis connection for small commands (health, the sweep's marker, publishing alerts); BullMQ
 * opens its own. Null when the queue runs on PostgreSQL: then nothing connects to Redis at all.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (queueBackendOf(config) !== 'redis') return null;
        const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
        watchRedisState(redis, 'shared', new Logger('Redis'));
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    if (redis.status !== 'ready') return redis.disconnect(); // QUIT would wait for a connection
    await closeWithin(redis.quit(), () => redis.disconnect());
  }
}
