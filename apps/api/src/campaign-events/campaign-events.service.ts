import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CampaignEventResults } from '@db/entities/campaign-year.entities';
import { CAMPAIGN_EVENT_COLUMNS, CampaignEventInput, CampaignEventWindow, campaignEventWindow, checkCampaignEventRules, MAX_IMPORT_ROWS, parseCampaignEventRow, parseCsvHeader, toCampaignEventInput } from '@domain/campaign-event';
import { CAMPAIGN_EVENT_ID, isUuid } from '@domain/ids';
import { filterBound } from '@domain/iso';
import { CampaignEventFilterDto, CampaignEventResultsDto, ListCampaignEventsDto, RegisterCampaignEventDto } from '@contract/campaign-event.dto';
import { CsvSyntaxError, parseCsv } from '@domain/csv';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { acceptsCampaignEvents, CampaignPhase, Milestones } from '@domain/year';
import { CampaignAccess } from '../campaigns/campaign-access';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CAMPAIGN_EVENT_COLUMNS_SQL, CampaignEventRow, campaignEventView } from './campaign-event.view';

/** Rows per INSERT of a bulk import: one statement carries them as one JSON parameter. */
const INSERT_CHUNK = 1000;
/** A 400 on a bad import lists at most this many field errors (the message says how many rows failed). */
const MAX_LISTED_ERRORS = 200;
/** Relays nest national → province → city; a guard against a cycle in parent_id, never reached. */
const MAX_DEPTH = 10;

/** What registering under a campaign needs to know, fetched in one round trip. */
interface OrganizerContext {
  id: string;
  title: string;
  phase: CampaignPhase;
  leadAgency: string;
  categories: string[] | null;
  milestones: Milestones;
  coSigner: boolean;
  recipient: boolean;
  /** The organizer's row in the directory exists. */
  known: boolean;
  region: string | null;
}

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
    const [row]: CampaignEventRow[] = await this.ds.query(
      `INSERT INTO campaign_events AS a (campaign_id, organizer, region, title, category, starts_at, ends_at, place, online_url, expected_audience, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING ${CAMPAIGN_EVENT_COLUMNS_SQL}`,
      [
        ctx.id,
        organizer,
        ctx.region ?? 'CN',
        input.title,
        input.category,
        input.startsAt,
        input.endsAt,
        input.place,
        input.onlineUrl,
        input.expectedAudience,
        who.sub,
      ],
    );
    return campaignEventView(row);
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
    const region = ctx.region ?? 'CN';
    // What the upload carries, as read: the same rows sent again (as CSV or JSON) are a repeat.
    const fingerprint = req.idempotencyKey ? createHash('sha256').update(JSON.stringify(valid)).digest('hex') : '';
    const repeated = await this.ds.transaction(async (m) => {
      if (req.idempotencyKey) {
        // Two deliveries of the same upload at once: the second waits here, then finds the first's rows.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch]);
        const [earlier]: { fingerprint: string }[] = await m.query('SELECT fingerprint FROM import_batches WHERE batch = $1', [batch]);
        if (earlier && earlier.fingerprint !== fingerprint) {
          throw new ApiError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            ApiErrorCode.IDEMPOTENCY_KEY_REUSED,
            'this Idempotency-Key was already used for a different upload; nothing was imported (send the new rows with a new key)',
            [{ field: 'idempotency-key', message: 'already used for a different payload' }],
          );
        }
        const [{ n }]: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM campaign_events WHERE import_batch = $1', [batch]);
        if (n > 0) return n;
        await m.query('INSERT INTO import_batches (batch, campaign_id, organizer, fingerprint, row_count) VALUES ($1, $2, $3, $4, $5)', [batch, ctx.id, who.agency, fingerprint, valid.length]);
      }
      for (let i = 0; i < valid.length; i += INSERT_CHUNK) {
        const chunk = JSON.stringify(valid.slice(i, i + INSERT_CHUNK));
        await m.query(
          `INSERT INTO campaign_events (campaign_id, organizer, region, title, category, starts_at, ends_at, place, online_url, expected_audience, import_batch, created_by)
           SELECT $1, $2, $3, t.title, t.category, t."startsAt", t."endsAt", t.place, t."onlineUrl", t."expectedAudience", $4, $5
             FROM json_to_recordset($6::json) AS t(title text, category text, "startsAt" timestamptz, "endsAt" timestamptz,
                                                  place text, "onlineUrl" text, "expectedAudience" int)`,
          [ctx.id, who.agency, region, batch, who.sub, chunk],
        );
      }
      return 0;
    });
    if (repeated) return { imported: repeated, batch, repeated: true };
    return { imported: valid.length, batch, repeated: false };
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
    const [[row]]: [CampaignEventRow[], number] = await this.ds.query(
      `UPDATE campaign_events AS a SET results = $3::jsonb, results_at = now()
        WHERE a.id = $1 AND a.campaign_id = $2
        RETURNING ${CAMPAIGN_EVENT_COLUMNS_SQL}`,
      [a.id, campaignId, JSON.stringify(results)],
    );
    return campaignEventView(row);
  }

  // ----------------------------------------------------------------------------------- reading

  async get(who: Principal, campaignId: string, activityId: string) {
    await this.access.visible(who, campaignId);
    return campaignEventView(await this.findCampaignEvent(campaignId, activityId, false));
  }

  /** GET …/activities: filtered, paged, in start order; with cascade, the relays' activities too. */
  async list(who: Principal, campaignId: string, q: ListCampaignEventsDto) {
    await this.access.visible(who, campaignId);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const ids = q.cascade ? (await this.tree(campaignId)).map((c) => c.id) : [campaignId];
    const { where, params } = filterSql(ids, q);
    const [[{ total }], items] = await Promise.all([
      this.ds.query(`SELECT count(*)::int AS total FROM campaign_events a WHERE ${where}`, params) as Promise<{ total: number }[]>,
      this.ds.query(
        `SELECT ${CAMPAIGN_EVENT_COLUMNS_SQL} FROM campaign_events a WHERE ${where}
          ORDER BY a.starts_at, a.id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
        params,
      ) as Promise<CampaignEventRow[]>,
    ]);
    return { total, page, pageSize, items: items.map(campaignEventView) };
  }

  /** GET …/activities/stats: counts by category, region and campaign (the cascade rolled up with cascade=true). */
  async stats(who: Principal, campaignId: string, q: CampaignEventFilterDto) {
    const root = await this.access.visible(who, campaignId);
    const campaigns = q.cascade ? await this.tree(campaignId) : [{ id: root.id, title: root.title, depth: 0 }];
    const { where, params } = filterSql(
      campaigns.map((c) => c.id),
      q,
    );
    // One scan: each grouping set is one of the breakdowns; the empty set is the total.
    const groups: { category: string | null; region: string | null; campaignId: string | null; g: number; n: number; withResults: number }[] =
      await this.ds.query(
        `SELECT a.category, a.region, a.campaign_id AS "campaignId", GROUPING(a.category, a.region, a.campaign_id)::int AS g,
                count(*)::int AS n, count(a.results)::int AS "withResults"
           FROM campaign_events a WHERE ${where}
          GROUP BY GROUPING SETS ((a.category), (a.region), (a.campaign_id), ())`,
        params,
      );
    const totals = groups.find((r) => r.g === 0b111) ?? { n: 0, withResults: 0 };
    const regions = groups.filter((r) => r.g === 0b101);
    const names: { region: string; name: string }[] = regions.length
      ? await this.ds.query(
          `SELECT DISTINCT ON (region) region, region_name AS name FROM agencies
            WHERE region = ANY($1) AND region_name IS NOT NULL ORDER BY region, region_name`,
          [regions.map((r) => r.region)],
        )
      : [];
    const regionName = new Map(names.map((r) => [r.region, r.name]));

    const defined = (root.definition as { categories?: string[] }).categories ?? [];
    const byCategory = new Map<string, number>(defined.map((c) => [c, 0]));
    for (const r of groups) if (r.g === 0b011) byCategory.set(r.category!, r.n);
    const order = new Map(defined.map((c, i) => [c, i]));
    const perCampaign = new Map(groups.filter((r) => r.g === 0b110).map((r) => [r.campaignId!, r.n]));

    return {
      total: totals.n,
      withResults: totals.withResults,
      byCategory: [...byCategory]
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || (order.get(a.category) ?? 1e9) - (order.get(b.category) ?? 1e9) || a.category.localeCompare(b.category)),
      byRegion: regions
        .map((r) => ({ region: r.region!, regionName: regionName.get(r.region!) ?? r.region!, count: r.n }))
        .sort((a, b) => b.count - a.count || a.region.localeCompare(b.region)),
      byCampaign: campaigns.map((c) => ({ campaignId: c.id, title: c.title, count: perCampaign.get(c.id) ?? 0 })),
    };
  }

  // ----------------------------------------------------------------------------------- helpers

  /**
   * The campaign and the organizer's standing in it, in one query: 404 for an unknown campaign,
   * 403 unless the organizer is its lead, a co-signer or a recipient, 409 outside the window.
   */
  private async organizerContext(campaignId: string, organizer: string): Promise<OrganizerContext> {
    if (!isUuid(campaignId)) throw ApiError.notFound(`campaign ${campaignId}`);
    const [ctx]: OrganizerContext[] = await this.ds.query(
      `SELECT c.id, c.title, c.phase, c.lead_agency AS "leadAgency",
              c.definition -> 'categories' AS categories,
              COALESCE(c.milestones, c.definition -> 'milestones') AS milestones,
              COALESCE((c.co_sign -> 'signers') @> $3::jsonb, false) AS "coSigner",
              EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id AND r.agency = $2) AS recipient,
              g.code IS NOT NULL AS known, g.region
         FROM campaigns c LEFT JOIN agencies g ON g.code = $2
        WHERE c.id = $1`,
      [campaignId, organizer, JSON.stringify([{ agency: organizer }])],
    );
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

  private async findCampaignEvent(campaignId: string, activityId: string, checkCampaign = true): Promise<CampaignEventRow> {
    if (checkCampaign) await this.access.find(campaignId);
    if (!CAMPAIGN_EVENT_ID.test(activityId)) throw ApiError.notFound(`activity ${activityId}`);
    const [row]: CampaignEventRow[] = await this.ds.query(`SELECT ${CAMPAIGN_EVENT_COLUMNS_SQL} FROM campaign_events a WHERE a.id = $1 AND a.campaign_id = $2`, [
      activityId,
      campaignId,
    ]);
    if (!row) throw ApiError.notFound(`activity ${activityId} of campaign ${campaignId}`);
    return row;
  }

  /** The campaign and every relay below it (campaigns.parent_id), parents first. */
  private async tree(campaignId: string): Promise<{ id: string; title: string; depth: number }[]> {
    return this.ds.query(
      `WITH RECURSIVE tree(id, title, depth) AS (
         SELECT id, title, 0 FROM campaigns WHERE id = $1
         UNION ALL
         SELECT c.id, c.title, t.depth + 1 FROM campaigns c JOIN tree t ON c.parent_id = t.id WHERE t.depth < ${MAX_DEPTH})
       SELECT id, title, depth FROM tree ORDER BY depth, title, id`,
      [campaignId],
    );
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

/** The WHERE clause of a listing or count: the campaigns in scope, then each filter given. */
function filterSql(campaignIds: string[], f: CampaignEventFilterDto): { where: string; params: unknown[] } {
  const params: unknown[] = [campaignIds];
  const conds = ['a.campaign_id = ANY($1::uuid[])'];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(sql(`$${params.length}`));
  };
  if (f.category !== undefined) add((p) => `a.category = ${p}`, f.category);
  if (f.organizer !== undefined) add((p) => `a.organizer = ${p}`, f.organizer);
  // A province includes its cities: HA covers HA_ZZ (agencies.parent_region).
  if (f.region !== undefined) add((p) => `(a.region = ${p} OR a.region IN (SELECT region FROM agencies WHERE parent_region = ${p}))`, f.region);
  const bad: FieldProblem[] = [];
  const from = f.from !== undefined ? filterBound(f.from, 'from') : undefined;
  const to = f.to !== undefined ? filterBound(f.to, 'to') : undefined;
  if (from === null) bad.push({ field: 'from', message: `${f.from} is not a valid date` });
  if (to === null) bad.push({ field: 'to', message: `${f.to} is not a valid date` });
  if (from != null && to != null && to < from) bad.push({ field: 'to', message: `${f.to} is before from (${f.from})` });
  if (bad.length) throw ApiError.validation(bad);
  // Overlap: an activity running across the range's start is in it.
  if (from != null) add((p) => `a.ends_at >= ${p}`, new Date(from).toISOString());
  if (to != null) add((p) => `a.starts_at <= ${p}`, new Date(to).toISOString());
  return { where: conds.join(' AND '), params };
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
