/**
 * The first start of a system without accounts creates the administrator `admin` and says its
 * password once (apps/api/src/accounts/accounts.service.ts); a second start creates nothing. On a
 * database of its own: every other spec's accounts would make the table non-empty.
 */
import { Logger } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { createApiApp } from '@api/app.factory';
import { loadConfig } from '@config/config';
import { privateDatabase } from '@db/spec-support';
import { TEST_JWT_SECRET } from './support/system';

describe('bootstrap administrator', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await privateDatabase();
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });

  async function start(): Promise<{ app: INestApplication; url: string; said: string[] }> {
    const said: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown) {
      said.push(String(message));
    });
    const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: db.url, PORT: '0', AUTH_JWT_SECRET: TEST_JWT_SECRET });
    const app = await createApiApp(config, { logger: false });
    await app.listen(0, '127.0.0.1');
    spy.mockRestore();
    const { port } = app.getHttpServer().address() as { port: number };
    return { app, url: `http://127.0.0.1:${port}`, said };
  }

  it('creates admin of CAST with a random password printed once, and only on an empty table', async () => {
    const first = await start();
    try {
      const lines = first.said.filter((l) => l.includes('"admin"'));
      expect(lines).toHaveLength(1);
      const password = /password (\S+) /.exec(lines[0])![1];
      expect(password.length).toBeGreaterThanOrEqual(20);
      const res = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password }) });
      expect(res.status).toBe(200);
      const { accessToken } = (await res.json()) as { accessToken: string };
      const me = (await (await fetch(`${first.url}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as Record<string, unknown>;
      expect(me).toMatchObject({ sub: 'admin', agency: 'CAST', roles: ['admin', 'secretariat'] });
    } finally {
      await first.app.close();
    }
    const second = await start();
    await second.app.close();
    expect(second.said.filter((l) => l.includes('"admin"'))).toEqual([]);
  }, 120_000);
});
