import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@domain/auth';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from './campaign-access';
import { ReceiptDto, RecipientQueryDto } from './dto/recipients.dto';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/**
 * Distribution as the recipients and the lead see it: acknowledgements (签收), each body's progress
 * (delivered, acknowledged, relayed, activities, summary), and the cascade rolled up.
 */
@Injectable()
export class RecipientsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  /** POST /campaigns/:id/receipts: a 主送 body acknowledges receipt, for itself only. */
  async acknowledge(who: Principal, id: string, dto: ReceiptDto) {
    const agency = this.access.ownBody(who, dto.agency);
    const c = await this.access.find(id);
    const r = await this.access.recipient(id, agency);
    if (!r) throw ApiError.forbidden(`${agency} is not a recipient of this notice`);
    if (r.role !== 'main') {
      throw ApiError.conflict(ApiErrorCode.NOT_ACKNOWLEDGEABLE, `${agency} is copied (抄送) for information only; there is nothing to acknowledge`);
    }
    if (!r.deliveredAt) {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the notice has not been issued and delivered yet (campaign is ${c.phase})`);
    }
    if (r.acknowledgedAt) return { agency, acknowledgedAt: iso(r.acknowledgedAt), repeated: true };
    // TypeORM answers an UPDATE … RETURNING with [rows, affected].
    const [rows]: [{ acknowledged_at: Date }[], number] = await this.ds.query(
      `UPDATE campaign_recipients SET acknowledged_at = COALESCE(acknowledged_at, now()), acknowledged_by = COALESCE(acknowledged_by, $3)
        WHERE campaign_id = $1 AND agency = $2 RETURNING acknowledged_at`,
      [id, agency, who.sub],
    );
    return { agency, acknowledgedAt: iso(rows[0].acknowledged_at), repeated: false };
  }

  /** GET /campaigns/:id/recipients: the lead's side sees every body; a recipient sees its own row. */
  async list(who: Principal, id: string, q: RecipientQueryDto) {
    const c = await this.access.visible(who, id);
    const everyone = await this.access.isOrganizerSide(who, c);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const where: string[] = ['r.campaign_id = $1'];
    const params: unknown[] = [id];
    const add = (sql: string, value?: unknown) => {
      if (value !== undefined) params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (!everyone) add('r.agency = ?', who.agency);
    if (q.role) add('r.role = ?', q.role);
    // A region means the bodies of the region itself (HA) and of its cities (HA_ZZ).
    if (q.region) add('(a.region = ? OR a.parent_region = ?)', q.region);
    if (q.kind) add('a.kind = ?', q.kind);
    if (q.reporting !== undefined) add('r.reporting = ?', q.reporting);
    if (q.state === 'pending') add(`r.role = 'main' AND r.acknowledged_at IS NULL`);
    if (q.state === 'acknowledged') add('r.acknowledged_at IS NOT NULL');
    if (q.state === 'relayed') add('r.relay_campaign_id IS NOT NULL');
    if (q.state === 'not-relayed') add(`r.role = 'main' AND r.relay_campaign_id IS NULL`);
    if (q.summary === 'submitted') add('s.unit IS NOT NULL');
    if (q.summary === 'on-time') add('s.unit IS NOT NULL AND NOT s.late');
    if (q.summary === 'late') add('s.late');
    if (q.summary === 'missing') add('r.reporting AND s.unit IS NULL');
    const sql = where.join(' AND ');
    const from = `
      FROM campaign_recipients r
      JOIN agencies a ON a.code = r.agency
      LEFT JOIN LATERAL (
        SELECT x.unit, x.late, x.submitted_at, x.revision FROM summary_reports x
         WHERE x.campaign_id = r.campaign_id AND x.unit = r.agency ORDER BY x.revision DESC LIMIT 1) s ON true
      WHERE ${sql}`;
    const [{ total }]: { total: number }[] = await this.ds.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: any[] = await this.ds.query(
      `SELECT r.*, a.name, a.short_name, a.region, a.region_name, a.kind,
              s.late AS summary_late, s.submitted_at AS summary_at, s.revision AS summary_revision,
              (SELECT count(*)::int FROM campaign_events t WHERE t.campaign_id = r.campaign_id AND t.organizer = r.agency) AS activities
         ${from}
        ORDER BY r.role DESC, a.region NULLS FIRST, r.agency
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      params,
    );
    const [counts]: any[] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE role = 'main')::int AS main,
              count(*) FILTER (WHERE role = 'cc')::int AS cc,
              count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered,
              count(*) FILTER (WHERE acknowledged_at IS NOT NULL)::int AS acknowledged,
              count(*) FILTER (WHERE role = 'main' AND delivered_at IS NOT NULL AND acknowledged_at IS NULL)::int AS pending,
              count(*) FILTER (WHERE relay_campaign_id IS NOT NULL)::int AS relayed,
              count(*) FILTER (WHERE reporting)::int AS reporting
         FROM campaign_recipients WHERE campaign_id = $1 ${everyone ? '' : 'AND agency = $2'}`,
      everyone ? [id] : [id, who.agency],
    );
    return {
      total,
      page,
      pageSize,
      counts,
      items: rows.map((r) => ({
        agency: r.agency,
        name: r.name,
        shortName: r.short_name,
        region: r.region,
        regionName: r.region_name,
        kind: r.kind,
        role: r.role,
        reporting: r.reporting,
        deliveredAt: iso(r.delivered_at),
        acknowledgedAt: iso(r.acknowledged_at),
        reminders: r.reminders_sent,
        relayCampaignId: r.relay_campaign_id,
        activities: r.activities,
        summary: r.reporting
          ? { status: r.summary_at ? (r.summary_late ? 'late' : 'on-time') : 'missing', submittedAt: iso(r.summary_at), revision: r.summary_revision ?? null }
          : null,
      })),
    };
  }

  /**
   * GET /campaigns/:id/tree: this campaign and every relay below it (national → province → city),
   * each with its own progress and the progress of its whole subtree rolled up.
   */
  async tree(who: Principal, id: string) {
    await this.access.visible(who, id);
    const nodes: any[] = await this.ds.query(
      `WITH RECURSIVE t(id, depth) AS (
         SELECT id, 0 FROM campaigns WHERE id = $1
         UNION ALL SELECT c.id, t.depth + 1 FROM campaigns c JOIN t ON c.parent_id = t.id WHERE t.depth < 10)
       SELECT c.id, c.parent_id, c.title, c.lead_agency, c.phase, c.doc_number, c.milestones, t.depth,
              r.main, r.cc, r.acknowledged, r.relayed, r.reporting, r.submitted, r.late,
              COALESCE(x.activities, 0)::int AS activities, COALESCE(x.with_results, 0)::int AS with_results
         FROM t JOIN campaigns c ON c.id = t.id
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
        ORDER BY t.depth, c.created_at`,
      [id],
    );
    type Node = ReturnType<typeof shape> & { children: Node[]; rollup: Record<string, number> };
    const shape = (n: any) => ({
      id: n.id,
      parentId: n.parent_id,
      title: n.title,
      leadAgency: n.lead_agency,
      phase: n.phase,
      docNumber: n.doc_number,
      summaryDueAt: n.milestones?.summaryDueAt ?? null,
      recipients: { main: n.main, cc: n.cc, acknowledged: n.acknowledged, relayed: n.relayed },
      summaries: { units: n.reporting, submitted: n.submitted, late: n.late },
      activities: { total: n.activities, withResults: n.with_results },
    });
    const byId = new Map<string, Node>();
    for (const n of nodes) byId.set(n.id, { ...shape(n), children: [], rollup: {} });
    for (const n of byId.values()) if (n.parentId && byId.has(n.parentId) && n.id !== id) byId.get(n.parentId)!.children.push(n);
    const roll = (n: Node): Record<string, number> => {
      const sum = {
        campaigns: 1,
        recipients: n.recipients.main + n.recipients.cc,
        acknowledged: n.recipients.acknowledged,
        activities: n.activities.total,
        activitiesWithResults: n.activities.withResults,
        summariesDue: n.summaries.units,
        summariesSubmitted: n.summaries.submitted,
        summariesLate: n.summaries.late,
      };
      for (const child of n.children) {
        const r = roll(child);
        for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
      }
      n.rollup = sum;
      return sum;
    };
    const root = byId.get(id)!;
    roll(root);
    return root;
  }
}
