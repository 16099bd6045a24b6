/**
 * The 活动 tab's own helpers: the words of a 409 about the publication window, an upload read for
 * its preview (CSV or JSON, its rows shown against the API's `rows.N.field` errors), the
 * Idempotency-Key of a chosen file, and the CSV template.
 */
import { CAMPAIGN_EVENT_COLUMNS, IMPORT_COLUMNS } from '@domain/campaign-event';
import { csvLine, parseCsv } from '@domain/csv';
import { sha256Hex } from '@domain/hashing';
import { ApiFailure } from '../../api';
import { failureSummary, fieldLabel, fieldMessage } from '../../errors';
import { t } from '../../i18n';
import { dateTime } from '../../composables/format';
import type { YearMilestones } from './activities.types';

/**
 * A refusal worded for people: before the window opens the API answers 409 saying when it opens
 * (`the publication window opens at 2023-08-21T00:00:00+08:00`); that instant is shown in Beijing
 * time. Other failures keep errors.ts's sentence.
 */
export function activityFailure(err: unknown, milestones: YearMilestones | null | undefined): string {
  if (err instanceof ApiFailure && err.status === 409 && err.code === 'WRONG_PHASE') {
    const opens = /publication window opens(?: at)? \(?([0-9T:+\-.Z]+)\)?/.exec(err.message)?.[1] ?? milestones?.publicationOpensAt;
    if (/closed|withdrawn/.test(err.message)) return t('activities.closed');
    if (opens) return t('activities.opensAt', { at: dateTime(opens) });
  }
  return failureSummary(err);
}

/**
 * The Idempotency-Key of a chosen file: the SHA-256 of what it sends. Sending it again — a retry
 * after a timeout, a second click, the same file chosen again — finds the batch it imported and
 * imports nothing twice; a corrected file is another upload with another key.
 */
export function idempotencyKeyOf(body: string): string {
  return `upload-${sha256Hex(body)}`;
}

export interface PreviewRow {
  /** rows.N of the API (from 0). */
  index: number;
  /** The CSV line the row starts on (null for JSON). */
  line: number | null;
  cells: Record<string, string>;
}

export interface ChosenFile {
  name: string;
  size: number;
  kind: 'csv' | 'json';
  /** The body as sent (CSV text in UTF-8, or JSON `{ rows }`). */
  text: string;
  contentType: string;
  /** Idempotency-Key: the same upload sent again imports nothing twice. */
  key: string;
  rows: PreviewRow[];
  /** The file was not UTF-8 and was read as GB18030 (Excel's CSV on Chinese Windows). */
  gb18030: boolean;
  /** What could not be read here (the API still says why, naming the line). */
  unreadable: string;
}

function decode(buf: ArrayBuffer): { text: string; gb18030: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), gb18030: false };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), gb18030: true };
  }
}

const display = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** Reads a chosen file for its preview and upload. */
export async function readChosenFile(file: File): Promise<ChosenFile> {
  const { text, gb18030 } = decode(await file.arrayBuffer());
  const json = /\.json$/i.test(file.name) || file.type === 'application/json' || /^\s*[[{]/.test(text);
  const base = { name: file.name, size: file.size, key: idempotencyKeyOf(text), gb18030, unreadable: '' };
  if (json) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ...base, kind: 'json', text, contentType: 'application/json', rows: [], unreadable: t('activities.import.notJson') };
    }
    // A bare array of activities is what people export; the API takes { rows: [...] }.
    if (Array.isArray(body)) body = { rows: body };
    const sent = JSON.stringify(body);
    const rows = (body as { rows?: unknown }).rows;
    const preview: PreviewRow[] = Array.isArray(rows)
      ? rows.map((r, index) => ({
          index,
          line: null,
          cells: Object.fromEntries(Object.entries(r && typeof r === 'object' ? (r as Record<string, unknown>) : {}).map(([k, v]) => [k, display(v)])),
        }))
      : [];
    return { ...base, kind: 'json', text: sent, key: idempotencyKeyOf(sent), contentType: 'application/json', rows: preview };
  }
  const csv = { ...base, kind: 'csv' as const, text, contentType: 'text/csv; charset=utf-8' };
  try {
    const { records, lines } = parseCsv(text);
    const known = new Map(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c as string]));
    const header = (records[0] ?? []).map((h) => known.get(h.trim().toLowerCase()) ?? h.trim());
    const rows = records.slice(1).map((record, index) => ({
      index,
      line: lines[index + 1],
      cells: Object.fromEntries(header.map((h, c) => [h, record[c] ?? ''])),
    }));
    return { ...csv, rows };
  } catch (err) {
    return { ...csv, rows: [], unreadable: err instanceof Error ? err.message : String(err) };
  }
}

export interface RowProblem {
  /** The field's label (标题), or '' for the row as a whole. */
  label: string;
  message: string;
}

/**
 * The API's problems sorted by row (`rows.3.title` → row 3: 标题：必填), and those about the
 * upload as a whole (its header, its body). The API's `line 5:` prefix is dropped: the row's line
 * is shown beside it.
 */
export function problemsByRow(err: unknown): { rows: Map<number, RowProblem[]>; general: string[] } {
  const rows = new Map<number, RowProblem[]>();
  const general: string[] = [];
  if (!(err instanceof ApiFailure)) return { rows, general };
  for (const f of err.fields) {
    const message = fieldMessage({ field: f.field, message: f.message.replace(/^line \d+: /, '') });
    const m = /^rows\.(\d+)(?:\.(.+))?$/.exec(f.field);
    if (m) {
      const list = rows.get(Number(m[1])) ?? [];
      list.push({ label: m[2] ? fieldLabel(m[2]) : '', message });
      rows.set(Number(m[1]), list);
    } else {
      general.push(`${fieldLabel(f.field)}：${message}`);
    }
  }
  return { rows, general };
}

/** The CSV template: the header row and one example, as the import reads it. */
export function csvTemplate(category: string, opensAt: string | undefined): string {
  const day = (opensAt ?? '2023-09-16T00:00:00+08:00').slice(0, 10);
  // A BOM, so that Excel opens the UTF-8 file as UTF-8.
  const example = [t('activities.import.exampleTitle'), category, `${day}T09:00:00+08:00`, `${day}T17:00:00+08:00`, t('activities.import.examplePlace'), '', 500];
  return `\ufeff${csvLine(CAMPAIGN_EVENT_COLUMNS)}${csvLine(example)}`;
}

/** Offers the CSV template as a download. */
export function downloadTemplate(category: string, opensAt: string | undefined): void {
  const blob = new Blob([csvTemplate(category, opensAt)], { type: 'text/csv;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = t('activities.import.templateName');
  a.click();
  URL.revokeObjectURL(a.href);
}

/**
 * The file an <input type="file"> holds after its change event. The input is emptied, so that
 * choosing the same (corrected) file again is a change too; the page shows what was chosen.
 */
export function chosenFileOf(e: Event): File | null {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0] ?? null;
  input.value = '';
  return file;
}
