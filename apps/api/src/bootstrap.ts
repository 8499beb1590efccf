import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, HealthModule, PlatformModule, requestId, type PlatformOptions } from '@app/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from '../../worker/src/worker.module.js';
import { ApiModule } from './api.module.js';

/** The modules of a role: `all` runs the api and the worker in one process. */
@Module({})
class RootModule {
  static forRole(config: AppConfig, options: PlatformOptions): DynamicModule {
    return {
      module: RootModule,
      imports: [
        PlatformModule.forRoot(config, options),
        HealthModule,
        ...(config.ROLE !== 'worker' ? [ApiModule] : []),
        ...(config.ROLE !== 'api' ? [WorkerModule] : []),
      ],
    };
  }
}

export const BODY_LIMIT_BYTES = 256 * 1024;

/** Builds the application of a role, exactly as `npm start` runs it (the tests use this too). */
export async function createApp(config: AppConfig, options: PlatformOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: requestId,
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(RootModule.forRole(config, options), adapter, {
    bufferLogs: true,
    abortOnError: false, // throw start-up errors to the caller (main exits; tests report them)
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const fastify = adapter.getInstance();
  // The API speaks JSON only: a text/plain body is 415, not a string handed to validation.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

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
