/**
 * Issue 7: a sign-off in flight when its worker was killed finished more than 30 s after the
 * restart (its number given, no "issued" entry, no distribution meanwhile). Here a worker runs in
 * a process of its own and is killed with SIGKILL while the sign-off's numbering is in the middle
 * of its transaction (held there by a row lock this spec takes); a new worker starts, and the
 * sign-off the lead is still waiting for over HTTP completes: numbered once, issued, distributed,
 * the audit chain intact. Since issue 12 the numbering is a local activity inside the workflow
 * task that answers the sign-off: the task is lost with the worker, times out, and its retry on
 * the new worker numbers and records again — nothing of the lost attempt was committed, so
 * nothing is superseded. How long it took is printed, not asserted (wall clock). Then a decision
 * is answered while its write waits on a lock (answer-then-record, workflows/README.md), its worker
 * is killed, and the next worker writes it: nothing answered is lost. Runs on PostgreSQL only (see
 * below).
 */
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { createApiApp } from '@api/app.factory';
import { WorkerModule } from '@worker/worker.module';
import { type AppConfig, loadConfig } from '@config/config';
import { dataSourceOptions } from '@db/data-source';
import type { Role } from '@domain/auth';
import { mintToken } from '@contract/tokens';
import { smallDefinition } from './support/definitions';
import { eventually, shanghaiDate, TEST_JWT_SECRET } from './support/system';

const PREFIX = `重启${Date.now() % 100000}发`;
const year = Number(shanghaiDate(0).slice(0, 4));

let env: Record<string, string>;
let config: AppConfig;
let api: INestApplication;
let url: string;
let db: DataSource;
let connection: Connection;
let child: ChildProcess | undefined;
let restarted: INestApplicationContext | undefined;

const token = (agency: string, ...roles: Role[]) => mintToken({ sub: `${agency.toLowerCase()}-${roles.join('-')}`, agency, roles }, TEST_JWT_SECRET);
async function call(method: string, path: string, auth: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${auth}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A worker in its own process, on this spec's task queue; resolves once it polls. */
function startWorkerProcess(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'worker-process.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(proc));
    proc.on('exit', (code) => reject(new Error(`the worker process exited (${code}) before it was ready`)));
  });
}

/**
 * Takes the row lock of `lock`, does `act` (whose write then waits on it), and once a query like
 * `waiting` waits for the lock, SIGKILLs the worker process; then lets go of the lock.
 */
async function killWorkerWhileHeld<T>(lock: [string, unknown[]], waiting: string, act: () => Promise<T>): Promise<{ value: T; killedAt: number }> {
  const holder: QueryRunner = db.createQueryRunner();
  await holder.startTransaction();
  try {
    await holder.query(...lock);
    const value = await act();
    // Read outside the holder's transaction: pg_stat_activity is a snapshot taken at its first read in a transaction.
    await eventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [waiting]);
      expect(n).toBe(1);
    });
    const killedAt = Date.now();
    child!.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    return { value, killedAt };
  } finally {
    await holder.rollbackTransaction();
    await holder.release();
  }
}

// Holding a row lock mid-transaction needs PostgreSQL: embedded PGlite runs one transaction at a
// time, so there the lock would stop the API (and every other spec) too. CI runs on PostgreSQL.
(process.env.TEST_DATABASE_KIND === 'postgres' ? describe : describe.skip)('a worker killed in the middle of a command', () => {
  beforeAll(async () => {
    env = { NODE_ENV: 'test', PORT: '0', AUTH_JWT_SECRET: TEST_JWT_SECRET, TEMPORAL_TASK_QUEUE: `test-${randomUUID()}` };
    config = loadConfig({ ...process.env, ...env });
    api = await createApiApp(config, { logger: false });
    await api.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
    db = new DataSource(dataSourceOptions(config.databaseUrl, { extra: { max: 2 } }));
    await db.initialize();
    connection = await Connection.connect({ address: config.temporal.address });
    child = await startWorkerProcess();
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await restarted?.close();
    await api?.close();
    await connection?.close();
    await db?.destroy();
  });

  it('a sign-off in flight when its worker is killed completes once a new worker runs', async () => {
    const lead = token('CAST', 'secretariat');
    const launched = await call('POST', '/api/v1/campaigns', lead, { ...smallDefinition({ docNumberPrefix: PREFIX, coSigners: ['CPD'] }), rebaseTo: shanghaiDate(1) });
    expect(launched.status).toBe(201);
    const { id, workflowId } = launched.body;
    const sha = launched.body.notice.sha256;
    expect((await call('POST', `/api/v1/campaigns/${id}/co-sign/decisions`, token('CPD', 'signer'), { decision: 'approve', noticeSha256: sha })).status).toBe(200);
    expect((await call('PUT', `/api/v1/doc-number-sequences/${encodeURIComponent(PREFIX)}/${year}`, token('CAST', 'admin'), { nextNumber: 7 })).status).toBe(200);

    const handle = new Client({ connection, namespace: config.temporal.namespace }).workflow.getHandle(workflowId);
    // Hold the sequence row, so the numbering transaction waits inside the activity.
    // The sign-off's answer waits for the numbering: not awaited while the row is held.
    const { value: inFlight, killedAt } = await killWorkerWhileHeld(
      ['SELECT last_number FROM doc_number_sequences WHERE prefix = $1 AND year = $2 FOR UPDATE', [PREFIX, year]],
      '%INSERT INTO doc_number_sequences%',
      async () => ({ signOff: call('POST', `/api/v1/campaigns/${id}/sign-off`, lead, { noticeSha256: sha }) }),
    );
    restarted = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
    const workerBackAt = Date.now();

    const signed = await inFlight.signOff;
    const answeredAt = Date.now();
    expect(signed.status).toBe(200);
    expect(signed.body.docNumber).toBe(`${PREFIX}〔${year}〕7号`);
    console.info(`kill → new worker polling: ${workerBackAt - killedAt} ms; kill → sign-off answered: ${answeredAt - killedAt} ms`);

    // Issued and distributed; one number given; the lost attempt was retried, not waited out.
    await eventually(async () => {
      const audit = (await call('GET', `/api/v1/campaigns/${id}/audit`, lead)).body;
      expect(audit.verified).toBe(true);
      expect(audit.entries.map((e: any) => e.type)).toEqual(['campaign.launched', 'co-sign.decided', 'sign-off', 'issued', 'distributed']);
    });
    const [{ last_number }] = await db.query('SELECT last_number FROM doc_number_sequences WHERE prefix = $1 AND year = $2', [PREFIX, year]);
    expect(last_number).toBe(7);
    const events = (await handle.fetchHistory()).events!;
    // The lost workflow task timed out and was retried; the numbering is in history once, done.
    expect(events.filter((e) => e.workflowTaskTimedOutEventAttributes).length).toBeGreaterThanOrEqual(1);
    const numbered = events.filter((e) => {
      const details = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
      return details && (JSON.parse(Buffer.from(details).toString('utf8')) as { activity_type?: string }).activity_type === 'issueDocNumber';
    });
    expect(numbered).toHaveLength(1);
    expect(numbered[0].markerRecordedEventAttributes!.failure).toBeFalsy();
  });

  it('a decision answered and not yet written when its worker is killed is written by the next worker (answer-then-record)', async () => {
    // The killable worker again, in place of the one the first test started in this process.
    await restarted?.close();
    restarted = undefined;
    child = await startWorkerProcess();
    const lead = token('CAST', 'secretariat');
    const launched = await call('POST', '/api/v1/campaigns', lead, { ...smallDefinition({ docNumberPrefix: PREFIX, coSigners: ['CPD', 'CAC'] }), rebaseTo: shanghaiDate(1) });
    expect(launched.status).toBe(201);
    const { id, workflowId } = launched.body;
    const sha = launched.body.notice.sha256;
    await eventually(async () => expect((await db.query('SELECT count(*)::int AS n FROM audit_log WHERE campaign_id = $1', [id]))[0].n).toBe(1));

    // Hold the campaign's row, which every write of its audit chain locks first: the decision's write waits.
    const { killedAt } = await killWorkerWhileHeld([`SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE`, [id]], 'SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE%', async () => {
      const decided = await call('POST', `/api/v1/campaigns/${id}/co-sign/decisions`, token('CPD', 'signer'), { decision: 'approve', noticeSha256: sha });
      // Answered while its write cannot have happened.
      expect(decided.status).toBe(200);
      expect(decided.body).toMatchObject({ agency: 'CPD', status: 'approved' });
      expect(decided.body).not.toHaveProperty('auditSeq');
    });
    restarted = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });

    // The lead's read waits for what was answered (apps/api/src/campaigns/recorded.ts), and finds it written once.
    await eventually(async () => {
      const audit = (await call('GET', `/api/v1/campaigns/${id}/audit`, lead)).body;
      expect(audit.verified).toBe(true);
      expect(audit.entries.map((e: any) => [e.type, e.data.agency ?? null])).toEqual([
        ['campaign.launched', null],
        ['co-sign.decided', 'CPD'],
      ]);
    });
    console.info(`kill → the answered decision written: ${Date.now() - killedAt} ms`);
    const campaign = (await call('GET', `/api/v1/campaigns/${id}`, lead)).body;
    expect(campaign.coSign.signers.map((s: any) => [s.agency, s.status])).toEqual([
      ['CPD', 'approved'],
      ['CAC', 'pending'],
    ]);
    // The write was an ordinary activity scheduled with the answer: attempted on the killed worker, done on the new one.
    const events = (await new Client({ connection, namespace: config.temporal.namespace }).workflow.getHandle(workflowId).fetchHistory()).events!;
    const scheduled = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordChange');
    expect(scheduled).toHaveLength(1);
    const started = events.find((e) => e.activityTaskStartedEventAttributes && Number(e.activityTaskStartedEventAttributes.scheduledEventId) === Number(scheduled[0].eventId));
    expect(started!.activityTaskStartedEventAttributes!.attempt).toBeGreaterThanOrEqual(2);
  });
});
