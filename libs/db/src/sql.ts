import { DataSource } from 'typeorm';
import type { EntityManager, EntityMetadata } from 'typeorm';

/**
 * Where a query function runs: inside a caller's transaction (its EntityManager) or on the pool
 * (the DataSource). Every function of libs/db takes one as its first argument.
 */
export type Db = DataSource | EntityManager;

/** A SELECT, INSERT … RETURNING or data-modifying CTE: TypeORM's query() answers with the rows. */
export async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

/** The first row, or null. */
export async function row<T>(db: Db, sql: string, params: unknown[] = []): Promise<T | null> {
  return (await rows<T>(db, sql, params))[0] ?? null;
}

/**
 * An UPDATE or DELETE … RETURNING: the rows. TypeORM's PostgreSQL driver answers UPDATE and DELETE
 * through query() with `[rows, affectedCount]`, everything else with the rows
 * (libs/db/src/typeorm-results.spec.ts pins it); updateResult is the one place that knows, and it
 * refuses any other shape so that an upgrade changing it fails loudly.
 */
export async function updateReturning<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return updateResult<T>(await db.query(sql, params))[0];
}

/** An UPDATE or DELETE without RETURNING: how many rows it touched. */
export async function affected(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  return updateResult(await db.query(sql, params))[1];
}

function updateResult<T>(result: unknown): [T[], number] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result as [T[], number];
  throw new Error('TypeORM no longer answers UPDATE/DELETE with [rows, affected]: see libs/db/src/typeorm-results.spec.ts');
}

/**
 * Runs `fn` inside the caller's transaction when there is one, else in a new one: functions whose
 * statements must commit together (numbering, distribution, imports) are atomic either way.
 */
export function atomically<T>(db: Db, fn: (m: EntityManager) => Promise<T>): Promise<T> {
  if (db instanceof DataSource) return db.transaction(fn);
  if (db.queryRunner?.isTransactionActive) return fn(db);
  return db.transaction(fn);
}

/** A bound interpolated into SQL text (recursion depth, page size): only ever a small integer. */
export function sqlInt(n: number, max: number): number {
  if (!Number.isInteger(n) || n < 0 || n > max) throw new RangeError(`expected an integer 0…${max}, got ${n}`);
  return n;
}

/**
 * `alias.column AS "property"` for the given properties of an entity, from its metadata: typed
 * rows of raw SQL carry the entity's property names and types (Pick<Entity, …>).
 */
export function selectColumns<E>(db: Db, entity: new () => E, alias: string, properties: readonly (keyof E & string)[]): string {
  const meta = (db instanceof DataSource ? db : db.connection).getMetadata(entity);
  const key = `${alias}:${properties.join(',')}`;
  let lists = selectLists.get(meta);
  if (!lists) selectLists.set(meta, (lists = new Map()));
  let list = lists.get(key);
  if (list === undefined) {
    list = properties
      .map((p) => {
        const column = meta.findColumnWithPropertyName(p);
        if (!column) throw new Error(`${meta.name} has no column ${p}`);
        return `${alias}.${column.databaseName} AS "${p}"`;
      })
      .join(', ');
    lists.set(key, list);
  }
  return list;
}

/** selectColumns' lists, built once per entity, alias and properties (the campaign's is read on every API request). */
const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/** Every column of an entity, as selectColumns names them: a raw read of whole rows. */
export function selectAllColumns<E>(db: Db, entity: new () => E, alias: string): string {
  const meta = (db instanceof DataSource ? db : db.connection).getMetadata(entity);
  return selectColumns(db, entity, alias, meta.columns.map((c) => c.propertyName as keyof E & string));
}

/** The SQLSTATE of a pg error, directly or wrapped in TypeORM's QueryFailedError (driverError). */
export function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  // SQLSTATEs are five digits or capitals; Node's own codes (ECONNREFUSED, EPIPE) are not.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E') ? code : undefined;
}

/** A unique constraint refused the write (23505): someone else got there first. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}
