/**
 * The system under benchmark, started the way scripts/start.ts starts it, but on ports, a database
 * and directories of its own so that it never collides with a running `npm start` or test run:
 *
 *  - database: DATABASE_URL set   -> a fresh database `notices_bench_<ts>` on that server, dropped at the end;
 *              DATABASE_URL unset -> embedded PostgreSQL (PGlite) in a temp dir, in a child process;
 *  - Temporal: TEMPORAL_ADDRESS set -> that server, on a task queue of the run's own;
 *              unset -> a headless, in-memory dev server on a free port;
 *  - the API (dist/apps/api/src/main.js) and the worker (dist/apps/worker/src/main.js) as child
 *    processes, with a JWT secret of the run's own, so their peak RSS (VmHWM) can be read;
 *  - the output of each (API, worker, the Temporal dev server, PGlite) in a log file of the run's
 *    own: a step reads what a log received meanwhile with logMark and logLinesSince.
 *
 * Everything started is stopped by `stop()`, also on SIGINT/SIGTERM and, as a last resort (SIGKILL
 * of children), when the process exits.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { findRepoRoot } from '@config/temporal-binaries';
import { findFreePort, stablePort, startTemporalDevServer } from '@config/temporal-dev-server';
import { runMigrations } from '@db/migrate';
import { createDatabase, dropDatabase } from '@db/scratch-database';
import type { Role } from '@domain/auth';
import { mintToken } from '@contract/tokens';
import { type ApiClient, KeepAliveApiClient } from '@harness/http';
import { sleep } from './stats';

export const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

export interface ProcMemory {
  /** Peak resident set size (VmHWM), MB. */
  peakMb: number;
  /** Largest VmRSS seen by the sampler in each step, MB. */
  byStep: Record<string, number>;
}

export interface BenchSystem {
  http: ApiClient;
  url: string;
  databaseUrl: string;
  databaseKind: string;
  temporalAddress: string;
  taskQueue: string;
  secret: string;
  token(agency: string, ...roles: Role[]): string;
  /** Names the current step for the memory sampler. */
  step(name: string): void;
  memory(): Record<string, ProcMemory>;
  /** The last lines of a child's output, for error reports. */
  tail(name: string, lines?: number): string;
  /**
   * Where `name`'s log (api, worker, temporal when the bench started it, pglite) stands now, for
   * logLinesSince; undefined when its output is not captured (a Temporal server of TEMPORAL_ADDRESS).
   */
  logMark(name: string): number | undefined;
  /** The lines `name`'s log received after `mark`. */
  logLinesSince(name: string, mark: number): Promise<string[]>;
  /** True once stop() has begun (e.g. on Ctrl-C): the remaining steps are skipped. */
  stopping(): boolean;
  stop(): Promise<void>;
}

interface Started {
  name: string;
  stop: () => Promise<void>;
}

const MB = 1024;

export async function startBenchSystem(opts: { verbose: boolean; env?: Record<string, string> }): Promise<BenchSystem> {
  const repo = findRepoRoot();
  const cleanups: Started[] = [];
  const children = new Map<string, ChildProcess>();
  /** Processes whose memory is sampled: the children and the Temporal dev server. */
  const watched = new Map<string, number>();
  const logs = new Map<string, { file: string; stream: WriteStream; recent: string[]; bytes: number }>();
  const lastResortPids = new Set<number>();
  let stopping: Promise<void> | undefined;

  const workDir = await mkdtemp(path.join(tmpdir(), 'notices-bench-'));
  cleanups.push({ name: `temp dir ${workDir}`, stop: () => rm(workDir, { recursive: true, force: true }) });

  // --- memory sampler -----------------------------------------------------------------------
  const memory: Record<string, ProcMemory> = {};
  let currentStep = 'start-up';
  const sample = () => {
    for (const [name, pid] of watched) {
      const m = readMemory(pid);
      if (!m) continue;
      const entry = (memory[name] ??= { peakMb: 0, byStep: {} });
      entry.peakMb = Math.max(entry.peakMb, m.hwmKb / MB);
      entry.byStep[currentStep] = Math.max(entry.byStep[currentStep] ?? 0, m.rssKb / MB);
    }
  };
  const sampler = setInterval(sample, 200);
  sampler.unref();

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      sample();
      clearInterval(sampler);
      log('stopping the system ...');
      // The API first (its in-flight requests may wait on updates the worker still has to run),
      // then the worker (it finishes in-flight activities), then the infrastructure.
      for (const name of ['api', 'worker']) {
        const child = children.get(name);
        if (child) await stopChild(name, child);
      }
      for (const { name, stop: s } of cleanups.reverse()) {
        try {
          await s();
        } catch (err) {
          log(`stopping ${name} failed: ${(err as Error).message}`);
        }
      }
      for (const { stream } of logs.values()) stream.end();
      log('stopped');
    })());

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: killing the children`);
      for (const child of children.values()) child.kill('SIGKILL');
      process.exit(130);
    }
    log(`${signal} received: cleaning up`);
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => {
    for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of lastResortPids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  });

  /** A log of the run's own for `name` (a file in the work dir, its last lines in memory): the writer of its lines. */
  function capture(name: string): (line: string) => void {
    const file = path.join(workDir, `${name}.log`);
    const entry = { file, stream: createWriteStream(file), recent: [] as string[], bytes: 0 };
    logs.set(name, entry);
    return (line) => {
      entry.stream.write(`${line}\n`);
      entry.bytes += Buffer.byteLength(line) + 1;
      entry.recent.push(line);
      if (entry.recent.length > 200) entry.recent.shift();
      if (opts.verbose) process.stderr.write(`[${name}] ${line}\n`);
    };
  }

  function track(name: string, child: ChildProcess): void {
    children.set(name, child);
    if (child.pid) watched.set(name, child.pid);
    const write = capture(name);
    for (const s of [child.stdout, child.stderr]) {
      let buf = '';
      s?.setEncoding('utf8');
      s?.on('data', (chunk: string) => {
        buf += chunk;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        lines.forEach(write);
      });
    }
    child.on('exit', (code, signal) => {
      watched.delete(name);
      if (!stopping) log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); last output:\n${tailOf(name, 30)}`);
    });
  }

  /** Every line written to `name`'s log after `mark` (logMark), read back from its file. */
  async function linesSince(name: string, mark: number): Promise<string[]> {
    const entry = logs.get(name);
    if (!entry) return [];
    // The stream writes in order: the callback of an empty write comes once every earlier line is in the file.
    await new Promise<void>((resolve) => entry.stream.write('', () => resolve()));
    let text = '';
    for await (const chunk of createReadStream(entry.file, { start: mark, encoding: 'utf8' })) text += chunk;
    return text.split('\n').filter((l) => l !== '');
  }

  function tailOf(name: string, n = 40): string {
    return (logs.get(name)?.recent ?? []).slice(-n).map((l) => `    [${name}] ${l}`).join('\n');
  }

  async function stopChild(name: string, child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        log(`${name} did not stop within 20 s: SIGKILL`);
        child.kill('SIGKILL');
      }, 20_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  try {
    // --- database -----------------------------------------------------------------------------
    let databaseUrl: string;
    let databaseKind: string;
    const given = process.env.DATABASE_URL;
    if (given) {
      const name = `notices_bench_${Date.now()}`;
      databaseUrl = await createDatabase(given, name);
      cleanups.push({ name: `database ${name}`, stop: () => dropDatabase(given, name) });
      const server = (await serverVersion(databaseUrl)) ?? 'PostgreSQL';
      databaseKind = `${server}, fresh database ${name} on ${new URL(databaseUrl).host} (dropped at the end)`;
    } else {
      const dataDir = path.join(workDir, 'pglite');
      const child = spawn(process.execPath, [path.join(repo, 'dist/scripts/bench/embedded-pg.js'), dataDir], {
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        detached: true,
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error('the embedded PostgreSQL did not start within 60 s')), 60_000);
        child.stdout!.setEncoding('utf8');
        const onData = (chunk: string) => {
          out += chunk;
          const m = /URL (\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            child.stdout!.off('data', onData);
            resolve(m[1]);
          }
        };
        child.stdout!.on('data', onData);
        child.once('exit', (code) => reject(new Error(`the embedded PostgreSQL exited (code ${code}) during start-up`)));
        child.once('error', reject);
      });
      track('pglite', child);
      cleanups.push({ name: 'embedded PostgreSQL', stop: () => stopChild('pglite', child) });
      databaseUrl = url;
      databaseKind = `embedded PostgreSQL (PGlite, own process) at ${url}, data in a temp dir`;
    }
    log(`database: ${databaseKind}`);

    // --- Temporal -----------------------------------------------------------------------------
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    if (temporalAddress) {
      log(`Temporal: TEMPORAL_ADDRESS=${temporalAddress}`);
    } else {
      const server = await startTemporalDevServer({
        port: await stablePort(), // below the ephemeral range, where the server's own random ports never go
        uiPort: 0,
        detached: true,
        log: capture('temporal'), // at --log-level warn: each line is a warning or an error
      });
      if (server.kind !== 'cli') {
        // The SDK's download keeps its output to itself: no log to read.
        logs.get('temporal')?.stream.end();
        logs.delete('temporal');
      }
      const pid = server.pid;
      if (pid) {
        lastResortPids.add(pid);
        watched.set('temporal', pid);
      }
      cleanups.push({
        name: 'Temporal dev server',
        stop: async () => {
          await server.stop();
          if (pid) {
            lastResortPids.delete(pid);
            watched.delete('temporal');
          }
        },
      });
      temporalAddress = server.address;
      log(`Temporal: started a headless, in-memory dev server at ${server.address}`);
    }
    const taskQueue = `bench-${Date.now()}`;

    // --- migrations, API, worker --------------------------------------------------------------
    const t0 = Date.now();
    const applied = await runMigrations(databaseUrl);
    log(`migrations: ${applied.length} applied in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : await findFreePort();
    const secret = `bench-${randomBytes(24).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: taskQueue,
      AUTH_JWT_SECRET: secret,
      ...opts.env,
    };
    for (const name of ['api', 'worker'] as const) {
      // BENCH_API_NODE_ARGS, BENCH_WORKER_NODE_ARGS: Node options of that child's own, e.g.
      // `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where its time goes during the run.
      const nodeArgs = (process.env[`BENCH_${name.toUpperCase()}_NODE_ARGS`] ?? '').split(/\s+/).filter(Boolean);
      const child = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, path.join(repo, `dist/apps/${name}/src/main.js`)], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true, // signals come only from us
      });
      child.once('error', (err) => log(`cannot start ${name}: ${err.message}`));
      track(name, child);
    }
    const url = `http://127.0.0.1:${port}`;
    const api = new KeepAliveApiClient(url);
    await waitFor('the API to answer /health', 180_000, async () => (await api.get('/health').catch(() => ({ status: 0 }))).status === 200, children);
    await waitFor('the worker to poll its task queue', 180_000, async () => (logs.get('worker')?.recent ?? []).some((l) => l.includes('polling task queue')), children);
    log(`API at ${url}, worker on task queue ${taskQueue}`);

    return {
      http: api,
      url,
      databaseUrl,
      databaseKind,
      temporalAddress,
      taskQueue,
      secret,
      token: (agency, ...roles) => mintToken({ sub: `bench-${agency.toLowerCase()}-${roles.join('-')}`, agency, roles }, secret),
      step: (name) => {
        sample();
        currentStep = name;
      },
      memory: () => {
        sample();
        return memory;
      },
      tail: tailOf,
      logMark: (name) => logs.get(name)?.bytes,
      logLinesSince: linesSince,
      stopping: () => stopping !== undefined,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, children: Map<string, ChildProcess>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [name, child] of children) {
      if (child.exitCode !== null && child.exitCode !== undefined) throw new Error(`${name} exited (code ${child.exitCode}) while waiting for ${what}`);
    }
    if (await check()) return;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/** VmHWM (peak RSS) and VmRSS of a process, kB; null when it is gone or not Linux. */
export function readMemory(pid: number): { hwmKb: number; rssKb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    if (!hwm || !rss) return null;
    return { hwmKb: Number(hwm[1]), rssKb: Number(rss[1]) };
  } catch {
    return null;
  }
}

async function serverVersion(url: string): Promise<string | null> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    const { rows } = await c.query('SHOW server_version');
    return `PostgreSQL ${String(rows[0].server_version).split(' ')[0]}`;
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
}
