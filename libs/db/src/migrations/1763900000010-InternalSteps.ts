import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Internal sign-off (内部审签, issue 12): the steps a co-signing agency's decision goes through
 * inside it, and each campaign's progress through them.
 * - internal_steps: an agency's steps in order (经办 → 处室负责人 → 分管领导), each with its mode
 *   (any: 或签, all: 会签) and the logins of the people who may take it. No rows: no steps, the
 *   agency decides directly as before.
 * - internal_step_runs: one agency's way through its steps on one version of a campaign's notice,
 *   with the steps as they were configured when it started (a later change does not move an item
 *   in flight). A revision starts a new run on the new version.
 * - internal_step_actions: every action of a run in order — who, at which step, approve, return,
 *   transfer (转办, to whom) or reject, the comment, when. Where a run stands is replayed from these.
 */
export class InternalSteps1763900000010 implements MigrationInterface {
  name = 'InternalSteps1763900000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE internal_steps (
        agency     varchar(32) NOT NULL REFERENCES agencies (code),
        position   int         NOT NULL,
        name       text        NOT NULL,
        mode       varchar(8)  NOT NULL,
        people     text[]      NOT NULL,
        updated_by text        NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT internal_steps_pkey PRIMARY KEY (agency, position),
        CONSTRAINT internal_steps_agency_name_key UNIQUE (agency, name),
        CONSTRAINT internal_steps_mode_check CHECK (mode IN ('any', 'all'))
      )`);
    await q.query(`
      CREATE TABLE internal_step_runs (
        id             uuid        PRIMARY KEY,
        campaign_id    uuid        NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        agency         varchar(32) NOT NULL REFERENCES agencies (code),
        notice_version int         NOT NULL,
        notice_sha256  char(64)    NOT NULL,
        steps          jsonb       NOT NULL,
        started_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT internal_step_runs_campaign_id_agency_notice_version_key UNIQUE (campaign_id, agency, notice_version)
      )`);
    await q.query(`
      CREATE TABLE internal_step_actions (
        run_id    uuid        NOT NULL REFERENCES internal_step_runs (id) ON DELETE CASCADE,
        seq       int         NOT NULL,
        step      int         NOT NULL,
        step_name text        NOT NULL,
        actor     text        NOT NULL,
        action    varchar(16) NOT NULL,
        comment   text,
        to_login  text,
        at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT internal_step_actions_pkey PRIMARY KEY (run_id, seq),
        CONSTRAINT internal_step_actions_action_check CHECK (action IN ('approve', 'return', 'transfer', 'reject'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE internal_step_actions`);
    await q.query(`DROP TABLE internal_step_runs`);
    await q.query(`DROP TABLE internal_steps`);
  }
}
