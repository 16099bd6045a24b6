/** Runs an in-memory embedded PostgreSQL in its own process and prints its URL (PGlite cannot load inside jest's VM). */
import { startEmbeddedPostgres } from '@config/embedded-postgres';

void startEmbeddedPostgres().then((pg) => {
  console.log(pg.url);
  process.on('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
});
