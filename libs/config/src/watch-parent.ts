/**
 * Preloaded (`node -r`, see die-with-parent.ts) into the API and the worker by `npm start`: when
 * the launcher dies without stopping us, the IPC channel it opened closes, and we stop the way its
 * SIGTERM would have stopped us (Nest's shutdown hooks), bounded by GRACE_MS so that the ports are
 * free for the next start. A no-op in a process started without an IPC channel.
 */
const GRACE_MS = 10_000;

if (process.channel) {
  // Once the launcher is gone nobody reads our pipes: a write must not crash the shutdown (EPIPE).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), GRACE_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  });
  // The listener keeps the channel referenced; it must not keep the process alive by itself.
  process.channel.unref();
}
