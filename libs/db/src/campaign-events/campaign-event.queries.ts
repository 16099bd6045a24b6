import type { CampaignEventInput } from '@domain/campaign-event';
import type { Milestones } from '@domain/year';
import type { AgencyEntity } from '../agencies/agency.entity';
import type { CampaignEntity } from '../campaigns/campaign.entity';
import { campaignTreeCte } from '../campaigns/campaign-tree';
import { RESULTS_REMINDER_TITLES } from '@domain/messages';
import { currentMilestonesSql } from '../campaigns/campaign.queries';
import { writeNotifications } from '../notifications/outbox';
import type { Db } from '../sql';
import { atomically, row, rows, sqlInt, updateReturning } from '../sql';
import type { CampaignEventEntity, CampaignEventResults } from './campaign-event.entity';
import { findImportBatch, lockImportBatch, recordImportBatch } from './import-batch.queries';

/**
 * Campaign events (活动) of campaigns: registered one by one or imported in bulk (set-based: one
 * statement per thousand rows), listed and counted over a campaign or its whole cascade, and the
 * daily results reminder.
 */

/** A campaign event as it is read: every column but the reminder bookkeeping. */
export type CampaignEventRow = Pick<
  CampaignEventEntity,
  'id' | 'campaignId' | 'organizer' | 'region' | 'title' | 'category' | 'startsAt' | 'endsAt' | 'place' | 'onlineUrl' | 'expectedAudience' | 'results' | 'resultsAt' | 'createdAt'
>;

/** The columns of CampaignEventRow from `campaign_events a`. */
export const CAMPAIGN_EVENT_COLUMNS_SQL = `a.id, a.campaign_id AS "campaignId", a.organizer, a.region, a.title, a.category,
  a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.place, a.online_url AS "onlineUrl",
  a.expected_audience AS "expectedAudience", a.results, a.results_at AS "resultsAt", a.created_at AS "createdAt"`;

/** What registering under a campaign needs to know, in one round trip. */
export type OrganizerContext = Pick<CampaignEntity, 'id' | 'title' | 'phase' | 'leadAgency'> & {
  categories: string[] | null;
  /** As they are now, else as launched. */
  milestones: Milestones;
  coSigner: boolean;
  recipient: boolean;
  /** The organizer is in the directory. */
  known: boolean;
  /** The organizer's region (null for a body without one, or an unknown body). */
  region: AgencyEntity['region'];
};

/** The campaign and the organizer's standing in it; null when there is no such campaign. */
export function organizerContext(db: Db, campaignId: string, organizer: string): Promise<OrganizerContext | null> {
  return row(
    db,
    `SELECT c.id, c.title, c.phase, c.lead_agency AS "leadAgency",
            c.definition -> 'categories' AS categories,
            ${currentMilestonesSql('c')} AS milestones,
            COALESCE((c.co_sign -> 'signers') @> $3::jsonb, false) AS "coSigner",
            EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.agency = $2) AS recipient,
            g.code IS NOT NULL AS known, g.region
       FROM campaigns c LEFT JOIN agencies g ON g.code = $2
      WHERE c.id = $1`,
    [campaignId, organizer, JSON.stringify([{ agency: organizer }])],
  );
}

export interface NewCampaignEvent extends CampaignEventInput {
  campaignId: string;
  organizer: string;
  region: string;
  createdBy: string;
}

export async function insertCampaignEvent(db: Db, a: NewCampaignEvent): Promise<CampaignEventRow> {
  const [created] = await rows<CampaignEventRow>(
    db,
    `INSERT INTO campaign_events AS a (campaign_id, organizer, region, title, category, starts_at, ends_at, place, online_url, expected_audience, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING ${CAMPAIGN_EVENT_COLUMNS_SQL}`,
    [a.campaignId, a.organizer, a.region, a.title, a.category, a.startsAt, a.endsAt, a.place, a.onlineUrl, a.expectedAudience, a.createdBy],
  );
  return created;
}

/** Rows per INSERT of a bulk import: one statement carries them as one JSON parameter. */
export const IMPORT_CHUNK = 1000;

export interface CampaignEventImport {
  campaignId: string;
  organizer: string;
  region: string;
  createdBy: string;
  /** The upload's batch id (derived from its Idempotency-Key when it has one). */
  batch: string;
  /**
   * An upload sent with an Idempotency-Key: what it carried (importFingerprint). A second delivery
   * of the batch imports nothing; the key reused with other rows is refused.
   */
  fingerprint?: string;
  rows: readonly CampaignEventInput[];
}

export type CampaignEventImportOutcome =
  /** This call imported the rows. */
  | { imported: number }
  /** The same upload came earlier: the batch already has this many rows, nothing was imported. */
  | { repeated: number }
  /** The batch's key came earlier with other rows: nothing was imported. */
  | { keyReused: true };

/**
 * Imports an upload, all rows or none, in one transaction (a statement per thousand rows). With a
 * fingerprint, a second delivery of the same batch waits for the first (lockImportBatch), then
 * finds its rows and imports nothing.
 */
export function importCampaignEvents(db: Db, imp: CampaignEventImport): Promise<CampaignEventImportOutcome> {
  return atomically(db, async (m) => {
    if (imp.fingerprint !== undefined) {
      await lockImportBatch(m, imp.batch);
      const earlier = await findImportBatch(m, imp.batch);
      if (earlier && earlier.fingerprint !== imp.fingerprint) return { keyReused: true as const };
      const found = await row<{ n: number }>(m, 'SELECT count(*)::int AS n FROM campaign_events WHERE import_batch = $1', [imp.batch]);
      if (found!.n > 0) return { repeated: found!.n };
      if (!earlier) {
        await recordImportBatch(m, { batch: imp.batch, campaignId: imp.campaignId, organizer: imp.organizer, fingerprint: imp.fingerprint, rowCount: imp.rows.length });
      }
    }
    for (let i = 0; i < imp.rows.length; i += IMPORT_CHUNK) {
      await m.query(
        `INSERT INTO campaign_events (campaign_id, organizer, region, title, category, starts_at, ends_at, place, online_url, expected_audience, import_batch, created_by)
         SELECT $1, $2, $3, t.title, t.category, t."startsAt", t."endsAt", t.place, t."onlineUrl", t."expectedAudience", $4, $5
           FROM json_to_recordset($6::json) AS t(title text, category text, "startsAt" timestamptz, "endsAt" timestamptz,
                                                place text, "onlineUrl" text, "expectedAudience" int)`,
        [imp.campaignId, imp.organizer, imp.region, imp.batch, imp.createdBy, JSON.stringify(imp.rows.slice(i, i + IMPORT_CHUNK))],
      );
    }
    return { imported: imp.rows.length };
  });
}

export function findCampaignEvent(db: Db, campaignId: string, eventId: string): Promise<CampaignEventRow | null> {
  return row(db, `SELECT ${CAMPAIGN_EVENT_COLUMNS_SQL} FROM campaign_events a WHERE a.id = $1 AND a.campaign_id = $2`, [eventId, campaignId]);
}

/** Replaces the event's results (stamped now); null when there is no such campaign event. */
export async function putCampaignEventResults(db: Db, campaignId: string, eventId: string, results: CampaignEventResults): Promise<CampaignEventRow | null> {
  const [updated] = await updateReturning<CampaignEventRow>(
    db,
    `UPDATE campaign_events AS a SET results = $3::jsonb, results_at = now()
      WHERE a.id = $1 AND a.campaign_id = $2
      RETURNING ${CAMPAIGN_EVENT_COLUMNS_SQL}`,
    [eventId, campaignId, JSON.stringify(results)],
  );
  return updated ?? null;
}

/** Filters of a listing or count, already checked (dates parsed). */
export interface CampaignEventFilter {
  category?: string;
  organizer?: string;
  /** A province includes its cities: HA covers HA_ZZ (agencies.parent_region). */
  region?: string;
  /** Overlap: campaign events still running at or after this instant. */
  from?: Date | string;
  /** Campaign events starting at or before this instant. */
  to?: Date | string;
}

function filterSql(campaignIds: readonly string[], f: CampaignEventFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [campaignIds];
  const conds = ['a.campaign_id = ANY($1::uuid[])'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(sql(`$${params.length}`));
  };
  if (f.category !== undefined) add((p) => `a.category = ${p}`, f.category);
  if (f.organizer !== undefined) add((p) => `a.organizer = ${p}`, f.organizer);
  if (f.region !== undefined) add((p) => `(a.region = ${p} OR a.region IN (SELECT region FROM agencies WHERE parent_region = ${p}))`, f.region);
  if (f.from !== undefined) add((p) => `a.ends_at >= ${p}`, new Date(f.from).toISOString());
  if (f.to !== undefined) add((p) => `a.starts_at <= ${p}`, new Date(f.to).toISOString());
  return { where: conds.join(' AND '), params };
}

/** Campaign events of the campaigns given, filtered, in start order, paged; with the total. */
export async function listCampaignEvents(
  db: Db,
  campaignIds: readonly string[],
  f: CampaignEventFilter,
  page: { page: number; pageSize: number },
): Promise<{ total: number; items: CampaignEventRow[] }> {
  const { where, params } = filterSql(campaignIds, f);
  const pageSize = sqlInt(page.pageSize, 100_000);
  const offset = sqlInt((page.page - 1) * pageSize, Number.MAX_SAFE_INTEGER);
  const [counted, items] = await Promise.all([
    row<{ total: number }>(db, `SELECT count(*)::int AS total FROM campaign_events a WHERE ${where}`, params),
    rows<CampaignEventRow>(db, `SELECT ${CAMPAIGN_EVENT_COLUMNS_SQL} FROM campaign_events a WHERE ${where} ORDER BY a.starts_at, a.id LIMIT ${pageSize} OFFSET ${offset}`, params),
  ]);
  return { total: counted!.total, items };
}

export interface CampaignEventStats {
  total: number;
  withResults: number;
  byCategory: { category: string; count: number }[];
  byRegion: { region: string; count: number }[];
  byCampaign: Map<string, number>;
}

/** Counts by category, region and campaign, and the total: one scan (grouping sets). */
export async function campaignEventStats(db: Db, campaignIds: readonly string[], f: CampaignEventFilter): Promise<CampaignEventStats> {
  const { where, params } = filterSql(campaignIds, f);
  const groups = await rows<{ category: string | null; region: string | null; campaignId: string | null; g: number; n: number; withResults: number }>(
    db,
    `SELECT a.category, a.region, a.campaign_id AS "campaignId", GROUPING(a.category, a.region, a.campaign_id)::int AS g,
            count(*)::int AS n, count(a.results)::int AS "withResults"
       FROM campaign_events a WHERE ${where}
      GROUP BY GROUPING SETS ((a.category), (a.region), (a.campaign_id), ())`,
    params,
  );
  const totals = groups.find((r) => r.g === 0b111) ?? { n: 0, withResults: 0 };
  return {
    total: totals.n,
    withResults: totals.withResults,
    byCategory: groups.filter((r) => r.g === 0b011).map((r) => ({ category: r.category!, count: r.n })),
    byRegion: groups.filter((r) => r.g === 0b101).map((r) => ({ region: r.region!, count: r.n })),
    byCampaign: new Map(groups.filter((r) => r.g === 0b110).map((r) => [r.campaignId!, r.n])),
  };
}

/** The organizer of the event when it belongs to the campaign or a relay under it, else null. */
export async function campaignEventOrganizerInTree(db: Db, rootId: string, eventId: string): Promise<string | null> {
  const found = await row<{ organizer: string }>(
    db,
    `WITH ${campaignTreeCte('$1')}
     SELECT a.organizer FROM campaign_events a WHERE a.id = $2::bigint AND a.campaign_id IN (SELECT id FROM campaign_tree)`,
    [rootId, eventId],
  );
  return found?.organizer ?? null;
}

/**
 * A campaign event (`a`: an alias or the table's name) whose results are missing at `at` (a
 * parameter such as `$2`): it has ended and its organizer has added none. The sweep reminds the
 * organizers of these; the to-do list counts them.
 */
export const resultsMissingSql = (a: string, at: string) => `${a}.results IS NULL AND ${a}.ends_at < ${at}`;

/**
 * The results sweep (催办): organizers of campaign events that ended without results, not reminded
 * since `notSince` and reminded fewer than `maxReminders` times, are counted one more reminder
 * and told once per organizer — one statement. Keys `<campaign>:results-reminder:<organizer>:<day>`.
 */
export function remindMissingResults(db: Db, input: { campaignId: string; at: string; maxReminders: number; notSince: string; day: string }): Promise<number> {
  const { campaignId, at, maxReminders, notSince, day } = input;
  return writeNotifications(db, campaignId, {
    kind: 'results-reminder',
    key: 'results-reminder',
    at,
    data: { day },
    to: {
      query: {
        with: `due AS (
          UPDATE campaign_events
             SET results_reminders = results_reminders + 1, last_results_reminder_at = $2
           WHERE campaign_id = $1::uuid AND ${resultsMissingSql('campaign_events', '$2')} AND results_reminders < $3
             AND COALESCE(last_results_reminder_at, ends_at) < $4
          RETURNING organizer, title)`,
        sql: `SELECT organizer AS agency, 'organizer'::text AS role, $5::text AS key_suffix,
                     jsonb_build_object('activities', count(*),
                                        'titles', to_jsonb((array_agg(title ORDER BY title))[1:${RESULTS_REMINDER_TITLES}])) AS data
                FROM due GROUP BY organizer`,
        params: [campaignId, at, maxReminders, notSince, day],
      },
    },
  });
}
