import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
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
import { CAMPAIGN_EVENT_COLUMNS, CampaignEventInput, CampaignEventWindow, campaignEventWindow, checkCampaignEventRules, MAX_IMPORT_ROWS, parseCampaignEventRow, parseCsvHeader, toCampaignEventInput } from '@domain/campaign-event';
import { CAMPAIGN_EVENT_ID, isUuid } from '@domain/ids';
import { filterBound } from '@domain/iso';
import { CampaignEventFilterDto, CampaignEventResultsDto, ListCampaignEventsDto, RegisterCampaignEventDto } from '@contract/campaign-event.dto';
import { CsvSyntaxError, parseCsv } from '@domain/csv';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { acceptsCampaignEvents } from '@domain/year';
import { CampaignAccess } from '../campaigns/campaign-access';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { campaignEventView } from './campaign-event.view';

/** A 400 on a bad import lists at most this many field errors (the message says how many rows failed). */
const MAX_LISTED_ERRORS = 200;

export interface ImportRequest {
  contentType: 'csv' | 'json';
  body: unknown;
  /** Idempotency-Key header: the same upload sent again (after a timeout) imports nothing twice. */
  idempotencyKey?: string;
}

/** The batch id of an upload with an Idempotency-Key: the same for the same campaign, body and key. */
export function importBatchId(campaignId: string, organizer: string, key: string): string {
  const h = createHash('sha256').update(`${campaignId}|${organizer}|${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

@Injectable()
export class CampaignEventsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  // ----------------------------------------------------------------------------------- writing

  /** POST …/activities: one activity, organized by the caller's own agency. */
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
    const window = this.window(ctx);
    const { rows, lines, problems: shape } = req.contentType === 'csv' ? readCsv(req.body) : readJson(req.body);
    if (shape.length) throw ApiError.validation(shape);

    const valid: CampaignEventInput[] = [];
    const errors: FieldProblem[] = [];
    const foreign: number[] = [];
    let badRows = 0;
    let listedRows = 0;
    for (let i = 0; i < rows.length; i++) {
      const prefix = `rows.${i}.`;
      const { value, organizer, problems } = parseCampaignEventRow(rows[i], req.contentType, prefix);
      if (organizer !== null && organizer !== who.agency) foreign.push(i);
      const all = value ? checkCampaignEventRules(value, window, prefix) : problems;
      if (all.length) {
        badRows++;
        if (errors.length < MAX_LISTED_ERRORS) {
          listedRows++;
          const where = lines ? `line ${lines[i]}: ` : '';
          for (const p of all) errors.push({ field: p.field, message: where + p.message });
        }
      } else if (value) valid.push(value);
    }
    if (foreign.length) {
      const where = (i: number) => (lines ? `rows.${i} (line ${lines[i]})` : `rows.${i}`);
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        ApiErrorCode.FORBIDDEN,
        `organizer: ${who.agency} cannot import activities for another body (${foreign.slice(0, 20).map(where).join(', ')}${foreign.length > 20 ? ', …' : ''}); nothing was imported`,
        foreign
          .slice(0, MAX_LISTED_ERRORS)
          .map((i) => ({ field: `rows.${i}.organizer`, message: `${who.agency} cannot act for ${String((rows[i] as Record<string, unknown>).organizer)}` })),
      );
    }
    if (badRows) {
      const head = `${badRows} of ${rows.length} rows are invalid; nothing was imported${listedRows < badRows ? ` (the first ${listedRows} are listed)` : ''}`;
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        ApiErrorCode.VALIDATION_FAILED,
        `${head}: ${errors.slice(0, 20).map((f) => `${f.field}: ${f.message}`).join('; ')}${errors.length > 20 ? '; …' : ''}`,
        errors,
      );
    }

    const batch = req.idempotencyKey ? importBatchId(ctx.id, who.agency, req.idempotencyKey) : randomUUID();
    // What the upload carries, as read: the same rows sent again (as CSV or JSON) are a repeat.
    const fingerprint = req.idempotencyKey ? createHash('sha256').update(JSON.stringify(valid)).digest('hex') : undefined;
    const outcome = await importCampaignEvents(this.ds, {
      campaignId: ctx.id,
      organizer: who.agency,
      region: ctx.region ?? 'CN',
      createdBy: who.sub,
      batch,
      fingerprint,
      rows: valid,
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
    const a = await this.findCampaignEvent(campaignId, activityId, false);
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
    return campaignEventView(await this.findCampaignEvent(campaignId, activityId, false));
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

  private async findCampaignEvent(campaignId: string, activityId: string, checkCampaign = true) {
    if (checkCampaign) await this.access.find(campaignId);
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

/** A CSV body: header row, then one activity per record. Line numbers are kept for the errors. */
function readCsv(body: unknown): { rows: Record<string, string>[]; lines: number[] | null; problems: FieldProblem[] } {
  const none = (problems: FieldProblem[]) => ({ rows: [], lines: null, problems });
  if (typeof body !== 'string' || !body.trim()) {
    return none([{ field: 'body', message: `the CSV is empty: a header row (${CAMPAIGN_EVENT_COLUMNS.join(',')}) and at least one row are required` }]);
  }
  let parsed: { records: string[][]; lines: number[] };
  try {
    parsed = parseCsv(body);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return none([{ field: 'body', message: `not valid CSV: ${err.message}` }]);
    throw err;
  }
  const { records, lines } = parsed;
  const { columns, problems } = parseCsvHeader(records[0]);
  if (problems.length) return none(problems);
  const data = records.length - 1;
  if (data === 0) return none([{ field: 'rows', message: 'the CSV has a header but no rows' }]);
  if (data > MAX_IMPORT_ROWS) return none([{ field: 'rows', message: `${data} rows; at most ${MAX_IMPORT_ROWS} per import: split the file` }]);

  const rows: Record<string, string>[] = new Array(data);
  const shape: FieldProblem[] = [];
  for (let i = 0; i < data; i++) {
    const record = records[i + 1];
    if (record.length !== columns.length) {
      if (shape.length < MAX_LISTED_ERRORS) {
        shape.push({ field: `rows.${i}`, message: `line ${lines[i + 1]} has ${record.length} fields; the header has ${columns.length}` });
      }
      continue;
    }
    const row: Record<string, string> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]!] = record[c];
    rows[i] = row;
  }
  if (shape.length) return none(shape);
  return { rows, lines: lines.slice(1), problems: [] };
}

/** A JSON body: { rows: [ {title, category, startsAt, endsAt, place?, onlineUrl?, expectedAudience?}, … ] }. */
function readJson(body: unknown): { rows: unknown[]; lines: null; problems: FieldProblem[] } {
  const none = (problems: FieldProblem[]) => ({ rows: [], lines: null, problems });
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return none([{ field: 'body', message: 'must be an object { rows: [...] }' }]);
  const extra = Object.keys(body).filter((k) => k !== 'rows');
  const problems: FieldProblem[] = extra.map((k) => ({ field: k, message: 'unknown field' }));
  const rows = (body as { rows?: unknown }).rows;
  if (rows === undefined) problems.push({ field: 'rows', message: 'rows is required: an array of activities' });
  else if (!Array.isArray(rows)) problems.push({ field: 'rows', message: 'rows must be an array' });
  else if (rows.length === 0) problems.push({ field: 'rows', message: 'rows must contain at least 1 element' });
  else if (rows.length > MAX_IMPORT_ROWS) problems.push({ field: 'rows', message: `${rows.length} rows; at most ${MAX_IMPORT_ROWS} per import: split the file` });
  if (problems.length) return none(problems);
  return { rows: rows as unknown[], lines: null, problems: [] };
}
