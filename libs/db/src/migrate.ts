import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

const MIGRATION_LOCK = 7_263_001;

/**
 * Applies pending migrations. Never `synchronize`: the schema is what the migrations say. A
 * session-level advisory lock (one connection: pool size 1) keeps two starting processes from
 * migrating at once.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 1 } }));
  await ds.initialize();
  try {
    await ds.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await ds.destroy();
  }
}
