import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DocumentsService } from '@app/documents';
import { AppConfig, createHttpApp, type PlatformOptions } from '@app/platform';
import { ApiModule } from './api.module.js';
import { serveConsole } from './console-static.js';
import { mountQueueBoard } from './queue-board.js';

/** OpenAPI UI at /api/docs and the document at /api/docs-json, generated from the controllers. */
export function setupOpenApi(app: NestFastifyApplication): void {
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

/** The api process, exactly as `node dist/apps/api/src/main.js` runs it. */
export async function createApiApp(config: AppConfig, options: PlatformOptions = {}): Promise<NestFastifyApplication> {
  const app = await createHttpApp(config, 'api', [ApiModule], options);
  setupOpenApi(app);
  await mountQueueBoard(app);
  await serveConsole(app);
  await app.init();
  await app.get(DocumentsService).checkFont();
  return app;
}
