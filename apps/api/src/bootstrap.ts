import { Logger as NestLogger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, HealthModule, PlatformModule, requestId, sendProblem } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from '../../worker/src/worker.module.js';
import { ApiModule } from './api.module.js';

/** The modules of a role: `all` runs the api and the worker in one process. */
@Module({})
class RootModule {
  static forRole(config: AppConfig): DynamicModule {
    return {
      module: RootModule,
      imports: [
        PlatformModule.forRoot(config),
        HealthModule,
        ...(config.ROLE !== 'worker' ? [ApiModule] : []),
        ...(config.ROLE !== 'api' ? [WorkerModule] : []),
      ],
    };
  }
}

export const BODY_LIMIT_BYTES = 256 * 1024;

/** Builds the application of a role, exactly as `npm start` runs it (the tests use this too). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    requestIdLogLabel: 'requestId',
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule.forRole(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Errors raised by Fastify itself (body parsing, size limits) never reach Nest's filters.
  const logger = new NestLogger('Fastify');
  fastify.setErrorHandler((error, request, reply) => sendProblem(reply, request, error, logger));

  if (config.ROLE !== 'worker') {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Service-window efficiency tracker')
        .setDescription('机关效能建设: first-contact log, catalogue, calendar and more')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  }
  await app.init();
  return app;
}
