/**
 * The layout rules of an official document (公文) as GB/T 9704-2012 《党政机关公文格式》 sets them,
 * as pure code: the page's numbers, the body's levels (一、 （一） 1. （1）), line breaking on a grid
 * of characters, the title's lines, the 主送/抄送 line, the signature block's rows, the dates and
 * the 版记's lines. The renderers (apps/api/src/documents: PDF with pdfkit, Word with docx) only
 * draw what these decide. No fonts here: a renderer passes how wide a character is (`Measure`).
 */
import { zhDate } from './time';

export const MM_PER_PT = 25.4 / 72;
export const PT_PER_MM = 72 / 25.4;

/** GB/T 9704-2012 in numbers (millimetres and points). */
export const GBT9704 = {
  pageWidthMm: 210,
  pageHeightMm: 297,
  /** 天头 (top margin) 37 mm; 订口 (left margin) 28 mm; 版心 156 × 225 mm. */
  marginTopMm: 37,
  marginLeftMm: 28,
  typeWidthMm: 156,
  typeHeightMm: 225,
  /** 正文 3号 (16 pt), 22 lines of 28 characters. */
  bodyPt: 16,
  linesPerPage: 22,
  charsPerLine: 28,
  /** 标题 2号 (22 pt). */
  titlePt: 22,
  /** 版记 and page numbers: 4号 (14 pt). */
  smallPt: 14,
  /** 发文机关标志: its upper edge 35 mm below the type area's. */
  markTopMm: 35,
  /** 发文字号: two blank lines under the mark; the red separator 4 mm under the number. */
  numberGapLines: 2,
  separatorGapMm: 4,
  /** 标题: two blank lines under the separator; 主送: one blank line under the title. */
  titleGapLines: 2,
  /** 页码: a dash either side, its top 7 mm under the type area, one character in from the outer side. */
  pageNumberGapMm: 7,
  /** 版记's first and last rules 0.35 mm, the rules between 0.25 mm. */
  thickRuleMm: 0.35,
  thinRuleMm: 0.25,
} as const;

/** One line's pitch and one character's advance of the body grid, in points. */
export const BODY_LINE_PT = (GBT9704.typeHeightMm / GBT9704.linesPerPage) * PT_PER_MM;
export const BODY_CHAR_PT = (GBT9704.typeWidthMm / GBT9704.charsPerLine) * PT_PER_MM;

/** How wide a character is, in full-width characters (cells) of the size it is set in. */
export type Measure = (ch: string) => number;

/** Without a font at hand: CJK and full-width forms take a cell, everything else half of one. */
export const defaultMeasure: Measure = (ch) => {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x1100) return 0.5;
  if (cp >= 0x2000 && cp <= 0x206f) return cp === 0x2014 || cp === 0x2026 ? 1 : 0.5;
  if (cp >= 0xff61 && cp <= 0xffdc) return 0.5;
  return 1;
};

// ── The body's structure ───────────────────────────────────────────────────────────────────

/** 0: an ordinary paragraph; 1 一、 2 （一） 3 1. 4 （1）. */
export type NoticeLevel = 0 | 1 | 2 | 3 | 4;
/** The face a run is set in: 仿宋 (body), 黑体 (the first level's heading), 楷体 (the second's). */
export type RunStyle = 'body' | 'heading1' | 'heading2';

export interface Run {
  text: string;
  style: RunStyle;
}

export interface NoticeParagraph {
  level: NoticeLevel;
  runs: Run[];
}

const HAN_NUMERAL = '[一二三四五六七八九十百零〇]+';
const LEVEL_PATTERNS: [Exclude<NoticeLevel, 0>, RegExp][] = [
  [1, new RegExp(`^${HAN_NUMERAL}、`, 'u')],
  [2, new RegExp(`^[（(]\\s*${HAN_NUMERAL}\\s*[）)]`, 'u')],
  [4, /^[（(]\s*\d{1,3}\s*[）)]/u],
  [3, /^\d{1,3}\s*[.．](?!\d)/u],
];

/** The level of a paragraph by its ordinal (序数): `一、` 1, `（一）` 2, `1.` 3, `（1）` 4, else 0. */
export function paragraphLevel(text: string): NoticeLevel {
  for (const [level, re] of LEVEL_PATTERNS) if (re.test(text)) return level;
  return 0;
}

/**
 * The notice's text as paragraphs with their levels: every non-blank line is a paragraph (the
 * text is never changed: co-signers approved these exact characters). The first level's heading
 * is set in 黑体 and the second's in 楷体 — the whole line when it is a heading alone, else up to
 * its first full stop (`（一）加强政治引领，激发奋进力量。` in 楷体, the rest in 仿宋); the third and
 * fourth levels are 仿宋 like the body.
 */
export function noticeParagraphs(body: string): NoticeParagraph[] {
  const out: NoticeParagraph[] = [];
  for (const raw of body.split('\n')) {
    const text = raw.replace(/\s+$/u, '');
    if (!text.trim()) continue;
    const level = paragraphLevel(text.trimStart());
    const style: RunStyle | null = level === 1 ? 'heading1' : level === 2 ? 'heading2' : null;
    if (!style) {
      out.push({ level, runs: [{ text, style: 'body' }] });
      continue;
    }
    const stop = text.indexOf('。');
    if (stop < 0 || stop === text.length - 1) out.push({ level, runs: [{ text, style }] });
    else out.push({ level, runs: [{ text: text.slice(0, stop + 1), style }, { text: text.slice(stop + 1), style: 'body' }] });
  }
  return out;
}

// ── Line breaking on the grid ──────────────────────────────────────────────────────────────

/** Punctuation that may not start a line (避头). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’…—·％%,.;:?!)]}>～']);
/** Punctuation that may not end a line (避尾). */
const NO_LINE_END = new Set([...'（《「『【〔〈“‘([{<']);
/** Characters of a run that is not broken: numbers, Latin words, addresses, telephone numbers. */
const UNBROKEN = /[A-Za-z0-9@._:/\-#&=?+~]/u;

export interface LaidLine<T = string> {
  /** The characters of the line, in order (each with what it carries: a run's style). */
  chars: T[];
  /** Cells left blank before the first character (the paragraph's first-line indent). */
  indent: number;
  /** Cells the characters take. */
  width: number;
  /** The last line of its paragraph: set ragged, the others are justified to the full width. */
  last: boolean;
}

interface Unit<T> {
  items: T[];
  width: number;
  first: string;
  last: string;
}

function unitsOf<T>(items: readonly T[], charOf: (t: T) => string, measure: Measure): Unit<T>[] {
  const units: Unit<T>[] = [];
  let cur: Unit<T> | null = null;
  for (const item of items) {
    const ch = charOf(item);
    const w = measure(ch);
    if (cur && UNBROKEN.test(ch) && UNBROKEN.test(cur.last) && cur.width + w <= 8) {
      cur.items.push(item);
      cur.width += w;
      cur.last = ch;
      continue;
    }
    cur = { items: [item], width: w, first: ch, last: ch };
    units.push(cur);
  }
  return units;
}

/**
 * Breaks a paragraph into lines of at most `width` cells, the first indented by `indent` cells
 * (正文: 每个自然段左空二字，回行顶格), keeping numbers and Latin words whole and punctuation off
 * the wrong end of a line (a closing mark never starts one, an opening mark never ends one: the
 * character before it moves down with it).
 */
export function breakLines<T>(items: readonly T[], opts: { width: number; indent?: number; measure?: Measure; charOf: (t: T) => string }): LaidLine<T>[] {
  const measure = opts.measure ?? defaultMeasure;
  const units = unitsOf(items, opts.charOf, measure);
  const lines: LaidLine<T>[] = [];
  let i = 0;
  let indent = opts.indent ?? 0;
  while (i < units.length) {
    const room = opts.width - indent;
    let j = i;
    let w = 0;
    while (j < units.length && w + units[j].width <= room + 1e-9) w += units[j++].width;
    if (j === i) j = i + 1; // a unit wider than the line stands alone
    if (j < units.length) {
      // Pull back so that the next line does not start with a closing mark (at most 3 units).
      let k = j;
      while (k > i + 1 && k - j > -3 && NO_LINE_START.has(units[k].first)) k--;
      if (!NO_LINE_START.has(units[k].first)) j = k;
      // …and this one does not end with an opening mark.
      while (j > i + 1 && NO_LINE_END.has(units[j - 1].last)) j--;
    }
    const taken = units.slice(i, j);
    lines.push({ chars: taken.flatMap((u) => u.items), indent, width: taken.reduce((s, u) => s + u.width, 0), last: j >= units.length });
    i = j;
    indent = 0;
  }
  return lines;
}

/** breakLines for plain text. */
export function breakText(text: string, opts: { width: number; indent?: number; measure?: Measure }): LaidLine<string>[] {
  return breakLines([...text], { ...opts, charOf: (c) => c });
}

/** The text of a laid line of characters. */
export const lineText = (l: LaidLine<string>) => l.chars.join('');

// ── The title ─────────────────────────────────────────────────────────────────────────────

/**
 * The title's lines (标题: 分一行或多行居中排布；回行时，要做到词意完整，排列对称，长短适宜，
 * 间距恰当，标题排列应当使用梯形或菱形). One line when it fits; else as many as it needs, as even
 * as can be, preferring a break before 关于 (the issuers apart from what the notice is about) and
 * after 的, never inside a number, and a shorter line above a longer one (a trapezium).
 */
export function titleLines(title: string, width: number, measure: Measure = defaultMeasure): string[] {
  const units = unitsOf([...title.trim()], (c) => c, measure);
  const total = units.reduce((s, u) => s + u.width, 0);
  if (total <= width) return [title.trim()];
  const n = Math.ceil(total / width);
  const target = total / n;
  const text = (a: number, b: number) => units.slice(a, b).map((u) => u.items.join('')).join('');
  const widthOf = (a: number, b: number) => units.slice(a, b).reduce((s, u) => s + u.width, 0);
  // cost[k][i]: the best cost of setting units[0..i) in k lines.
  const INF = Number.POSITIVE_INFINITY;
  const cost: number[][] = Array.from({ length: n + 1 }, () => Array<number>(units.length + 1).fill(INF));
  const prev: number[][] = Array.from({ length: n + 1 }, () => Array<number>(units.length + 1).fill(-1));
  cost[0][0] = 0;
  for (let k = 1; k <= n; k++) {
    for (let i = 1; i <= units.length; i++) {
      for (let a = 0; a < i; a++) {
        if (cost[k - 1][a] === INF) continue;
        const w = widthOf(a, i);
        if (w > width + 1e-9) continue;
        let c = cost[k - 1][a] + (w - target) ** 2;
        const line = text(a, i);
        const next = i < units.length ? units[i].first : '';
        if (i < units.length) {
          // 词意完整 first: the issuers apart from what the notice is about, then words' ends.
          if (text(i, Math.min(units.length, i + 2)) === '关于') c -= 60;
          if (/[的省市县区年]$/u.test(line)) c -= 1.5;
          if (NO_LINE_START.has(next) || NO_LINE_END.has(units[i - 1].last)) c += 100;
        }
        // A trapezium: each line no longer than the next.
        if (a > 0 && widthOf(prev[k - 1][a] < 0 ? 0 : prev[k - 1][a], a) > w) c += 1;
        if (c < cost[k][i]) {
          cost[k][i] = c;
          prev[k][i] = a;
        }
      }
    }
  }
  if (cost[n][units.length] === INF) return breakText(title.trim(), { width, measure }).map(lineText);
  const cuts: number[] = [];
  for (let k = n, i = units.length; k > 0; k--) {
    cuts.unshift(i);
    i = prev[k][i];
  }
  return cuts.map((end, idx) => text(idx === 0 ? 0 : cuts[idx - 1], end));
}

// ── 主送 and 抄送 ─────────────────────────────────────────────────────────────────────────

/** Where the scope of a group phrase ends: 各省、自治区、直辖市、副省级城市|科协. */
const SCOPE_END = /[市区省团州盟县旗]$/u;

/**
 * The 主送 or 抄送 line as a notice prints it, from the definition's entries: consecutive entries
 * of one scope are written once (`各省、自治区、直辖市、副省级城市科协`, `…党委宣传部` →
 * `各省、自治区、直辖市、副省级城市科协、党委宣传部`); groups are separated by `，`, single
 * bodies by `、`; the line ends with a full stop (7.4.2: 最后一个抄送机关名称后标句号).
 */
export function recipientLine(entries: readonly string[]): string {
  const parts: { text: string; group: boolean }[] = [];
  let i = 0;
  while (i < entries.length) {
    let best = 1;
    let scope = '';
    for (let j = i + 2; j <= entries.length; j++) {
      const p = commonScope(entries.slice(i, j));
      if (!p) break;
      best = j - i;
      scope = p;
    }
    if (best > 1) {
      parts.push({ text: scope + entries.slice(i, i + best).map((e) => e.slice(scope.length)).join('、'), group: true });
      i += best;
    } else {
      const e = entries[i++];
      parts.push({ text: e, group: e.startsWith('各') || e.includes('、') });
    }
  }
  let out = '';
  parts.forEach((p, k) => {
    if (k > 0) out += p.group || parts[k - 1].group ? '，' : '、';
    out += p.text;
  });
  return out ? `${out}。` : '';
}

function commonScope(entries: readonly string[]): string | null {
  let p = entries[0];
  for (const e of entries.slice(1)) {
    let n = 0;
    while (n < p.length && n < e.length && p[n] === e[n]) n++;
    p = p.slice(0, n);
  }
  while (p && !SCOPE_END.test(p)) p = p.slice(0, -1);
  if (p.length < 3 || entries.some((e) => e.length <= p.length)) return null;
  return p;
}

// ── The signature block, the dates, the 版记 ─────────────────────────────────────────────

export interface IssuingAgency {
  code: string;
  name: string;
  shortName: string;
  level: string;
}

/**
 * An issuer's name in the signature block (发文机关署名: 全称或者规范化简称): the central
 * agencies sign with their standard short names (`中国科协`, `国家卫生健康委`, as the national
 * notice prints them), the others with their full names (`河南省科学技术协会`, as Henan's does).
 */
export function signatureName(a: IssuingAgency): string {
  return a.level === 'national' ? a.shortName : a.name;
}

/**
 * The signature block in rows, every issuer in signature order: as many to a row as fit with two
 * cells between them (at most three — the national notice's 7 rows of 3), one to a row when the
 * names are long (Henan's).
 */
export function signatureRows(names: readonly string[], opts: { width?: number; maxColumns?: number; measure?: Measure } = {}): string[][] {
  const width = opts.width ?? GBT9704.charsPerLine;
  const measure = opts.measure ?? defaultMeasure;
  const longest = Math.max(0, ...names.map((n) => [...n].reduce((s, c) => s + measure(c), 0)));
  const columns = Math.max(1, Math.min(opts.maxColumns ?? 3, Math.floor(width / (longest + 2))));
  const rows: string[][] = [];
  for (let i = 0; i < names.length; i += columns) rows.push(names.slice(i, i + columns));
  return rows;
}

/** 成文日期 in Arabic numerals (2023年8月4日); before sign-off the blanks a draft leaves for it. */
export function writingDate(issuedAt: string | null): string {
  return issuedAt ? zhDate(issuedAt) : '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';
}

/** 印发机关: the lead's general office — 办公厅 of a central agency, 办公室 below that. */
export function printingOffice(lead: IssuingAgency): string {
  return `${lead.name}${lead.level === 'national' ? '办公厅' : '办公室'}`;
}

/** 印发日期: `2023年8月25日印发`. */
export function printedOn(issuedAt: string | null): string {
  return `${writingDate(issuedAt)}印发`;
}

/** 发文字号 as printed; a draft shows where its number will go (the prefix, the year, blanks, 号). */
export function docNumberLine(docNumber: string | null, prefix: string, year: number): string {
  return docNumber ?? `${prefix}〔${year}〕\u3000\u3000号`;
}

/**
 * 附件说明 (正文下空一行左空二字编排"附件"二字，后标全角冒号和附件名称；多个附件使用阿拉伯数字
 * 标注附件顺序号): the lines, the later ones aligned under the first name.
 */
export function attachmentLines(attachments: readonly string[]): string[] {
  const names = attachments.map((a) => a.trim()).filter(Boolean);
  if (names.length === 0) return [];
  if (names.length === 1) return [`附件：${names[0]}`];
  return names.map((n, i) => `${i === 0 ? '附件：' : '\u3000\u3000\u3000'}${i + 1}.${n}`);
}

/** 页码: `— 1 —`, on the outer side: right on odd pages, left on even ones. */
export function pageNumberText(n: number): string {
  return `— ${n} —`;
}
export function pageNumberSide(n: number): 'right' | 'left' {
  return n % 2 === 1 ? 'right' : 'left';
}

/** What a draft says on every page, beside its 草稿 watermark. */
export function draftLine(version: number, sha256: string): string {
  return `草稿 · 第${version}稿 · 文本 SHA-256 ${sha256}`;
}

/** The link a reader follows to verify a printed notice. */
export function verificationUrl(publicUrl: string, sha256: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/verify?sha256=${sha256}`;
}

/**
 * The 发文机关标志: the issuers' full names and 文件. A joint notice may name the lead alone or
 * every issuer (7.2.3: 联合行文时，如需同时标注联署发文机关名称，一般应当将主办机关名称排列在前；
 * 如有"文件"二字，应当置于发文机关名称右侧，以联署发文机关名称为准上下居中排布). The names are
 * those its header prints when the definition transcribed them (`headerIssuers`: Henan's 21 names),
 * else the lead's alone: 21 names stacked would fill the first page and leave the body none (7.3.3:
 * 公文首页必须显示正文), so the national notice carries 中国科学技术协会文件.
 */
export function issuingMarkNames(lead: IssuingAgency, header: readonly IssuingAgency[] | null): string[] {
  return header && header.length > 1 ? header.map((a) => a.name) : [lead.name];
}
