import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AGENCIES } from '@domain/agencies.data';
import { DIRECTORY } from '@domain/directory.data';

/**
 * The recipient directory of the two seed notices (libs/domain/src/directory.data.ts): the 42
 * issuing agencies gain their region and kind, the 主送/抄送 bodies are added. Later changes to
 * the shipped directory are new migrations; administrators import more bodies from CSV.
 */
export class SeedDirectory1763900000003 implements MigrationInterface {
  name = 'SeedDirectory1763900000003';

  async up(q: QueryRunner): Promise<void> {
    // Parents first (a body's parent_code must exist): order by how deep the parent chain is.
    const byCode = new Map(DIRECTORY.map((b) => [b.code, b]));
    const depth = (code: string | null, seen = 0): number => (code && seen < 10 ? 1 + depth(byCode.get(code)?.parentCode ?? null, seen + 1) : 0);
    const ordered = [...DIRECTORY].sort((a, b) => depth(a.parentCode) - depth(b.parentCode));
    for (let i = 0; i < ordered.length; i += 200) {
      const chunk = ordered.slice(i, i + 200);
      const values: unknown[] = [];
      const rows = chunk.map((b, j) => {
        values.push(b.code, b.name, b.shortName, b.level, b.parentCode, b.kind, b.region, b.regionName, b.regionType, b.parentRegion);
        const o = j * 10;
        return `(${Array.from({ length: 10 }, (_, k) => `$${o + k + 1}`).join(', ')})`;
      });
      await q.query(
        `INSERT INTO agencies (code, name, short_name, level, parent_code, kind, region, region_name, region_type, parent_region)
         VALUES ${rows.join(', ')}
         ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, region = EXCLUDED.region, region_name = EXCLUDED.region_name,
           region_type = EXCLUDED.region_type, parent_region = EXCLUDED.parent_region`,
        values,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The 42 issuing agencies of the first seed stay; everything this migration added goes.
    await q.query(`UPDATE agencies SET kind = NULL, region = NULL, region_name = NULL, region_type = NULL, parent_region = NULL`);
    const kept = AGENCIES.map((a) => a.code);
    await q.query(`UPDATE agencies SET parent_code = NULL WHERE code <> ALL($1)`, [kept]);
    await q.query(`DELETE FROM agencies WHERE code <> ALL($1)`, [kept]);
  }
}
