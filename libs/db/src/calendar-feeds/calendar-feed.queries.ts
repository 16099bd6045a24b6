import type { FeedCampaign } from '@domain/calendar-feed';
import type { Db } from '../sql';
import { row, rows, selectColumns, sqlInt, updateReturning } from '../sql';
import { CalendarFeedEntity } from './calendar-feed.entity';

/**
 * Calendar feeds: a body's iCalendar URL carries a token, and only the token's SHA-256 is kept
 * here (the caller hashes it: these functions never see a token). A revoked feed stays as a row,
 * so that the same token can never come back to life.
 */

export type CalendarFeedRow = Pick<CalendarFeedEntity, 'id' | 'agency' | 'createdBy' | 'createdAt' | 'revokedAt'>;
const FEED_COLUMNS = ['id', 'agency', 'createdBy', 'createdAt', 'revokedAt'] as const;

export interface NewCalendarFeed {
  id: string;
  agency: string;
  tokenSha256: string;
  createdBy: string;
  at: Date;
}

export async function createCalendarFeed(db: Db, f: NewCalendarFeed): Promise<CalendarFeedRow> {
  const [created] = await rows<CalendarFeedRow>(
    db,
    `INSERT INTO calendar_feeds (id, agency, token_sha256, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${selectColumns(db, CalendarFeedEntity, 'calendar_feeds', FEED_COLUMNS)}`,
    [f.id, f.agency, f.tokenSha256, f.createdBy, f.at],
  );
  return created;
}

/** A body's feeds still in force, newest first. */
export async function listCalendarFeeds(db: Db, agency: string, page: { page: number; pageSize: number }): Promise<{ total: number; items: CalendarFeedRow[] }> {
  const size = sqlInt(page.pageSize, 10_000);
  const offset = (page.page - 1) * size;
  const [counted, items] = await Promise.all([
    row<{ total: number }>(db, `SELECT count(*)::int AS total FROM calendar_feeds WHERE agency = $1 AND revoked_at IS NULL`, [agency]),
    rows<CalendarFeedRow>(
      db,
      `SELECT ${selectColumns(db, CalendarFeedEntity, 'f', FEED_COLUMNS)} FROM calendar_feeds f
        WHERE f.agency = $1 AND f.revoked_at IS NULL ORDER BY f.created_at DESC, f.id LIMIT ${size} OFFSET $2`,
      [agency, offset],
    ),
  ]);
  return { total: counted!.total, items };
}

/**
 * Revokes one of the body's own feeds; null when it has no such feed in force (another body's
 * feed, an unknown id, or one already revoked: the caller answers them all alike).
 */
export async function revokeCalendarFeed(db: Db, id: string, agency: string, at: Date): Promise<CalendarFeedRow | null> {
  const [revoked] = await updateReturning<CalendarFeedRow>(
    db,
    `UPDATE calendar_feeds f SET revoked_at = $3 WHERE f.id = $1 AND f.agency = $2 AND f.revoked_at IS NULL
     RETURNING ${selectColumns(db, CalendarFeedEntity, 'f', FEED_COLUMNS)}`,
    [id, agency, at],
  );
  return revoked ?? null;
}

/** The feed in force whose token hashes to `tokenSha256`, with its body's name; null otherwise. */
export function findCalendarFeedByTokenHash(db: Db, tokenSha256: string): Promise<(CalendarFeedRow & { agencyName: string }) | null> {
  return row(
    db,
    `SELECT ${selectColumns(db, CalendarFeedEntity, 'f', FEED_COLUMNS)}, a.name AS "agencyName"
       FROM calendar_feeds f JOIN agencies a ON a.code = f.agency
      WHERE f.token_sha256 = $1 AND f.revoked_at IS NULL`,
    [tokenSha256],
  );
}

interface DeadlineRow extends Omit<FeedCampaign, 'issuedAt' | 'deliveredAt' | 'acknowledgedAt' | 'moves'> {
  issuedAt: Date | null;
  deliveredAt: Date | null;
  acknowledgedAt: Date | null;
  moves: Record<string, number> | null;
}

/**
 * Every campaign that concerns a body, national or relay, with what its calendar needs: the body
 * leads it, co-signs it (会签), receives it (主送/抄送) or reports under it (总结报送); its
 * co-sign deadline and milestones as they stand, and how many times each milestone moved.
 *
 * One statement for any number of campaigns. The campaigns are found through their indexes
 * (lead_agency; campaign_recipients by agency) and the co-signer lists (a JSON containment test on
 * each campaign row); withdrawn campaigns are left out. The moves are counted in the audit log,
 * which records each move as a `milestones.moved` entry listing the fields that moved: per
 * campaign, that is a scan of its own entries by the primary key, and moves are few.
 * Oldest campaign first, so that a feed lists the same campaigns in the same order every time.
 */
export async function deadlinesOf(db: Db, agency: string): Promise<FeedCampaign[]> {
  const found = await rows<DeadlineRow>(
    db,
    `WITH concerned AS (
       SELECT c.id FROM campaigns c WHERE c.lead_agency = $1
       UNION
       SELECT c.id FROM campaigns c WHERE c.co_sign -> 'signers' @> $2::jsonb
       UNION
       SELECT r.campaign_id FROM campaign_recipients r WHERE r.agency = $1
     )
     SELECT c.id AS "campaignId", c.title, c.doc_number AS "docNumber", c.phase, c.issued_at AS "issuedAt",
            c.co_sign ->> 'dueAt' AS "coSignDueAt", c.milestones,
            c.lead_agency = $1 AS lead,
            c.co_sign -> 'signers' @> $2::jsonb AS signer,
            r.role AS "recipientRole", COALESCE(r.reporting, false) AS reporting,
            r.delivered_at AS "deliveredAt", r.acknowledged_at AS "acknowledgedAt",
            mv.moves
       FROM concerned k
       JOIN campaigns c ON c.id = k.id
       LEFT JOIN campaign_recipients r ON r.campaign_id = c.id AND r.agency = $1
       LEFT JOIN LATERAL (
         SELECT jsonb_object_agg(x.field, x.n) AS moves
           FROM (SELECT moved ->> 'field' AS field, count(*)::int AS n
                   FROM audit_log a
                   CROSS JOIN LATERAL jsonb_array_elements(a.payload::jsonb -> 'data' -> 'moved') AS moved
                  WHERE a.campaign_id = c.id AND a.type = 'milestones.moved'
                  GROUP BY 1) x
       ) mv ON true
      WHERE c.phase <> 'withdrawn'
      ORDER BY c.created_at, c.id`,
    [agency, JSON.stringify([{ agency }])],
  );
  return found.map((r) => ({
    ...r,
    issuedAt: iso(r.issuedAt),
    deliveredAt: iso(r.deliveredAt),
    acknowledgedAt: iso(r.acknowledgedAt),
    moves: r.moves ?? {},
  }));
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());
