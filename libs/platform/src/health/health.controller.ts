import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { Public } from '../auth/auth.decorators.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * Served by every role. Readiness (`/health/ready`, and `/health` as before): 200 only when PostgreSQL
 * and Redis both answer, 503 naming what is down. Liveness (`/health/live`): 200 while the process runs,
 * Redis or not (a Redis outage is no reason to restart a process: the sweep keeps the clocks going).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.ready();
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1500 }),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            // A client that is reconnecting would queue the PING until Redis is back: answer at once.
            if (this.redis.status !== 'ready') throw new Error(`redis connection is ${this.redis.status}`);
            if ((await this.redis.ping()) !== 'PONG') throw new Error('unexpected PING reply');
          })
          .withTimeout(1500),
    ]);
  }

  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }
}
