/**
 * The worker killed in the middle of sending the distribution's mails (SIGKILL, as a crash or an
 * OOM kill would): a new worker sends the rest, and none of those already accepted again. What can
 * go twice is only what was in flight at the kill — accepted by the SMTP server but not yet
 * recorded — and it goes again under the same Message-ID, so it is recognisable as a repeat: at
 * most the mails in flight (the e-mail channel's MAILS_IN_FLIGHT, 8). Real Temporal dev server, a
 * database of the spec's own, a real SMTP server in this process that accepts each message 25 ms
 * after its data (a slow server, so the kill lands mid-batch).
 */
import type { INestApplication } from '@nestjs/common';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApiApp } from '@api/app.factory';
import { loadConfig } from '@config/config';
import { dataSourceOptions } from '@db/data-source';
import { privateDatabase } from '@db/spec-support';
import { mintToken } from '@contract/tokens';
import type { Role } from '@domain/auth';
import { ApiClient } from '@harness/http';
import type { SmtpSink } from '@harness/smtp-sink';
import { startSmtpSink } from '@harness/smtp-sink';
import { MAILS_IN_FLIGHT } from '@activities/delivery/channels/email';
import { smallDefinition } from './support/definitions';
import { eventually, shanghaiDate, TEST_JWT_SECRET } from './support/system';

const BODIES = 240;

let env: Record<string, string>;
let api: INestApplication;
let http: ApiClient;
let db: DataSource;
let smtp: SmtpSink;
let database: { url: string; drop(): Promise<void> };
const workers: ChildProcess[] = [];

const token = (agency: string, ...roles: Role[]) => mintToken({ sub: `${agency.toLowerCase()}-${roles.join('-')}`, agency, roles }, TEST_JWT_SECRET);

function startWorkerProcess(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'worker-process.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.push(proc);
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(proc));
    proc.on('exit', (code) => reject(new Error(`the worker process exited (${code}) before it was ready`)));
  });
}

describe('a worker killed in the middle of sending the distribution', () => {
  beforeAll(async () => {
    [database, smtp] = await Promise.all([privateDatabase(), startSmtpSink({ acceptDelayMs: 25 })]);
    env = {
      NODE_ENV: 'test',
      PORT: '0',
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      SMTP_FROM: 'notices@kepuri.test',
    };
    const config = loadConfig({ ...process.env, ...env });
    api = await createApiApp(config, { logger: false });
    await api.listen(0, '127.0.0.1');
    http = new ApiClient(`http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`);
    db = new DataSource(dataSourceOptions(database.url, { extra: { max: 2 } }));
    await db.initialize();
    await startWorkerProcess();
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await api?.close();
    await db?.destroy();
    await smtp?.close();
    await database?.drop();
  });

  it('sends every mail once it is back; only what was in flight goes twice, under the same Message-ID', async () => {
    const admin = token('CAST', 'admin');
    const bodies = ((await http.get('/api/v1/agencies?level=municipal', admin)).body as { code: string }[]).slice(0, BODIES).map((a) => a.code);
    expect(bodies).toHaveLength(BODIES);
    const csv = ['agency,name,roles,email,phone,language', ...bodies.map((b) => `${b},${b} 办公室,recipient,${b.toLowerCase()}@bodies.example.org,,zh-CN`)].join('\n');
    const imported = await http.request('POST', '/api/v1/contacts/import', { token: admin, text: csv, contentType: 'text/csv' });
    expect(imported.status).toBe(200);

    const def = smallDefinition({ title: '崩溃测试通知', coSigners: ['MOE'], docNumberPrefix: `崩${Date.now() % 100000}发`, recipients: { main: bodies, cc: [] }, rebaseTo: shanghaiDate(3) });
    const launched = await http.post('/api/v1/campaigns', def, token('CAST', 'secretariat'));
    expect(launched.status).toBe(201);
    const { id } = launched.body;
    const sha = launched.body.notice.sha256;
    expect((await http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, token('MOE', 'signer'))).status).toBe(200);
    expect((await http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: sha }, token('CAST', 'secretariat'))).status).toBe(200);

    const delivered = () => smtp.received.filter((m) => m.parsed.text?.includes(id) && m.kind === 'notice-delivered');
    // Kill the worker a quarter of the way through.
    await eventually(async () => expect(delivered().length).toBeGreaterThanOrEqual(BODIES / 4), 60_000);
    workers[0].kill('SIGKILL');
    const atKill = delivered().length;
    expect(atKill).toBeLessThan(BODIES);

    await startWorkerProcess();
    await eventually(async () => expect(new Set(delivered().map((m) => m.messageId)).size).toBe(BODIES), 90_000);
    const [{ pending }] = (await db.query(`SELECT count(*) FILTER (WHERE status <> 'sent')::int AS pending FROM deliveries`)) as { pending: number }[];
    expect(pending).toBe(0);

    const counts = new Map<string, number>();
    for (const m of delivered()) counts.set(m.messageId, (counts.get(m.messageId) ?? 0) + 1);
    const twice = [...counts.values()].filter((n) => n > 1);
    console.info(`[delivery-crash] killed after ${atKill} of ${BODIES} mails; sent again under the same Message-ID: ${twice.length}`);
    expect(twice.every((n) => n === 2)).toBe(true);
    expect(twice.length).toBeLessThanOrEqual(MAILS_IN_FLIGHT);
    // Each body got its own mail.
    expect(new Set(delivered().flatMap((m) => m.to)).size).toBe(BODIES);
  });
});
