/**
 * 主送 and 抄送 lines read into the entries of a definition, and the 总结报送 units of the summary
 * sentence mapped onto them. Every entry is checked with the resolver launches use
 * (directory.ts), so what is kept is what a launch will resolve, and what is not is reported.
 *
 * A printed line distributes a scope over departments:
 *   各省、自治区、直辖市、副省级城市科协、党委宣传部、…、工商联，新疆生产建设兵团科协、…，各有关单位。
 * and the definition keeps one group phrase per department, as campaigns/*.yaml do:
 *   各省、自治区、直辖市、副省级城市科协 / 各省、自治区、直辖市、副省级城市党委宣传部 / … / 各有关单位
 * Pure; see notice-parse.ts.
 */
import type { BodySeed } from './directory.data';
import type { ResolveContext } from './directory';
import { resolveRecipients } from './directory';

/** One entry as the definition will hold it, and where the notice printed it. */
export interface RecipientEntry {
  text: string;
  line: number;
  /** For a scoped group phrase: its scope words and its department (to narrow it, see reportingUnits). */
  scope?: string[];
  dept?: string;
}

export interface RecipientProblem {
  line: number;
  message: string;
}

/** Split on a separator outside （…）: `教育厅（教委、教育局）` stays whole. */
export function splitOutsideBrackets(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    if (ch === '）' || ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && separators.includes(ch)) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}

/** Resolves: names somebody (or is open-ended, 各有关单位), with no error of the resolver. */
function resolves(entry: string, directory: readonly BodySeed[], ctx: ResolveContext): boolean {
  const r = resolveRecipients([entry], directory, ctx);
  return r.openEnded.length === 1 || (r.perEntry[0].codes.length > 0 && !r.unresolved.some((u) => u.message.startsWith('not recognised')));
}

/**
 * One segment of a 主送 line (between ，) as entries: the segment itself when the resolver reads it
 * whole (`中国科协所属各全国学会、协会、研究会`, `各有关单位`); each name when it lists bodies; else
 * the scope (`各省、自治区、直辖市、副省级城市` / `新疆生产建设兵团`) distributed over its departments.
 * The scope is found by trying where it could end (the resolver knows the scope words and the
 * regions), and kept where the most departments read with it.
 */
const MAX_SCOPE_WORDS = 8;
/** A definition's 主送 and 抄送 hold at most this many entries (libs/contract/src/definition.dto.ts). */
const MAX_ENTRIES = 5000;
const MAX_SCOPE_CHARS = 40;
const SCORE_DEPTS = 4;

export interface PhraseItem {
  text: string;
  /** Whether the resolver reads it. */
  read: boolean;
  scope?: string[];
  dept?: string;
}

export function expandGroupPhrase(segment: string, directory: readonly BodySeed[], ctx: ResolveContext): PhraseItem[] {
  if (resolves(segment, directory, ctx)) return [{ text: segment, read: true }];
  const tokens = splitOutsideBrackets(segment, '、');
  let best: { scope: string[]; depts: string[]; score: number } | null = null;
  // A scope is a few words (各省、自治区、直辖市、副省级城市): its end is looked for among the first tokens only.
  for (let k = 0; k < Math.min(tokens.length, MAX_SCOPE_WORDS) && tokens.length > 1; k++) {
    const chars = [...tokens[k]].slice(0, MAX_SCOPE_CHARS);
    for (let p = chars.length - 1; p >= 1; p--) {
      const scope = [...tokens.slice(0, k), chars.slice(0, p).join('')];
      const prefix = scope.join('、');
      const first = chars.slice(p).join('');
      if (!resolves(prefix + first, directory, ctx)) continue;
      const depts = [first, ...tokens.slice(k + 1)];
      // Where the scope ends shows in its first departments; a long list is not tried whole for each guess.
      const score = depts.slice(0, SCORE_DEPTS).filter((d) => resolves(prefix + d, directory, ctx)).length;
      if (!best || score > best.score) best = { scope, depts, score };
    }
    if (best) break;
  }
  // A scope is distributed when it reads with more than its first department (or with all of
  // them); otherwise the segment is a list of names, each taken or reported on its own.
  if (!best || (best.score < 2 && best.score < Math.min(best.depts.length, SCORE_DEPTS))) {
    return tokens.slice(0, MAX_ENTRIES).map((text) => ({ text, read: resolves(text, directory, ctx) }));
  }
  const prefix = best.scope.join('、');
  return best.depts.slice(0, MAX_ENTRIES).map((d) => ({ text: prefix + d, read: resolves(prefix + d, directory, ctx), scope: best.scope, dept: d }));
}

/**
 * A 主送 or 抄送 list as printed (its label and final 。 or ： removed; `lineAt` gives the line of
 * a character offset of `text`) → entries, one per body or group phrase. What the resolver cannot
 * read is kept as printed and reported with its line: a launch would refuse it, so a person fixes it.
 */
export function readRecipientList(
  text: string,
  lineAt: (offset: number) => number,
  directory: readonly BodySeed[],
  ctx: ResolveContext,
  label: string,
): { entries: RecipientEntry[]; problems: RecipientProblem[] } {
  const entries: RecipientEntry[] = [];
  const problems: RecipientProblem[] = [];
  let offset = 0;
  for (const segment of splitOutsideBrackets(text, '，,；;')) {
    if (entries.length >= MAX_ENTRIES) {
      problems.push({ line: lineAt(offset), message: `${label} lists more than ${MAX_ENTRIES} entries, the most a definition holds: the rest is not read` });
      break;
    }
    const at = text.indexOf(segment, offset);
    offset = at + segment.length;
    const line = lineAt(at);
    for (const item of expandGroupPhrase(segment, directory, ctx).slice(0, MAX_ENTRIES - entries.length)) {
      entries.push({ text: item.text, line, ...(item.read && item.scope && { scope: item.scope, dept: item.dept }) });
      if (!item.read) {
        problems.push({ line, message: `${label} "${item.text}" names no body of the directory (${explain(item.text, directory, ctx)}): kept as printed; name the bodies (codes or names) or import them before launching` });
      }
    }
  }
  // Phrases that resolve only in part (a region without such a body) are kept, and said.
  for (const e of entries) {
    const r = resolveRecipients([e.text], directory, ctx);
    for (const u of r.unresolved) if (r.perEntry[0].codes.length > 0) problems.push({ line: e.line, message: `${label} "${e.text}": ${u.message}` });
  }
  return { entries, problems };
}

function explain(entry: string, directory: readonly BodySeed[], ctx: ResolveContext): string {
  return resolveRecipients([entry], directory, ctx).unresolved[0]?.message ?? 'not recognised';
}

// ── 总结报送 units ──────────────────────────────────────────────────────────────────────────

const PROVINCIAL = new Set(['province', 'corps']);

/**
 * The reporting units a summary sentence names (`各省级科协、全国学会`, `各省辖市、济源示范区科协和各
 * 全省学会`), as entries of the 主送 list, so that every unit reports among the recipients: a 主送
 * entry the phrase covers is kept as printed; one it covers in part is narrowed to its scope words
 * that stay (`各省、自治区、直辖市、副省级城市科协` → `各省、自治区、直辖市科协` for 省级科协). Null when
 * the phrase names no 主送 body.
 */
export function reportingEntries(
  phrases: readonly string[],
  main: readonly RecipientEntry[],
  directory: readonly BodySeed[],
  ctx: ResolveContext,
): { entries: string[]; unread: string[] } {
  const byCode = new Map(directory.map((b) => [b.code, b]));
  const codesOf = (entry: string) => resolveRecipients([entry], directory, ctx).codes;
  const mainCodes = main.map((e) => new Set(codesOf(e.text)));
  const entries: string[] = [];
  const unread: string[] = [];
  for (const raw of phrases) {
    const phrase = raw.startsWith('各') ? raw : `各${raw}`;
    let target: Set<string> | null = null;
    if (resolves(phrase, directory, ctx)) target = new Set(codesOf(phrase));
    else {
      // 各省级<dept>: the department in every province-level region (provinces and the corps).
      const m = /^各省级(.+)$/.exec(phrase);
      const kinds = m ? new Set(codesOf(`各省${m[1]}`).map((c) => byCode.get(c)?.kind)) : null;
      if (kinds && kinds.size) {
        target = new Set(
          mainCodes.flatMap((s) => [...s]).filter((c) => {
            const b = byCode.get(c);
            return b !== undefined && kinds.has(b.kind) && PROVINCIAL.has(b.regionType);
          }),
        );
      }
    }
    const before = entries.length;
    if (target) {
      main.forEach((e, i) => {
        const own = mainCodes[i];
        const inside = [...own].filter((c) => target.has(c));
        if (!inside.length) return;
        const text = inside.length === own.size ? e.text : narrowed(e, new Set(inside), directory, ctx);
        if (text && !entries.includes(text)) entries.push(text);
        else if (!text) for (const c of inside) if (!entries.includes(c)) entries.push(c);
      });
    }
    if (entries.length === before) unread.push(raw);
  }
  return { entries, unread };
}

/** The entry's group phrase with only the scope words whose bodies are wanted, if one says exactly that. */
function narrowed(e: RecipientEntry, wanted: Set<string>, directory: readonly BodySeed[], ctx: ResolveContext): string | null {
  if (!e.scope || !e.dept) return null;
  const words = [...e.scope];
  const plural = words[0].startsWith('各');
  if (plural) words[0] = words[0].slice(1);
  // Largest subsets first: keep as much of the printed wording as says the same bodies.
  const subsets: string[][] = [];
  for (let mask = (1 << words.length) - 1; mask > 0; mask--) subsets.push(words.filter((_, i) => mask & (1 << i)));
  subsets.sort((a, b) => b.length - a.length);
  for (const s of subsets) {
    const text = `${plural ? '各' : ''}${s.join('、')}${e.dept}`;
    const codes = resolveRecipients([text], directory, ctx);
    if (codes.unresolved.length === 0 && codes.codes.length === wanted.size && codes.codes.every((c) => wanted.has(c))) return text;
  }
  return null;
}
