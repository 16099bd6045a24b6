import type { Milestones } from '@domain/year';
import type { Db } from '../sql';
import { row, rows, selectColumns, sqlInt } from '../sql';
import { CampaignEntity } from './campaign.entity';

/**
 * The cascade (转发): a campaign and the relays below it (campaigns.parent_id), national → province →
 * city. Every query over the tree — listing, progress, "is this activity under it", "does this body
 * take part below" — uses the one recursive CTE here.
 */

/** Relays nest three levels in practice; the bound only guards against a cycle in parent_id. */
export const MAX_RELAY_DEPTH = 10;

/**
 * The recursive CTE `campaign_tree(id, parent_id, depth)`: the campaign `root` (a parameter such as
 * `$1`) at depth 0 and every relay below it, to `maxDepth`. Compose it first in a WITH list:
 * `WITH ${campaignTreeCte('$1')} SELECT … FROM campaign_tree t …`.
 */
export function campaignTreeCte(root = '$1', maxDepth = MAX_RELAY_DEPTH): string {
  return `RECURSIVE campaign_tree(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM campaigns WHERE id = ${root}::uuid
      UNION ALL
      SELECT c.id, c.parent_id, t.depth + 1 FROM campaigns c JOIN campaign_tree t ON c.parent_id = t.id
       WHERE t.depth < ${sqlInt(maxDepth, 100)})`;
}

/**
 * The recursive CTE `campaign_ancestors(id, parent_id, depth)`: the campaigns above `campaign`
 * (a parameter), its parent at depth 1, up to `maxDepth`. The campaign itself is not in it.
 */
export function campaignAncestorsCte(campaign = '$1', maxDepth = MAX_RELAY_DEPTH): string {
  return `RECURSIVE campaign_ancestors(id, parent_id, depth) AS (
      SELECT p.id, p.parent_id, 1 FROM campaigns c JOIN campaigns p ON p.id = c.parent_id WHERE c.id = ${campaign}::uuid
      UNION ALL
      SELECT p.id, p.parent_id, a.depth + 1 FROM campaigns p JOIN campaign_ancestors a ON p.id = a.parent_id
       WHERE a.depth < ${sqlInt(maxDepth, 100)})`;
}

export interface CampaignTreeNode {
  id: string;
  parentId: string | null;
  /** 0 for the campaign asked about; 1 for its relays (or, going up, its parent), and so on. */
  depth: number;
}

/** Columns of campaigns a tree query may add to each node. */
export type CampaignTreeColumn = Exclude<keyof CampaignEntity, 'id' | 'parentId'>;

export interface CampaignTreeOptions<C extends CampaignTreeColumn> {
  columns?: readonly C[];
  maxDepth?: number;
  /** Within a depth: launch order (default) or by title. */
  orderBy?: 'created' | 'title';
}

/** The campaign and every relay below it, parents first (empty when there is no such campaign). */
export function campaignTree<C extends CampaignTreeColumn = never>(
  db: Db,
  rootId: string,
  opts: CampaignTreeOptions<C> = {},
): Promise<(CampaignTreeNode & Pick<CampaignEntity, C>)[]> {
  const extra = opts.columns?.length ? `, ${selectColumns(db, CampaignEntity, 'c', opts.columns)}` : '';
  const order = opts.orderBy === 'title' ? 'c.title, c.id' : 'c.created_at, c.id';
  return rows(
    db,
    `WITH ${campaignTreeCte('$1', opts.maxDepth)}
     SELECT t.id, t.parent_id AS "parentId", t.depth${extra}
       FROM campaign_tree t JOIN campaigns c ON c.id = t.id
      ORDER BY t.depth, ${order}`,
    [rootId],
  );
}

/** The ids of the campaign and every relay below it. */
export async function campaignTreeIds(db: Db, rootId: string, maxDepth?: number): Promise<string[]> {
  return (await campaignTree(db, rootId, { maxDepth })).map((n) => n.id);
}

/** The campaigns above this one, nearest first (its parent has depth 1). */
export function campaignAncestors<C extends CampaignTreeColumn = never>(
  db: Db,
  campaignId: string,
  opts: Omit<CampaignTreeOptions<C>, 'orderBy'> = {},
): Promise<(CampaignTreeNode & Pick<CampaignEntity, C>)[]> {
  const extra = opts.columns?.length ? `, ${selectColumns(db, CampaignEntity, 'c', opts.columns)}` : '';
  return rows(
    db,
    `WITH ${campaignAncestorsCte('$1', opts.maxDepth)}
     SELECT a.id, a.parent_id AS "parentId", a.depth${extra}
       FROM campaign_ancestors a JOIN campaigns c ON c.id = a.id
      ORDER BY a.depth`,
    [campaignId],
  );
}

/** Whether `agency` leads a campaign above this one (a parent's lead may read the relays under it). */
export async function isLedAbove(db: Db, campaignId: string, agency: string): Promise<boolean> {
  const r = await row<{ led: boolean }>(
    db,
    `WITH ${campaignAncestorsCte('$1')}
     SELECT EXISTS (SELECT 1 FROM campaign_ancestors a JOIN campaigns c ON c.id = a.id WHERE c.lead_agency = $2) AS led`,
    [campaignId, agency],
  );
  return r?.led ?? false;
}

/** One campaign of the tree with its own progress (GET /campaigns/:id/tree rolls these up). */
export interface CampaignProgressRow extends CampaignTreeNode {
  title: string;
  leadAgency: string;
  phase: CampaignEntity['phase'];
  docNumber: string | null;
  milestones: Milestones | null;
  recipients: { main: number; cc: number; acknowledged: number; relayed: number };
  summaries: { units: number; submitted: number; late: number };
  activities: { total: number; withResults: number };
}

/** Every campaign of the tree with its recipients', summaries' and activities' counts: one statement. */
export async function campaignTreeProgress(db: Db, rootId: string): Promise<CampaignProgressRow[]> {
  const found = await rows<
    CampaignTreeNode & Pick<CampaignProgressRow, 'title' | 'leadAgency' | 'phase' | 'docNumber' | 'milestones'> & {
      main: number; cc: number; acknowledged: number; relayed: number; reporting: number; submitted: number; late: number;
      activities: number; withResults: number;
    }
  >(
    db,
    `WITH ${campaignTreeCte('$1')}
     SELECT c.id, c.parent_id AS "parentId", c.title, c.lead_agency AS "leadAgency", c.phase, c.doc_number AS "docNumber",
            c.milestones, t.depth,
            r.main, r.cc, r.acknowledged, r.relayed, r.reporting, r.submitted, r.late,
            COALESCE(x.activities, 0)::int AS activities, COALESCE(x.with_results, 0)::int AS "withResults"
       FROM campaign_tree t JOIN campaigns c ON c.id = t.id
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE cr.role = 'main')::int AS main,
                count(*) FILTER (WHERE cr.role = 'cc')::int AS cc,
                count(*) FILTER (WHERE cr.acknowledged_at IS NOT NULL)::int AS acknowledged,
                count(*) FILTER (WHERE cr.relay_campaign_id IS NOT NULL)::int AS relayed,
                count(*) FILTER (WHERE cr.reporting)::int AS reporting,
                count(*) FILTER (WHERE cr.reporting AND EXISTS (SELECT 1 FROM summary_reports s WHERE s.campaign_id = cr.campaign_id AND s.unit = cr.agency))::int AS submitted,
                count(*) FILTER (WHERE cr.reporting AND EXISTS (SELECT 1 FROM summary_reports s WHERE s.campaign_id = cr.campaign_id AND s.unit = cr.agency AND s.late)
                                      AND NOT EXISTS (SELECT 1 FROM summary_reports s WHERE s.campaign_id = cr.campaign_id AND s.unit = cr.agency AND NOT s.late))::int AS late
           FROM campaign_recipients cr WHERE cr.campaign_id = c.id) r ON true
       LEFT JOIN LATERAL (
         SELECT count(*) AS activities, count(*) FILTER (WHERE a.results IS NOT NULL) AS with_results
           FROM campaign_events a WHERE a.campaign_id = c.id) x ON true
      ORDER BY t.depth, c.created_at, c.id`,
    [rootId],
  );
  return found.map((n) => ({
    id: n.id,
    parentId: n.parentId,
    depth: n.depth,
    title: n.title,
    leadAgency: n.leadAgency,
    phase: n.phase,
    docNumber: n.docNumber,
    milestones: n.milestones,
    recipients: { main: n.main, cc: n.cc, acknowledged: n.acknowledged, relayed: n.relayed },
    summaries: { units: n.reporting, submitted: n.submitted, late: n.late },
    activities: { total: n.activities, withResults: n.withResults },
  }));
}
