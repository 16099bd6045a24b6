import type { EntityManager } from 'typeorm';
import { markDistributed } from '../campaigns/campaign.queries';
import { writeNotifications } from '../notifications/outbox';
import type { Db } from '../sql';
import { atomically, row, rows, sqlInt, updateReturning } from '../sql';
import type { RecipientRole } from './recipient.entity';
import { CampaignRecipientEntity } from './recipient.entity';

/**
 * A campaign's recipients (主送 / 抄送): who received the notice, who acknowledged (签收), who
 * relayed it (转发), who reports back; and the set-based distribution and acknowledgement sweep.
 */

export interface RecipientSeed {
  agency: string;
  role: RecipientRole;
  reporting: boolean;
}

/** The resolved distribution of a launch, in one statement however many bodies. */
export async function insertRecipients(db: Db, campaignId: string, recipients: readonly RecipientSeed[]): Promise<void> {
  await db.query(
    `INSERT INTO campaign_recipients (campaign_id, agency, role, reporting)
     SELECT $1, r.agency, r.role, r.reporting FROM unnest($2::text[], $3::text[], $4::boolean[]) AS r(agency, role, reporting)`,
    [campaignId, recipients.map((r) => r.agency), recipients.map((r) => r.role), recipients.map((r) => r.reporting)],
  );
}

export function findRecipient(db: Db, campaignId: string, agency: string): Promise<CampaignRecipientEntity | null> {
  return db.getRepository(CampaignRecipientEntity).findOneBy({ campaignId, agency });
}

/**
 * Whether the body is a reporting unit of the campaign (null: not a recipient at all). With `lock`
 * the row is locked for the transaction: concurrent summaries of one unit get consecutive revisions.
 */
export async function recipientReporting(m: EntityManager, campaignId: string, agency: string, opts: { lock?: boolean } = {}): Promise<boolean | null> {
  const r = await row<{ reporting: boolean }>(
    m,
    `SELECT reporting FROM campaign_recipients WHERE campaign_id = $1 AND agency = $2${opts.lock ? ' FOR UPDATE' : ''}`,
    [campaignId, agency],
  );
  return r ? r.reporting : null;
}

/** The body's relay (转发) of the parent's notice, recorded on its recipient row. */
export async function linkRelay(db: Db, parentId: string, agency: string, relayId: string): Promise<void> {
  await db.query(`UPDATE campaign_recipients SET relay_campaign_id = $3 WHERE campaign_id = $1 AND agency = $2`, [parentId, agency, relayId]);
}

/** Undoes linkRelay (a launch whose workflow could not start). */
export async function unlinkRelay(db: Db, parentId: string, relayId: string): Promise<void> {
  await db.query(`UPDATE campaign_recipients SET relay_campaign_id = NULL WHERE campaign_id = $1 AND relay_campaign_id = $2`, [parentId, relayId]);
}

/**
 * 签收: the body acknowledges receipt. The first acknowledgement stands (a repeat changes nothing);
 * answers when it was acknowledged, or null when the body is not a recipient.
 */
export async function acknowledgeReceipt(db: Db, campaignId: string, agency: string, by: string): Promise<Date | null> {
  const [r] = await updateReturning<{ acknowledgedAt: Date }>(
    db,
    `UPDATE campaign_recipients SET acknowledged_at = COALESCE(acknowledged_at, now()), acknowledged_by = COALESCE(acknowledged_by, $3)
      WHERE campaign_id = $1 AND agency = $2 RETURNING acknowledged_at AS "acknowledgedAt"`,
    [campaignId, agency, by],
  );
  return r?.acknowledgedAt ?? null;
}

export type RecipientState = 'pending' | 'acknowledged' | 'relayed' | 'not-relayed';
export type RecipientSummaryState = 'submitted' | 'on-time' | 'late' | 'missing';

export interface RecipientFilter {
  /** Only this body's row (a recipient sees only its own). */
  agency?: string;
  role?: RecipientRole;
  /** A region means the bodies of the region itself (HA) and of its cities (HA_ZZ). */
  region?: string;
  kind?: string;
  reporting?: boolean;
  state?: RecipientState;
  summary?: RecipientSummaryState;
}

/** A recipient with its directory entry, latest summary and count of campaign events (GET …/recipients). */
export interface RecipientListRow {
  agency: string;
  name: string;
  shortName: string;
  region: string | null;
  regionName: string | null;
  kind: string | null;
  role: RecipientRole;
  reporting: boolean;
  deliveredAt: Date | null;
  acknowledgedAt: Date | null;
  remindersSent: number;
  relayCampaignId: string | null;
  activities: number;
  summaryLate: boolean | null;
  summaryAt: Date | null;
  summaryRevision: number | null;
}

export interface RecipientCounts {
  main: number;
  cc: number;
  delivered: number;
  acknowledged: number;
  pending: number;
  relayed: number;
  reporting: number;
}

/**
 * `FROM … WHERE …` over a campaign's recipients (alias r) with their directory entry (a) and
 * latest summary (s), filtered: shared by every list of recipients (GET …/recipients, …/delivery).
 * `$1` is the campaign; the filter's values are appended to `params`.
 */
export function recipientsFrom(f: RecipientFilter, params: unknown[]): string {
  const where: string[] = ['r.campaign_id = $1'];
  const add = (sql: string, value?: unknown) => {
    if (value !== undefined) params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (f.agency !== undefined) add('r.agency = ?', f.agency);
  if (f.role) add('r.role = ?', f.role);
  if (f.region) add('(a.region = ? OR a.parent_region = ?)', f.region);
  if (f.kind) add('a.kind = ?', f.kind);
  if (f.reporting !== undefined) add('r.reporting = ?', f.reporting);
  if (f.state === 'pending') add(`r.role = 'main' AND r.acknowledged_at IS NULL`);
  if (f.state === 'acknowledged') add('r.acknowledged_at IS NOT NULL');
  if (f.state === 'relayed') add('r.relay_campaign_id IS NOT NULL');
  if (f.state === 'not-relayed') add(`r.role = 'main' AND r.relay_campaign_id IS NULL`);
  if (f.summary === 'submitted') add('s.unit IS NOT NULL');
  if (f.summary === 'on-time') add('s.unit IS NOT NULL AND NOT s.late');
  if (f.summary === 'late') add('s.late');
  if (f.summary === 'missing') add('r.reporting AND s.unit IS NULL');
  return `
    FROM campaign_recipients r
    JOIN agencies a ON a.code = r.agency
    LEFT JOIN LATERAL (
      SELECT x.unit, x.late, x.submitted_at, x.revision FROM summary_reports x
       WHERE x.campaign_id = r.campaign_id AND x.unit = r.agency ORDER BY x.revision DESC LIMIT 1) s ON true
    WHERE ${where.join(' AND ')}`;
}

/** The recipients of a campaign, filtered and paged (主送 first, then by region and code), with the total. */
export async function listRecipients(
  db: Db,
  campaignId: string,
  f: RecipientFilter,
  page: { page: number; pageSize: number },
): Promise<{ total: number; items: RecipientListRow[] }> {
  const params: unknown[] = [campaignId];
  const from = recipientsFrom(f, params);
  const pageSize = sqlInt(page.pageSize, 100_000);
  const offset = sqlInt((page.page - 1) * pageSize, Number.MAX_SAFE_INTEGER);
  const [counted, items] = await Promise.all([
    row<{ total: number }>(db, `SELECT count(*)::int AS total ${from}`, params),
    rows<RecipientListRow>(
      db,
      `SELECT r.agency, a.name, a.short_name AS "shortName", a.region, a.region_name AS "regionName", a.kind,
              r.role, r.reporting, r.delivered_at AS "deliveredAt", r.acknowledged_at AS "acknowledgedAt",
              r.reminders_sent AS "remindersSent", r.relay_campaign_id AS "relayCampaignId",
              (SELECT count(*)::int FROM campaign_events t WHERE t.campaign_id = r.campaign_id AND t.organizer = r.agency) AS activities,
              s.late AS "summaryLate", s.submitted_at AS "summaryAt", s.revision AS "summaryRevision"
         ${from}
        ORDER BY r.role DESC, a.region NULLS FIRST, r.agency
        LIMIT ${pageSize} OFFSET ${offset}`,
      params,
    ),
  ]);
  return { total: counted?.total ?? 0, items };
}

/** A region's recipients and how many acknowledged (GET …/recipients/by-region). */
export interface RecipientRegionRow {
  /** A province ('HA'), the corps ('XPCC'), national bodies ('CN'); a city ('HA_ZZ') when grouped within a region. */
  region: string | null;
  regionName: string | null;
  total: number;
  /** 主送 bodies: the ones that acknowledge (签收). */
  main: number;
  acknowledged: number;
}

/**
 * A campaign's recipients counted by region, in one GROUP BY: by province (a sub-provincial
 * city's bodies under its province) — or, when the filter names a region, by the region of each
 * body inside it (the province itself and each of its cities). The filter is the list's own.
 */
export async function recipientsByRegion(db: Db, campaignId: string, f: RecipientFilter): Promise<RecipientRegionRow[]> {
  const params: unknown[] = [campaignId];
  const from = recipientsFrom(f, params);
  const key = f.region ? 'a.region' : 'COALESCE(a.parent_region, a.region)';
  return rows<RecipientRegionRow>(
    db,
    `SELECT g.region, n.region_name AS "regionName", g.total, g.main, g.acknowledged
       FROM (SELECT ${key} AS region, count(*)::int AS total,
                    count(*) FILTER (WHERE r.role = 'main')::int AS main,
                    count(*) FILTER (WHERE r.acknowledged_at IS NOT NULL)::int AS acknowledged
               ${from}
              GROUP BY 1) g
       LEFT JOIN LATERAL (
         SELECT x.region_name FROM agencies x WHERE x.region = g.region AND x.region_name IS NOT NULL ORDER BY x.code LIMIT 1) n ON true
      ORDER BY g.region NULLS LAST`,
    params,
  );
}

/** Counts of a campaign's recipients by role and progress (of one body's row when `agency` is given). */
export async function recipientCounts(db: Db, campaignId: string, agency?: string): Promise<RecipientCounts> {
  const counts = await row<RecipientCounts>(
    db,
    `SELECT count(*) FILTER (WHERE role = 'main')::int AS main,
            count(*) FILTER (WHERE role = 'cc')::int AS cc,
            count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered,
            count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged,
            count(*) FILTER (WHERE role = 'main' AND delivered_at IS NOT NULL AND acknowledged_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE relay_campaign_id IS NOT NULL)::int AS relayed,
            count(*) FILTER (WHERE reporting)::int AS reporting
       FROM campaign_recipients WHERE campaign_id = $1 ${agency === undefined ? '' : 'AND agency = $2'}`,
    agency === undefined ? [campaignId] : [campaignId, agency],
  );
  return counts!;
}

/**
 * Distribution (分发): every recipient not yet served receives the issued notice — 主送 bodies
 * must acknowledge (签收), 抄送 bodies are informed — then the campaign is marked distributed.
 * Set-based and idempotent (keys `<campaign>:delivered:<agency>`); one transaction.
 */
export function distributeNotice(db: Db, input: { campaignId: string; at: string; docNumber: string }): Promise<{ main: number; cc: number }> {
  const { campaignId, at, docNumber } = input;
  return atomically(db, async (m) => {
    const undelivered = (role: RecipientRole) => ({
      sql: `SELECT agency, 'recipient'::text AS role, NULL::text AS key_suffix, NULL::jsonb AS data
              FROM campaign_recipients WHERE campaign_id = $1::uuid AND role = $2 AND delivered_at IS NULL`,
      params: [campaignId, role],
    });
    await writeNotifications(m, campaignId, [
      { kind: 'notice-delivered', key: 'delivered', to: { query: undelivered('main') }, data: { docNumber }, at },
      { kind: 'notice-copied', key: 'delivered', to: { query: undelivered('cc') }, data: { docNumber }, at },
    ]);
    await m.query(`UPDATE campaign_recipients SET delivered_at = $2 WHERE campaign_id = $1::uuid AND delivered_at IS NULL`, [campaignId, at]);
    await markDistributed(m, campaignId, at);
    const counts = await row<{ main: number; cc: number }>(
      m,
      `SELECT count(*) FILTER (WHERE role = 'main')::int AS main, count(*) FILTER (WHERE role = 'cc')::int AS cc
         FROM campaign_recipients WHERE campaign_id = $1`,
      [campaignId],
    );
    return counts!;
  });
}

/**
 * A recipient row (`r`: an alias or the table's name) that still owes its acknowledgement (签收):
 * a 主送 body that received the notice and has not acknowledged. The sweep urges these; the to-do
 * list shows them.
 */
export const awaitingAcknowledgementSql = (r: string) => `${r}.role = 'main' AND ${r}.delivered_at IS NOT NULL AND ${r}.acknowledged_at IS NULL`;

/**
 * The acknowledgement sweep (催办): every 主送 body that received the notice and has not
 * acknowledged, and was not reminded since `notSince`, is counted one more reminder and told —
 * one statement. Keys `<campaign>:ack-reminder:<agency>:<day>`: once a day at most.
 */
export async function remindUnacknowledged(db: Db, input: { campaignId: string; at: string; notSince: string; day: string }): Promise<number> {
  const { campaignId, at, notSince, day } = input;
  return writeNotifications(db, campaignId, {
    kind: 'ack-reminder',
    key: 'ack-reminder',
    at,
    data: { day },
    to: {
      query: {
        with: `due AS (
          UPDATE campaign_recipients
             SET reminders_sent = reminders_sent + 1, last_reminded_at = $2
           WHERE campaign_id = $1::uuid AND ${awaitingAcknowledgementSql('campaign_recipients')}
             AND COALESCE(last_reminded_at, delivered_at) < $3
          RETURNING agency, reminders_sent)`,
        sql: `SELECT agency, 'recipient'::text AS role, $4::text AS key_suffix, jsonb_build_object('reminder', reminders_sent) AS data FROM due`,
        params: [campaignId, at, notSince, day],
      },
    },
  });
}
