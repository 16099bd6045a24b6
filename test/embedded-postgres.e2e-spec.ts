import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Pool } from 'pg';

/** The embedded server in a child process, as `npm start` runs it (PGlite cannot load inside jest's VM). */
async function startInChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'support', 'embedded-pg-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: line.toString().trim(), child };
}

/** Many pooled connections at once on PGlite's single backend: each gets its own answers. */
describe('embedded PostgreSQL (PGlite behind pglite-server)', () => {
  let child: ChildProcess;
  let pool: Pool;
  beforeAll(async () => {
    const pg = await startInChild();
    child = pg.child;
    pool = new Pool({ connectionString: pg.url, max: 8 });
    await pool.query('CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL)');
  });
  afterAll(async () => {
    await pool.end();
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('keeps parameterized queries of concurrent connections apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? pool.query('SELECT $1::int AS v', [i])
          : pool.query('SELECT $1::int + $2::int + $3::int AS v', [i, 0, 0]),
      ),
    );
    expect(results.map((r) => r.rows[0].v)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('keeps a transaction to its connection: concurrent increments lose nothing', async () => {
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          await c.query(`INSERT INTO counters (name, n) VALUES ('x', 0) ON CONFLICT (name) DO NOTHING`);
          const { rows } = await c.query(`SELECT n FROM counters WHERE name = $1 FOR UPDATE`, ['x']);
          await new Promise((r) => setTimeout(r, 1)); // let other connections try to get in
          await c.query('UPDATE counters SET n = $2 WHERE name = $1', ['x', rows[0].n + 1]);
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    expect((await pool.query(`SELECT n FROM counters WHERE name = 'x'`)).rows[0].n).toBe(50);
  });

  it('rolls back the transaction of a connection that disappears, and carries on', async () => {
    const c = await pool.connect();
    await c.query('BEGIN');
    await c.query(`UPDATE counters SET n = -1 WHERE name = 'x'`);
    c.release(true); // destroys the connection mid-transaction
    expect((await pool.query(`SELECT n FROM counters WHERE name = 'x'`)).rows[0].n).toBe(50);
  });
});
