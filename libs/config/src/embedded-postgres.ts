/**
 * An embedded PostgreSQL for development and tests: PGlite (Postgres compiled to WASM, in-process)
 * exposed over TCP by ./pglite-server.ts, so that `pg` / TypeORM connect to it like to any
 * PostgreSQL server.
 *
 * Caveats (PGlite is ONE backend, shared by all connections; see pglite-server.ts):
 *  - every user / database name / password is accepted and mapped to user "postgres", db "postgres";
 *  - no SSL: the url must not request sslmode=require (pg does not try SSL by default);
 *  - queries of different connections are serialized; while a connection is inside a transaction,
 *    other connections' queries WAIT until it commits/rolls back. Code that, inside a transaction,
 *    awaits a query on ANOTHER connection (e.g. a repository not bound to the transaction's
 *    EntityManager) therefore deadlocks here, while it works on a real server;
 *  - row locks (SELECT ... FOR UPDATE) are trivially satisfied (one transaction at a time);
 */
import { mkdir } from 'node:fs/promises';
import { PGliteServer } from './pglite-server';

export interface EmbeddedPostgresOptions {
  /** Directory to persist the database in; undefined = in-memory (lost on stop). */
  dataDir?: string;
  /** TCP port; 0 (default) = a random free port. */
  port?: number;
  /** Bind address (default 127.0.0.1). */
  host?: string;
}

export interface EmbeddedPostgres {
  /** postgres://postgres@<host>:<port>/postgres */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  // Loaded lazily (the WASM build is heavy); the package ships a CJS build.
  const { PGlite } = await import('@electric-sql/pglite');

  const host = opts.host ?? '127.0.0.1';
  if (opts.dataDir) await mkdir(opts.dataDir, { recursive: true });
  const db = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  const server = new PGliteServer(db);
  let port: number;
  try {
    port = await server.listen(opts.port ?? 0, host);
  } catch (err) {
    await db.close().catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') {
      throw new Error(`Embedded PostgreSQL: port ${opts.port} on ${host} is already in use (${e.message})`, { cause: err });
    }
    throw err;
  }
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${urlHost}:${port}/postgres`,
    port,
    stop() {
      stopped ??= (async () => {
        await server.close();
        // close() flushes a persisted data dir; without it the next start may need recovery.
        await db.close();
      })();
      return stopped;
    },
  };
}
