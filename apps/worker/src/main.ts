import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@config/config';
import { WorkerModule } from './worker.module';

/** The Temporal worker: a Nest application context, no HTTP server. SIGTERM shuts it down gracefully. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks();
  new Logger('worker').log('started');
}

bootstrap().catch((err) => {
  console.error(err);
  process.exit(1);
});
