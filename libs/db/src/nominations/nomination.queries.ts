import type { EntityManager } from 'typeorm';
import { sha256Hex } from '@domain/hashing';
import { campaignTreeCte } from '../campaigns/campaign-tree';
import type { RecommendedNomination } from '@domain/messages';
import { writeNotifications } from '../notifications/outbox';
import type { Db } from '../sql';
import { affected, row, rows } from '../sql';
import type { NominationEntity, NominationKind, NominationStatus } from './nomination.entity';

/**
 * Commendation (表扬 / 推荐): a campaign's pool of nominations, decisions on them, and a relay's
 * recommendation of its commended ones into its parent's pool.
 */

export type NewNomination = Pick<NominationEntity, 'id' | 'campaignId' | 'kind' | 'unit' | 'person' | 'activityId' | 'citation' | 'nominatedBy' | 'createdAt'>;

export async function insertNomination(db: Db, n: NewNomination): Promise<void> {
  await db.query(
    `INSERT INTO nominations (id, campaign_id, kind, unit, person, activity_id, citation, status, nominated_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'nominated', $8, $9)`,
    [n.id, n.campaignId, n.kind, n.unit, n.person, n.activityId, n.citation, n.nominatedBy, n.createdAt],
  );
}

/** Records the decision on a nomination of the campaign; false when it has no such nomination. */
export async function decideNomination(
  db: Db,
  campaignId: string,
  id: string,
  d: { status: Exclude<NominationStatus, 'nominated'>; by: string; at: Date; note: string | null },
): Promise<boolean> {
  const n = await affected(
    db,
    `UPDATE nominations SET status = $3, decided_by = $4, decided_at = $5, decision_note = $6 WHERE id = $2 AND campaign_id = $1`,
    [campaignId, id, d.status, d.by, d.at, d.note],
  );
  return n > 0;
}

/** A nomination with the names it refers to: the unit's, the campaign event's title, the source campaign's. */
export interface NominationViewRow {
  id: string;
  kind: NominationKind;
  unit: string | null;
  unitName: string | null;
  person: string | null;
  /** bigint, as text. */
  activityId: string | null;
  activityTitle: string | null;
  citation: string;
  status: NominationStatus;
  nominatedBy: string;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  createdAt: Date;
  sourceCampaignId: string | null;
  sourceNominationId: string | null;
  sourceTitle: string | null;
  sourceLead: string | null;
  sourceDocNumber: string | null;
}

export type NominationSelection =
  | { id: string }
  | { campaignId: string; status?: NominationStatus }
  /** What a relay recommended into this pool, by the ids of its own nominations. */
  | { campaignId: string; sourceNominationIds: readonly string[] };

/** Nominations with their names, in the order they were made. */
export function nominationViews(db: Db, s: NominationSelection): Promise<NominationViewRow[]> {
  let where: string;
  let params: unknown[];
  if ('id' in s) [where, params] = ['n.id = $1', [s.id]];
  else if ('sourceNominationIds' in s) [where, params] = ['n.campaign_id = $1 AND n.source_nomination_id = ANY($2::uuid[])', [s.campaignId, s.sourceNominationIds]];
  else if (s.status) [where, params] = ['n.campaign_id = $1 AND n.status = $2', [s.campaignId, s.status]];
  else [where, params] = ['n.campaign_id = $1', [s.campaignId]];
  return rows(
    db,
    `SELECT n.id, n.kind, n.unit, a.name AS "unitName", n.person, n.activity_id::text AS "activityId", act.title AS "activityTitle",
            n.citation, n.status, n.nominated_by AS "nominatedBy", n.decided_by AS "decidedBy", n.decided_at AS "decidedAt",
            n.decision_note AS "decisionNote", n.created_at AS "createdAt",
            n.source_campaign_id AS "sourceCampaignId", n.source_nomination_id AS "sourceNominationId",
            sc.title AS "sourceTitle", sc.lead_agency AS "sourceLead", sc.doc_number AS "sourceDocNumber"
       FROM nominations n
       LEFT JOIN agencies a ON a.code = n.unit
       LEFT JOIN campaign_events act ON act.id = n.activity_id
       LEFT JOIN campaigns sc ON sc.id = n.source_campaign_id
      WHERE ${where}
      ORDER BY n.created_at, n.id`,
    params,
  );
}

export async function countCommended(db: Db, campaignId: string): Promise<number> {
  return (await row<{ n: number }>(db, `SELECT count(*)::int AS n FROM nominations WHERE campaign_id = $1 AND status = 'commended'`, [campaignId]))!.n;
}

/** The campaign's nominations among `ids` (those it does not have are simply absent). */
export function nominationsOf(db: Db, campaignId: string, ids: readonly string[]): Promise<Pick<NominationEntity, 'id' | 'status' | 'kind' | 'unit' | 'person'>[]> {
  return rows(db, `SELECT id, status, kind, unit, person FROM nominations WHERE campaign_id = $1 AND id = ANY($2::uuid[])`, [campaignId, ids]);
}

/** Whether the body is in the directory, and takes part (issuer or recipient) in the campaign or a relay under it. */
export async function unitStanding(db: Db, rootId: string, unit: string): Promise<{ known: boolean; party: boolean }> {
  return (await row<{ known: boolean; party: boolean }>(
    db,
    `WITH ${campaignTreeCte('$1')}
     SELECT EXISTS (SELECT 1 FROM agencies WHERE code = $2::varchar) AS known,
            EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id IN (SELECT id FROM campaign_tree) AND r.agency = $2::varchar)
            OR EXISTS (SELECT 1 FROM campaigns c WHERE c.id IN (SELECT id FROM campaign_tree)
                         AND (c.lead_agency = $2::varchar OR c.co_sign -> 'signers' @> jsonb_build_array(jsonb_build_object('agency', $2::varchar)))) AS party`,
    [rootId, unit],
  ))!;
}

export interface Recommendation {
  /** The relay recommending, and its parent whose pool receives. */
  from: { id: string; leadAgency: string; docNumber: string | null; title: string };
  to: { id: string; leadAgency: string };
  /** The relay's own (commended) nominations, in the order given. */
  nominationIds: readonly string[];
  /** Ids for the new nominations in the parent's pool, one per nominationIds entry. */
  newIds: readonly string[];
  by: string;
  at: Date;
}

/**
 * 推荐: copies the relay's nominations into the parent's pool marked with where they came from;
 * ones already there stay as they are. The parent's lead is told of the new ones, once per set.
 * Answers the source ids that were new.
 */
export async function recommendNominations(m: EntityManager, r: Recommendation): Promise<string[]> {
  const created = await rows<RecommendedNomination & { sourceNominationId: string }>(
    m,
    `INSERT INTO nominations (id, campaign_id, kind, unit, person, activity_id, citation, status, source_campaign_id, source_nomination_id, nominated_by, created_at)
     SELECT x.new_id, $1, n.kind, n.unit, n.person, n.activity_id, n.citation, 'nominated', n.campaign_id, n.id, $3, $4
       FROM unnest($2::uuid[], $5::uuid[]) WITH ORDINALITY AS x(orig_id, new_id, ord)
       JOIN nominations n ON n.id = x.orig_id
      ORDER BY x.ord
     ON CONFLICT (campaign_id, source_nomination_id) DO NOTHING
     RETURNING source_nomination_id AS "sourceNominationId", kind, unit, person,
               (SELECT e.title FROM campaign_events e WHERE e.id = nominations.activity_id) AS activity`,
    [r.to.id, r.nominationIds, r.by, r.at, r.newIds],
  );
  if (!created.length) return [];
  // An activity nomination is named by the activity's title: the messages say what was recommended.
  const nominations = created
    .map((c) => ({ id: c.sourceNominationId, kind: c.kind, unit: c.unit, person: c.person, ...(c.activity ? { activity: c.activity } : {}) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ids = nominations.map((n) => n.id);
  await writeNotifications(m, r.to.id, {
    kind: 'recommendation',
    key: `recommendation:${r.from.id}:${sha256Hex(ids.join(',')).slice(0, 32)}`,
    to: { agency: r.to.leadAgency, role: 'secretariat' },
    data: { fromCampaignId: r.from.id, fromLead: r.from.leadAgency, from: r.from.docNumber ?? r.from.title, nominations },
    at: r.at,
  });
  return ids;
}
