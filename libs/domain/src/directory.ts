/**
 * Resolving 主送/抄送 entries to bodies of the recipient directory (directory.data.ts). Pure: the
 * directory is an argument, nothing is read or written.
 *
 * An entry is one of
 *  - a body code: `NS_CMS`;
 *  - a body's full name or shortName: `中国石化`, `新疆生产建设兵团科协`;
 *  - a machine group id `group:<KIND>/<scope>` (see groupMembers);
 *  - a group phrase as printed in a notice, read the way a reader of the notice reads it:
 *      各<scope>、<scope>…<department>   各省、自治区、直辖市、副省级城市教育厅（教委、教育局）
 *      <region><department>              新疆生产建设兵团林业和草原局
 *      [<owner>所属]各[全国|全省]学会、协会、研究会
 *      各有关单位                         open-ended: noted, resolves to no body.
 * Anything else is reported in `unresolved`, never dropped.
 */
import type { BodySeed } from './directory.data';
import { DIRECTORY } from './directory.data';

export interface ResolveContext {
  /** Region of the lead agency: 'CN' for a national campaign, 'HA' for Henan's relay. */
  leadRegion: string;
}

export interface ResolvedRecipients {
  /** Every resolved body, unique, in order of first appearance. */
  codes: string[];
  /** One row per input entry, in input order (empty codes for open-ended or unresolved ones). */
  perEntry: { entry: string; codes: string[] }[];
  unresolved: { index: number; entry: string; message: string }[];
  /** Open-ended entries such as 各有关单位: kept so the 主送 line can be printed, no body behind them. */
  openEnded: string[];
}

export type GroupScope = 'provinces' | 'sub-provincial-cities' | 'corps' | 'cities' | 'societies';
const GROUP_SCOPES: readonly GroupScope[] = ['provinces', 'sub-provincial-cities', 'corps', 'cities', 'societies'];
const GROUP_ID = /^group:([A-Z][A-Z0-9_]*)\/([a-z-]+)$/;

// ── Directory index (built once per directory array) ─────────────────────────────────────────

interface RegionInfo {
  code: string;
  name: string;
  type: BodySeed['regionType'];
  parentRegion: string | null;
}

interface Index {
  byCode: Map<string, BodySeed>;
  /** Full names and short names → codes (more than one code means the name is ambiguous). */
  byName: Map<string, string[]>;
  /** Regions in directory order. */
  regions: RegionInfo[];
  /** `${region}|${kind}` → codes. */
  byRegionKind: Map<string, string[]>;
  kinds: Set<string>;
}

const indexes = new WeakMap<readonly BodySeed[], Index>();

function indexOf(directory: readonly BodySeed[]): Index {
  let idx = indexes.get(directory);
  if (idx) return idx;
  idx = { byCode: new Map(), byName: new Map(), regions: [], byRegionKind: new Map(), kinds: new Set() };
  const seenRegions = new Set<string>();
  for (const b of directory) {
    idx.byCode.set(b.code, b);
    for (const n of new Set([b.name, b.shortName])) push(idx.byName, n, b.code);
    push(idx.byRegionKind, `${b.region}|${b.kind}`, b.code);
    idx.kinds.add(b.kind);
    if (!seenRegions.has(b.region)) {
      seenRegions.add(b.region);
      idx.regions.push({ code: b.region, name: b.regionName, type: b.regionType, parentRegion: b.parentRegion });
    }
  }
  indexes.set(directory, idx);
  return idx;
}

function push(map: Map<string, string[]>, key: string, code: string): void {
  const list = map.get(key);
  if (list) list.push(code);
  else map.set(key, [code]);
}

// ── Group ids ───────────────────────────────────────────────────────────────────────────────

/** Whether a region lies under the lead region (a national lead covers everything). */
function isUnder(r: RegionInfo, leadRegion: string): boolean {
  return leadRegion === 'CN' || r.code === leadRegion || r.parentRegion === leadRegion;
}

function scopeRegions(scope: GroupScope, idx: Index, ctx: ResolveContext): RegionInfo[] {
  switch (scope) {
    case 'provinces': return idx.regions.filter((r) => r.type === 'province');
    case 'sub-provincial-cities': return idx.regions.filter((r) => r.type === 'sub-provincial-city');
    case 'corps': return idx.regions.filter((r) => r.type === 'corps');
    case 'cities': return idx.regions.filter((r) => r.type === 'city' && isUnder(r, ctx.leadRegion));
    // Societies belong to the lead's own region: 全国学会 for CN, 省级学会 for a province.
    case 'societies': return idx.regions.filter((r) => r.code === ctx.leadRegion);
  }
}

/**
 * Members of `group:<KIND>/<scope>`: bodies of that kind in every region of the scope —
 * provinces (the 31), sub-provincial-cities (the 15), corps (新疆生产建设兵团), cities (the 'city'
 * regions under ctx.leadRegion), societies (SOCIETY bodies of ctx.leadRegion; KIND must be SOCIETY).
 * Null when the id is malformed, the scope unknown, or no body of that kind exists at all.
 */
export function groupMembers(groupId: string, directory: readonly BodySeed[], ctx: ResolveContext): string[] | null {
  const m = GROUP_ID.exec(groupId.trim());
  if (!m) return null;
  const [, kind, scope] = m;
  if (!(GROUP_SCOPES as readonly string[]).includes(scope)) return null;
  if (scope === 'societies' && kind !== 'SOCIETY') return null;
  const idx = indexOf(directory);
  if (!idx.kinds.has(kind)) return null;
  return scopeRegions(scope as GroupScope, idx, ctx).flatMap((r) => idx.byRegionKind.get(`${r.code}|${kind}`) ?? []);
}

/**
 * The canonical group ids of DIRECTORY: for each scope, the kinds every region of that scope has
 * (so `group:DSTI/corps` is absent: the corps has no such body), plus group:SOCIETY/societies.
 */
export const GROUP_IDS: readonly string[] = (() => {
  const idx = indexOf(DIRECTORY);
  const ids: string[] = [];
  const kinds = [...idx.kinds];
  for (const scope of GROUP_SCOPES) {
    if (scope === 'societies') {
      ids.push('group:SOCIETY/societies');
      continue;
    }
    const regions = scopeRegions(scope, idx, { leadRegion: 'CN' });
    for (const kind of kinds) {
      if (kind === 'SOCIETY' || kind === 'SPECIAL') continue;
      if (regions.length > 0 && regions.every((r) => idx.byRegionKind.has(`${r.code}|${kind}`))) {
        ids.push(`group:${kind}/${scope}`);
      }
    }
  }
  return Object.freeze(ids);
})();

// ── Group phrases ───────────────────────────────────────────────────────────────────────────

/**
 * Department words of the 主送 lines → kind. Alternatives printed in brackets ("教育厅（教委、
 * 教育局）", "水利（水务）厅（局）") are dropped before matching: they name the same department as
 * it is called in different regions, which is exactly what a kind is.
 */
const DEPARTMENTS: readonly (readonly [RegExp, string])[] = [
  [/^(科协|科学技术协会)$/, 'CAST'],
  [/^(党委)?宣传部$/, 'CPD'],
  [/^(党委)?网信办$/, 'CAC'],
  [/^教育(厅|局|委|委员会)$/, 'EDU'],
  [/^(科技(厅|局)|科委|科学技术(厅|局|委员会))$/, 'ST'],
  [/^国防科技工业(管理部门|主管部门)$/, 'DSTI'],
  [/^自然资源(主管部门|厅|局)$/, 'NR'],
  [/^生态环境(厅|局)$/, 'EE'],
  [/^(水利|水务)(厅|局)$/, 'WR'],
  [/^(农业农村(厅|局|委)|农牧厅)$/, 'AGRI'],
  [/^(卫生健康委|卫生健康委员会|卫健委)$/, 'HEALTH'],
  [/^应急管理(厅|局)$/, 'EM'],
  [/^国资委$/, 'SASAC'],
  [/^(林业和草原(主管部门|局)|林草局|林业局)$/, 'FOREST'],
  [/^(总)?工会$/, 'FTU'],
  [/^团委$/, 'CYL'],
  [/^妇联$/, 'WF'],
  [/^作协$/, 'WA'],
  [/^工商联$/, 'FIC'],
  [/^气象局$/, 'MET'],
];

function departmentKind(phrase: string): string | null {
  const base = phrase.replace(/（[^）]*）/g, '');
  for (const [re, kind] of DEPARTMENTS) if (re.test(base)) return kind;
  return null;
}

/** Scope words of 各…: which regions each one covers, relative to the lead region. */
function scopeWord(word: string, idx: Index, ctx: ResolveContext): RegionInfo[] | string | null {
  const provinces = idx.regions.filter((r) => r.type === 'province');
  switch (word) {
    case '省': return provinces.filter((r) => r.name.endsWith('省'));
    case '自治区': return provinces.filter((r) => r.name.endsWith('自治区'));
    case '直辖市': return provinces.filter((r) => r.name.endsWith('市'));
    case '副省级城市': return idx.regions.filter((r) => r.type === 'sub-provincial-city' && isUnder(r, ctx.leadRegion));
    case '省辖市':
      // "the cities under this province": meaningless without a provincial lead.
      if (ctx.leadRegion === 'CN') return `"省辖市" needs a provincial lead region, not CN`;
      return idx.regions.filter((r) => r.type === 'city' && r.parentRegion === ctx.leadRegion && r.name.endsWith('市'));
  }
  // A region named outright is not relative to the lead: 新疆生产建设兵团, 济源示范区.
  const named = idx.regions.find((r) => r.type !== 'national' && r.name !== '' && r.name === word);
  return named ? [named] : null;
}

const SCOPE_WORDS = ['副省级城市', '省辖市', '自治区', '直辖市', '省'];

/** Split on 、 outside brackets: "省、…、副省级城市教育厅（教委、教育局）" keeps the bracket whole. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '（') depth++;
    if (ch === '）') depth = Math.max(0, depth - 1);
    if (ch === '、' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

type Outcome =
  | { type: 'codes'; codes: string[]; problem?: string }
  | { type: 'open' }
  | { type: 'error'; message: string };

/** 各省、自治区、直辖市、副省级城市科协 / 各省辖市、济源示范区林业局 / 新疆生产建设兵团科协. */
function resolveScoped(text: string, idx: Index, ctx: ResolveContext): Outcome | null {
  const plural = text.startsWith('各');
  const tokens = splitTopLevel(plural ? text.slice(1) : text);
  if (!plural && tokens.length > 1) return null;
  const last = tokens[tokens.length - 1];

  // The last token is <scope word or region name><department>; take the longest such prefix.
  const candidates = [...SCOPE_WORDS, ...idx.regions.filter((r) => r.type !== 'national').map((r) => r.name)]
    .filter((w) => w !== '' && last.startsWith(w) && last.length > w.length)
    .sort((a, b) => b.length - a.length);
  if (candidates.length === 0) return null;
  const lastScope = candidates[0];
  if (!plural && SCOPE_WORDS.includes(lastScope)) return null; // "省科协" without 各 is not a group
  const dept = last.slice(lastScope.length);
  const kind = departmentKind(dept);
  if (!kind) return { type: 'error', message: `unknown department "${dept}" in group phrase` };

  const regions: RegionInfo[] = [];
  for (const word of [...tokens.slice(0, -1), lastScope]) {
    const found = scopeWord(word, idx, ctx);
    if (found === null) return { type: 'error', message: `unknown scope "${word}" in group phrase` };
    if (typeof found === 'string') return { type: 'error', message: found };
    for (const r of found) if (!regions.includes(r)) regions.push(r);
  }
  if (regions.length === 0) return { type: 'error', message: `group phrase covers no region under ${ctx.leadRegion}` };
  // Directory order, not phrase order: 省、自治区、直辖市 lists 北京 first, as the directory does.
  regions.sort((a, b) => idx.regions.indexOf(a) - idx.regions.indexOf(b));

  const codes: string[] = [];
  const missing: string[] = [];
  for (const r of regions) {
    const found = idx.byRegionKind.get(`${r.code}|${kind}`);
    if (found) codes.push(...found);
    else missing.push(r.name);
  }
  if (codes.length === 0) return { type: 'error', message: `no ${kind} body in ${missing.join('、')}` };
  // A reader expects one such body per region: name the regions the directory lacks.
  const problem = missing.length > 0 ? `no ${kind} body in ${missing.join('、')}` : undefined;
  return { type: 'codes', codes, problem };
}

const SOCIETIES = /^(?:(.+?)所属)?各(全国|全省|省级)?(学会|协会|研究会)(、(学会|协会|研究会))*$/;

/** 中国科协所属各全国学会、协会、研究会 / 各全省学会、协会、研究会. */
function resolveSocieties(text: string, idx: Index, ctx: ResolveContext): Outcome | null {
  const m = SOCIETIES.exec(text);
  if (!m) return null;
  const [, owner, qualifier] = m;
  let region = ctx.leadRegion;
  if (qualifier === '全国') region = 'CN';
  else if (qualifier === '全省' || qualifier === '省级') {
    if (ctx.leadRegion === 'CN') return { type: 'error', message: `"${qualifier}学会" needs a provincial lead region, not CN` };
  }
  if (owner !== undefined) {
    const ownerCodes = idx.byName.get(owner) ?? (idx.byCode.has(owner) ? [owner] : []);
    const ownerBody = ownerCodes.length === 1 ? idx.byCode.get(ownerCodes[0]) : undefined;
    if (!ownerBody || ownerBody.kind !== 'CAST') {
      return { type: 'error', message: `unknown owner "${owner}" of societies (expected a 科协)` };
    }
    if (qualifier !== undefined && ownerBody.region !== region) {
      return { type: 'error', message: `"${owner}" and "${qualifier}" name different regions` };
    }
    region = ownerBody.region;
  }
  const codes = idx.byRegionKind.get(`${region}|SOCIETY`) ?? [];
  if (codes.length === 0) return { type: 'error', message: `no societies in region ${region}` };
  return { type: 'codes', codes: [...codes] };
}

const OPEN_ENDED = /^各?(有关|相关)(单位|部门)$/;

/** Whitespace comes from line-wrapped extraction; half-width brackets from hand-typed input. */
function normalise(entry: string): string {
  return entry.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').replace(/[，,。；;、]+$/, '');
}

function resolveOne(entry: string, idx: Index, directory: readonly BodySeed[], ctx: ResolveContext): Outcome {
  const text = normalise(entry);
  if (text === '') return { type: 'error', message: 'empty entry' };

  if (text.startsWith('group:')) {
    const members = groupMembers(text, directory, ctx);
    if (members === null) return { type: 'error', message: `unknown group id "${text}"` };
    if (members.length === 0) return { type: 'error', message: `group "${text}" has no members under ${ctx.leadRegion}` };
    return { type: 'codes', codes: members };
  }
  if (idx.byCode.has(text)) return { type: 'codes', codes: [text] };
  const named = idx.byName.get(text);
  if (named && named.length === 1) return { type: 'codes', codes: [...named] };
  if (named) return { type: 'error', message: `"${text}" is ambiguous: ${named.join(', ')}` };
  if (OPEN_ENDED.test(text)) return { type: 'open' };

  return (
    resolveSocieties(text, idx, ctx) ??
    resolveScoped(text, idx, ctx) ?? {
      type: 'error',
      message: `not recognised: "${text}" is not a body code, body name, group id or known group phrase`,
    }
  );
}

/** Resolve a 主送 or 抄送 list. Never throws on bad entries: they come back in `unresolved`. */
export function resolveRecipients(
  entries: string[],
  directory: readonly BodySeed[],
  ctx: ResolveContext,
): ResolvedRecipients {
  const idx = indexOf(directory);
  const result: ResolvedRecipients = { codes: [], perEntry: [], unresolved: [], openEnded: [] };
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const outcome = resolveOne(entry, idx, directory, ctx);
    if (outcome.type === 'error') {
      result.unresolved.push({ index, entry, message: outcome.message });
      result.perEntry.push({ entry, codes: [] });
      return;
    }
    if (outcome.type === 'open') {
      result.openEnded.push(entry);
      result.perEntry.push({ entry, codes: [] });
      return;
    }
    if (outcome.problem) result.unresolved.push({ index, entry, message: outcome.problem });
    result.perEntry.push({ entry, codes: outcome.codes });
    for (const code of outcome.codes) {
      if (!seen.has(code)) {
        seen.add(code);
        result.codes.push(code);
      }
    }
  });
  return result;
}

/** The region of a body ('CN', 'HA', 'HA_ZZ', 'XPCC' …), or null for an unknown code. */
export function regionOf(code: string, directory: readonly BodySeed[]): string | null {
  return indexOf(directory).byCode.get(code)?.region ?? null;
}
