/**
 * `npm start`: everything needed to run the system on one machine.
 *
 *  - DATA_DIR               -> where the embedded services keep their state (default <repo>/.data)
 *  - DATABASE_URL unset     -> embedded PostgreSQL (PGlite) persisted in <DATA_DIR>/pglite, port EMBEDDED_PG_PORT (5433)
 *  - TEMPORAL_ADDRESS unset -> Temporal dev server on TEMPORAL_PORT (7233), UI TEMPORAL_UI_PORT (8233),
 *                              persisted in <DATA_DIR>/temporal.sqlite
 *  - AUTH_JWT_SECRET unset  -> development default (refused when NODE_ENV=production)
 * then migrates the database and runs the API and the worker as child processes.
 *
 * Processes and signals:
 *  - the API, the worker and the Temporal dev server run in process groups of their own, so that a
 *    terminal's Ctrl-C reaches only this launcher (and npm), which stops them in order: the API,
 *    the worker, Temporal, PostgreSQL;
 *  - one SIGINT or SIGTERM stops everything gracefully. npm forwards every SIGINT/SIGTERM it gets to
 *    us, so one Ctrl-C (the terminal signals npm and us) or one `kill -TERM -<group>` arrives twice:
 *    a repeat within REPEAT_WINDOW_MS is the same request; only a later one forces (SIGKILL);
 *  - if this launcher dies without stopping them (SIGKILL, the OOM killer, a crash), they stop by
 *    themselves (libs/config/src/die-with-parent.ts). Whatever still runs is stopped by the next
 *    start on the same DATA_DIR (run-state.ts: <DATA_DIR>/launcher.json), and a port that anything
 *    else holds is named with the pid and command holding it.
 *
 * Runs compiled, as dist/scripts/start.js; the children are dist/apps/{api,worker}/src/main.js.
 */
import 'reflect-metadata'; // config.ts (DEV_JWT_SECRET) carries class-validator decorators
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import * as path from 'node:path';
import { DEV_JWT_SECRET } from '@config/config';
import { watchParentArgs } from '@config/die-with-parent';
import { startEmbeddedPostgres } from '@config/embedded-postgres';
import { describeListeners } from '@config/processes';
import { DataDirInUseError, RunState } from '@config/run-state';
import { findRepoRoot } from '@config/temporal-binaries';
import { startTemporalDevServer, tryListen } from '@config/temporal-dev-server';
import { runMigrations } from '@db/migrate';

const CHILD_STOP_TIMEOUT_MS = 20_000;
/** A second SIGINT/SIGTERM this soon after the first is npm's copy of it, not a user's second request. */
const REPEAT_WINDOW_MS = 2_000;
/** What our command line contains (`node dist/scripts/start.js`), for run-state's identity check. */
const LAUNCHER_MARKER = path.join('scripts', 'start');
const log = (msg: string) => console.info(`[start] ${msg}`);

/** A start-up refusal whose message says it all (no stack trace). */
class CannotStart extends Error {}

/** Things to stop on shutdown, in reverse order of start. */
const cleanups: Array<{ name: string; stop: () => Promise<void> }> = [];
const children = new Map<string, ChildProcess>();
let shuttingDown: Promise<never> | undefined;
/** When the first stop signal came (a later one within REPEAT_WINDOW_MS is the same request). */
let firstSignalAt: number | undefined;
let temporal: { pid?: number; diesWithParent: boolean } | undefined;
let runState: RunState | undefined;

async function main(): Promise<void> {
  const repo = findRepoRoot();
  const production = process.env.NODE_ENV === 'production';
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = path.resolve(process.env.DATA_DIR || path.join(repo, '.data'));

  let jwtSecret = process.env.AUTH_JWT_SECRET;
  if (!jwtSecret) {
    if (production) {
      console.error('[start] AUTH_JWT_SECRET is not set. It is required when NODE_ENV=production; refusing to start.');
      process.exit(1);
    }
    jwtSecret = DEV_JWT_SECRET;
    const bar = '!'.repeat(78);
    console.warn(
      `${bar}\n!! AUTH_JWT_SECRET not set: using the INSECURE development default "${DEV_JWT_SECRET}".\n` +
        `!! Anyone can forge tokens. Set AUTH_JWT_SECRET for any shared or production deployment.\n${bar}`,
    );
  }

  // First the data dir: refuse if another launcher runs on it, stop what a crashed one left behind.
  runState = await RunState.claim(dataDir, { marker: LAUNCHER_MARKER, log });

  const embeddedPg = !process.env.DATABASE_URL;
  const devServer = !process.env.TEMPORAL_ADDRESS;
  const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 5433);
  const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
  const temporalUiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
  // Then every port we are going to bind, before starting anything: one message naming each holder.
  await checkPortsFree([
    { port, host: '0.0.0.0', what: 'the API', variable: 'PORT' },
    ...(embeddedPg ? [{ port: pgPort, host: '127.0.0.1', what: 'the embedded PostgreSQL', variable: 'EMBEDDED_PG_PORT' }] : []),
    ...(devServer ? [{ port: temporalPort, host: '127.0.0.1', what: 'the Temporal dev server', variable: 'TEMPORAL_PORT' }] : []),
    ...(devServer && temporalUiPort ? [{ port: temporalUiPort, host: '127.0.0.1', what: 'the Temporal web UI', variable: 'TEMPORAL_UI_PORT' }] : []),
  ]);

  let databaseUrl = process.env.DATABASE_URL;
  let databaseKind: string;
  if (databaseUrl) {
    databaseKind = `PostgreSQL at ${redact(databaseUrl)}`;
  } else {
    // In this process: it dies with us. PostgreSQL's crash recovery replays its WAL on the next start.
    const pgDir = path.join(dataDir, 'pglite');
    const pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    cleanups.push({ name: 'embedded PostgreSQL', stop: pg.stop });
    databaseUrl = pg.url;
    databaseKind = `embedded PostgreSQL (PGlite) at ${pg.url}, data in ${pgDir}`;
    log(`DATABASE_URL not set: using embedded PostgreSQL (PGlite) at ${pg.url} (data: ${pgDir})`);
  }

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let temporalUi = '(external server: see its own UI)';
  if (!temporalAddress) {
    const dbFile = path.join(dataDir, 'temporal.sqlite');
    const server = await startTemporalDevServer({
      port: temporalPort,
      uiPort: temporalUiPort,
      dbFile,
      // Own process group: a terminal Ctrl-C must reach only us, so that the server is stopped
      // after the worker has shut down, not at the same time. But it must not outlive us.
      detached: true,
      dieWithParent: true,
      onSpawn: (pid) => runState?.record('Temporal dev server', pid, dbFile),
    });
    cleanups.push({ name: 'Temporal dev server', stop: server.stop });
    temporal = { pid: server.pid, diesWithParent: server.diesWithParent };
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
    log(`TEMPORAL_ADDRESS not set: started a Temporal dev server at ${server.address} (state: ${dbFile}); UI ${server.uiUrl}`);
    if (server.kind === 'cli' && !server.diesWithParent) {
      log('(no `setpriv --pdeathsig` here: if this launcher is killed, the dev server runs on until the next start stops it)');
    }
  }

  log('running database migrations ...');
  const applied = await runMigrations(databaseUrl);
  log(`migrations done${applied.length ? `: applied ${applied.join(', ')}` : ' (none pending)'}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    AUTH_JWT_SECRET: jwtSecret,
  };
  startChild('api', path.join(repo, 'dist/apps/api/src/main.js'), env);
  startChild('worker', path.join(repo, 'dist/apps/worker/src/main.js'), env);

  await waitForPort(port, 120_000);
  console.info(
    [
      '',
      '  Joint notices is running',
      `    API:          http://localhost:${port}`,
      `    OpenAPI docs: http://localhost:${port}/api/docs`,
      `    Temporal UI:  ${temporalUi}`,
      `    Temporal:     ${temporalAddress}`,
      `    Database:     ${databaseKind}`,
      ...(embeddedPg || devServer ? [`    Data:         ${dataDir}`] : []),
      '  Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

function startChild(name: string, script: string, env: NodeJS.ProcessEnv): void {
  if (shuttingDown) return; // stopped while starting up
  const child = spawn(process.execPath, ['--enable-source-maps', ...watchParentArgs(), script], {
    env,
    // The IPC channel is how the child notices that we died (die-with-parent.ts); no messages go over it.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    detached: true, // own process group: signals come only from us (one SIGTERM, not Ctrl-C's SIGINT too)
  });
  children.set(name, child);
  runState?.record(name, child.pid, script);
  prefixLines(child.stdout, process.stdout, `[${name}] `);
  prefixLines(child.stderr, process.stderr, `[${name}] `);
  child.on('error', (err) => {
    console.error(`[start] cannot start ${name}: ${err.message}`);
    void shutdown(1);
  });
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!shuttingDown) {
      console.error(`[start] ${name} exited unexpectedly (${signal ?? `code ${code}`}); shutting everything down`);
      void shutdown(1);
    }
  });
}

function prefixLines(from: NodeJS.ReadableStream | null, to: NodeJS.WritableStream, prefix: string): void {
  if (!from) return;
  let buf = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    buf += chunk;
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const line of lines) to.write(`${prefix}${line}\n`);
  });
  from.on('end', () => buf && to.write(`${prefix}${buf}\n`));
}

/** SIGTERM the children, wait (SIGKILL after a timeout), then stop the infrastructure; exit. */
function shutdown(exitCode: number): Promise<never> {
  shuttingDown ??= (async () => {
    log('shutting down ...');
    // The API first (its in-flight requests may wait on workflow Updates the worker answers), then the worker.
    for (const [name, child] of [...children]) {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          console.error(`[start] ${name} did not stop within ${CHILD_STOP_TIMEOUT_MS / 1000} s: SIGKILL`);
          child.kill('SIGKILL');
        }, CHILD_STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    let leftBehind = false;
    for (const { name, stop } of cleanups.reverse()) {
      try {
        await stop();
      } catch (err) {
        leftBehind = true;
        console.error(`[start] stopping ${name} failed: ${(err as Error).message}`);
      }
    }
    // Everything stopped: nothing for the next start to clean up.
    if (!leftBehind) runState?.release();
    log('stopped');
    process.exit(exitCode);
  })();
  return shuttingDown;
}

function onSignal(signal: NodeJS.Signals): void {
  const now = Date.now();
  if (firstSignalAt === undefined) {
    firstSignalAt = now;
    if (shuttingDown) log(`${signal} received: already stopping (send it again to force)`);
    else log(`${signal} received: stopping gracefully (send it again to force)`);
    void shutdown(0);
    return;
  }
  if (now - firstSignalAt < REPEAT_WINDOW_MS) {
    // npm passes on what it receives, and a terminal's Ctrl-C or a group kill reaches npm and us.
    log(`${signal} again within ${REPEAT_WINDOW_MS / 1000} s: the same request (npm forwards the signals it gets); still stopping gracefully`);
    return;
  }
  console.error(`[start] ${signal} again: forcing, SIGKILL to ${[...children.keys()].join(' and ') || 'no child left'}`);
  for (const child of children.values()) child.kill('SIGKILL');
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
// On an unexpected exit of this process the API and the worker see their IPC channel close and stop
// by themselves (a SIGTERM from here as well would reach them twice, and Nest takes a second one as
// "die now"); the dev server needs a word where the kernel does not give it one (no setpriv).
process.on('exit', () => {
  if (temporal?.pid && !temporal.diesWithParent) {
    try {
      process.kill(temporal.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

interface PortUse {
  port: number;
  host: string;
  what: string;
  variable: string;
}

/** Fails start-up naming every port in use and what holds it (pid and command, where visible). */
async function checkPortsFree(ports: PortUse[]): Promise<void> {
  const problems: string[] = [];
  for (const p of ports) {
    const error = await tryListen(p.port, p.host);
    if (!error) continue;
    problems.push(
      error === 'EADDRINUSE'
        ? `port ${p.port} (${p.variable}, ${p.what}) is in use by ${describeListeners(p.port)}`
        : `port ${p.port} (${p.variable}, ${p.what}) cannot be bound on ${p.host}: ${error}`,
    );
  }
  if (problems.length) {
    throw new CannotStart(`${problems.join('\n[start] ')}\n[start] Stop what holds it, or set the variable to a free port.`);
  }
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (shuttingDown) return; // a child died: shutdown() reports and exits
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`the API did not listen on port ${port} within ${timeoutMs / 1000} s`));
        else setTimeout(attempt, 300);
      });
    };
    attempt();
  });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

main().catch((err) => {
  if (err instanceof CannotStart || err instanceof DataDirInUseError) console.error(`[start] cannot start: ${err.message}`);
  else console.error(`[start] start-up failed: ${(err as Error).stack ?? err}`);
  void shutdown(1);
});
