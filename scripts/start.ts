/**
 * `npm start`: everything needed to run the system on one machine.
 *
 *  - DATABASE_URL unset     -> embedded PostgreSQL (PGlite) persisted in <repo>/.data/pglite, port EMBEDDED_PG_PORT (5433)
 *  - TEMPORAL_ADDRESS unset -> Temporal dev server on TEMPORAL_PORT (7233), UI TEMPORAL_UI_PORT (8233),
 *                              persisted in <repo>/.data/temporal.sqlite
 *  - AUTH_JWT_SECRET unset  -> development default (refused when NODE_ENV=production)
 * then migrates the database and runs the API and the worker as child processes.
 *
 * Runs compiled, as dist/scripts/start.js; the children are dist/apps/{api,worker}/src/main.js.
 */
import 'reflect-metadata'; // config.ts (DEV_JWT_SECRET) carries class-validator decorators
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import * as path from 'node:path';
import { DEV_JWT_SECRET } from '@config/config';
import { startEmbeddedPostgres } from '@config/embedded-postgres';
import { findRepoRoot } from '@config/temporal-binaries';
import { startTemporalDevServer } from '@config/temporal-dev-server';
import { runMigrations } from '@db/migrate';

const CHILD_STOP_TIMEOUT_MS = 20_000;
const log = (msg: string) => console.info(`[start] ${msg}`);

/** Things to stop on shutdown, in reverse order of start. */
const cleanups: Array<{ name: string; stop: () => Promise<void> }> = [];
const children = new Map<string, ChildProcess>();
let shuttingDown: Promise<never> | undefined;
let temporalPid: number | undefined;

async function main(): Promise<void> {
  const repo = findRepoRoot();
  const production = process.env.NODE_ENV === 'production';
  const port = Number(process.env.PORT ?? 3000);

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

  let databaseUrl = process.env.DATABASE_URL;
  let databaseKind: string;
  if (databaseUrl) {
    databaseKind = `PostgreSQL at ${redact(databaseUrl)}`;
  } else {
    const dataDir = path.join(repo, '.data', 'pglite');
    const pgPort = Number(process.env.EMBEDDED_PG_PORT ?? 5433);
    const pg = await startEmbeddedPostgres({ dataDir, port: pgPort });
    cleanups.push({ name: 'embedded PostgreSQL', stop: pg.stop });
    databaseUrl = pg.url;
    databaseKind = `embedded PostgreSQL (PGlite) at ${pg.url}, data in ${dataDir}`;
    log(`DATABASE_URL not set: using embedded PostgreSQL (PGlite) at ${pg.url} (data: ${dataDir})`);
  }

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let temporalUi = '(external server: see its own UI)';
  if (!temporalAddress) {
    const dbFile = path.join(repo, '.data', 'temporal.sqlite');
    const server = await startTemporalDevServer({
      port: Number(process.env.TEMPORAL_PORT ?? 7233),
      uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
      dbFile,
      // Own process group: a terminal Ctrl-C must reach only us, so that the server is stopped
      // after the worker has shut down, not at the same time.
      detached: true,
    });
    cleanups.push({ name: 'Temporal dev server', stop: server.stop });
    temporalPid = server.pid;
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
    log(`TEMPORAL_ADDRESS not set: started a Temporal dev server at ${server.address} (state: ${dbFile}); UI ${server.uiUrl}`);
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
      '  Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

function startChild(name: string, script: string, env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, ['--enable-source-maps', script], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: signals come only from us (one SIGTERM, not Ctrl-C's SIGINT too)
  });
  children.set(name, child);
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
    for (const { name, stop } of cleanups.reverse()) {
      try {
        await stop();
      } catch (err) {
        console.error(`[start] stopping ${name} failed: ${(err as Error).message}`);
      }
    }
    log('stopped');
    process.exit(exitCode);
  })();
  return shuttingDown;
}

function onSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) {
    // Second Ctrl-C: stop waiting.
    console.error(`[start] ${signal} again: killing the children`);
    for (const child of children.values()) child.kill('SIGKILL');
    return;
  }
  log(`${signal} received`);
  void shutdown(0);
}
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
// Last resort on an unexpected exit of this process: do not leave the (detached) children behind.
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL');
  if (temporalPid) {
    try {
      process.kill(temporalPid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

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
  console.error(`[start] start-up failed: ${(err as Error).stack ?? err}`);
  void shutdown(1);
});
