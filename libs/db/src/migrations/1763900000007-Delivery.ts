import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications reach people (issue 9):
 * - contacts: the people of each body, the roles they act in for it, how to reach them. The
 *   contact lines printed in the seed notices (联系人, 电话, 电子邮箱) are seeded for their issuers.
 * - notifications: read state for the inbox; planned_at, when the dispatcher fanned a message out
 *   to its channels (rows older than this migration count as planned: nothing old is sent);
 *   campaign_id may be null for what concerns no campaign (a webhook endpoint disabled).
 * - webhook_endpoints: a body's own OA system, the kinds it wants, its signing secret.
 * - deliveries / delivery_attempts: one delivery per message, channel and target (a contact's
 *   e-mail, an endpoint), each attempt kept with its outcome.
 * - calendar_feeds: a body's iCalendar feed; the token is the credential, kept as its SHA-256.
 */
export class Delivery1763900000007 implements MigrationInterface {
  name = 'Delivery1763900000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contacts (
        id         uuid        PRIMARY KEY,
        agency     varchar(32) NOT NULL REFERENCES agencies (code) ON DELETE CASCADE,
        name       text        NOT NULL,
        roles      text[]      NOT NULL,
        email      text,
        phone      text,
        language   varchar(8)  NOT NULL DEFAULT 'zh-CN',
        channels   text[]      NOT NULL DEFAULT '{email}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contacts_agency_idx ON contacts (agency)`);
    await q.query(`
      INSERT INTO contacts (id, agency, name, roles, email, phone)
      SELECT s.id::uuid, s.agency, s.name, '{secretariat}', s.email, s.phone
        FROM (VALUES
          ('6f1c0a5e-2c64-4d71-9a51-000000000001', 'CAST', '王晓萌', 'kepuri@cast.org.cn', '010-68512519'),
          ('6f1c0a5e-2c64-4d71-9a51-000000000002', 'CAST', '刘天扬', 'kepuri@cast.org.cn', '010-68512519'),
          ('6f1c0a5e-2c64-4d71-9a51-000000000003', 'CAST', '蒙昌乐', NULL, '010-63589586'),
          ('6f1c0a5e-2c64-4d71-9a51-000000000004', 'CAST', '赵婷婷', NULL, '010-68526217'),
          ('6f1c0a5e-2c64-4d71-9a51-000000000005', 'HA_CAST', '李二静', 'henankepu@163.com', '0371-65709215'),
          ('6f1c0a5e-2c64-4d71-9a51-000000000006', 'HA_CAST', '高汶静', 'henankepu@163.com', '0371-65707550')
        ) AS s(id, agency, name, email, phone)
       WHERE EXISTS (SELECT 1 FROM agencies a WHERE a.code = s.agency)`);

    await q.query(`ALTER TABLE notifications ALTER COLUMN campaign_id DROP NOT NULL`);
    await q.query(`ALTER TABLE notifications ADD COLUMN read_at timestamptz, ADD COLUMN read_by text, ADD COLUMN planned_at timestamptz`);
    await q.query(`UPDATE notifications SET planned_at = created_at`);
    await q.query(`CREATE INDEX notifications_inbox_idx ON notifications (agency, role, created_at, id)`);
    await q.query(`CREATE INDEX notifications_unplanned_idx ON notifications (id) WHERE planned_at IS NULL`);

    await q.query(`
      CREATE TABLE webhook_endpoints (
        id              uuid        PRIMARY KEY,
        agency          varchar(32) NOT NULL REFERENCES agencies (code) ON DELETE CASCADE,
        url             text        NOT NULL,
        events          text[]      NOT NULL,
        secret          text        NOT NULL,
        created_by      text        NOT NULL,
        created_at      timestamptz NOT NULL,
        failing_since   timestamptz,
        disabled_at     timestamptz,
        disabled_reason text,
        deleted_at      timestamptz
      )`);
    await q.query(`CREATE INDEX webhook_endpoints_agency_idx ON webhook_endpoints (agency)`);

    await q.query(`
      CREATE TABLE deliveries (
        id              bigserial   PRIMARY KEY,
        notification_id bigint      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        channel         varchar(16) NOT NULL,
        target_id       uuid        NOT NULL,
        address         text        NOT NULL,
        digest_day      date,
        status          varchar(16) NOT NULL DEFAULT 'pending',
        attempts        int         NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        sent_at         timestamptz,
        message_id      text,
        last_error      text,
        created_at      timestamptz NOT NULL,
        CONSTRAINT deliveries_status_check CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
        CONSTRAINT deliveries_notification_channel_target_key UNIQUE (notification_id, channel, target_id)
      )`);
    await q.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_target_idx ON deliveries (target_id, created_at)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id          bigserial   PRIMARY KEY,
        delivery_id bigint      NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        at          timestamptz NOT NULL,
        outcome     varchar(16) NOT NULL,
        status_code int,
        error       text,
        duration_ms int
      )`);
    await q.query(`CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, at)`);

    await q.query(`
      CREATE TABLE calendar_feeds (
        id           uuid        PRIMARY KEY,
        agency       varchar(32) NOT NULL REFERENCES agencies (code) ON DELETE CASCADE,
        token_sha256 char(64)    NOT NULL,
        created_by   text        NOT NULL,
        created_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        CONSTRAINT calendar_feeds_token_sha256_key UNIQUE (token_sha256)
      )`);
    await q.query(`CREATE INDEX calendar_feeds_agency_idx ON calendar_feeds (agency)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feeds`);
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`DROP TABLE deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
    await q.query(`DROP INDEX notifications_unplanned_idx`);
    await q.query(`DROP INDEX notifications_inbox_idx`);
    await q.query(`ALTER TABLE notifications DROP COLUMN planned_at, DROP COLUMN read_by, DROP COLUMN read_at`);
    await q.query(`DELETE FROM notifications WHERE campaign_id IS NULL`);
    await q.query(`ALTER TABLE notifications ALTER COLUMN campaign_id SET NOT NULL`);
    await q.query(`DROP TABLE contacts`);
  }
}
