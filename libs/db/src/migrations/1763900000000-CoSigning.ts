import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The co-signing slice: agencies, campaigns and their notice versions, numbering, outbox, audit. */
export class CoSigning1763900000000 implements MigrationInterface {
  name = 'CoSigning1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agencies (
        code        varchar(32) PRIMARY KEY,
        name        text        NOT NULL,
        short_name  text        NOT NULL,
        level       varchar(16) NOT NULL CHECK (level IN ('national', 'provincial', 'municipal')),
        parent_code varchar(32) NULL REFERENCES agencies (code)
      )`);
    await q.query(`
      CREATE TABLE notice_texts (
        sha256     char(64)    PRIMARY KEY,
        body       text        NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE campaigns (
        id             uuid        PRIMARY KEY,
        workflow_id    text        NOT NULL UNIQUE,
        title          text        NOT NULL,
        year           int         NOT NULL,
        lead_agency    varchar(32) NOT NULL REFERENCES agencies (code),
        definition     jsonb       NOT NULL,
        warnings       jsonb       NOT NULL DEFAULT '[]',
        phase          varchar(32) NOT NULL,
        notice_version int         NOT NULL,
        notice_sha256  char(64)    NOT NULL REFERENCES notice_texts (sha256),
        doc_number     text        NULL UNIQUE,
        doc_prefix     text        NULL,
        doc_year       int         NULL,
        doc_sequence   int         NULL,
        issued_at      timestamptz NULL,
        co_sign        jsonb       NOT NULL,
        withdrawal     jsonb       NULL,
        state_version  int         NOT NULL DEFAULT 0,
        launched_by    text        NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaigns_doc_number_unique UNIQUE (doc_prefix, doc_year, doc_sequence)
      )`);
    await q.query(`CREATE INDEX campaigns_lead_agency_idx ON campaigns (lead_agency)`);
    await q.query(`
      CREATE TABLE notice_versions (
        campaign_id uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        version     int         NOT NULL,
        sha256      char(64)    NOT NULL REFERENCES notice_texts (sha256),
        note        text        NULL,
        created_by  text        NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, version)
      )`);
    await q.query(`
      CREATE TABLE doc_number_sequences (
        prefix      text        NOT NULL,
        year        int         NOT NULL,
        last_number int         NOT NULL CHECK (last_number >= 0),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (prefix, year)
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id              bigserial   PRIMARY KEY,
        campaign_id     uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        idempotency_key text        NOT NULL UNIQUE,
        agency          varchar(32) NOT NULL,
        role            varchar(32) NOT NULL,
        kind            varchar(32) NOT NULL,
        reason          text        NOT NULL,
        created_at      timestamptz NOT NULL,
        delivered_at    timestamptz NULL,
        channel         text        NULL
      )`);
    await q.query(`CREATE INDEX notifications_campaign_idx ON notifications (campaign_id, created_at, id)`);
    await q.query(`
      CREATE TABLE audit_log (
        campaign_id uuid        NOT NULL REFERENCES campaigns (id),
        seq         int         NOT NULL CHECK (seq >= 1),
        type        varchar(64) NOT NULL,
        actor       text        NOT NULL,
        at          timestamptz NOT NULL,
        payload     text        NOT NULL,
        prev_hash   char(64)    NOT NULL,
        hash        char(64)    NOT NULL,
        PRIMARY KEY (campaign_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE doc_number_sequences`);
    await q.query(`DROP TABLE notice_versions`);
    await q.query(`DROP TABLE campaigns`);
    await q.query(`DROP TABLE notice_texts`);
    await q.query(`DROP TABLE agencies`);
  }
}
