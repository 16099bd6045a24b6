/**
 * No input can hurt a campaign, proven for every endpoint the API has: this spec reads the OpenAPI
 * document (/api/docs-json) and, for every operation, generates the bad inputs of each class —
 * text that is not text (NUL, C0 controls, lone surrogates), names that hide (bidi controls,
 * nothing visible), dates that do not exist or that the calendar cannot hold, numbers beyond what
 * storage holds, unknown fields, bodies that are not objects, JSON nested too deep, media types
 * the endpoint does not take, CSV cells that would be spreadsheet formulas — into every body
 * field, query parameter, path parameter and import column. Each must be a 4xx in the API's error
 * shape naming the field, and nothing the spec can see may change (the campaign's audit log,
 * outbox, activities, summaries, nominations, receipts, relays; the spec's own prefix, sequences
 * and directory rows).
 */
import { randomUUID } from 'node:crypto';
import type { TestSystem } from './support/system';
import { startSystem } from './support/system';
import { issuedSmallCampaign, shanghaiIso, untilPhase } from './support/campaign';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  maximum?: number;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  oneOf?: Schema[];
  'x-text'?: string;
  'x-csv-columns'?: string[];
};
type Operation = {
  parameters?: { name: string; in: 'path' | 'query'; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
interface Case {
  what: string;
  /** The request. */
  path: string;
  method: string;
  body?: string;
  contentType?: string;
  /** The field the answer must name (or one of these). */
  fields: string[];
  status?: number[];
}

let sys: TestSystem;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
let token: string;
let params: Record<string, string>;
let milestones: { publicationOpensAt: string; closesAt: string };
const SUFFIX = `${Date.now() % 1_000_000}`;
const PREFIX = `类测${SUFFIX}发`;
const HA_CONTACT = '6f1c0a5e-2c64-4d71-9a51-000000000005';

beforeAll(async () => {
  sys = await startSystem();
  // One token that passes every role check: every request below is refused for its input alone.
  token = sys.token('CAST', 'secretariat', 'signer', 'recipient', 'admin');
  const issued = await issuedSmallCampaign(
    sys,
    { title: `坏输入类别 ${SUFFIX}`, docNumberPrefix: PREFIX, coSigners: ['CPD'], categories: ['各省区域活动'] },
    { opens: 3000, weekStarts: 86_400_000, weekEnds: 2 * 86_400_000, summaryDue: 30 * 86_400_000, closes: 60 * 86_400_000 },
  );
  await untilPhase(sys, issued.id, 'publication-open');
  const c = (await sys.http.get(`/api/v1/campaigns/${issued.id}`, token)).body;
  milestones = c.milestones;
  const opens = Date.parse(milestones.publicationOpensAt);
  const activity = await sys.http.post(
    `/api/v1/campaigns/${issued.id}/activities`,
    { title: '类别测试活动', category: '各省区域活动', startsAt: shanghaiIso(opens + 3600_000), endsAt: shanghaiIso(opens + 7200_000), place: '郑州' },
    token,
  );
  expect(activity.status).toBe(201);
  params = { id: issued.id, activityId: activity.body.id, nid: randomUUID(), unit: 'HA_CAST', prefix: PREFIX, year: '2026', version: '1' };
  // A body's contacts: a seeded contact of HA_CAST (migration 0007), whose row the snapshot watches.
  Object.assign(params, { code: 'HA_CAST', contactId: HA_CONTACT });
  // An account of the spec's own, logged in once (a live refresh token), whose row the snapshot watches.
  const account = await sys.http.post('/api/v1/users', { login: `badin.${SUFFIX}`, name: '坏输入账号', agency: 'HA_CAST', roles: ['recipient'], password: 'bad input classes password' }, token);
  expect(account.status).toBe(201);
  expect((await sys.http.post('/api/v1/auth/login', { login: `badin.${SUFFIX}`, password: 'bad input classes password' })).status).toBe(200);
  params.userId = account.body.id;
  doc = (await sys.http.get('/api/docs-json')).body;
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

// ───────────────────────────────────────────────────────────── what "nothing changed" means

async function snapshot(): Promise<unknown> {
  const [row] = await sys.db.query(
    `SELECT (SELECT count(*) FROM audit_log WHERE campaign_id = $1)::int AS audit,
            (SELECT count(*) FROM notifications WHERE campaign_id = $1)::int AS notifications,
            (SELECT count(*) FROM campaign_events WHERE campaign_id = $1)::int AS activities,
            (SELECT count(*) FROM campaign_events WHERE campaign_id = $1 AND results IS NOT NULL)::int AS results,
            (SELECT count(*) FROM summary_reports WHERE campaign_id = $1)::int AS summaries,
            (SELECT count(*) FROM nominations WHERE campaign_id = $1)::int AS nominations,
            (SELECT count(*) FROM campaign_recipients WHERE campaign_id = $1 AND acknowledged_at IS NOT NULL)::int AS acknowledged,
            (SELECT count(*) FROM notice_versions WHERE campaign_id = $1)::int AS versions,
            (SELECT count(*) FROM import_batches WHERE campaign_id = $1)::int AS batches,
            (SELECT state_version FROM campaigns WHERE id = $1) AS state,
            (SELECT milestones::text FROM campaigns WHERE id = $1) AS milestones,
            (SELECT count(*) FROM campaigns WHERE parent_id = $1 OR launched_by = $2)::int AS campaigns,
            (SELECT count(*) FROM doc_number_sequences WHERE prefix = $3)::int AS sequences,
            (SELECT count(*) FROM doc_number_prefixes WHERE prefix = $3)::int AS prefixes,
            (SELECT count(*) FROM agencies WHERE code LIKE 'BADIN%')::int AS agencies,
            (SELECT count(*) FROM contacts WHERE agency = 'HA_CAST')::int AS contacts,
            (SELECT row(c.*)::text FROM contacts c WHERE c.id = $4) AS contact,
            (SELECT row(u.*)::text FROM users u WHERE u.id = $5) AS account,
            (SELECT count(*) FROM refresh_tokens WHERE user_id = $5 AND revoked_at IS NULL)::int AS sessions`,
    [params.id, 'cast-secretariat-signer-recipient-admin', PREFIX, HA_CONTACT, params.userId],
  );
  return row;
}

// ───────────────────────────────────────────────────────────── the classes

const TEXT: [string, string][] = [
  ['NUL', '理由\u0000'],
  ['a lone surrogate', '理由\ud800'],
  ['an escape sequence', '\u001b[2J清屏'],
  ['a carriage return', '第一行\r第二行'],
];
const NAME: [string, string][] = [
  ['a bidi override', '科普\u202e日'],
  ['only invisible characters', '\u200b\u200b'],
];
const DATE_TIME: [string, string][] = [
  ['a day that does not exist', '2027-02-30T00:00:00+08:00'],
  ['a year the calendar cannot hold', '9999-12-31T23:59:59-14:00'],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['an offset without colon', '2026-08-21T09:00:00+0800'],
  ['an offset beyond 14:00', '2026-08-21T09:00:00+15:00'],
];
const DAY: [string, string][] = [
  ['month 13', '2027-13-01'],
  ['February 30', '2027-02-30'],
  ['year 0', '0000-01-01'],
  ['year 9999', '9999-12-31'],
];
const NUMBERS = (max?: number): [string, unknown][] => [
  ['one beyond int', 2147483648],
  ['1e15', 1e15],
  ['negative', -1],
  ['a fraction', 1.5],
  ['a string', '7'],
  ...(max !== undefined ? ([['one above the maximum', max + 1]] as [string, unknown][]) : []),
];
const QUERY_INTS = (max?: number): [string, string][] => [
  ['10^20', '100000000000000000000'],
  ['exponent notation', '1e3'],
  ['hex', '0x10'],
  ['negative', '-1'],
  ['a fraction', '1.5'],
  ['empty', ''],
  ...(max !== undefined ? ([['one above the maximum', String(max + 1)]] as [string, string][]) : []),
];
const QUERY_DATES: [string, string][] = [
  ['year 0', '0000-01-01'],
  ['year 9999 at -14:00', '9999-12-31T23:59:59-14:00'],
  ['February 30', '2027-02-30'],
  ['month 13', '2027-13-01T00:00:00+08:00'],
];
/** URL-safe text classes (a lone surrogate cannot be percent-encoded as UTF-8). */
const URL_TEXT: [string, string][] = [
  ['NUL', '%00'],
  ['an escape', '%1B'],
  ['a carriage return', 'a%0Db'],
];
const CSV_CELLS: [string, string][] = [
  ['NUL', '值\u0000'],
  ['an escape', '\u001b值'],
  ['a formula (=)', '=1+1'],
  ['a formula (@)', '@SUM(A1)'],
  ['a formula (+)', '+86'],
  ['a formula (-)', '-1'],
];

// ───────────────────────────────────────────────────────────── generating the cases

const resolve = (s: Schema): Schema => (s.$ref ? resolve(doc.components.schemas[s.$ref.split('/').pop()!]) : s);

/** Every place a value can go in a JSON body: [path, schema], objects included (for unknown fields). */
function leaves(schema: Schema, path = ''): [string, Schema][] {
  const s = resolve(schema);
  const out: [string, Schema][] = [[path, s]];
  if (s.properties) for (const [k, v] of Object.entries(s.properties)) out.push(...leaves(v, path ? `${path}.${k}` : k));
  if (s.type === 'array' && s.items) out.push(...leaves(s.items, `${path}.0`));
  return out;
}

/** A JSON body holding `value` at `path` (`recipients.main.0` → {recipients: {main: [value]}}). */
function bodyAt(path: string, value: unknown): unknown {
  const keys = path.split('.');
  const build = (i: number): unknown => {
    if (i === keys.length) return value;
    return /^\d+$/.test(keys[i]) ? [build(i + 1)] : { [keys[i]]: build(i + 1) };
  };
  return build(0);
}

function urlFor(template: string, over: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => over[name] ?? encodeURIComponent(params[name]));
}

/** The field an answer names for a bad value at `path`: the path itself, or the list it is an element of. */
const namesFor = (path: string) => (path.endsWith('.0') ? [path, path.slice(0, -2)] : [path]);

function jsonCases(template: string, method: string, schema: Schema): Case[] {
  const cases: Case[] = [];
  const url = urlFor(template);
  const json = (what: string, body: unknown, fields: string[], raw?: string): Case => ({ what, path: url, method, body: raw ?? JSON.stringify(body), fields });
  const root = resolve(schema.oneOf ? schema.oneOf.find((s) => resolve(s).type === 'object')! : schema);
  cases.push(json('an unknown field', { zzUnknownField: 1 }, ['zzUnknownField']));
  cases.push(json('a body that is a list', [], ['body']));
  cases.push(json('a body that is a string', 'x', ['body']));
  cases.push(json('a key that names the object model', null, ['__proto__'], '{"__proto__":{"polluted":true}}'));
  cases.push(json('JSON nested 5,000 deep', null, ['body'], `{"zz":${'['.repeat(5000)}${']'.repeat(5000)}}`));
  for (const [path, s] of leaves(root)) {
    if (!path) continue;
    if (s.properties && s.type !== 'array') cases.push(json(`an unknown field in ${path}`, bodyAt(`${path}.zzUnknownField`, 1), [`${path}.zzUnknownField`]));
    if (s.type === 'string') {
      for (const [what, v] of TEXT) cases.push(json(`${what} in ${path}`, bodyAt(path, v), namesFor(path)));
      if (s['x-text'] === 'name') for (const [what, v] of NAME) cases.push(json(`${what} in ${path}`, bodyAt(path, v), namesFor(path)));
      if (s.format === 'date-time') for (const [what, v] of DATE_TIME) cases.push(json(`${what} in ${path}`, bodyAt(path, v), namesFor(path)));
      if (s.format === 'date') for (const [what, v] of DAY) cases.push(json(`${what} in ${path}`, bodyAt(path, v), namesFor(path)));
    }
    if (s.type === 'integer' || s.type === 'number') {
      for (const [what, v] of NUMBERS(s.maximum)) cases.push(json(`${what} in ${path}`, bodyAt(path, v), namesFor(path)));
    }
    if (s.type === 'object' && s.additionalProperties && !path.includes('.')) {
      // A free-form object (summary figures) is checked entry by entry once the rest is well-formed.
      const rest = Object.fromEntries(Object.entries(root.properties ?? {}).filter(([k, v]) => (root as { required?: string[] }).required?.includes(k) && resolve(v).type === 'string').map(([k]) => [k, 'x']));
      cases.push(json(`a NUL in a key of ${path}`, { ...rest, [path]: { 'k\u0000': 1 } }, [`${path}.k\\u0000`]));
      cases.push(json(`a number beyond storage in ${path}`, null, [`${path}.n`], JSON.stringify({ ...rest, [path]: { n: 0 } }).replace('"n":0', '"n":1e400')));
    }
  }
  return cases;
}

function csvCases(template: string, contentType: string, columns: string[], base: Record<string, string>): Case[] {
  const line = (row: Record<string, string>) => columns.map((c) => `"${(row[c] ?? '').replace(/"/g, '""')}"`).join(',');
  const unknownColumn: Case = {
    what: 'an unknown CSV column',
    path: urlFor(template),
    method: 'POST',
    contentType,
    body: `${columns.join(',')},zzUnknownColumn\n${line(base)},x\n`,
    fields: [`header.${columns.length}`, 'header.zzUnknownColumn'],
  };
  return [unknownColumn, ...columns.flatMap((column) =>
    CSV_CELLS.map(([what, v]) => ({
      what: `${what} in the CSV column ${column}`,
      path: urlFor(template),
      method: 'POST',
      contentType,
      body: `${columns.join(',')}\n${line({ ...base, [column]: v })}\n`,
      fields: [`rows.0.${column}`],
    })),
  )];
}

/** Valid rows for each CSV import, so that the one bad cell is what is refused. */
function csvBase(template: string): Record<string, string> {
  if (template.includes('/contacts/import')) {
    return { agency: 'HA_CAST', name: '坏输入联系人', roles: 'secretariat|signer', email: 'badin@example.org', phone: '0371-65709215', language: 'zh-CN', channels: 'email' };
  }
  if (template.includes('/agencies/import')) {
    return { code: 'BADIN_A1', name: '坏输入单位', shortName: '坏输入', level: 'municipal', kind: 'CAST', region: 'HA_BADIN', regionName: '坏输入市', regionType: 'city', parentCode: '', parentRegion: 'HA' };
  }
  const opens = Date.parse(milestones.publicationOpensAt);
  return { title: '类别导入', category: '各省区域活动', startsAt: shanghaiIso(opens + 3600_000), endsAt: shanghaiIso(opens + 7200_000), place: '郑州', onlineUrl: '', expectedAudience: '10', organizer: '' };
}

function queryCases(template: string, name: string, schema: Schema): Case[] {
  const s = resolve(schema);
  const at = (what: string, value: string): Case => ({ what: `${what} in ?${name}`, path: `${urlFor(template)}?${name}=${value}`, method: 'GET', fields: [name] });
  const cases = URL_TEXT.map(([what, v]) => at(what, v));
  if (s.type === 'integer' || s.type === 'number') cases.push(...QUERY_INTS(s.maximum).map(([what, v]) => at(what, encodeURIComponent(v))));
  if (s.format === 'date-time' || s.format === 'date') cases.push(...QUERY_DATES.map(([what, v]) => at(what, encodeURIComponent(v))));
  if (s.type === 'boolean') cases.push(at('not a boolean', 'yes'));
  if (s.enum) cases.push(at('not one of the values', 'zz'));
  return cases;
}

function pathCases(template: string, method: string, name: string, body: string | undefined): Case[] {
  const at = (what: string, v: string, fields: string[]): Case => ({ what: `${what} in :${name}`, path: urlFor(template, { [name]: v }), method, body, fields });
  return [...URL_TEXT.map(([what, v]) => at(what, v, [name])), at('a lone surrogate (not UTF-8)', '%ED%A0%80', ['path']), at('a broken escape', '%E0%A4%A', ['path'])];
}

function casesOf(template: string, method: string, op: Operation): Case[] {
  const out: Case[] = [];
  const content = op.requestBody?.content ?? {};
  const jsonBody = content['application/json']?.schema;
  if (jsonBody) {
    out.push(...jsonCases(template, method.toUpperCase(), jsonBody));
    out.push({ what: 'a JSON body sent as text/plain', path: urlFor(template), method: method.toUpperCase(), body: '{}', contentType: 'text/plain', fields: ['content-type'], status: [415] });
  }
  for (const [type, { schema }] of Object.entries(content)) {
    if (type === 'application/json') continue;
    const csv = [resolve(schema), ...(schema.oneOf ?? []).map(resolve)].find((s) => s['x-csv-columns']);
    if (csv) out.push(...csvCases(template, type, csv['x-csv-columns']!, csvBase(template)));
  }
  for (const p of op.parameters ?? []) {
    if (p.in === 'query') out.push(...queryCases(template, p.name, p.schema ?? {}));
    if (p.in === 'path') out.push(...pathCases(template, method.toUpperCase(), p.name, jsonBody ? '{}' : undefined));
  }
  return out;
}

async function send(c: Case) {
  return sys.http.raw(c.path, {
    method: c.method,
    headers: { authorization: `Bearer ${token}`, ...(c.body !== undefined && { 'content-type': c.contentType ?? 'application/json' }) },
    body: c.body,
  });
}

// ───────────────────────────────────────────────────────────── the proof

describe('every operation of the OpenAPI document refuses every class of bad input, naming the field, changing nothing', () => {
  it('covers every operation that takes input', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    const withInput = operations.filter(({ op }) => op.requestBody || op.parameters?.length);
    expect(withInput.length).toBeGreaterThan(30);
    // Every mutating operation declares its body, including those that take none (an empty object).
    for (const { path, method, op } of operations) {
      if (['post', 'put', 'patch'].includes(method)) expect({ path, method, body: !!op.requestBody }).toEqual({ path, method, body: true });
    }
  });

  it('generates and runs the cases', async () => {
    const failures: string[] = [];
    let total = 0;
    for (const [template, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const cases = casesOf(template, method, op);
        if (!cases.length) continue;
        const before = await snapshot();
        for (const c of cases) {
          total++;
          const res = await send(c);
          const body = res.body as { statusCode?: unknown; error?: unknown; message?: unknown; fields?: { field: string; message: string }[] };
          const named = Array.isArray(body?.fields) ? body.fields.map((f) => f.field) : [];
          const shapeOk =
            body?.statusCode === res.status && typeof body.error === 'string' && typeof body.message === 'string' && Array.isArray(body.fields) && body.fields.every((f) => typeof f.field === 'string' && typeof f.message === 'string');
          const statusOk = c.status ? c.status.includes(res.status) : res.status === 400;
          if (!statusOk || !shapeOk || !c.fields.some((f) => named.includes(f))) {
            failures.push(`${method.toUpperCase()} ${template}: ${c.what} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          }
        }
        const after = await snapshot();
        if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${method.toUpperCase()} ${template}: something changed: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      }
    }
    console.log(`bad-input classes: ${total} generated cases`);
    expect(total).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 600_000);
});
