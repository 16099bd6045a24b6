import type { FindOptionsWhere } from 'typeorm';
import type { Db } from '../sql';
import { row, rows } from '../sql';
import type { AgencyLevel } from './agency.entity';
import { AgencyEntity } from './agency.entity';

/** The directory of agencies and recipient bodies. */

/** A body as launches resolve recipients against it (plain rows: thousands of them). */
export type DirectoryRow = Pick<
  AgencyEntity,
  'code' | 'name' | 'shortName' | 'level' | 'parentCode' | 'kind' | 'region' | 'regionName' | 'regionType' | 'parentRegion'
>;

/** How many bodies the directory holds: bodies are only ever added, so this tells a cache when to read again. */
export async function agencyCount(db: Db): Promise<number> {
  return (await row<{ n: number }>(db, 'SELECT count(*)::int AS n FROM agencies'))!.n;
}

/** The whole directory, as plain rows (no entity hydration: thousands of them per read). */
export function directoryRows(db: Db): Promise<DirectoryRow[]> {
  return rows(
    db,
    `SELECT code, name, short_name AS "shortName", level, parent_code AS "parentCode", kind, region,
            region_name AS "regionName", region_type AS "regionType", parent_region AS "parentRegion"
       FROM agencies`,
  );
}

export async function agencyCodes(db: Db): Promise<Set<string>> {
  return new Set((await rows<{ code: string }>(db, 'SELECT code FROM agencies')).map((r) => r.code));
}

export interface AgencyFilter {
  /** national, provincial or municipal (AgencyLevel); any other value matches nothing. */
  level?: AgencyLevel | string;
  region?: string;
  kind?: string;
}

/** The directory, national first, then provincial, municipal; by code within a level. */
export function listAgencies(db: Db, f: AgencyFilter = {}): Promise<AgencyEntity[]> {
  const where: FindOptionsWhere<AgencyEntity> = {};
  if (f.level) where.level = f.level as AgencyLevel;
  if (f.region) where.region = f.region;
  if (f.kind) where.kind = f.kind;
  // National first, then provincial, then municipal (the level's rank, not its spelling), by code.
  return db
    .getRepository(AgencyEntity)
    .createQueryBuilder('a')
    .where(where)
    .orderBy(`CASE a.level WHEN 'national' THEN 0 WHEN 'provincial' THEN 1 ELSE 2 END`)
    .addOrderBy('a.code')
    .getMany();
}

/** A body an administrator imports (CSV); blank optional fields are null. */
export type ImportedAgency = Pick<AgencyEntity, 'code' | 'name' | 'shortName' | 'level' | 'parentCode' | 'kind' | 'region' | 'regionName' | 'regionType' | 'parentRegion'>;

/**
 * Adds bodies to the directory (source 'import'), all or none, in one statement: a parent may be
 * a body earlier in the same list (foreign keys are checked at the end of the statement).
 */
export async function insertAgencies(db: Db, bodies: readonly ImportedAgency[]): Promise<void> {
  await db.query(
    `INSERT INTO agencies (code, name, short_name, level, parent_code, kind, region, region_name, region_type, parent_region, source)
     SELECT t.code, t.name, t."shortName", t.level, t."parentCode", t.kind, t.region, t."regionName", t."regionType", t."parentRegion", 'import'
       FROM json_to_recordset($1::json) AS t(code text, name text, "shortName" text, level text, "parentCode" text, kind text,
                                            region text, "regionName" text, "regionType" text, "parentRegion" text)`,
    [JSON.stringify(bodies)],
  );
}

/** The name of each region code (HA → 河南省), for the codes given. */
export async function regionNames(db: Db, regions: readonly string[]): Promise<Map<string, string>> {
  if (!regions.length) return new Map();
  const found = await rows<{ region: string; name: string }>(
    db,
    `SELECT DISTINCT ON (region) region, region_name AS name FROM agencies
      WHERE region = ANY($1) AND region_name IS NOT NULL ORDER BY region, region_name`,
    [regions],
  );
  return new Map(found.map((r) => [r.region, r.name]));
}

/** Names by code, for wording messages (the directory holds ~1,100 bodies): the given codes, or all. */
export async function agencyNames(db: Db, codes?: readonly string[]): Promise<Map<string, string>> {
  const found = codes
    ? await db.query(`SELECT code, name FROM agencies WHERE code = ANY($1::text[])`, [codes])
    : await db.query(`SELECT code, name FROM agencies`);
  return new Map((found as { code: string; name: string }[]).map((a) => [a.code, a.name]));
}

export async function agencyExists(db: Db, code: string): Promise<boolean> {
  return db.getRepository(AgencyEntity).existsBy({ code });
}
