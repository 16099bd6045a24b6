/**
 * Boots the real system for an integration spec: the API (the same factory main.ts uses) listening
 * on a random port, and the worker (the same Nest module apps/worker uses) on a task queue of the
 * spec's own, against the Temporal server and PostgreSQL that test/global-setup.ts provides.
 * Specs talk to it only over HTTP, with real tokens.
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApiApp } from '@api/app.factory';
import { WorkerModule } from '@worker/worker.module';
import type { AppConfig } from '@config/config';
import { loadConfig } from '@config/config';
import { dataSourceOptions } from '@db/data-source';
import type { Role } from '@domain/auth';
import { mintToken } from '@contract/tokens';
import { ApiClient } from '@harness/http';
import { privateDatabase } from '@db/spec-support';

export const TEST_JWT_SECRET = 'test-secret-for-integration-specs';

export interface TestSystem {
  url: string;
  config: AppConfig;
  /** A direct connection for assertions on what was stored (never to drive behaviour). */
  db: DataSource;
  token(agency: string, ...roles: Role[]): string;
  http: Http;
  close(): Promise<void>;
}

/** The HTTP client every spec uses (libs/harness: shared with the benchmark). */
export type Http = ApiClient;
export type { HttpResult } from '@harness/http';

/** `env` overrides the environment, e.g. TEMPORAL_ADDRESS of a time-skipping test server. */
export async function startSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  const config = loadConfig({
    ...process.env,
    ...env,
    NODE_ENV: 'test',
    PORT: '0',
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
  });
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  await worker.init();
  const api: INestApplication = await createApiApp(config, { logger: false });
  await api.listen(0, '127.0.0.1');
  const address = api.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const db = new DataSource(dataSourceOptions(config.databaseUrl, { extra: { max: 2 } }));
  await db.initialize();
  return {
    url,
    config,
    db,
    token: (agency, ...roles) => mintToken({ sub: `${agency.toLowerCase()}-${roles.join('-')}`, agency, roles }, TEST_JWT_SECRET),
    http: new ApiClient(url),
    async close() {
      await api.close();
      await worker.close();
      await db.destroy();
    },
  };
}

/**
 * The real system on a database of its own, dropped at close: for specs whose writes would change
 * what the others see (bodies imported under 河南, a body's calendar feed, a text's verification).
 */
export async function startIsolatedSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  const db = await privateDatabase();
  try {
    const sys = await startSystem({ ...env, DATABASE_URL: db.url });
    return {
      ...sys,
      async close() {
        await sys.close();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}

export { shanghaiDate } from '@harness/time';

/** Polls until `check` stops throwing: for what the system does asynchronously (the outbox). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
