import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CampaignEventFilter, OrganizerContext } from '@db/campaign-events/campaign-event.queries';
import {
  campaignEventStats,
  findCampaignEvent,
  importCampaignEvents,
  insertCampaignEvent,
  listCampaignEvents,
  organizerContext,
  putCampaignEventResults,
} from '@db/campaign-events/campaign-event.queries';
import type { CampaignEventResults } from '@db/campaign-events/campaign-event.entity';
import { regionNames } from '@db/agencies/agency.queries';
import { campaignTree } from '@db/campaigns/campaign-tree';
import type { CampaignEventWindow } from '@domain/campaign-event';
import { campaignEventWindow, checkCampaignEventRules, toCampaignEventInput } from '@domain/campaign-event';
import type { ImportContentType, ImportRefusal } from '@domain/campaign-event-import';
import { importBatchId, importFingerprint, readCampaignEventImport } from '@domain/campaign-event-import';
import { CAMPAIGN_EVENT_ID, isUuid } from '@domain/ids';
import { filterBound } from '@domain/iso';
import { CampaignEventFilterDto, CampaignEventResultsDto, ListCampaignEventsDto, RegisterCampaignEventDto } from '@contract/campaign-event.dto';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { acceptsCampaignEvents } from '@domain/year';
import { CampaignAccess } from '../campaigns/campaign-access';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { campaignEventView } from './campaign-event.view';

export interface ImportRequest {
  contentType: ImportContentType;
  body: unknown;
  /** Idempotency-Key header: the same upload sent again (after a timeout) imports nothing twice. */
  idempotencyKey?: string;
}

@Injectable()
export class CampaignEventsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  // ----------------------------------------------------------------------------------- writing

  /** POST …/activities: one campaign event, organized by the caller's own agency. */
  async register(who: Principal, campaignId: string, dto: RegisterCampaignEventDto) {
    const organizer = this.access.ownBody(who, dto.organizer, 'organizer');
    const ctx = await this.organizerContext(campaignId, organizer);
    const input = toCampaignEventInput(dto);
    const problems = checkCampaignEventRules(input, this.window(ctx));
    if (problems.length) throw ApiError.validation(problems);
    const created = await insertCampaignEvent(this.ds, { ...input, campaignId: ctx.id, organizer, region: ctx.region ?? 'CN', createdBy: who.sub });
    return campaignEventView(created);
  }

  /**
   * POST …/activities/import: every row is checked before anything is written; then all of them
   * go in one transaction (a few multi-row INSERTs), or none.
   */
  async import(who: Principal, campaignId: string, req: ImportRequest) {
    const ctx = await this.organizerContext(campaignId, who.agency);
    const read = readCampaignEventImport(req.contentType, req.body, this.window(ctx), who.agency);
    if ('refusal' in read) throw refused(read.refusal);
    const rows = read.rows;
    const batch = req.idempotencyKey ? importBatchId(ctx.id, who.agency, req.idempotencyKey) : randomUUID();
    const fingerprint = req.idempotencyKey ? importFingerprint(rows) : undefined;
    const outcome = await importCampaignEvents(this.ds, {
      campaignId: ctx.id,
      organizer: who.agency,
      region: ctx.region ?? 'CN',
      createdBy: who.sub,
      batch,
      fingerprint,
      rows,
    });
    if ('keyReused' in outcome) {
      throw new ApiError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        ApiErrorCode.IDEMPOTENCY_KEY_REUSED,
        'this Idempotency-Key was already used for a different upload; nothing was imported (send the new rows with a new key)',
        [{ field: 'idempotency-key', message: 'already used for a different payload' }],
      );
    }
    if ('repeated' in outcome) return { imported: outcome.repeated, batch, repeated: true };
    return { imported: outcome.imported, batch, repeated: false };
  }

  /** PUT …/activities/:activityId/results: the organizer, once the activity has ended; replaces earlier results. */
  async putResults(who: Principal, campaignId: string, activityId: string, dto: CampaignEventResultsDto) {
    const c = await this.access.find(campaignId);
    const a = await this.findCampaignEvent(campaignId, activityId);
    if (a.organizer !== who.agency) {
      throw ApiError.forbidden(`only the organizer ${a.organizer} adds the results of activity ${a.id}; ${who.agency} cannot act for it`);
    }
    // A closed campaign's records are final (and still readable).
    if (c.phase === 'closed' || c.phase === 'withdrawn') {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the campaign is ${c.phase}: its activities' records are final`);
    }
    if (Date.now() < new Date(a.endsAt).getTime()) {
      throw ApiError.conflict(
        ApiErrorCode.WRONG_PHASE,
        `activity ${a.id} ends at ${new Date(a.endsAt).toISOString()}; its results are added after it has ended`,
      );
    }
    const results: CampaignEventResults = {
      photos: dto.photos ?? [],
      videos: dto.videos ?? [],
      news: dto.news ?? [],
      participants: dto.participants,
      summary: dto.summary.trim(),
    };
    const updated = await putCampaignEventResults(this.ds, campaignId, a.id, results);
    if (!updated) throw ApiError.notFound(`activity ${activityId} of campaign ${campaignId}`);
    return campaignEventView(updated);
  }

  // ----------------------------------------------------------------------------------- reading

  async get(who: Principal, campaignId: string, activityId: string) {
    await this.access.visible(who, campaignId);
    return campaignEventView(await this.findCampaignEvent(campaignId, activityId));
  }

  /** GET …/activities: filtered, paged, in start order; with cascade, the relays' events too. */
  async list(who: Principal, campaignId: string, q: ListCampaignEventsDto) {
    await this.access.visible(who, campaignId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const filter = checkedFilter(q);
    const ids = q.cascade ? (await campaignTree(this.ds, campaignId)).map((c) => c.id) : [campaignId];
    const { total, items } = await listCampaignEvents(this.ds, ids, filter, { page, pageSize });
    return { total, page, pageSize, items: items.map(campaignEventView) };
  }

  /** GET …/activities/stats: counts by category, region and campaign (the cascade rolled up with cascade=true). */
  async stats(who: Principal, campaignId: string, q: CampaignEventFilterDto) {
    const root = await this.access.visible(who, campaignId);
    const filter = checkedFilter(q);
    const campaigns = q.cascade ? await campaignTree(this.ds, campaignId, { columns: ['title'], orderBy: 'title' }) : [{ id: root.id, title: root.title }];
    const counted = await campaignEventStats(
      this.ds,
      campaigns.map((c) => c.id),
      filter,
    );
    const regionName = await regionNames(
      this.ds,
      counted.byRegion.map((r) => r.region),
    );
    const defined = (root.definition as { categories?: string[] }).categories ?? [];
    const byCategory = new Map<string, number>(defined.map((c) => [c, 0]));
    for (const r of counted.byCategory) byCategory.set(r.category, r.count);
    const order = new Map(defined.map((c, i) => [c, i]));

    return {
      total: counted.total,
      withResults: counted.withResults,
      byCategory: [...byCategory]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || (order.get(a.category) ?? 1e9) - (order.get(b.category) ?? 1e9) || a.category.localeCompare(b.category)),
      byRegion: counted.byRegion
        .map((r) => ({ region: r.region, regionName: regionName.get(r.region) ?? r.region, count: r.count }))
        .sort((a, b) => b.count - a.count || a.region.localeCompare(b.region)),
      byCampaign: campaigns.map((c) => ({ campaignId: c.id, title: c.title, count: counted.byCampaign.get(c.id) ?? 0 })),
    };
  }

  // ----------------------------------------------------------------------------------- helpers

  /**
   * The campaign and the organizer's standing in it, in one query: 404 for an unknown campaign,
   * 403 unless the organizer is its lead, a co-signer or a recipient, 409 outside the window.
   */
  private async organizerContext(campaignId: string, organizer: string): Promise<OrganizerContext> {
    if (!isUuid(campaignId)) throw ApiError.notFound(`campaign ${campaignId}`);
    const ctx = await organizerContext(this.ds, campaignId, organizer);
    if (!ctx) throw ApiError.notFound(`campaign ${campaignId}`);
    if (!ctx.known || !(ctx.leadAgency === organizer || ctx.coSigner || ctx.recipient)) {
      throw ApiError.forbidden(
        `${organizer} is not a recipient, the lead or a co-signer of this campaign; only they organize activities under it (a body below relays the notice and registers under its own relay)`,
      );
    }
    if (!acceptsCampaignEvents(ctx.phase)) throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, phaseMessage(ctx));
    return ctx;
  }

  private window(ctx: OrganizerContext): CampaignEventWindow {
    return campaignEventWindow(ctx.categories, ctx.milestones);
  }

  /** The campaign's event by the id clients know it by: 404 unless it is one of this campaign's. */
  private async findCampaignEvent(campaignId: string, activityId: string) {
    if (!CAMPAIGN_EVENT_ID.test(activityId)) throw ApiError.notFound(`activity ${activityId}`);
    const found = await findCampaignEvent(this.ds, campaignId, activityId);
    if (!found) throw ApiError.notFound(`activity ${activityId} of campaign ${campaignId}`);
    return found;
  }
}

/** Why the campaign takes no activities now, and when it will (or that it will not again). */
function phaseMessage(ctx: OrganizerContext): string {
  const opens = ctx.milestones.publicationOpensAt;
  switch (ctx.phase) {
    case 'withdrawn':
      return 'the notice was withdrawn (撤回); it takes no activities';
    case 'closed':
      return `the campaign closed at ${ctx.milestones.closesAt}; activities are no longer registered`;
    case 'issued':
      return `the publication window opens at ${opens}; activities can be registered from then`;
    default:
      return `the notice is not issued yet (${ctx.phase}); activities can be registered once it is issued and its publication window opens (${opens})`;
  }
}

/**
 * The filters of a listing or count, with their dates checked and parsed (a day covers all of it,
 * Asia/Shanghai): 400 naming `from` or `to` otherwise.
 */
function checkedFilter(f: CampaignEventFilterDto): CampaignEventFilter {
  const bad: FieldProblem[] = [];
  const from = f.from !== undefined ? filterBound(f.from, 'from') : undefined;
  const to = f.to !== undefined ? filterBound(f.to, 'to') : undefined;
  if (from === null) bad.push({ field: 'from', message: `${f.from} is not a valid date` });
  if (to === null) bad.push({ field: 'to', message: `${f.to} is not a valid date` });
  if (from != null && to != null && to < from) bad.push({ field: 'to', message: `${f.to} is before from (${f.from})` });
  if (bad.length) throw ApiError.validation(bad);
  return {
    category: f.category,
    organizer: f.organizer,
    region: f.region,
    // Overlap: an event running across the range's start is in it.
    from: from != null ? new Date(from) : undefined,
    to: to != null ? new Date(to) : undefined,
  };
}

/** An import refused as a whole: 400 naming the fields, or 403 for rows of another organizer. */
function refused(r: ImportRefusal): ApiError {
  switch (r.kind) {
    case 'unreadable':
      return ApiError.validation(r.problems);
    case 'foreign-organizer':
      return new ApiError(HttpStatus.FORBIDDEN, ApiErrorCode.FORBIDDEN, r.message, r.problems);
    case 'invalid-rows':
      return new ApiError(HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, r.message, r.problems);
  }
}
