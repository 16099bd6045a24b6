import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import cookieParser from 'cookie-parser';
import { json, text } from 'express';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AppConfig } from '@config/config';
import { CAMPAIGN_EVENT_IMPORT_PATH, CSV_TYPES } from './campaign-events/campaign-events.controller';
import { ApiModule } from './app.module';
import { CONTACT_IMPORT_PATH } from './contacts/contacts.controller';
import { DEFINITION_PARSE_PATH, NOTICE_TEXT_TYPES } from './definitions/definitions.controller';
import { refuseDeepJson } from './common/json-depth';
import { serveConsole } from './web-console';

/** Request bodies above this are refused with 413 (the longest notice is far below it). */
export const BODY_LIMIT = '1mb';
/** A bulk activity import (up to 50,000 rows, CSV or JSON) has a limit of its own. */
export const IMPORT_BODY_LIMIT = '32mb';

/** Builds the HTTP application; main.ts and the tests share it so tests exercise the real wiring. */
export async function createApiApp(config: AppConfig, opts: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    ...(opts.logger === false ? { logger: false } : {}),
  });
  // The import route's parsers run first; a body they have read is skipped by the global one.
  // JSON nested deeper than any request needs is refused before it is parsed (common/json-depth.ts).
  app.use(CAMPAIGN_EVENT_IMPORT_PATH, json({ limit: IMPORT_BODY_LIMIT, verify: refuseDeepJson() }), text({ type: CSV_TYPES, limit: IMPORT_BODY_LIMIT }));
  // An administrator's CSV of recipient bodies.
  app.use('/api/v1/agencies/import', text({ type: CSV_TYPES, limit: '4mb' }));
  app.use(CONTACT_IMPORT_PATH, text({ type: CSV_TYPES, limit: '4mb' }));
  // A notice's published text, read into a draft definition.
  app.use(DEFINITION_PARSE_PATH, text({ type: NOTICE_TEXT_TYPES, limit: BODY_LIMIT }));
  app.use(json({ limit: BODY_LIMIT, verify: refuseDeepJson() }));
  // The console's refresh and XSRF cookies (apps/api/src/accounts).
  app.use(cookieParser());
  // Responses compressed (gzip) when the client asks: the console's scripts, the long lists.
  app.use(compression());
  // The web console at / (apps/web, built by npm run build); the API's paths stay the API's.
  serveConsole(app, config.webDir);
  // Behind a reverse proxy, which X-Forwarded-For to believe (the login limit counts per address).
  if (config.trustProxy) (app as NestExpressApplication).set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Joint notices')
    .setDescription('Co-signing, sign-off and numbering of multi-agency joint notices (联合发文), and the campaigns they launch.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  if (!existsSync(path.join(config.webDir, 'index.html'))) {
    new Logger('web').warn(`The web console is not built in ${config.webDir} (npm run build builds it): / answers 404 until it is.`);
  }
  if (config.usingDevJwtSecret) {
    new Logger('auth').warn('AUTH_JWT_SECRET is not set: using the DEVELOPMENT secret. Never run like this outside development.');
  }
  return app;
}
