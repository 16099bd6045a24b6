/**
 * The benchmark's embedded PostgreSQL (PGlite) in a process of its own, so that its work does not
 * share an event loop with the load the benchmark generates (and its memory can be read apart).
 * Usage: node dist/scripts/bench/embedded-pg.js <dataDir>. Prints `URL <url>` once listening;
 * SIGTERM/SIGINT stops it cleanly (PGlite flushes its data dir on close).
 */
import { startEmbeddedPostgres } from '@config/embedded-postgres';

async function main(): Promise<void> {
  const dataDir = process.argv[2] || undefined;
  const pg = await startEmbeddedPostgres({ dataDir, port: 0 });
  process.stdout.write(`URL ${pg.url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      (err) => {
        console.error(`embedded PostgreSQL: stop failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The benchmark went away without telling us: do not outlive it.
  process.on('disconnect', stop);
}

main().catch((err) => {
  console.error(`embedded PostgreSQL failed to start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
