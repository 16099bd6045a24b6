/** GET /health is 200 only when both the database and Temporal answer; otherwise 503 saying which. */
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '@api/app.factory';
import { loadConfig } from '@config/config';

describe('GET /health with Temporal unreachable', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    // Nothing listens on port 1: the API starts (its Temporal connection is lazy) but cannot reach it.
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', TEMPORAL_ADDRESS: '127.0.0.1:1', AUTH_JWT_SECRET: 'x' });
    app = await createApiApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 503, with the database up and Temporal named as down', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as any;
    expect(body.status).toBe('unavailable');
    expect(body.database).toEqual({ ok: true });
    expect(body.temporal.ok).toBe(false);
    expect(body.temporal.error).toEqual(expect.any(String));
  });
});
