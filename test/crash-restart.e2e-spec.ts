/**
 * `npm start` comes back after any crash, and one signal stops it gracefully. The real launcher
 * (dist/scripts/start.js, built once) under a real npm, as `npm start` runs it — npm forwards the
 * signals it gets — with the embedded PostgreSQL and a Temporal dev server, on ports and a data dir
 * of its own. One campaign lives through it all:
 *  1. SIGKILL to every process group of the tree (npm's, the API's, the worker's, Temporal's):
 *     nothing gets to clean up; the next start on the same data dir comes back, and the campaign
 *     and its workflow are still there (PGlite and Temporal's SQLite recover);
 *  2. SIGKILL to npm's process group only (the launcher's): the worker and Temporal die with it;
 *     the API, frozen (SIGSTOP) so that it cannot, is stopped by the next start, which finds it
 *     in the data dir's run state; the port it held is free again;
 *  3. one SIGTERM to npm's process group (npm and the launcher both get it, and npm forwards its
 *     copy): a graceful stop, exit code 0.
 * Also: a port held by a stranger is named, pid and command, and nothing starts.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@config/temporal-binaries';
import type { Role } from '@domain/auth';
import { mintToken } from '@contract/tokens';
import type { ProcessRef } from '@config/processes';
import { isRunning } from '@config/processes';
import { RUN_STATE_FILE } from '@config/run-state';
import { stablePort } from '@config/temporal-dev-server';
import { shanghaiIso, timeline } from './support/campaign';
import { smallDefinition } from './support/definitions';
import { eventually } from './support/system';

const linux = process.platform === 'linux' ? describe : describe.skip;
const repo = findRepoRoot();
const SECRET = 'crash-restart-spec-secret';
const DAY = 24 * 3600_000;

interface Proc extends ProcessRef {
  ppid: number;
  pgid: number;
  command: string;
}

/** Every process on the machine, from /proc. */
function processTable(): Proc[] {
  const procs: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z') continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      procs.push({ pid: Number(entry), ppid: Number(f[1]), pgid: Number(f[2]), startTime: f[19], command });
    } catch {
      /* gone meanwhile */
    }
  }
  return procs;
}

/** `npm exec -c 'exec node dist/scripts/start.js'` in a process group of its own, like a terminal job. */
class Launcher {
  readonly proc: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly startedAt = Date.now();

  constructor(env: NodeJS.ProcessEnv) {
    this.proc = spawn('npm', ['exec', '--offline', '-c', 'exec node dist/scripts/start.js'], {
      cwd: repo,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.proc.stdout!, this.proc.stderr!]) {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buf += chunk;
        const parts = buf.split('\n');
        buf = parts.pop() ?? '';
        this.lines.push(...parts);
      });
    }
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get output(): string {
    return this.lines.join('\n');
  }

  /** npm, the launcher, the API, the worker and the Temporal dev server: this launcher's descendants. */
  tree(): Proc[] {
    const all = processTable();
    const found = all.filter((p) => p.pid === this.proc.pid);
    for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i].pid));
    return found;
  }

  child(tree: Proc[], pattern: RegExp): Proc {
    const p = tree.find((t) => pattern.test(t.command));
    if (!p) throw new Error(`no ${pattern} in the tree:\n${tree.map((t) => `${t.pid} ${t.command}`).join('\n')}`);
    return p;
  }

  /** Until /health/ready answers 200 and the worker polls; fails early, with the output, if it exits. */
  async ready(url: string, timeoutMs = 240_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      if (exited) throw new Error(`the launcher exited while starting:\n${this.output}`);
      const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200 && /polling task queue/.test(this.output)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`not ready within ${timeoutMs / 1000} s:\n${this.output}`);
  }
}

linux('npm start after a crash', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let port: number;
  let current: Launcher | undefined;
  const launchers: Launcher[] = [];
  let campaign: { id: string; sha: string };

  const token = (agency: string, ...roles: Role[]) => mintToken({ sub: `${agency.toLowerCase()}-crash`, agency, roles }, SECRET);
  const http = async (method: string, path: string, tok: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as any };
  };
  const decide = (agency: string) =>
    http('POST', `/api/v1/campaigns/${campaign.id}/co-sign/decisions`, token(agency, 'signer'), { decision: 'approve', noticeSha256: campaign.sha });
  const signers = async () =>
    Object.fromEntries(
      ((await http('GET', `/api/v1/campaigns/${campaign.id}`, token('CAST', 'secretariat'))).body.coSign.signers as any[]).map((s) => [s.agency, s.status]),
    );
  /** The signers read back as `expected`, once what was answered before the kill is written; how long that took is printed. */
  const writtenAfterRestart = async (expected: Record<string, string>) => {
    const t0 = Date.now();
    await eventually(async () => expect(await signers()).toEqual(expected), 30_000);
    console.info(`[crash-restart] the decisions answered before the kill read back ${Date.now() - t0} ms after the restart`);
  };
  const start = () => {
    current = new Launcher(env);
    launchers.push(current);
    return current;
  };

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'ignore', timeout: 300_000 }); // once: the launches below reuse it
    dataDir = mkdtempSync(join(tmpdir(), 'crash-restart-'));
    // Below the ephemeral range: the launches reuse these ports for minutes (stablePort, libs/config).
    port = await stablePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      TEMPORAL_PORT: String(await stablePort()),
      TEMPORAL_UI_PORT: String(await stablePort()),
      EMBEDDED_PG_PORT: String(await stablePort()),
      DATA_DIR: dataDir,
      AUTH_JWT_SECRET: SECRET,
      // WORKFLOW_BUNDLE_PATH (global setup's bundle of the same workflows) is kept: the worker starts sooner.
    };
    // The embedded defaults, as a newcomer's `npm start` has them.
    for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_TASK_QUEUE', 'TEMPORAL_NAMESPACE']) delete env[name];
  }, 360_000);

  afterAll(async () => {
    // Whatever a failed case left: every group of every tree, then the data dir.
    for (const l of launchers) {
      for (const pgid of new Set([l.proc.pid!, ...l.tree().map((p) => p.pgid)])) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the pid and command of a stranger holding its port, and starts nothing', async () => {
    const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, () => console.log('up'))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await once(holder.stdout!, 'data');
      const l = start();
      const { code } = await l.exited;
      expect(code).not.toBe(0);
      expect(l.output).toContain(`port ${port} (PORT, the API) is in use by pid ${holder.pid} (${process.execPath} -e`);
      expect(l.output).not.toMatch(/Temporal dev server at|migrations/);
    } finally {
      holder.kill('SIGKILL');
      await once(holder, 'exit');
    }
  }, 120_000);

  it('comes back on the same data after SIGKILL to every process group of its tree', async () => {
    const first = start();
    await first.ready(url);

    const base = Date.now();
    const launched = await http(
      'POST',
      '/api/v1/campaigns',
      token('CAST', 'secretariat'),
      smallDefinition({
        title: '崩溃重启测试通知',
        docNumberPrefix: '崩溃测试发',
        coSigners: ['CPD', 'CAC', 'MOE'],
        coSignDueAt: shanghaiIso(base + 20 * DAY),
        milestones: timeline({ opens: 30 * DAY, weekStarts: 40 * DAY, weekEnds: 47 * DAY, summaryDue: 60 * DAY, closes: 90 * DAY }, base),
      }),
    );
    expect(launched.status).toBe(201);
    campaign = { id: launched.body.id, sha: launched.body.notice.sha256 };
    expect((await decide('CPD')).status).toBe(200);

    const tree = first.tree();
    const groups = new Set(tree.map((p) => p.pgid));
    expect(groups.size).toBeGreaterThanOrEqual(4); // npm + launcher; the API; the worker; Temporal
    for (const pgid of groups) process.kill(-pgid, 'SIGKILL');
    await first.exited;
    await eventually(async () => expect(tree.filter(isRunning)).toEqual([]), 10_000);

    const again = start();
    await again.ready(url);
    console.info(`[crash-restart] after SIGKILL of every group: ready again in ${((Date.now() - again.startedAt) / 1000).toFixed(1)} s`);
    expect(again.output).not.toMatch(/EADDRINUSE|address already in use|in use by/);

    // The read model (PGlite) and the workflow (Temporal's SQLite) survived; the workflow answers.
    // A decision answered just before the kill may be written only now (answer-then-record): the
    // restarted worker writes it once the lost attempt's heartbeat times out (workflows/README.md).
    await writtenAfterRestart({ CPD: 'approved', CAC: 'pending', MOE: 'pending' });
    const t0 = Date.now();
    expect((await decide('CAC')).status).toBe(200);
    console.info(`[crash-restart] first co-sign decision after the restart took ${Date.now() - t0} ms`);
  }, 600_000);

  it('comes back after SIGKILL to npm’s group alone: the children die with the launcher, a frozen one is stopped by the next start', async () => {
    const running = current!;
    const tree = running.tree();
    const api = running.child(tree, /dist\/apps\/api\/src\/main\.js/);
    const worker = running.child(tree, /dist\/apps\/worker\/src\/main\.js/);
    const temporal = running.child(tree, /temporal server start-dev/);
    expect(new Set([api.pgid, worker.pgid, temporal.pgid, running.proc.pid]).size).toBe(4); // own groups: Ctrl-C reaches only npm's

    process.kill(api.pid, 'SIGSTOP'); // frozen: it cannot notice that its parent died
    process.kill(-running.proc.pid!, 'SIGKILL'); // `kill -9 -<pgid of npm start>`
    await running.exited;
    await eventually(async () => {
      expect(isRunning(worker)).toBe(false);
      expect(isRunning(temporal)).toBe(false);
    }, 30_000);
    expect(isRunning(api)).toBe(true); // still holding the API's port

    const again = start();
    await again.ready(url);
    console.info(`[crash-restart] after SIGKILL of npm's group (API frozen): ready again in ${((Date.now() - again.startedAt) / 1000).toFixed(1)} s`);
    expect(again.output).toContain(`left its api running (pid ${api.pid}): stopping it`);
    expect(again.output).toContain(`api (pid ${api.pid}) did not stop on SIGTERM: killed`);
    expect(isRunning(api)).toBe(false);

    await writtenAfterRestart({ CPD: 'approved', CAC: 'approved', MOE: 'pending' });
    expect((await decide('MOE')).status).toBe(200);
    const signed = await http('POST', `/api/v1/campaigns/${campaign.id}/sign-off`, token('CAST', 'secretariat'), { noticeSha256: campaign.sha });
    expect(signed.status).toBe(200);
    expect(signed.body.docNumber).toMatch(/^崩溃测试发〔\d{4}〕1号$/);
  }, 600_000);

  it('stops gracefully on one SIGTERM to npm’s group, although it arrives twice', async () => {
    const running = current!;
    const tree = running.tree();
    process.kill(-running.proc.pid!, 'SIGTERM'); // npm and the launcher get it; npm forwards its copy
    const { code, signal } = await running.exited;

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const launcherLines = running.lines.filter((l) => l.startsWith('[start]'));
    expect(launcherLines).toEqual(
      expect.arrayContaining([expect.stringContaining('SIGTERM received: stopping gracefully'), '[start] stopped']),
    );
    expect(running.output).not.toMatch(/SIGKILL|forcing/);
    expect(tree.filter(isRunning)).toEqual([]);
    expect(existsSync(join(dataDir, RUN_STATE_FILE))).toBe(false); // nothing left for the next start to clean
    console.info(`[crash-restart] launcher on SIGTERM:\n  ${launcherLines.slice(-4).join('\n  ')}`);
  }, 120_000);
});
