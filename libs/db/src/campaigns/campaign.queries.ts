import type { EntityManager } from 'typeorm';
import type { CampaignPhase, Milestones, YearPhase } from '@domain/year';
import { lastAuditSeqSql } from '../audit/audit.queries';
import type { Db } from '../sql';
import { affected, row, selectAllColumns } from '../sql';
import type { CoSignProjection, Withdrawal } from './campaign.entity';
import { CampaignEntity } from './campaign.entity';

/**
 * Campaigns: launched by the API, then projected from their workflow (co-signing state, the year's
 * phase and milestones) by activities, never backwards (state_version).
 */

export function findCampaign(db: Db, id: string): Promise<CampaignEntity | null> {
  // Raw SQL with every column under its property name: every API request reads its campaign here,
  // and TypeORM's findOneBy cost it about twice the CPU (building the query, hydrating an entity).
  return row<CampaignEntity>(db, `SELECT ${selectAllColumns(db, CampaignEntity, 'c')} FROM campaigns c WHERE c.id = $1`, [id]);
}

/** Every column of campaign `c` and, in the same snapshot, how far its audit log is written (`auditSeq`). */
const asWrittenColumns = (db: Db) => `${selectAllColumns(db, CampaignEntity, 'c')}, ${lastAuditSeqSql('c.id')} AS "auditSeq"`;

/**
 * A campaign as findCampaign reads it, and how far its audit log is written in the same snapshot
 * (`auditSeq`, lastAuditSeq): a reader that must see an answered command's write (apps/api
 * recorded.ts) knows from this one read whether it did.
 */
export async function findCampaignAsWritten(db: Db, id: string): Promise<{ campaign: CampaignEntity; auditSeq: number } | null> {
  const found = await row<CampaignEntity & { auditSeq: number }>(
    db,
    `SELECT ${asWrittenColumns(db)} FROM campaigns c WHERE c.id = $1`,
    [id],
  );
  if (!found) return null;
  const { auditSeq, ...campaign } = found;
  return { campaign, auditSeq };
}

/**
 * A campaign as findCampaignAsWritten reads it, and which of `agencies` decide through internal
 * steps (内部审签: they have steps configured): co-signers' decisions need both, in one round trip.
 */
export async function findCampaignForDecisions(db: Db, id: string, agencies: string[]): Promise<{ campaign: CampaignEntity; auditSeq: number; withSteps: Set<string> } | null> {
  const found = await row<CampaignEntity & { auditSeq: number; withSteps: string[] }>(
    db,
    `SELECT ${asWrittenColumns(db)},
            ARRAY(SELECT DISTINCT s.agency FROM internal_steps s WHERE s.agency = ANY($2)) AS "withSteps"
       FROM campaigns c WHERE c.id = $1`,
    [id, agencies],
  );
  if (!found) return null;
  const { auditSeq, withSteps, ...campaign } = found;
  return { campaign, auditSeq, withSteps: new Set(withSteps) };
}

/** The relays (转发) directly under a campaign. */
export function relaysOf(db: Db, parentId: string): Promise<CampaignEntity[]> {
  return db.getRepository(CampaignEntity).find({ where: { parentId } });
}

/**
 * The campaigns an agency takes part in — as lead, co-signer or recipient — newest first; every
 * campaign when `agency` is null (administrators).
 */
export function campaignsOf(db: Db, agency: string | null): Promise<CampaignEntity[]> {
  const qb = db.getRepository(CampaignEntity).createQueryBuilder('c').orderBy('c.created_at', 'DESC');
  if (agency !== null) {
    qb.where(
      `c.lead_agency = :agency OR c.co_sign -> 'signers' @> :signer::jsonb
       OR EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.agency = :agency)`,
      { agency, signer: JSON.stringify([{ agency }]) },
    );
  }
  return qb.getMany();
}

/**
 * The campaign row (`c`, an alias) asks `agency` (a parameter such as `$1`) for a decision now:
 * co-signing is open and the body is a signer that was asked and has not decided on the current
 * text — pendingAsked of libs/domain/src/co-sign.ts, read off the projection (a revision resets
 * every signer to pending, so pending is always about the current version).
 */
export const pendingCoSignerSql = (c: string, agency: string) =>
  `${c}.phase = 'co-signing' AND EXISTS (SELECT 1 FROM jsonb_array_elements(${c}.co_sign -> 'signers') s
     WHERE s ->> 'agency' = ${agency} AND s ->> 'status' = 'pending' AND s ->> 'askedAt' IS NOT NULL)`;

/** Every co-signer approved the current text and the lead has not signed off yet (`c`, an alias). */
export const awaitingSignOffSql = (c: string) => `${c}.phase = 'awaiting-sign-off' AND COALESCE(${c}.co_sign -> 'signOff', 'null'::jsonb) = 'null'::jsonb`;

/** The campaign's milestones as they are now, else as launched (`c`, an alias): a jsonb expression. */
export const currentMilestonesSql = (c: string) => `COALESCE(${c}.milestones, ${c}.definition -> 'milestones')`;

export interface CoSignStateProjection {
  phase: CampaignPhase;
  noticeVersion: number;
  noticeSha256: string;
  coSign: CoSignProjection;
  withdrawal: Withdrawal | null;
}

/**
 * Projects the co-signing state after audit entry `seq` onto the campaign; an older retry (lower
 * seq) changes nothing. Answers whether it was applied.
 */
export async function projectCoSignState(db: Db, campaignId: string, seq: number, s: CoSignStateProjection): Promise<boolean> {
  const n = await affected(
    db,
    `UPDATE campaigns
        SET phase = $2, notice_version = $3, notice_sha256 = $4, co_sign = $5, withdrawal = $6,
            state_version = $7, updated_at = now()
      WHERE id = $1 AND state_version < $7`,
    [campaignId, s.phase, s.noticeVersion, s.noticeSha256, JSON.stringify(s.coSign), s.withdrawal ? JSON.stringify(s.withdrawal) : null, seq],
  );
  return n > 0;
}

export interface YearStateProjection {
  phase?: YearPhase;
  milestones?: Milestones;
  commendationsPublishedAt?: string;
}

/** Projects the year's phase, milestones and publication after audit entry `seq`; never backwards. */
export async function projectYearState(db: Db, campaignId: string, seq: number, s: YearStateProjection): Promise<boolean> {
  const n = await affected(
    db,
    `UPDATE campaigns
        SET phase = COALESCE($2, phase), milestones = COALESCE($3::jsonb, milestones),
            commendations_published_at = COALESCE($4, commendations_published_at),
            state_version = $5, updated_at = now()
      WHERE id = $1 AND state_version < $5`,
    [campaignId, s.phase ?? null, s.milestones ? JSON.stringify(s.milestones) : null, s.commendationsPublishedAt ?? null, seq],
  );
  return n > 0;
}

/** The first distribution's instant stays. */
export async function markDistributed(db: Db, campaignId: string, at: string): Promise<void> {
  await db.query(`UPDATE campaigns SET distributed_at = COALESCE(distributed_at, $2) WHERE id = $1`, [campaignId, at]);
}

/** What commendation needs of a campaign. */
export type CampaignCommendationState = Pick<CampaignEntity, 'id' | 'title' | 'phase' | 'leadAgency' | 'docNumber' | 'parentId' | 'commendationsPublishedAt'>;

/**
 * The campaign row share-locked for the transaction: the workflow's projection of a publication
 * waits until nominations and decisions made under this lock are committed.
 */
export function lockCampaignForShare(m: EntityManager, id: string): Promise<CampaignCommendationState | null> {
  return row(
    m,
    `SELECT id, title, phase, lead_agency AS "leadAgency", doc_number AS "docNumber", parent_id AS "parentId",
            commendations_published_at AS "commendationsPublishedAt"
       FROM campaigns WHERE id = $1 FOR SHARE`,
    [id],
  );
}
