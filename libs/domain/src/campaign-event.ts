/**
 * Campaign events (活动) organizers register under a campaign once its publication window opens, and the
 * results they add after each one: the pure rules behind the HTTP API's DTOs
 * (libs/contract/src/campaign-event.dto.ts). No I/O, no clock. One registration and every row of a bulk import go through the same rules: the
 * single POST has class-validator check the shape, an import row is checked by `parseCampaignEventRow`
 * (hand-written with the same messages: 50,000 rows must validate in well under a second), and
 * both then meet `checkCampaignEventRules` (category, dates inside the campaign, a place or a link).
 */
import type { FieldProblem } from './field-problem';
import { AGENCY_CODE } from './definition';
import { isoProblem, parseIsoWithOffset } from './iso';
import { formulaProblem, nameProblem, textProblem } from './text';

export const TITLE_MAX = 200;
export const PLACE_MAX = 300;
export const SUMMARY_MAX = 2000;
/** The column is a PostgreSQL int. */
export const AUDIENCE_MAX = 2_147_483_647;
export const MAX_IMPORT_ROWS = 50_000;
/** Links per kind in the results. */
export const MAX_LINKS = 100;
export const MAX_PAGE_SIZE = 500;

/** The fields of a campaign event as registered, in the order of the CSV template. */
export const CAMPAIGN_EVENT_COLUMNS = ['title', 'category', 'startsAt', 'endsAt', 'place', 'onlineUrl', 'expectedAudience'] as const;
export type CampaignEventColumn = (typeof CAMPAIGN_EVENT_COLUMNS)[number];
/** An import row may also name its organizer, which must then be the caller's own agency. */
export const IMPORT_COLUMNS = [...CAMPAIGN_EVENT_COLUMNS, 'organizer'] as const;
export const REQUIRED_COLUMNS: readonly string[] = ['title', 'category', 'startsAt', 'endsAt'];

export const URL_MAX = 2000;
const URL_SHAPE = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
const HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})|\d{1,3}(?:\.\d{1,3}){3})$/;

/**
 * An http(s) link with a real host name (a dot and a top-level domain, or an IPv4 address) and no
 * spaces: photos, videos, news and online campaign events are things people open. One function for
 * the DTOs and the import rows; cheap enough for 50,000 rows (the WHATWG URL parser, not a regex
 * maze).
 */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > URL_MAX || !URL_SHAPE.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && HOST.test(url.hostname);
}

const BLANK = /^\s*$/;
export const NOT_BLANK = /\S/;

// ---------------------------------------------------------------------------------------------
// Rules

/** A campaign event as stored: blank optional fields are absent (null). */
export interface CampaignEventInput {
  title: string;
  category: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  expectedAudience: number | null;
}

/** What a campaign allows: its categories and its current window. Build it with `campaignEventWindow`. */
export interface CampaignEventWindow {
  categories: readonly string[];
  /** milestones.publicationOpensAt */
  opensAt: string;
  /** milestones.closesAt */
  closesAt: string;
  opensMs: number;
  closesMs: number;
  categorySet: ReadonlySet<string>;
}

export function campaignEventWindow(categories: readonly string[] | null | undefined, milestones: { publicationOpensAt: string; closesAt: string }): CampaignEventWindow {
  const cats = categories ?? [];
  return {
    categories: cats,
    categorySet: new Set(cats),
    opensAt: milestones.publicationOpensAt,
    closesAt: milestones.closesAt,
    opensMs: Date.parse(milestones.publicationOpensAt),
    closesMs: Date.parse(milestones.closesAt),
  };
}

/** Normalizes a DTO (or a parsed row): trimmed text, blanks absent. */
export function toCampaignEventInput(d: {
  title: string;
  category: string;
  startsAt: string;
  endsAt: string;
  place?: string | null;
  onlineUrl?: string | null;
  expectedAudience?: number | null;
}): CampaignEventInput {
  const opt = (s: string | null | undefined) => (s == null || BLANK.test(s) ? null : s.trim());
  return {
    title: d.title.trim(),
    category: d.category.trim(),
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    place: opt(d.place),
    onlineUrl: opt(d.onlineUrl),
    expectedAudience: d.expectedAudience ?? null,
  };
}

/**
 * What per-field validation cannot say: the category is one of the campaign's, the dates exist,
 * are in order and inside [window opening, close], and there is somewhere to go (a place or a link).
 */
export function checkCampaignEventRules(a: CampaignEventInput, w: CampaignEventWindow, prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  const f = (name: string) => prefix + name;
  if (!w.categorySet.has(a.category)) {
    out.push({
      field: f('category'),
      message: w.categories.length
        ? `${a.category} is not a category of this campaign; allowed: ${w.categories.join(', ')}`
        : `this campaign’s definition lists no categories, so no activity can be registered under ${a.category}`,
    });
  }
  const opens = w.opensMs;
  const closes = w.closesMs;
  const starts = parseIsoWithOffset(a.startsAt);
  const ends = parseIsoWithOffset(a.endsAt);
  if (starts === null) out.push({ field: f('startsAt'), message: `${a.startsAt} is not a valid date-time` });
  else if (starts < opens) out.push({ field: f('startsAt'), message: `${a.startsAt} is before the publication window opens (${w.opensAt})` });
  else if (starts > closes) out.push({ field: f('startsAt'), message: `${a.startsAt} is after the campaign closes (${w.closesAt})` });
  if (ends === null) out.push({ field: f('endsAt'), message: `${a.endsAt} is not a valid date-time` });
  else if (ends > closes) out.push({ field: f('endsAt'), message: `${a.endsAt} is after the campaign closes (${w.closesAt})` });
  else if (starts !== null && ends < starts) out.push({ field: f('endsAt'), message: `${a.endsAt} is before startsAt (${a.startsAt})` });
  else if (ends < opens) out.push({ field: f('endsAt'), message: `${a.endsAt} is before the publication window opens (${w.opensAt})` });
  if (a.place === null && a.onlineUrl === null) {
    const message = 'an activity needs a place or an onlineUrl (or both)';
    out.push({ field: f('place'), message }, { field: f('onlineUrl'), message });
  }
  return out;
}

/**
 * One import row's shape, checked by hand with the DTO's messages. `csv` rows are all strings
 * (an empty cell is absent, expectedAudience is digits); JSON rows are typed. Returns the
 * normalized campaign event, or the problems under `prefix` (rows.12.).
 */
export function parseCampaignEventRow(
  raw: unknown,
  source: 'csv' | 'json',
  prefix: string,
): { value: CampaignEventInput | null; organizer: string | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: string, message: string) => {
    problems.push({ field: prefix + field, message: `${field} ${message}` });
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ field: prefix.replace(/\.$/, ''), message: 'each row must be an object' });
    return { value: null, organizer: null, problems };
  }
  const row = raw as Record<string, unknown>;
  // A CSV row's keys come from its checked header; a JSON row may carry anything.
  if (source === 'json') {
    for (const key of Object.keys(row)) {
      if (!(IMPORT_COLUMNS as readonly string[]).includes(key)) problems.push({ field: prefix + key, message: 'unknown field' });
    }
  }
  // In a CSV an empty (or blank) cell is an absent value; JSON says null or leaves the field out.
  const present = (k: string) => row[k] !== undefined && row[k] !== null && !(source === 'csv' && BLANK.test(row[k] as string));

  // Names and titles are held to the name rule; every cell to the text rule; a CSV's text cells
  // must not start like a spreadsheet formula (README: "CSV imports and spreadsheet formulas").
  const text = (k: string, max: number, required: boolean, kind: 'name' | 'text' = 'text'): string | null => {
    if (!present(k)) {
      if (required) bad(k, 'is required');
      return null;
    }
    const v = row[k];
    const wrong =
      typeof v !== 'string'
        ? 'must be a string'
        : BLANK.test(v) && (required || source === 'json')
          ? 'must not be blank'
          : v.length > max
            ? `must be shorter than or equal to ${max} characters`
            : ((kind === 'name' ? nameProblem(v) : textProblem(v)) ?? (source === 'csv' && kind === 'name' ? formulaProblem(v) : null));
    if (wrong) {
      bad(k, wrong);
      return null;
    }
    return v as string;
  };
  const title = text('title', TITLE_MAX, true, 'name');
  const category = text('category', 100, true, 'name');
  const startsAt = text('startsAt', 64, true)?.trim() ?? null;
  const endsAt = text('endsAt', 64, true)?.trim() ?? null;
  for (const [k, v] of [['startsAt', startsAt], ['endsAt', endsAt]] as const) {
    const problem = v === null ? null : isoProblem(v);
    if (problem) bad(k, problem);
  }
  const place = text('place', PLACE_MAX, false, 'name');
  const onlineUrl = text('onlineUrl', URL_MAX, false);
  if (onlineUrl !== null && !isHttpUrl(onlineUrl.trim())) bad('onlineUrl', 'must be an http(s) URL');

  let expectedAudience: number | null = null;
  if (present('expectedAudience')) {
    const v = row.expectedAudience;
    const n = source === 'csv' && typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) bad('expectedAudience', 'must be an integer number');
    else if (n < 0) bad('expectedAudience', 'must not be less than 0');
    else if (n > AUDIENCE_MAX) bad('expectedAudience', `must not be greater than ${AUDIENCE_MAX}`);
    else expectedAudience = n;
  }
  let organizer: string | null = null;
  if (present('organizer')) {
    const v = row.organizer;
    if (typeof v !== 'string' || !AGENCY_CODE.test(v.trim())) bad('organizer', 'must be an agency code (upper-case ASCII, e.g. BJ_CAST)');
    else organizer = v.trim();
  }
  if (problems.length) return { value: null, organizer, problems };
  return {
    value: toCampaignEventInput({ title: title!, category: category!, startsAt: startsAt!, endsAt: endsAt!, place, onlineUrl, expectedAudience }),
    organizer,
    problems,
  };
}

/**
 * The header row of a campaign event CSV: column names (case and surrounding spaces ignored) mapped to
 * their fields. Problems name the `header` and the offending column.
 */
export function parseCsvHeader(header: string[]): { columns: (string | null)[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const known = new Map(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c as string]));
  const seen = new Set<string>();
  const columns = header.map((h, i) => {
    const name = known.get(h.trim().toLowerCase());
    if (!name) {
      problems.push({ field: `header.${i}`, message: `unknown column “${h}” (line 1); the columns are ${IMPORT_COLUMNS.join(',')}` });
      return null;
    }
    if (seen.has(name)) problems.push({ field: `header.${i}`, message: `column ${name} appears twice (line 1)` });
    seen.add(name);
    return name;
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length) problems.push({ field: 'header', message: `line 1 must name the columns ${missing.join(', ')} (a header row is required: ${CAMPAIGN_EVENT_COLUMNS.join(',')})` });
  return { columns, problems };
}

