import type { ImportedAgency } from '@db/agencies/agency.queries';
import { readCsvBody } from '@domain/csv';
import { AGENCY_CODE, KIND_CODE, REGION_CODE } from '@domain/definition';
import type { FieldProblem } from '@domain/field-problem';
import { formulaProblem, nameProblem, textProblem } from '@domain/text';
import { ApiError } from '../common/api-error';

export const AGENCY_CSV_COLUMNS = ['code', 'name', 'shortName', 'level', 'kind', 'region', 'regionName', 'regionType', 'parentCode', 'parentRegion'] as const;
const LEVELS = ['national', 'provincial', 'municipal'];
const REGION_TYPES = ['national', 'province', 'sub-provincial-city', 'corps', 'city'];
const NAME_COLUMNS = new Set(['name', 'shortName', 'regionName']);

/**
 * The bodies of an administrator's CSV import, every row checked (codes, levels, regions, parents
 * that exist in the directory — `existing` — or earlier in the file) before anything is written:
 * any problem is a 400 naming each row and column. A code already in the directory is a row
 * error, never an overwrite.
 */
export function parseAgencyCsv(body: unknown, existing: ReadonlySet<string>): ImportedAgency[] {
  const parsed = readCsvBody(body, 'send the bodies as text/csv with a header row: ' + AGENCY_CSV_COLUMNS.join(','));
  if ('problems' in parsed) throw ApiError.validation(parsed.problems);
  const [headerRow = [], ...data] = parsed.records;
  if (!data.length) throw ApiError.validation([{ field: 'body', message: 'no rows after the header' }]);
  if (data.length > 10_000) throw ApiError.validation([{ field: 'body', message: 'at most 10000 rows per import' }]);
  const header = headerRow.map((h) => h.trim());
  const unknown = header.filter((h) => !(AGENCY_CSV_COLUMNS as readonly string[]).includes(h));
  const missing = ['code', 'name', 'level', 'region'].filter((h) => !header.includes(h));
  if (unknown.length || missing.length) {
    throw ApiError.validation([
      ...unknown.map((h) => ({ field: `header.${h}`, message: `unknown column; columns are ${AGENCY_CSV_COLUMNS.join(',')}` })),
      ...missing.map((h) => ({ field: `header.${h}`, message: 'required column is missing' })),
    ]);
  }
  const ragged = data.findIndex((r) => r.length !== header.length);
  if (ragged !== -1) {
    throw ApiError.validation([
      { field: `rows.${ragged}`, message: `line ${parsed.lines[ragged + 1]} has ${data[ragged].length} fields; the header has ${header.length}` },
    ]);
  }
  const records = data.map((r) => Object.fromEntries(header.map((h, c) => [h, r[c].trim()])) as Record<string, string>);
  const lineOf = (i: number) => parsed.lines[i + 1];
  const inFile = new Map<string, number>();
  const errors: FieldProblem[] = [];
  records.forEach((r, i) => {
    const at = (field: string, message: string) => errors.push({ field: `rows.${i}.${field}`, message: `line ${lineOf(i)}: ${message}` });
    // Every cell is text (names held to the name rule), and none starts like a spreadsheet formula.
    for (const [column, value] of Object.entries(r)) {
      const problem = (NAME_COLUMNS.has(column) ? nameProblem(value) : textProblem(value)) ?? formulaProblem(value);
      if (problem) at(column, `${column} ${problem}`);
    }
    if (!AGENCY_CODE.test(r.code ?? '')) at('code', `${r.code || '(empty)'} is not a code (upper-case ASCII, e.g. HA_ZZ_CAST)`);
    else if (existing.has(r.code)) at('code', `${r.code} is already in the directory`);
    else if (inFile.has(r.code)) at('code', `${r.code} is also on line ${lineOf(inFile.get(r.code)!)}`);
    else inFile.set(r.code, i);
    if (!r.name || r.name.length > 200) at('name', 'a name of 1–200 characters is required');
    if (!LEVELS.includes(r.level)) at('level', `must be one of ${LEVELS.join(', ')}`);
    if (!REGION_CODE.test(r.region ?? '')) at('region', 'must be a region code such as HA or HA_ZZ');
    if (r.regionType && !REGION_TYPES.includes(r.regionType)) at('regionType', `must be one of ${REGION_TYPES.join(', ')}`);
    if (r.kind && !KIND_CODE.test(r.kind)) at('kind', 'must be a kind such as CAST or SOCIETY');
    if (r.parentCode && !existing.has(r.parentCode) && !(inFile.has(r.parentCode) && inFile.get(r.parentCode)! < i)) {
      at('parentCode', `${r.parentCode} is neither in the directory nor on an earlier line`);
    }
  });
  if (errors.length) throw ApiError.validation(errors);
  return records.map((r) => ({
    code: r.code,
    name: r.name,
    shortName: r.shortName || r.name,
    level: r.level as ImportedAgency['level'],
    parentCode: r.parentCode || null,
    kind: r.kind || null,
    region: r.region,
    regionName: r.regionName || null,
    regionType: r.regionType || null,
    parentRegion: r.parentRegion || null,
  }));
}
