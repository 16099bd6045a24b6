/**
 * GET /health/live answers while the process serves HTTP, whatever its dependencies do.
 * GET /health/ready (and GET /health) is 200 only when both the database and Temporal answer,
 * otherwise 503 naming which is down; the dependencies are probed at most once a second, however
 * many clients ask.
 */
import type { INestApplication } from '@nestjs/common';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createApiApp } from '@api/app.factory';
import { READINESS_TTL_MS } from '@api/health/readiness.service';
import { loadConfig } from '@config/config';
import { eventually } from './support/system';

async function startApi(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', AUTH_JWT_SECRET: 'x', ...env });
  const app = await createApiApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

async function get(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('health with Temporal unreachable', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    // Nothing listens on port 1: the API starts (its Temporal connection is lazy) but cannot reach it.
    ({ app, url } = await startApi({ TEMPORAL_ADDRESS: '127.0.0.1:1' }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['/health', '/health/ready'])('%s answers 503, with the database up and Temporal named as down', async (path) => {
    const { status, body } = await get(`${url}${path}`);
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      info: { database: { status: 'up' } },
      error: { temporal: { status: 'down', message: expect.any(String) } },
      details: { database: { status: 'up' }, temporal: { status: 'down' } },
      checkedAt: expect.any(String),
    });
  });

  it('/health/live answers 200: liveness checks nothing external', async () => {
    expect(await get(`${url}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('health when the database goes away', () => {
  let pg: ChildProcess;
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    // A database of its own to kill: the embedded one, in a child process (PGlite cannot load in jest's VM).
    pg = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'embedded-pg-process.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(pg.stdout!, 'data')) as [Buffer];
    ({ app, url } = await startApi({ DATABASE_URL: line.toString().trim() })); // the API migrates it
  });
  afterAll(async () => {
    await app?.close();
    if (pg.exitCode === null && pg.signalCode === null) pg.kill('SIGKILL');
  });

  it('is ready while it answers; then 503 naming the database, and still live', async () => {
    expect((await get(`${url}/health/ready`)).status).toBe(200);
    pg.kill('SIGKILL');
    await once(pg, 'exit');
    const down = await eventually(async () => {
      const r = await get(`${url}/health/ready`);
      expect(r.status).toBe(503);
      return r.body;
    });
    expect(down).toMatchObject({
      status: 'error',
      error: { database: { status: 'down', message: expect.any(String) } },
      details: { temporal: { status: 'up' } },
    });
    expect((await get(`${url}/health`)).status).toBe(503);
    expect((await get(`${url}/health/live`)).status).toBe(200);
  });
});

describe('health under load', () => {
  let app: INestApplication;
  let url: string;
  beforeAll(async () => {
    ({ app, url } = await startApi({}));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('16 concurrent clients for 2 s all get 200, from about one probe per second', async () => {
    const answers: Array<{ status: number; checkedAt: unknown }> = [];
    let live = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        while (Date.now() - t0 < 2_000) {
          if (i === 0) {
            live += (await get(`${url}/health/live`)).status === 200 ? 1 : 0;
            continue;
          }
          const { status, body } = await get(`${url}${i % 2 ? '/health/ready' : '/health'}`);
          answers.push({ status, checkedAt: body.checkedAt });
        }
      }),
    );
    const elapsed = Date.now() - t0;
    const probes = new Set(answers.map((a) => a.checkedAt));
    console.info(`[health under load] ${answers.length} readiness answers and ${live} liveness answers in ${elapsed} ms, from ${probes.size} probes`);

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(live).toBeGreaterThan(0);
    for (const a of answers) expect(a.checkedAt).toEqual(expect.any(String));
    // A probe starts only once the previous result is READINESS_TTL_MS old: never more than this.
    expect(probes.size).toBeLessThanOrEqual(Math.floor(elapsed / READINESS_TTL_MS) + 1);
    expect(answers.length).toBeGreaterThan(probes.size); // clients share probes
  });
});
