/**
 * A bulk import of campaign events (活动), read: a CSV with a header row or a JSON body
 * `{ rows: [...] }`, up to MAX_IMPORT_ROWS rows, all of them valid or none imported. Every row goes
 * through the same rules as a single registration (parseCampaignEventRow, then
 * checkCampaignEventRules). Pure: the API checks who may import and writes the rows in one
 * transaction; this says what the upload holds, or why it is refused.
 */
import type { CampaignEventInput, CampaignEventWindow } from './campaign-event';
import { CAMPAIGN_EVENT_COLUMNS, checkCampaignEventRules, MAX_IMPORT_ROWS, parseCampaignEventRow, parseCsvHeader } from './campaign-event';
import { readCsvBody } from './csv';
import type { FieldProblem } from './field-problem';
import { sha256Hex } from './hashing';

export type ImportContentType = 'csv' | 'json';

/** A refused import lists at most this many field problems (its message says how many rows failed). */
export const MAX_LISTED_ERRORS = 200;

/** The rows of an upload before their fields are checked; `lines` are the CSV's (null for JSON). */
export interface ImportRows {
  rows: unknown[];
  lines: number[] | null;
}

/** Why an upload imports nothing. */
export type ImportRefusal =
  /** Not a readable upload: empty, not CSV, a bad header, a ragged record, no rows, too many. */
  | { kind: 'unreadable'; problems: FieldProblem[] }
  /** Rows name an organizer other than the uploader's own agency. */
  | { kind: 'foreign-organizer'; message: string; problems: FieldProblem[] }
  /** Rows break the rules; the first MAX_LISTED_ERRORS rows' problems are listed. */
  | { kind: 'invalid-rows'; message: string; problems: FieldProblem[] };

/** A CSV body: header row, then one campaign event per record. Line numbers are kept for the errors. */
export function readCsvRows(body: unknown): ImportRows | { problems: FieldProblem[] } {
  const parsed = readCsvBody(body, `the CSV is empty: a header row (${CAMPAIGN_EVENT_COLUMNS.join(',')}) and at least one row are required`);
  if ('problems' in parsed) return parsed;
  const { records, lines } = parsed;
  const { columns, problems } = parseCsvHeader(records[0]);
  if (problems.length) return { problems };
  const data = records.length - 1;
  if (data === 0) return { problems: [{ field: 'rows', message: 'the CSV has a header but no rows' }] };
  if (data > MAX_IMPORT_ROWS) return { problems: [{ field: 'rows', message: `${data} rows; at most ${MAX_IMPORT_ROWS} per import: split the file` }] };

  const rows: Record<string, string>[] = new Array(data);
  const ragged: FieldProblem[] = [];
  for (let i = 0; i < data; i++) {
    const record = records[i + 1];
    if (record.length !== columns.length) {
      if (ragged.length < MAX_LISTED_ERRORS) {
        ragged.push({ field: `rows.${i}`, message: `line ${lines[i + 1]} has ${record.length} fields; the header has ${columns.length}` });
      }
      continue;
    }
    const row: Record<string, string> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]!] = record[c];
    rows[i] = row;
  }
  if (ragged.length) return { problems: ragged };
  return { rows, lines: lines.slice(1) };
}

/** A JSON body: `{ rows: [ {title, category, startsAt, endsAt, place?, onlineUrl?, expectedAudience?}, … ] }`. */
export function readJsonRows(body: unknown): ImportRows | { problems: FieldProblem[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { problems: [{ field: 'body', message: 'must be an object { rows: [...] }' }] };
  const problems: FieldProblem[] = Object.keys(body)
    .filter((k) => k !== 'rows')
    .map((k) => ({ field: k, message: 'unknown field' }));
  const rows = (body as { rows?: unknown }).rows;
  if (rows === undefined) problems.push({ field: 'rows', message: 'rows is required: an array of activities' });
  else if (!Array.isArray(rows)) problems.push({ field: 'rows', message: 'rows must be an array' });
  else if (rows.length === 0) problems.push({ field: 'rows', message: 'rows must contain at least 1 element' });
  else if (rows.length > MAX_IMPORT_ROWS) problems.push({ field: 'rows', message: `${rows.length} rows; at most ${MAX_IMPORT_ROWS} per import: split the file` });
  if (problems.length) return { problems };
  return { rows: rows as unknown[], lines: null };
}

/**
 * Reads an upload for `organizer` into the campaign events it holds, every one checked against the
 * campaign's window; or the refusal: a body that cannot be read, a row for another organizer,
 * rows that break the rules.
 */
export function readCampaignEventImport(
  contentType: ImportContentType,
  body: unknown,
  window: CampaignEventWindow,
  organizer: string,
): { rows: CampaignEventInput[] } | { refusal: ImportRefusal } {
  const read = contentType === 'csv' ? readCsvRows(body) : readJsonRows(body);
  if ('problems' in read) return { refusal: { kind: 'unreadable', problems: read.problems } };
  const { rows, lines } = read;

  const valid: CampaignEventInput[] = [];
  const errors: FieldProblem[] = [];
  const foreign: number[] = [];
  let badRows = 0;
  let listedRows = 0;
  for (let i = 0; i < rows.length; i++) {
    const prefix = `rows.${i}.`;
    const { value, organizer: named, problems } = parseCampaignEventRow(rows[i], contentType, prefix);
    if (named !== null && named !== organizer) foreign.push(i);
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
    return {
      refusal: {
        kind: 'foreign-organizer',
        message: `organizer: ${organizer} cannot import activities for another body (${foreign.slice(0, 20).map(where).join(', ')}${foreign.length > 20 ? ', …' : ''}); nothing was imported`,
        problems: foreign
          .slice(0, MAX_LISTED_ERRORS)
          .map((i) => ({ field: `rows.${i}.organizer`, message: `${organizer} cannot act for ${String((rows[i] as Record<string, unknown>).organizer)}` })),
      },
    };
  }
  if (badRows) {
    const head = `${badRows} of ${rows.length} rows are invalid; nothing was imported${listedRows < badRows ? ` (the first ${listedRows} are listed)` : ''}`;
    return {
      refusal: {
        kind: 'invalid-rows',
        message: `${head}: ${errors
          .slice(0, 20)
          .map((f) => `${f.field}: ${f.message}`)
          .join('; ')}${errors.length > 20 ? '; …' : ''}`,
        problems: errors,
      },
    };
  }
  return { rows: valid };
}

/**
 * The batch id of an upload sent with an Idempotency-Key: a UUID (version 5 layout) from the
 * campaign, the organizer and the key, so the same upload sent again finds its batch.
 */
export function importBatchId(campaignId: string, organizer: string, key: string): string {
  const h = sha256Hex(`${campaignId}|${organizer}|${key}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * What an upload carries, as read (SHA-256 of its rows): the same rows sent again, as CSV or as
 * JSON, are a repeat; other rows under the same key are not.
 */
export function importFingerprint(rows: readonly CampaignEventInput[]): string {
  return sha256Hex(JSON.stringify(rows));
}
