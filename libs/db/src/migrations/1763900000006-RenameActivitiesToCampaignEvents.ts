import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaign's events (活动: the exhibitions, lectures and open days organizers register under a
 * campaign) get a name of their own: `activities` meant them here and Temporal's activities
 * everywhere else. The table, its sequence, indexes and constraints take the names PostgreSQL
 * would have given a table created as `campaign_events` (libs/db/src/schema.spec.ts compares them
 * with the entity). A rename touches no row: no rewrite, nothing copied. Clients see no change:
 * the API keeps its paths (`…/activities`) and field names.
 */
export class RenameActivitiesToCampaignEvents1763900000006 implements MigrationInterface {
  name = 'RenameActivitiesToCampaignEvents1763900000006';

  async up(q: QueryRunner): Promise<void> {
    await rename(q, 'activities', 'campaign_events');
  }

  async down(q: QueryRunner): Promise<void> {
    await rename(q, 'campaign_events', 'activities');
  }
}

/** Suffixes of everything named after the table (CampaignYear1763900000002 created them). */
const INDEXES = ['campaign_category_idx', 'campaign_region_idx', 'campaign_starts_idx', 'campaign_organizer_idx', 'results_pending_idx', 'import_batch_idx'];
const CONSTRAINTS = ['pkey', 'campaign_id_fkey', 'organizer_fkey', 'check', 'check1', 'expected_audience_check'];

async function rename(q: QueryRunner, from: string, to: string): Promise<void> {
  await q.query(`ALTER TABLE ${from} RENAME TO ${to}`);
  await q.query(`ALTER SEQUENCE ${from}_id_seq RENAME TO ${to}_id_seq`);
  // The primary key's index follows its constraint's name.
  for (const c of CONSTRAINTS) await q.query(`ALTER TABLE ${to} RENAME CONSTRAINT ${from}_${c} TO ${to}_${c}`);
  for (const i of INDEXES) await q.query(`ALTER INDEX ${from}_${i} RENAME TO ${to}_${i}`);
}
