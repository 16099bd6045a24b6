import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { campaignTreeProgress } from '@db/campaigns/campaign-tree';
import { listDeliveryStates } from '@db/deliveries/delivery-state.queries';
import { acknowledgeReceipt, listRecipients, recipientCounts, recipientsByRegion } from '@db/recipients/recipient.queries';
import type { Principal } from '@domain/auth';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from './campaign-access';
import { DeliveryQueryDto, ReceiptDto, RecipientQueryDto, RecipientRegionQueryDto } from './dto/recipients.dto';
import { isoOrNull as iso } from '../common/dates';


/**
 * Distribution as the recipients and the lead see it: acknowledgements (签收), each body's progress
 * (delivered, acknowledged, relayed, campaign events, summary), and the cascade rolled up.
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
    const acknowledgedAt = await acknowledgeReceipt(this.ds, id, agency, who.sub);
    return { agency, acknowledgedAt: iso(acknowledgedAt), repeated: false };
  }

  /** GET /campaigns/:id/recipients: the lead's side sees every body; a recipient sees its own row. */
  async list(who: Principal, id: string, q: RecipientQueryDto) {
    const c = await this.access.visible(who, id);
    const everyone = await this.access.isOrganizerSide(who, c);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const only = everyone ? undefined : who.agency;
    const filter = { ...recipientFilter(q), agency: only };
    const [{ total, items }, counts] = await Promise.all([listRecipients(this.ds, id, filter, { page, pageSize }), recipientCounts(this.ds, id, only)]);
    return {
      total,
      page,
      pageSize,
      counts,
      items: items.map((r) => ({
        agency: r.agency,
        name: r.name,
        shortName: r.shortName,
        region: r.region,
        regionName: r.regionName,
        kind: r.kind,
        role: r.role,
        reporting: r.reporting,
        deliveredAt: iso(r.deliveredAt),
        acknowledgedAt: iso(r.acknowledgedAt),
        reminders: r.remindersSent,
        relayCampaignId: r.relayCampaignId,
        activities: r.activities,
        summary: r.reporting
          ? { status: r.summaryAt ? (r.summaryLate ? 'late' : 'on-time') : 'missing', submittedAt: iso(r.summaryAt), revision: r.summaryRevision ?? null }
          : null,
      })),
    };
  }

  /**
   * GET /campaigns/:id/recipients/by-region: the recipients counted by province (or, given a
   * region, by each region inside it), for the acknowledgement rate per region. Read as the list
   * is: the lead's side counts every body, a recipient only its own row.
   */
  async byRegion(who: Principal, id: string, q: RecipientRegionQueryDto) {
    const c = await this.access.visible(who, id);
    const everyone = await this.access.isOrganizerSide(who, c);
    return recipientsByRegion(this.ds, id, { ...recipientFilter(q), agency: everyone ? undefined : who.agency });
  }

  /**
   * GET /campaigns/:id/delivery: the lead's side only (it carries the bodies' phone numbers). A
   * body counts as delivered when a person was reached by e-mail or webhook; the inbox alone does
   * not count.
   */
  async delivery(who: Principal, id: string, q: DeliveryQueryDto) {
    const c = await this.access.visible(who, id);
    if (!(await this.access.isLeadSide(who, c))) throw ApiError.forbidden('delivery state is the lead’s to read');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const filter = { ...recipientFilter(q), delivery: q.delivery };
    const { total, items, counts } = await listDeliveryStates(this.ds, id, filter, { page, pageSize });
    return {
      total,
      page,
      pageSize,
      counts,
      items: items.map((r) => ({
        agency: r.agency,
        name: r.name,
        role: r.role,
        deliveredAt: iso(r.deliveredAt),
        channel: r.channel,
        acknowledgedAt: iso(r.acknowledgedAt),
        unreachable: r.unreachable ? { reasons: r.unreachable, error: r.error, phones: r.phones } : null,
      })),
    };
  }

  /**
   * GET /campaigns/:id/tree: this campaign and every relay below it (national → province → city),
   * each with its own progress and the progress of its whole subtree rolled up.
   */
  async tree(who: Principal, id: string) {
    await this.access.visible(who, id);
    const nodes = await campaignTreeProgress(this.ds, id);
    type Node = ReturnType<typeof shape> & { children: Node[]; rollup: Record<string, number> };
    const shape = (n: (typeof nodes)[number]) => ({
      id: n.id,
      parentId: n.parentId,
      title: n.title,
      leadAgency: n.leadAgency,
      phase: n.phase,
      docNumber: n.docNumber,
      summaryDueAt: n.milestones?.summaryDueAt ?? null,
      recipients: n.recipients,
      summaries: n.summaries,
      activities: n.activities,
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

/** The recipients' filters of a query (GET …/recipients, …/delivery). */
function recipientFilter(q: Omit<RecipientQueryDto, 'page' | 'pageSize'>) {
  return { role: q.role, region: q.region, kind: q.kind, reporting: q.reporting, state: q.state, summary: q.summary };
}
