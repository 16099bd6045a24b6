import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaign's year after issuance: the recipient directory (主送/抄送 bodies share the agencies
 * table: a province's 科协 receives the national notice and leads its own relay), distribution and
 * acknowledgement (签收), relays (转发) as child campaigns, activities, summary reports (总结报送)
 * and commendation (表扬/推荐). Bulk data lives here, never in a workflow's history.
 */
export class CampaignYear1763900000002 implements MigrationInterface {
  name = 'CampaignYear1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE agencies
        ADD COLUMN kind          varchar(32) NULL,
        ADD COLUMN region        varchar(16) NULL,
        ADD COLUMN region_name   text        NULL,
        ADD COLUMN region_type   varchar(24) NULL,
        ADD COLUMN parent_region varchar(16) NULL,
        ADD COLUMN source        varchar(16) NOT NULL DEFAULT 'seed'`);
    await q.query(`CREATE INDEX agencies_region_idx ON agencies (region, kind)`);

    await q.query(`
      ALTER TABLE campaigns
        ADD COLUMN parent_id                 uuid        NULL REFERENCES campaigns (id),
        ADD COLUMN milestones                jsonb       NULL,
        ADD COLUMN calendar_shift_days       int         NOT NULL DEFAULT 0,
        ADD COLUMN distributed_at            timestamptz NULL,
        ADD COLUMN commendations_published_at timestamptz NULL`);
    await q.query(`CREATE INDEX campaigns_parent_idx ON campaigns (parent_id)`);

    await q.query(`
      CREATE TABLE campaign_recipients (
        campaign_id       uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        agency            varchar(32) NOT NULL REFERENCES agencies (code),
        role              varchar(8)  NOT NULL CHECK (role IN ('main', 'cc')),
        reporting         boolean     NOT NULL DEFAULT false,
        delivered_at      timestamptz NULL,
        acknowledged_at   timestamptz NULL,
        acknowledged_by   text        NULL,
        relay_campaign_id uuid        NULL REFERENCES campaigns (id),
        reminders_sent    int         NOT NULL DEFAULT 0,
        last_reminded_at  timestamptz NULL,
        PRIMARY KEY (campaign_id, agency)
      )`);
    await q.query(`CREATE INDEX campaign_recipients_agency_idx ON campaign_recipients (agency)`);
    await q.query(`
      CREATE INDEX campaign_recipients_pending_idx ON campaign_recipients (campaign_id)
      WHERE role = 'main' AND acknowledged_at IS NULL`);

    await q.query(`
      CREATE TABLE activities (
        id                       bigserial   PRIMARY KEY,
        campaign_id              uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        organizer                varchar(32) NOT NULL REFERENCES agencies (code),
        region                   varchar(16) NOT NULL,
        title                    text        NOT NULL,
        category                 text        NOT NULL,
        starts_at                timestamptz NOT NULL,
        ends_at                  timestamptz NOT NULL CHECK (ends_at >= starts_at),
        place                    text        NULL,
        online_url               text        NULL,
        expected_audience        int         NULL CHECK (expected_audience >= 0),
        results                  jsonb       NULL,
        results_at               timestamptz NULL,
        results_reminders        int         NOT NULL DEFAULT 0,
        last_results_reminder_at timestamptz NULL,
        import_batch             uuid        NULL,
        created_by               text        NOT NULL,
        created_at               timestamptz NOT NULL DEFAULT now(),
        CHECK (place IS NOT NULL OR online_url IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX activities_campaign_category_idx ON activities (campaign_id, category)`);
    await q.query(`CREATE INDEX activities_campaign_region_idx ON activities (campaign_id, region)`);
    await q.query(`CREATE INDEX activities_campaign_starts_idx ON activities (campaign_id, starts_at, id)`);
    await q.query(`CREATE INDEX activities_campaign_organizer_idx ON activities (campaign_id, organizer)`);
    await q.query(`CREATE INDEX activities_results_pending_idx ON activities (campaign_id, ends_at) WHERE results IS NULL`);
    await q.query(`CREATE INDEX activities_import_batch_idx ON activities (import_batch) WHERE import_batch IS NOT NULL`);

    await q.query(`
      CREATE TABLE summary_reports (
        id           bigserial   PRIMARY KEY,
        campaign_id  uuid        NOT NULL,
        unit         varchar(32) NOT NULL,
        revision     int         NOT NULL CHECK (revision >= 1),
        text         text        NOT NULL,
        figures      jsonb       NOT NULL DEFAULT '{}',
        links        jsonb       NOT NULL DEFAULT '[]',
        late         boolean     NOT NULL,
        submitted_by text        NOT NULL,
        submitted_at timestamptz NOT NULL,
        UNIQUE (campaign_id, unit, revision),
        FOREIGN KEY (campaign_id, unit) REFERENCES campaign_recipients (campaign_id, agency) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE nominations (
        id                   uuid        PRIMARY KEY,
        campaign_id          uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        kind                 varchar(16) NOT NULL CHECK (kind IN ('unit', 'individual', 'activity')),
        unit                 varchar(32) NULL REFERENCES agencies (code),
        person               text        NULL,
        activity_id          bigint      NULL REFERENCES activities (id),
        citation             text        NOT NULL,
        status               varchar(16) NOT NULL CHECK (status IN ('nominated', 'commended', 'declined')),
        source_campaign_id   uuid        NULL REFERENCES campaigns (id),
        source_nomination_id uuid        NULL REFERENCES nominations (id),
        nominated_by         text        NOT NULL,
        decided_by           text        NULL,
        decided_at           timestamptz NULL,
        decision_note        text        NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, source_nomination_id)
      )`);
    await q.query(`CREATE INDEX nominations_campaign_idx ON nominations (campaign_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE nominations`);
    await q.query(`DROP TABLE summary_reports`);
    await q.query(`DROP TABLE activities`);
    await q.query(`DROP TABLE campaign_recipients`);
    await q.query(`DROP INDEX campaigns_parent_idx`);
    await q.query(`
      ALTER TABLE campaigns
        DROP COLUMN parent_id, DROP COLUMN milestones, DROP COLUMN calendar_shift_days,
        DROP COLUMN distributed_at, DROP COLUMN commendations_published_at`);
    await q.query(`DROP INDEX agencies_region_idx`);
    await q.query(`
      ALTER TABLE agencies
        DROP COLUMN kind, DROP COLUMN region, DROP COLUMN region_name, DROP COLUMN region_type,
        DROP COLUMN parent_region, DROP COLUMN source`);
  }
}
