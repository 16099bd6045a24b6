import { Logger } from '@nestjs/common';
import { loadConfig } from '@config/config';
import { createApiApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.port, '0.0.0.0');
  new Logger('api').log(`listening on http://localhost:${config.port} (OpenAPI at /api/docs)`);
}

bootstrap().catch((err) => {
  console.error(err);
  process.exit(1);
});
