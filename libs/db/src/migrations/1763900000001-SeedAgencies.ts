import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AGENCIES } from '@domain/agencies.data';

/** The issuing agencies of the two seed notices. Later changes to the directory are new migrations. */
export class SeedAgencies1763900000001 implements MigrationInterface {
  name = 'SeedAgencies1763900000001';

  async up(q: QueryRunner): Promise<void> {
    // Parents first: a national agency is always listed before its provincial counterpart.
    const ordered = [...AGENCIES].sort((a, b) => Number(a.parentCode !== null) - Number(b.parentCode !== null));
    for (const a of ordered) {
      await q.query(
        `INSERT INTO agencies (code, name, short_name, level, parent_code) VALUES ($1, $2, $3, $4, $5)`,
        [a.code, a.name, a.shortName, a.level, a.parentCode],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const codes = AGENCIES.map((a) => a.code);
    await q.query(`UPDATE agencies SET parent_code = NULL WHERE code = ANY($1)`, [codes]);
    await q.query(`DELETE FROM agencies WHERE code = ANY($1)`, [codes]);
  }
}
