import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';
import { closeWithin } from './close-within.js';
import { watchRedisState } from './redis-state.js';

export const REDIS = Symbol('REDIS');

/** One shared Redis connection for small commands (rate limits, health). BullMQ opens its own. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2, lazyConnect: false });
        watchRedisState(redis, 'shared', new Logger('Redis'));
        return redis;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') return this.redis.disconnect(); // QUIT would wait for a connection
    await closeWithin(this.redis.quit(), () => this.redis.disconnect());
  }
}
