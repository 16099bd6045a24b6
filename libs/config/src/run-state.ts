/**
 * The processes one run of `npm start` owns, recorded in `<data dir>/launcher.json`, so that the
 * next run on the same data dir knows what it finds:
 *  - the launcher that wrote the file still runs: a second launcher on the same data would corrupt
 *    it (PGlite and the Temporal SQLite file take one writer), so the new one refuses, naming it;
 *  - the launcher is gone (killed, crashed) but processes it started still run (they normally die
 *    with it, see die-with-parent.ts; this is the second line): they are stopped, SIGTERM then
 *    SIGKILL, before anything binds a port.
 * A recorded process is acted on only when its pid, start time AND command line all match: a pid
 * that the system has since given to a stranger is never signalled. A graceful stop removes the file.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ProcessRef } from './processes';
import { bootId, commandLineOf, hasProcfs, isRunning, processRef, terminate } from './processes';

export const RUN_STATE_FILE = 'launcher.json';

export interface RecordedProcess extends ProcessRef {
  name: string;
  /** A string the process's command line contains (its script, its data file): checked before any signal. */
  marker: string;
}

interface StateFile {
  bootId: string;
  launcher: RecordedProcess;
  processes: RecordedProcess[];
}

/** Another launcher runs on the same data dir. */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

export interface ClaimOptions {
  /** Our own command line marker (e.g. the launcher script's path). */
  marker: string;
  log?: (line: string) => void;
  /** How long a leftover gets to stop after SIGTERM before SIGKILL (default 10 s). */
  graceMs?: number;
}

export class RunState {
  private constructor(
    private readonly file: string | undefined,
    private readonly state: StateFile | undefined,
  ) {}

  /**
   * Takes the data dir for this process: refuses if another launcher runs on it, stops what a
   * crashed one left behind, and records us. Without /proc it can check nothing and records nothing.
   */
  static async claim(dataDir: string, opts: ClaimOptions): Promise<RunState> {
    const log = opts.log ?? ((line: string) => console.info(line));
    const boot = bootId();
    const self = processRef(process.pid);
    if (!hasProcfs() || !boot || !self) {
      log(`cannot look for processes a previous run on ${dataDir} left behind on this platform (no /proc); ports in use will be reported`);
      return new RunState(undefined, undefined);
    }
    const file = path.join(dataDir, RUN_STATE_FILE);
    const previous = read(file);
    if (previous && previous.bootId === boot) {
      if (previous.launcher.pid !== process.pid && isOurs(previous.launcher)) {
        throw new DataDirInUseError(
          `another \`npm start\` (pid ${previous.launcher.pid}: ${commandLineOf(previous.launcher.pid)}) is running on ${dataDir}; ` +
            `stop it first (Ctrl-C in its terminal, or kill -TERM ${previous.launcher.pid}), or give this one another DATA_DIR`,
        );
      }
      for (const p of previous.processes.filter(isOurs)) {
        log(`the previous run on ${dataDir} (pid ${previous.launcher.pid}) left its ${p.name} running (pid ${p.pid}): stopping it`);
        const outcome = await terminate(p, opts.graceMs ?? 10_000);
        log(`${p.name} (pid ${p.pid}) ${outcome === 'killed' ? 'did not stop on SIGTERM: killed' : 'stopped'}`);
      }
    }
    const state: StateFile = { bootId: boot, launcher: { ...self, name: 'launcher', marker: opts.marker }, processes: [] };
    mkdirSync(dataDir, { recursive: true });
    write(file, state);
    return new RunState(file, state);
  }

  /** Records a process we started (call right after spawning it). */
  record(name: string, pid: number | undefined, marker: string): void {
    if (!this.file || !this.state || pid === undefined) return;
    const ref = processRef(pid);
    if (!ref) return; // already gone
    this.state.processes = [...this.state.processes.filter((p) => p.name !== name), { ...ref, name, marker }];
    write(this.file, this.state);
  }

  /** After a complete, graceful stop: nothing is left behind. */
  release(): void {
    if (!this.file) return;
    const onDisk = read(this.file);
    if (onDisk && onDisk.launcher.pid === process.pid) rmSync(this.file, { force: true });
  }
}

/** The recorded process runs, and is the one recorded: same start time, and its command line as expected. */
function isOurs(p: RecordedProcess): boolean {
  return isRunning(p) && (commandLineOf(p.pid) ?? '').includes(p.marker);
}

function read(file: string): StateFile | undefined {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
    return s && typeof s.bootId === 'string' && s.launcher && Array.isArray(s.processes) ? s : undefined;
  } catch {
    return undefined; // none, or unreadable: nothing we can trust
  }
}

/** Atomically: a crash while writing leaves the previous version, never half a file. */
function write(file: string, state: StateFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}
