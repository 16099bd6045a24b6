/**
 * The process machinery of `npm start` (libs/config/src: processes, run-state, die-with-parent),
 * with real processes: who holds a port, a recorded process is told apart from a stranger with the
 * same pid, leftovers of a crashed run are stopped and nothing else is, and children die with
 * their parent even when it is SIGKILLed. Linux (/proc); elsewhere the specs are skipped.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentDeathSignalPrefix } from '@config/die-with-parent';
import { bootId, describeListeners, hasProcfs, isRunning, listenersOf, processRef, terminate } from '@config/processes';
import { DataDirInUseError, RUN_STATE_FILE, RunState } from '@config/run-state';
import { findFreePort } from '@config/temporal-dev-server';
import { eventually } from './support/system';

const linux = hasProcfs() ? describe : describe.skip;
const started: ChildProcess[] = [];

/** A Node process that idles (optionally ignoring SIGTERM); `marker` ends up in its command line. */
function idler(marker: string, ignoreTerm = false): ChildProcess {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => undefined);" : ''} setInterval(() => undefined, 1000); console.log('ready');`;
  const child = spawn(process.execPath, ['-e', code, marker], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  started.push(child);
  return child;
}

/** Resolves once the idler has run its code (its SIGTERM handler, if any, is installed). */
async function ready(child: ChildProcess): Promise<void> {
  await once(child.stdout!, 'data');
}

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

linux('processes', () => {
  it('tells a process from a later one given the same pid (start time)', async () => {
    const child = idler('ref');
    const ref = processRef(child.pid!)!;
    expect(isRunning(ref)).toBe(true);
    expect(isRunning({ ...ref, startTime: String(Number(ref.startTime) - 1) })).toBe(false);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isRunning(ref)).toBe(false);
  });

  it('names the pid and command holding a port', async () => {
    const port = await findFreePort();
    expect(listenersOf(port)).toEqual([]);
    const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('up'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    started.push(holder);
    await once(holder.stdout!, 'data');
    expect(listenersOf(port)).toEqual([{ pid: holder.pid, command: expect.stringContaining(`listen(${port}`) }]);
    expect(describeListeners(port)).toContain(`pid ${holder.pid} (${process.execPath} -e`);
  });

  it('terminate: SIGTERM, and SIGKILL when that is ignored', async () => {
    const polite = idler('polite');
    const stubborn = idler('stubborn', true);
    await Promise.all([ready(polite), ready(stubborn)]); // a fixed sleep lost to a loaded machine: SIGTERM came first
    expect(await terminate(processRef(polite.pid!)!, 5_000)).toBe('stopped');
    expect(await terminate(processRef(stubborn.pid!)!, 300)).toBe('killed');
    expect(await terminate(processRef(stubborn.pid!) ?? { pid: stubborn.pid!, startTime: '0' }, 300)).toBe('not running');
  });
});

linux('run state of a data dir', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'run-state-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A state file as a launcher that is gone (or `launcher`) would have left it. */
  function previousRun(processes: object[], launcher?: object): void {
    const gone = { pid: 999_999, startTime: '1', name: 'launcher', marker: 'scripts/start' };
    writeFileSync(join(dataDir, RUN_STATE_FILE), JSON.stringify({ bootId: bootId(), launcher: launcher ?? gone, processes }));
  }

  it('stops what a crashed run left behind, and only that', async () => {
    const marker = `leftover-${randomUUID()}`;
    const leftover = idler(marker);
    const stranger = idler(`stranger-${randomUUID()}`); // its pid is recorded, but not its command line
    const reused = idler(marker); // its pid and command line, but another start time: a later process
    const [leftoverRef, strangerRef, reusedRef] = [leftover, stranger, reused].map((c) => processRef(c.pid!)!);
    previousRun([
      { ...leftoverRef, name: 'api', marker },
      { ...strangerRef, name: 'worker', marker },
      { ...reusedRef, startTime: String(Number(reusedRef.startTime) - 1), name: 'Temporal dev server', marker },
    ]);
    const lines: string[] = [];
    const state = await RunState.claim(dataDir, { marker: 'processes.spec', log: (l) => lines.push(l) });

    expect(isRunning(leftoverRef)).toBe(false);
    expect(isRunning(strangerRef)).toBe(true);
    expect(isRunning(reusedRef)).toBe(true);
    expect(lines).toEqual([expect.stringContaining(`left its api running (pid ${leftover.pid}): stopping it`), `api (pid ${leftover.pid}) stopped`]);
    // It now records us; released after a clean stop.
    const file = join(dataDir, RUN_STATE_FILE);
    expect(JSON.parse(readFileSync(file, 'utf8')).launcher).toMatchObject({ pid: process.pid, marker: 'processes.spec' });
    state.record('api', stranger.pid, 'stranger');
    expect(JSON.parse(readFileSync(file, 'utf8')).processes).toEqual([expect.objectContaining({ name: 'api', pid: stranger.pid })]);
    state.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a data dir on which another launcher runs, naming it, and touches nothing', async () => {
    const marker = `launcher-${randomUUID()}`;
    const launcher = idler(marker);
    const child = idler(`child-${randomUUID()}`);
    const childRef = processRef(child.pid!)!;
    previousRun([{ ...childRef, name: 'api', marker: 'child-' }], { ...processRef(launcher.pid!)!, name: 'launcher', marker });

    const claim = RunState.claim(dataDir, { marker: 'processes.spec', log: () => undefined });
    await expect(claim).rejects.toThrow(DataDirInUseError);
    await expect(claim).rejects.toThrow(`another \`npm start\` (pid ${launcher.pid}:`);
    expect(isRunning(childRef)).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, RUN_STATE_FILE), 'utf8')).launcher.pid).toBe(launcher.pid);
  });
});

linux('children die with their parent', () => {
  it('when the parent is SIGKILLed, its Node child stops gracefully (SIGTERM) and a program under setpriv --pdeathsig stops', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'die-with-parent-'));
    const marks = join(dir, 'marks');
    writeFileSync(marks, '');
    const parent = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'launcher-like.ts'), marks], {
      stdio: ['ignore', 'pipe', 'inherit'],
      detached: true,
    });
    started.push(parent);
    const [line] = (await once(parent.stdout!, 'data')) as [Buffer];
    const pids = JSON.parse(line.toString()) as { node: number; program: number | null };
    const node = processRef(pids.node)!;
    const program = pids.program ? processRef(pids.program) : undefined;
    if (!parentDeathSignalPrefix()) console.warn('no setpriv --pdeathsig here: only the Node child is checked');
    try {
      expect(isRunning(node)).toBe(true);
      if (program) expect(isRunning(program)).toBe(true);

      parent.kill('SIGKILL');
      await eventually(async () => {
        expect(isRunning(node)).toBe(false);
        if (program) expect(isRunning(program)).toBe(false);
      }, 20_000);
      expect(readFileSync(marks, 'utf8')).toBe(`${pids.node} stopping\n`);
    } finally {
      for (const ref of [node, program]) if (ref && isRunning(ref)) process.kill(ref.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
