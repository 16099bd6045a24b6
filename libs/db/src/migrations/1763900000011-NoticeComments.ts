import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments (意见) on passages of the notice (issue 12): a co-signer's comment on a passage of one
 * version — its offsets in code points of that version's text and the quoted text — open until the
 * lead marks it resolved, and the replies of the lead and the commenting agency.
 */
export class NoticeComments1763900000011 implements MigrationInterface {
  name = 'NoticeComments1763900000011';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_comments (
        id           uuid        PRIMARY KEY,
        campaign_id  uuid        NOT NULL,
        version      int         NOT NULL,
        start_offset int         NOT NULL,
        end_offset   int         NOT NULL,
        quote        text        NOT NULL,
        text         text        NOT NULL,
        agency       varchar(32) NOT NULL,
        author       text        NOT NULL,
        author_role  varchar(16) NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        resolved_at  timestamptz,
        resolved_by  text,
        CONSTRAINT notice_comments_version_fkey FOREIGN KEY (campaign_id, version)
          REFERENCES notice_versions (campaign_id, version) ON DELETE CASCADE,
        CONSTRAINT notice_comments_agency_fkey FOREIGN KEY (agency) REFERENCES agencies (code),
        CONSTRAINT notice_comments_offsets_check CHECK (start_offset >= 0 AND end_offset > start_offset),
        CONSTRAINT notice_comments_author_role_check CHECK (author_role IN ('signer', 'secretariat')),
        CONSTRAINT notice_comments_resolved_check CHECK ((resolved_at IS NULL) = (resolved_by IS NULL))
      )`);
    await q.query(`CREATE INDEX notice_comments_campaign_id_idx ON notice_comments (campaign_id, created_at)`);
    await q.query(`
      CREATE TABLE notice_comment_replies (
        id          uuid        PRIMARY KEY,
        comment_id  uuid        NOT NULL,
        agency      varchar(32) NOT NULL,
        author      text        NOT NULL,
        text        text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notice_comment_replies_comment_id_fkey FOREIGN KEY (comment_id) REFERENCES notice_comments (id) ON DELETE CASCADE,
        CONSTRAINT notice_comment_replies_agency_fkey FOREIGN KEY (agency) REFERENCES agencies (code)
      )`);
    await q.query(`CREATE INDEX notice_comment_replies_comment_id_idx ON notice_comment_replies (comment_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notice_comment_replies`);
    await q.query(`DROP TABLE notice_comments`);
  }
}
