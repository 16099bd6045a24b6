import type { DataSource } from 'typeorm';
import type { Principal } from '@domain/auth';
import { CsvSyntaxError, parseCsv } from '@domain/csv';
import { AGENCY_CODE, KIND_CODE, REGION_CODE } from '@domain/definition';
import type { FieldProblem } from '@domain/field-problem';
import { formulaProblem, nameProblem, textProblem } from '@domain/text';
import { ApiError } from '../common/api-error';

export const AGENCY_CSV_COLUMNS = ['code', 'name', 'shortName', 'level', 'kind', 'region', 'regionName', 'regionType', 'parentCode', 'parentRegion'] as const;
const LEVELS = ['national', 'provincial', 'municipal'];
const REGION_TYPES = ['national', 'province', 'sub-provincial-city', 'corps', 'city'];
const NAME_COLUMNS = new Set(['name', 'shortName', 'regionName']);

/**
 * CSV import of recipient bodies by an administrator: every row is checked (codes, levels, regions,
 * parents that exist in the directory or earlier in the file) before anything is written; then all
 * rows go in one transaction. A code already in the directory is a row error, never an overwrite.
 */
export async function importAgenciesCsv(ds: DataSource, who: Principal, body: unknown) {
  if (typeof body !== 'string' || !body.trim()) {
    throw ApiError.validation([{ field: 'body', message: 'send the bodies as text/csv with a header row: ' + AGENCY_CSV_COLUMNS.join(',') }]);
  }
  let parsed: { records: string[][]; lines: number[] };
  try {
    parsed = parseCsv(body);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw ApiError.validation([{ field: 'body', message: `not valid CSV: ${err.message}` }]);
    throw err;
  }
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
  const existing = new Set((await ds.query(`SELECT code FROM agencies`)).map((r: { code: string }) => r.code));
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
  await ds.transaction(async (m) => {
    for (const r of records) {
      await m.query(
        `INSERT INTO agencies (code, name, short_name, level, parent_code, kind, region, region_name, region_type, parent_region, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'import')`,
        [r.code, r.name, r.shortName || r.name, r.level, r.parentCode || null, r.kind || null, r.region, r.regionName || null, r.regionType || null, r.parentRegion || null],
      );
    }
  });
  return { imported: records.length, by: who.sub, codes: records.map((r) => r.code) };
}
