/**
 * The directory's CSV import (POST /api/v1/agencies/import, apps/api/src/agencies/agencies.import.ts):
 * reading the file as the office saved it (UTF-8, or GBK as Excel saves CSV on Chinese Windows),
 * and each problem the API names (`rows.3.code`, `header.kind`, `body`) worded in the console's
 * language against its row, with the line of the file it came from.
 */
import { ApiFailure } from '../../api';
import { fieldLabel, fieldMessage } from '../../errors';
import { t } from '../../i18n';

export const AGENCY_CSV_EXAMPLE = [
  'code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion',
  'HA_ZZ_JS_CAST,郑州市金水区科学技术协会,金水区科协,municipal,CAST,HA_ZZ_JS,金水区,city,HA_ZZ_CAST,HA_ZZ',
].join('\n');

/** A file's text: UTF-8 (with or without BOM) when it is valid UTF-8, else GBK. */
export async function readCsvFile(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** The file a file input's change event chose, read; null when none was. */
export async function chosenCsv(e: unknown): Promise<{ name: string; text: string } | null> {
  const file = ((e as Event).target as HTMLInputElement | null)?.files?.[0];
  return file ? { name: file.name, text: await readCsvFile(file) } : null;
}

export interface ImportProblem {
  /** The data row (1 for the first row under the header), or null for the header or the whole file. */
  row: number | null;
  /** The line of the file the API names, when it does. */
  line: number | null;
  /** The column's label, or '' for a whole row or the file. */
  column: string;
  message: string;
  /** The row as the file has it (its line), to see what is wrong. */
  content: string;
}

/** Where each problem is, in the file's order: the file and its header first, then by row. */
export function importProblems(err: unknown, csv: string): ImportProblem[] {
  if (!(err instanceof ApiFailure)) return [];
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  return err.fields
    .map((f) => {
      const parts = f.field.split('.');
      const lineMatch = /^line (\d+): ([\s\S]*)$/.exec(f.message);
      const line = lineMatch ? Number(lineMatch[1]) : null;
      const text = lineMatch ? lineMatch[2] : f.message;
      if (parts[0] === 'rows' && /^\d+$/.test(parts[1] ?? '')) {
        const column = parts[2] ?? '';
        const ragged = /line (\d+) has (\d+) fields; the header has (\d+)/.exec(text);
        const rowLine = line ?? (ragged ? Number(ragged[1]) : null);
        return {
          row: Number(parts[1]) + 1,
          line: rowLine,
          column: column ? fieldLabel(column) : '',
          message: ragged ? t('agencies.problems.ragged', { n: ragged[2], m: ragged[3] }) : cellMessage(column, text),
          content: rowLine ? (lines[rowLine - 1] ?? '') : '',
        };
      }
      if (parts[0] === 'header') {
        const column = parts.slice(1).join('.');
        const message = /missing/.test(text) ? t('agencies.problems.missingColumn', { column }) : t('agencies.problems.unknownColumn', { column });
        return { row: null, line: 1, column: t('agencies.header'), message, content: lines[0] ?? '' };
      }
      let message: string;
      if (/no rows after the header/.test(text)) message = t('agencies.problems.noRows');
      else if (/at most \d+ rows/.test(text)) message = t('agencies.problems.tooMany');
      else message = fieldMessage({ field: f.field, message: text });
      return { row: null, line, column: f.field === 'body' ? t('agencies.whole') : fieldLabel(f.field), message, content: '' };
    })
    .sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

/** One cell's problem, as agencies.import.ts words it, in the console's language. */
function cellMessage(column: string, text: string): string {
  const formula = /starts with (.+?), which spreadsheets read as a formula/.exec(text);
  if (formula) return t('agencies.problems.formula', { first: formula[1].replace(/[“”]/g, '') });
  switch (column) {
    case 'code': {
      const exists = /^(\S+) is already in the directory/.exec(text);
      if (exists) return t('agencies.problems.exists', { code: exists[1] });
      const dup = /^(\S+) is also on line (\d+)/.exec(text);
      if (dup) return t('agencies.problems.duplicate', { code: dup[1], line: dup[2] });
      if (/is not a code/.test(text)) return t('agencies.problems.code');
      break;
    }
    case 'name':
      if (/a name of 1–200 characters is required/.test(text)) return t('agencies.problems.name');
      break;
    case 'level':
      if (/must be one of/.test(text)) return t('agencies.problems.level');
      break;
    case 'region':
      if (/must be a region code/.test(text)) return t('agencies.problems.region');
      break;
    case 'regionType':
      if (/must be one of/.test(text)) return t('agencies.problems.regionType');
      break;
    case 'kind':
      if (/must be a kind/.test(text)) return t('agencies.problems.kind');
      break;
    case 'parentCode': {
      const parent = /^(\S+) is neither in the directory/.exec(text);
      if (parent) return t('agencies.problems.parent', { code: parent[1] });
      break;
    }
  }
  // A text rule (control characters, an invisible name…): the shared wording, without the column's own name in front.
  return fieldMessage({ field: column, message: text.startsWith(`${column} `) ? text.slice(column.length + 1) : text });
}
