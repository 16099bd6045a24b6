/**
 * A stand-in for `npm start` in test/processes.spec.ts: starts a Node child the way the launcher
 * does (IPC channel + the watch-parent preload, own process group) and, where the kernel allows, a
 * program under the parent-death signal; once the Node child has run its code (its preload loaded,
 * its SIGTERM handler installed: it says so over IPC), prints their pids as one JSON line; then
 * waits to be killed.
 * The Node child writes "<pid> stopping" to the file given as argv[2] when it gets SIGTERM.
 */
import { spawn } from 'node:child_process';
import { parentDeathSignalPrefix, watchParentArgs } from '@config/die-with-parent';

const marks = process.argv[2];
const childCode = `
  const fs = require('node:fs');
  process.on('SIGTERM', () => { fs.appendFileSync(${JSON.stringify(marks)}, process.pid + ' stopping\\n'); process.exit(0); });
  setInterval(() => undefined, 1000);
  process.send('ready');
`;
const node = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', ...watchParentArgs(), '-e', childCode], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  detached: true,
});
const prefix = parentDeathSignalPrefix();
const program = prefix ? spawn(prefix[0], [...prefix.slice(1), 'sleep', '600'], { stdio: 'ignore', detached: true }) : undefined;
node.once('message', () => console.log(JSON.stringify({ node: node.pid, program: program?.pid ?? null })));
setInterval(() => undefined, 1000);
