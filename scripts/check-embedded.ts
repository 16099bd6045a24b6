/**
 * Smoke test of the embedded infrastructure: `npx ts-node scripts/check-embedded.ts`.
 * Starts an in-memory PGlite server and a Temporal dev server on free ports, exercises both, stops them.
 */
import { Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@config/embedded-postgres';
import { findTemporalCli, findTemporalTestServer } from '@config/temporal-binaries';
import { stablePort, startTemporalDevServer } from '@config/temporal-dev-server';

function check(cond: unknown, what: string): void {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.info(`  ok: ${what}`);
}

async function checkPostgres(url: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined); // idle clients are dropped when the server stops
  try {
    const { rows } = await pool.query('SELECT current_user AS u, current_database() AS d, version() AS v');
    console.info(`  ${rows[0].v.split(' on ')[0]} (user ${rows[0].u}, db ${rows[0].d})`);
    await pool.query('CREATE TABLE counters (key text PRIMARY KEY, value int NOT NULL)');

    // Concurrent parameterized queries with different SQL texts over several connections.
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => pool.query(`SELECT $1::int AS a, ${i} AS k`, [i])),
    );
    check(results.every((r, i) => r.rows[0].a === i && r.rows[0].k === i), '100 concurrent parameterized queries');

    // Concurrent transactions: upsert + row lock + read-modify-write; must not lose increments.
    const increment = async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO counters (key, value) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING`,
          ['notice-number'],
        );
        const { rows: locked } = await client.query('SELECT value FROM counters WHERE key = $1 FOR UPDATE', [
          'notice-number',
        ]);
        const { rows: upd } = await client.query(
          `INSERT INTO counters (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING value`,
          ['notice-number', locked[0].value + 1],
        );
        await client.query('COMMIT');
        return upd[0].value as number;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    };
    const numbers = await Promise.all(Array.from({ length: 20 }, increment));
    check(new Set(numbers).size === 20 && Math.max(...numbers) === 20, '20 concurrent FOR UPDATE / ON CONFLICT RETURNING transactions');

    // A failed transaction is rolled back and the connection stays usable.
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO counters VALUES ('tmp', 1)`);
      await client.query('SELECT 1/0').catch(() => undefined);
      await client.query('ROLLBACK');
      const { rowCount } = await client.query(`SELECT 1 FROM counters WHERE key = 'tmp'`);
      check(rowCount === 0, 'rollback after an error in a transaction');
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  console.info('Temporal binaries:');
  await findTemporalCli();
  await findTemporalTestServer();

  console.info('Embedded PostgreSQL (PGlite, in-memory):');
  const pg = await startEmbeddedPostgres({ port: 0 });
  console.info(`  url ${pg.url}`);
  try {
    await checkPostgres(pg.url);
  } finally {
    await pg.stop();
  }

  console.info('Temporal dev server:');
  const [port, uiPort] = [await stablePort(), await stablePort()];
  const temporal = await startTemporalDevServer({ port, uiPort });
  try {
    const connection = await Connection.connect({ address: temporal.address });
    const info = await connection.workflowService.getSystemInfo({});
    check(info.serverVersion, `server ${info.serverVersion} at ${temporal.address} (${temporal.kind}), UI ${temporal.uiUrl}`);
    check(info.capabilities?.sdkMetadata !== undefined, 'system info capabilities returned');
    await connection.close();
    const ui = await fetch(temporal.uiUrl);
    check(ui.ok, `web UI answers ${ui.status}`);
  } finally {
    await temporal.stop();
  }
  console.info('OK');
}

main().catch((err) => {
  console.error('FAILED:', err);
  process.exit(1);
});
