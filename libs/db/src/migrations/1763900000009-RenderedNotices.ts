import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rendered notices (issue 11): each PDF or Word file of a notice the API rendered, kept by a key
 * of what it was rendered from (the text's hash, the number, the version, the format, the layout),
 * so a repeat is served from here and a file handed back for verification is recognised by its
 * own SHA-256.
 */
export class RenderedNotices1763900000009 implements MigrationInterface {
  name = 'RenderedNotices1763900000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rendered_notices (
        cache_key     char(64)    PRIMARY KEY,
        campaign_id   uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        version       int         NOT NULL,
        notice_sha256 char(64)    NOT NULL,
        doc_number    text,
        format        varchar(8)  NOT NULL,
        bytes         bytea       NOT NULL,
        file_sha256   char(64)    NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rendered_notices_format_check CHECK (format IN ('pdf', 'docx'))
      )`);
    await q.query(`CREATE INDEX rendered_notices_file_sha256_idx ON rendered_notices (file_sha256)`);
    await q.query(`CREATE INDEX rendered_notices_campaign_id_idx ON rendered_notices (campaign_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rendered_notices`);
  }
}
