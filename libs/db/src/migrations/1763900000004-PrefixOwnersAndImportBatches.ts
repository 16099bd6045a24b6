import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two records the API's edge needs:
 * - doc_number_prefixes: which agency a document-number prefix (机关代字) belongs to. Only its own
 *   lead launches under it and only its own administrators (or the platform's) set its sequences.
 *   The seeds' prefixes belong to their issuers; a prefix already used by a campaign belongs to
 *   the lead that used it first. A new prefix is claimed by the first agency that uses it.
 * - import_batches: what an upload with an Idempotency-Key carried (a SHA-256 of its rows), so a
 *   reused key with a different payload is told apart from a repeat.
 */
export class PrefixOwnersAndImportBatches1763900000004 implements MigrationInterface {
  name = 'PrefixOwnersAndImportBatches1763900000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE doc_number_prefixes (
        prefix     text        PRIMARY KEY,
        agency     varchar(32) NOT NULL REFERENCES agencies (code),
        claimed_by text        NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX doc_number_prefixes_agency_idx ON doc_number_prefixes (agency)`);
    await q.query(`
      INSERT INTO doc_number_prefixes (prefix, agency, claimed_by)
      SELECT p.prefix, p.agency, 'seed' FROM (VALUES ('科协发', 'CAST'), ('豫科协发', 'HA_CAST')) AS p(prefix, agency)
       WHERE EXISTS (SELECT 1 FROM agencies a WHERE a.code = p.agency)`);
    await q.query(`
      INSERT INTO doc_number_prefixes (prefix, agency, claimed_by, claimed_at)
      SELECT DISTINCT ON (c.definition ->> 'docNumberPrefix') c.definition ->> 'docNumberPrefix', c.lead_agency, 'migration', c.created_at
        FROM campaigns c
       WHERE c.definition ->> 'docNumberPrefix' IS NOT NULL
       ORDER BY c.definition ->> 'docNumberPrefix', c.created_at
      ON CONFLICT (prefix) DO NOTHING`);
    await q.query(`
      CREATE TABLE import_batches (
        batch       uuid        PRIMARY KEY,
        campaign_id uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        organizer   varchar(32) NOT NULL,
        fingerprint char(64)    NOT NULL,
        row_count   int         NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_batches`);
    await q.query(`DROP INDEX doc_number_prefixes_agency_idx`);
    await q.query(`DROP TABLE doc_number_prefixes`);
  }
}
