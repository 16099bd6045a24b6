/**
 * Children of `npm start` stop when the launcher dies, however it dies (SIGKILL, the OOM killer, a
 * crash), instead of living on as orphans that keep their ports:
 *  - our Node processes (API, worker) are started with an IPC channel and the preload
 *    ./watch-parent (`node -r`): when the channel closes they stop as on the launcher's SIGTERM;
 *  - the Temporal CLI, a Go binary we cannot change, is started through util-linux's
 *    `setpriv --pdeathsig TERM`: the kernel sends it SIGTERM when the launcher dies (Linux only;
 *    elsewhere the next start stops it, see run-state.ts).
 * The children keep their own process groups, so a terminal's Ctrl-C still reaches only the
 * launcher, which stops them in order.
 */
import { spawnSync } from 'node:child_process';

/** `node` arguments that make a child watch its parent; spawn it with an 'ipc' stdio entry. */
export function watchParentArgs(): string[] {
  return ['-r', require.resolve('./watch-parent')];
}

let wrapper: string[] | null | undefined;

/**
 * The command prefix that has the kernel send SIGTERM to the program when this process dies:
 * `['setpriv', '--pdeathsig', 'TERM', '--']`, or undefined where that is not available.
 */
export function parentDeathSignalPrefix(): string[] | undefined {
  if (wrapper === undefined) {
    wrapper = null;
    if (process.platform === 'linux') {
      const prefix = ['setpriv', '--pdeathsig', 'TERM', '--'];
      // util-linux >= 2.33; an older setpriv, or none, fails this.
      const probe = spawnSync(prefix[0], [...prefix.slice(1), 'true'], { stdio: 'ignore', timeout: 5_000 });
      if (probe.status === 0) wrapper = prefix;
    }
  }
  return wrapper ?? undefined;
}
