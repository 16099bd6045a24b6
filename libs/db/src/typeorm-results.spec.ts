import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { affected, atomically, rows, updateReturning } from './sql';

/**
 * What TypeORM's query() answers on PostgreSQL, pinned before any upgrade: UPDATE and DELETE come
 * back as [rows, affectedCount], everything else (SELECT, INSERT, a CTE whose outer statement is
 * an INSERT or SELECT) as the rows. libs/db/src/sql.ts relies on it in one place; the API relied
 * on it directly (recipients.service acknowledge, activities.service putResults, commendations
 * .service decide). A TypeORM that answers differently fails here first.
 */
describe('TypeORM query() result shapes on PostgreSQL', () => {
  let ds: DataSource;
  const prefix = `PIN-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { extra: { max: 2 } }));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.query('DELETE FROM doc_number_sequences WHERE prefix LIKE $1', [`${prefix}%`]);
    await ds.destroy();
  });

  it('INSERT … RETURNING: the rows', async () => {
    const result: unknown = await ds.query(`INSERT INTO doc_number_sequences (prefix, year, last_number) VALUES ($1, 2023, 4), ($1, 2024, 7) RETURNING year, last_number`, [prefix]);
    expect(result).toEqual([
      { year: 2023, last_number: 4 },
      { year: 2024, last_number: 7 },
    ]);
  });

  it('UPDATE … RETURNING: [rows, affectedCount]', async () => {
    const result: unknown = await ds.query(`UPDATE doc_number_sequences SET last_number = last_number + 1 WHERE prefix = $1 AND year = 2023 RETURNING last_number`, [prefix]);
    expect(result).toEqual([[{ last_number: 5 }], 1]);
    // The destructuring the API used: const [rows] = await ds.query(`UPDATE … RETURNING …`)
    const [updated] = (await ds.query(`UPDATE doc_number_sequences SET last_number = last_number WHERE prefix = $1 RETURNING year`, [prefix])) as [{ year: number }[], number];
    expect(updated.map((r) => r.year).sort()).toEqual([2023, 2024]);
  });

  it('UPDATE without RETURNING, or touching nothing: [[], affectedCount]', async () => {
    expect(await ds.query(`UPDATE doc_number_sequences SET updated_at = now() WHERE prefix = $1`, [prefix])).toEqual([[], 2]);
    expect(await ds.query(`UPDATE doc_number_sequences SET updated_at = now() WHERE prefix = $1 RETURNING year`, [`${prefix}-none`])).toEqual([[], 0]);
  });

  it('the same inside a transaction, on its EntityManager', async () => {
    await ds.transaction(async (m) => {
      expect(await m.query(`UPDATE doc_number_sequences SET last_number = 9 WHERE prefix = $1 AND year = 2024 RETURNING last_number`, [prefix])).toEqual([[{ last_number: 9 }], 1]);
      expect(await m.query(`SELECT last_number FROM doc_number_sequences WHERE prefix = $1 AND year = 2024`, [prefix])).toEqual([{ last_number: 9 }]);
    });
  });

  it('a data-modifying CTE answers as its outer statement: INSERT or SELECT give the rows', async () => {
    const inserted: unknown = await ds.query(
      `WITH due AS (UPDATE doc_number_sequences SET last_number = last_number + 1 WHERE prefix = $1 RETURNING year, last_number)
       INSERT INTO doc_number_sequences (prefix, year, last_number) SELECT $1 || '-copy', year, last_number FROM due ORDER BY year RETURNING year, last_number`,
      [prefix],
    );
    expect(inserted).toEqual([
      { year: 2023, last_number: 6 },
      { year: 2024, last_number: 10 },
    ]);
    const selected: unknown = await ds.query(
      `WITH due AS (UPDATE doc_number_sequences SET last_number = last_number WHERE prefix = $1 RETURNING year) SELECT count(*)::int AS n FROM due`,
      [`${prefix}-copy`],
    );
    expect(selected).toEqual([{ n: 2 }]);
  });

  it('DELETE … RETURNING: [rows, affectedCount]', async () => {
    expect(await ds.query(`DELETE FROM doc_number_sequences WHERE prefix = $1 AND year = 2023 RETURNING year`, [`${prefix}-copy`])).toEqual([[{ year: 2023 }], 1]);
  });

  it("libs/db's helpers hide the shapes: updateReturning and affected unwrap, rows passes through", async () => {
    expect(await updateReturning(ds, `UPDATE doc_number_sequences SET last_number = 11 WHERE prefix = $1 AND year = 2024 RETURNING last_number`, [prefix])).toEqual([{ last_number: 11 }]);
    expect(await affected(ds, `UPDATE doc_number_sequences SET updated_at = now() WHERE prefix = $1`, [prefix])).toBe(2);
    expect(await rows(ds, `SELECT year FROM doc_number_sequences WHERE prefix = $1 ORDER BY year`, [prefix])).toEqual([{ year: 2023 }, { year: 2024 }]);
    // Given a statement that is not an UPDATE or DELETE, updateReturning refuses rather than guess.
    await expect(updateReturning(ds, `SELECT 1 AS a, 2 AS b`)).rejects.toThrow(/UPDATE\/DELETE/);
  });

  it('atomically joins the caller’s transaction, or opens its own', async () => {
    await expect(
      ds.transaction(async (m) => {
        await atomically(m, (inner) => inner.query(`UPDATE doc_number_sequences SET last_number = 99 WHERE prefix = $1`, [prefix]));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // The inner update was part of the outer transaction: rolled back with it.
    expect(await rows(ds, `SELECT last_number FROM doc_number_sequences WHERE prefix = $1 ORDER BY year`, [prefix])).toEqual([{ last_number: 6 }, { last_number: 11 }]);
    await expect(
      atomically(ds, async (m) => {
        await m.query(`UPDATE doc_number_sequences SET last_number = 99 WHERE prefix = $1`, [prefix]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await rows(ds, `SELECT last_number FROM doc_number_sequences WHERE prefix = $1 ORDER BY year`, [prefix])).toEqual([{ last_number: 6 }, { last_number: 11 }]);
  });
});
