import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../../../libs/config/src/config';
import { ApiModule } from './app.module';

/** Request bodies above this are refused with 413 (the longest notice is far below it). */
export const BODY_LIMIT = '1mb';

/** Builds the HTTP application; main.ts and the tests share it so tests exercise the real wiring. */
export async function createApiApp(config: AppConfig, opts: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    ...(opts.logger === false ? { logger: false } : {}),
  });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Joint notices')
    .setDescription('Co-signing, sign-off and numbering of multi-agency joint notices (联合发文), and the campaigns they launch.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  if (config.usingDevJwtSecret) {
    new Logger('auth').warn('AUTH_JWT_SECRET is not set: using the DEVELOPMENT secret. Never run like this outside development.');
  }
  return app;
}
