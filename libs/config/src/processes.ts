/**
 * What `npm start` needs to know about other processes, read from Linux's /proc:
 *  - a process's identity: its pid *and* its start time, which no later process that is given the
 *    same pid shares; so a recorded process is never confused with a stranger;
 *  - its command line;
 *  - which process listens on a TCP port, to say precisely what holds a port we need.
 * Without /proc (macOS, Windows) the answers are `undefined` ("cannot tell") and callers degrade.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A process, told apart from any later process with the same pid. */
export interface ProcessRef {
  pid: number;
  /** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
  startTime: string;
}

export function hasProcfs(): boolean {
  return process.platform === 'linux' && readOrUndefined('/proc/self/stat') !== undefined;
}

/** This boot's id: pids and start times of an earlier boot mean nothing now. */
export function bootId(): string | undefined {
  return readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim();
}

/** Parsed /proc/<pid>/stat: after the last ')' (the command name may hold spaces and parentheses). */
function stat(pid: number): { state: string; startTime: string } | undefined {
  const text = readOrUndefined(`/proc/${pid}/stat`);
  if (!text) return undefined;
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
  return { state: fields[0], startTime: fields[19] };
}

export function processRef(pid: number): ProcessRef | undefined {
  const s = stat(pid);
  return s && { pid, startTime: s.startTime };
}

/** The command line, arguments joined by spaces; undefined when the process is gone or unreadable. */
export function commandLineOf(pid: number): string | undefined {
  const raw = readOrUndefined(`/proc/${pid}/cmdline`);
  return raw ? raw.replace(/\0+$/, '').split('\0').join(' ') : undefined;
}

/**
 * True while the very process `ref` names runs. A zombie does not: it holds no port, no file — but
 * the main thread of a multithreaded process (Node, Go) turns zombie while its other threads are
 * still tearing down and still hold the shared file table, ports included; so every thread counts.
 */
export function isRunning(ref: ProcessRef): boolean {
  const s = stat(ref.pid);
  if (!s || s.startTime !== ref.startTime) return false;
  if (s.state !== 'Z' && s.state !== 'X') return true;
  return safeReaddir(`/proc/${ref.pid}/task`).some((tid) => {
    const state = readOrUndefined(`/proc/${ref.pid}/task/${tid}/stat`)?.split(') ')[1]?.[0];
    return state !== undefined && state !== 'Z' && state !== 'X';
  });
}

/**
 * Stops the process `ref` names: SIGTERM, then SIGKILL if it is still running after `graceMs`.
 * Never signals a process that is not `ref` (checked before each signal).
 */
export async function terminate(ref: ProcessRef, graceMs: number): Promise<'not running' | 'stopped' | 'killed'> {
  if (!isRunning(ref)) return 'not running';
  signal(ref, 'SIGTERM');
  if (await exited(ref, graceMs)) return 'stopped';
  signal(ref, 'SIGKILL');
  await exited(ref, 5_000);
  return 'killed';
}

function signal(ref: ProcessRef, sig: NodeJS.Signals): void {
  if (!isRunning(ref)) return;
  try {
    process.kill(ref.pid, sig);
  } catch {
    /* gone in between */
  }
}

async function exited(ref: ProcessRef, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(ref)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export interface PortListener {
  pid: number;
  command: string;
}

/**
 * The processes listening on TCP `port` (any local address, IPv4 or IPv6) that this user may see.
 * undefined: cannot tell (no /proc). An empty list: something listens, but its process is not
 * visible to this user (another user's, or another container's).
 */
export function listenersOf(port: number): PortListener[] | undefined {
  if (!hasProcfs()) return undefined;
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (readOrUndefined(table) ?? '').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A') continue; // 0A = LISTEN
      if (parseInt(f[1].slice(f[1].lastIndexOf(':') + 1), 16) === port) inodes.add(f[9]);
    }
  }
  if (!inodes.size) return [];
  const wanted = new Set([...inodes].map((i) => `socket:[${i}]`));
  const found: PortListener[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (wanted.has(target)) {
        found.push({ pid, command: commandLineOf(pid) ?? '?' });
        break;
      }
    }
  }
  return found;
}

/** "pid 123 (node server.js)" — who holds `port`, as precisely as this machine lets us say. */
export function describeListeners(port: number): string {
  const listeners = listenersOf(port);
  if (listeners?.length) return listeners.map((l) => `pid ${l.pid} (${l.command})`).join(', ');
  const how = process.platform === 'darwin' || process.platform === 'linux' ? `; \`lsof -nP -iTCP:${port} -sTCP:LISTEN\` may say` : '';
  return `a process this user cannot see${how}`;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
