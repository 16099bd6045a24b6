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

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export interface Http {
  get<T = any>(path: string, token?: string): Promise<HttpResult<T>>;
  post<T = any>(path: string, body: unknown, token?: string): Promise<HttpResult<T>>;
  put<T = any>(path: string, body: unknown, token?: string): Promise<HttpResult<T>>;
  raw(path: string, init: RequestInit): Promise<HttpResult>;
}

function client(url: string): Http {
  const raw = async (path: string, init: RequestInit): Promise<HttpResult> => {
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body };
  };
  const send = (method: string) => (path: string, body: unknown, token?: string) =>
    raw(path, {
      method,
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });
  return {
    get: (path, token) => raw(path, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    post: send('POST'),
    put: send('PUT'),
    raw,
  };
}

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
    http: client(url),
    async close() {
      await api.close();
      await worker.close();
      await db.destroy();
    },
  };
}

/** The Asia/Shanghai calendar date `days` from now, for rebaseTo. */
export function shanghaiDate(days: number, fromMs = Date.now()): string {
  return new Date(fromMs + 8 * 3600_000 + days * 24 * 3600_000).toISOString().slice(0, 10);
}

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
