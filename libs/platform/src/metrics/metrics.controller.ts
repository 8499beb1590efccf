import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public, Roles } from '../auth/auth.decorators.js';
import { Metrics } from './metrics.js';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** The api's /metrics: for admins (a scraper without a token uses METRICS_PORT instead). */
@ApiExcludeController()
@Controller('metrics')
export class AdminMetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Roles('admin')
  @Header('content-type', PROMETHEUS_TEXT)
  text(): Promise<string> {
    return this.metrics.text();
  }
}

/** The worker's /metrics: its port is internal and serves nothing else but /health. */
@ApiExcludeController()
@Controller('metrics')
export class InternalMetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Public()
  @Header('content-type', PROMETHEUS_TEXT)
  text(): Promise<string> {
    return this.metrics.text();
  }
}
