import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config.js';
import { HealthModule } from '../health/health.module.js';
import { AppLogger, logRequests, requestId, type ClientAddressed } from '../logging.js';
import { MetricsHttpModule } from '../metrics/metrics.module.js';
import { chooseQueueBackend } from '../queue/queue-backend.js';
import { Metrics } from '../metrics/metrics.js';
import { clientErrorHandler, frameworkErrors, limitJsonDepth } from './framework-errors.js';
import { PlatformModule, type PlatformOptions, type ProcessRole } from '../platform.module.js';

export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * A process of the service as every role builds it: the platform, /health and the role's modules, on
 * Fastify with request ids, JSON only, the body limit, pino logs and shutdown hooks. The api and the
 * worker build theirs with it; so do the tests (both roles' modules in one process).
 */
export async function createHttpApp(
  config: AppConfig,
  role: ProcessRole,
  modules: Array<Type<unknown> | DynamicModule>,
  options: PlatformOptions = {},
): Promise<NestFastifyApplication> {
  await chooseQueueBackend(config, options.redisProbeUrl);
  @Module({ imports: [PlatformModule.forRoot(config, role, options), HealthModule, MetricsHttpModule.forRole(role), ...modules] })
  class RootModule {}

  // TRUST_PROXY: which proxies' X-Forwarded-For/-Proto are believed for request.ip and request.protocol.
  const hops = config.TRUST_PROXY;
  const trustProxy = typeof hops === 'number' ? (_address: string, hop: number) => hop < hops : hops;
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    logger: false,
    trustProxy,
    // Every error answers problem+json with a request id, those Fastify and Node meet before a route too.
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule, adapter, {
    bufferLogs: true,
    abortOnError: false, // throw start-up errors to the caller (main exits; tests report them)
  });
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.enableShutdownHooks();

  const fastify = adapter.getInstance();
  // The API speaks JSON only: a text/plain body is 415, not a string handed to validation.
  fastify.removeContentTypeParser('text/plain');
  limitJsonDepth(app, BODY_LIMIT_BYTES);
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // The client's address as TRUST_PROXY reads it, for the request's log line (logging.ts).
    (request.raw as ClientAddressed).clientAddress = request.ip;
  });
  logRequests(fastify, logger.pino);
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', async (request, reply) => {
    // The route's template (/api/v1/cases/:id), never the raw URL: one series per route, not per id.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return app;
}
