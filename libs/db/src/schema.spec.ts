import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { dataSourceOptions } from './data-source';

/**
 * The migrations define the tables; the entities mirror them exactly. These specs run against the
 * database the global setup migrated (DATABASE_URL), so an entity can never drift from its
 * migration again: a column added to one and not the other fails here.
 */

interface ColumnShape {
  type: string;
  length: number | null;
  nullable: boolean;
  /** The default expression without casts (`'seed'`, `now()`, `0`), or null. */
  default: string | null;
  /** Filled from a sequence (bigserial). */
  generated: boolean;
  primary: boolean;
}

type SchemaShape = Record<string, Record<string, ColumnShape>>;

/** Tables that are not the application's: TypeORM's own record of applied migrations. */
const NOT_MAPPED = ['migrations'];

/** The live schema, from information_schema. */
async function liveSchema(m: EntityManager): Promise<SchemaShape> {
  const columns: {
    table_name: string;
    column_name: string;
    data_type: string;
    character_maximum_length: number | null;
    is_nullable: 'YES' | 'NO';
    column_default: string | null;
    primary: boolean;
  }[] = await m.query(
    `SELECT c.table_name, c.column_name, c.data_type, c.character_maximum_length, c.is_nullable, c.column_default,
            EXISTS (SELECT 1 FROM information_schema.table_constraints t
                      JOIN information_schema.key_column_usage k
                        ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema AND k.table_name = t.table_name
                     WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = c.table_schema AND t.table_name = c.table_name
                       AND k.column_name = c.column_name) AS primary
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.table_name <> ALL($1)
      ORDER BY c.table_name, c.ordinal_position`,
    [NOT_MAPPED],
  );
  const shape: SchemaShape = {};
  for (const c of columns) {
    const generated = c.column_default?.startsWith('nextval(') ?? false;
    (shape[c.table_name] ??= {})[c.column_name] = {
      type: c.data_type,
      length: c.character_maximum_length,
      nullable: c.is_nullable === 'YES',
      default: generated || c.column_default === null ? null : c.column_default.replace(/::[a-z ]+(\[\])?/g, ''),
      generated,
      primary: c.primary,
    };
  }
  return shape;
}

/** The same, as the entities declare it (TypeORM's metadata, normalized by its own driver). */
function declaredSchema(ds: DataSource): SchemaShape {
  const shape: SchemaShape = {};
  for (const meta of ds.entityMetadatas) {
    for (const c of meta.columns) {
      // TypeORM quotes numbers ('0'); PostgreSQL shows them bare, as the migrations write them.
      const def: unknown = typeof c.default === 'number' || typeof c.default === 'boolean' ? c.default : ds.driver.normalizeDefault(c);
      (shape[meta.tableName] ??= {})[c.databaseName] = {
        // information_schema calls every array ARRAY (text[] included).
        type: c.isArray ? 'ARRAY' : ds.driver.normalizeType(c),
        length: c.length ? Number(c.length) : null,
        nullable: c.isNullable,
        default: def === undefined || def === null ? null : String(def),
        generated: c.isGenerated && c.generationStrategy === 'increment',
        primary: c.isPrimary,
      };
    }
  }
  return shape;
}

/** Every difference, named: `table.column: what` (empty when they agree). */
function differences(declared: SchemaShape, live: SchemaShape): string[] {
  const out: string[] = [];
  for (const table of new Set([...Object.keys(declared), ...Object.keys(live)])) {
    if (!declared[table]) out.push(`${table}: a table without an entity`);
    else if (!live[table]) out.push(`${table}: an entity without a table`);
    else {
      for (const column of new Set([...Object.keys(declared[table]), ...Object.keys(live[table])])) {
        const d = declared[table][column];
        const l = live[table][column];
        if (!d) out.push(`${table}.${column}: not in the entity`);
        else if (!l) out.push(`${table}.${column}: not in the table`);
        else {
          for (const k of Object.keys(l) as (keyof ColumnShape)[]) {
            if (d[k] !== l[k]) out.push(`${table}.${column}: ${k} is ${String(l[k])} in the table, ${String(d[k])} in the entity`);
          }
        }
      }
    }
  }
  return out.sort();
}

describe('the entities and the migrated schema', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { extra: { max: 2 } }));
    await ds.initialize();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('agree column for column: type, length, nullability, default, sequence, primary key (information_schema)', async () => {
    const live = await liveSchema(ds.manager);
    expect(Object.keys(live).sort()).toEqual(ds.entityMetadatas.map((m) => m.tableName).sort());
    expect(differences(declaredSchema(ds), live)).toEqual([]);
  });

  it('agree in everything TypeORM knows: its schema builder would change nothing (keys, uniques, indexes, foreign keys, checks)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('a drift is named: a changed default, a flipped nullability, a column on one side only', async () => {
    const live = await liveSchema(ds.manager);
    const drifted: SchemaShape = structuredClone(live);
    drifted.agencies.source.default = `'other'`;
    drifted.campaigns.doc_prefix.nullable = false;
    drifted.notifications.extra = { type: 'integer', length: null, nullable: true, default: null, generated: false, primary: false };
    delete drifted.campaign_events.import_batch;
    expect(differences(declaredSchema(ds), drifted)).toEqual([
      `agencies.source: default is 'other' in the table, 'seed' in the entity`,
      'campaign_events.import_batch: not in the table',
      'campaigns.doc_prefix: nullable is false in the table, true in the entity',
      'notifications.extra: not in the entity',
    ]);
  });
});
