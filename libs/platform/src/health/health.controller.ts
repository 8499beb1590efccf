import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators.js';
import { QueueTransport } from '../queue/queue-transport.service.js';

/**
 * Served by every role. Readiness (`/health/ready`, and `/health` as before): 200 only when PostgreSQL
 * and Redis both answer, 503 naming what is down; on the PostgreSQL queue backend there is no Redis to
 * ask (the `queue` check then asks the database that holds the queue). Liveness (`/health/live`): 200 while the process runs,
 * Redis or not (a Redis outage is no reason to restart a process: the sweep keeps the clocks going).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: QueueTransport,
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
          .check(this.queue.backend === 'redis' ? 'redis' : 'queue')
          .attempt(() => this.queue.ping())
          .withTimeout(1500),
    ]);
  }

  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }
}
