/**
 * Who issues a notice, read from its text: the signature block (发文机关署名: the lead first, then
 * the co-signers, in rows or one per line), the header (版头: `…文件`, the issuers' names above it,
 * or — as in the Henan seed — the names extracted as garbled vertical text), and the document
 * number (发文字号). Names are looked up among the directory's names and short names. Pure; see
 * notice-parse.ts.
 */
import type { BodySeed } from './directory.data';
import type { Line } from './notice-parse-lines';
import { compact } from './notice-parse-lines';
import { dateLine } from './notice-parse-dates';

export interface Issuer {
  code: string;
  name: string;
  line: number;
}

export interface ParseProblem {
  line: number | null;
  message: string;
}

// ── Names ───────────────────────────────────────────────────────────────────────────────────

const nameIndexes = new WeakMap<readonly BodySeed[], Map<string, string[]>>();

/** The codes of the bodies with this full name or short name (several: the name is ambiguous). */
export function codesByName(name: string, directory: readonly BodySeed[]): string[] {
  let idx = nameIndexes.get(directory);
  if (!idx) {
    idx = new Map();
    for (const b of directory) {
      for (const n of new Set([b.name, b.shortName])) {
        const list = idx.get(n);
        if (list) list.push(b.code);
        else idx.set(n, [b.code]);
      }
    }
    nameIndexes.set(directory, idx);
  }
  return idx.get(name) ?? [];
}

/** What the name of an issuing organ ends with, for a name the directory does not hold. */
const ORGAN = /(部|委|办|办公室|厅|局|会|院|联|协|中央|政府|集团|大学|公司|中心|署|馆|所)$/;
const PUNCTUATION = /[，。：；、,:;！？“”（）()《》]/;

function signatureTokens(text: string): string[] | null {
  const c = compact(text);
  if (c === '' || PUNCTUATION.test(c) || /\d/.test(c) || /(印发|文件)$/.test(c) || dateLine(text)) return null;
  const tokens = text.trim().split(/\s+/);
  return tokens.every((t) => [...t].length >= 2 && [...t].length <= 40) ? tokens : null;
}

// ── Signature block ─────────────────────────────────────────────────────────────────────────

export interface SignatureBlock {
  issuers: Issuer[];
  /** Index (in the lines given) of the block's first and last line. */
  first: number;
  last: number;
  problems: ParseProblem[];
}

/**
 * The signature block: the run of lines (blank lines between them allowed) made only of organs'
 * names, with the most names the directory knows; a later run wins a tie (the block comes last).
 */
export function findSignatureBlock(lines: readonly Line[], from: number, directory: readonly BodySeed[]): SignatureBlock | null {
  let best: { first: number; last: number; known: number } | null = null;
  let run: { first: number; last: number; known: number } | null = null;
  const close = () => {
    if (run && run.known > 0 && (!best || run.known >= best.known)) best = run;
    run = null;
  };
  for (let i = from; i < lines.length; i++) {
    if (compact(lines[i].text) === '') continue;
    const tokens = signatureTokens(lines[i].text);
    const known = tokens?.filter((t) => codesByName(t, directory).length === 1).length ?? 0;
    const organs = tokens?.every((t) => codesByName(t, directory).length > 0 || ORGAN.test(t)) ?? false;
    if (!tokens || !organs) {
      close();
      continue;
    }
    if (run) {
      run.last = i;
      run.known += known;
    } else run = { first: i, last: i, known };
  }
  close();
  if (!best) return null;
  const { first, last } = best;
  const issuers: Issuer[] = [];
  const problems: ParseProblem[] = [];
  const seen = new Set<string>();
  for (let i = first; i <= last; i++) {
    for (const name of signatureTokens(lines[i].text) ?? []) {
      const codes = codesByName(name, directory);
      if (codes.length === 1 && seen.has(codes[0])) {
        problems.push({ line: lines[i].no, message: `${name} signs twice in the signature block; counted once` });
      } else if (codes.length === 1) {
        seen.add(codes[0]);
        issuers.push({ code: codes[0], name, line: lines[i].no });
      } else if (codes.length > 1) {
        problems.push({ line: lines[i].no, message: `${name} in the signature block names more than one body of the directory (${codes.join(', ')}); not taken as a co-signer` });
      } else {
        problems.push({ line: lines[i].no, message: `${name} in the signature block is not in the directory; not taken as a co-signer (an administrator may import it, POST /api/v1/agencies/import)` });
      }
    }
  }
  return { issuers, first, last, problems };
}

// ── Document number ─────────────────────────────────────────────────────────────────────────

/** 豫科协发〔2023〕50号 (also with [] 【】 ［］ () around the year, as typed). */
export function readDocNumber(text: string): { prefix: string; year: number; sequence: number } | null {
  const m = /^([^\s〔〕[\]［］【】()（）]{1,20})[〔[［【(（](\d{4})[〕\]］】)）](\d{1,6})号$/.exec(compact(text));
  return m ? { prefix: m[1], year: Number(m[2]), sequence: Number(m[3]) } : null;
}

/** Province-level abbreviations (简称) that begin the prefixes of provincial organs: 豫科协发. */
const PROVINCE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  北京市: '京', 天津市: '津', 河北省: '冀', 山西省: '晋', 内蒙古自治区: '内', 辽宁省: '辽', 吉林省: '吉',
  黑龙江省: '黑', 上海市: '沪', 江苏省: '苏', 浙江省: '浙', 安徽省: '皖', 福建省: '闽', 江西省: '赣',
  山东省: '鲁', 河南省: '豫', 湖北省: '鄂', 湖南省: '湘', 广东省: '粤', 广西壮族自治区: '桂', 海南省: '琼',
  重庆市: '渝', 四川省: '川', 贵州省: '黔', 云南省: '云', 西藏自治区: '藏', 陕西省: '陕', 甘肃省: '甘',
  青海省: '青', 宁夏回族自治区: '宁', 新疆维吾尔自治区: '新', 新疆生产建设兵团: '兵',
};

/**
 * A document-number prefix for a lead whose notice prints none, as organs form theirs: the
 * province's abbreviation, the short name without country or province, 发 (中国科协 → 科协发,
 * 河南省科协 → 豫科协发). A guess, always reported as one.
 */
export function guessPrefix(lead: BodySeed): string {
  const abbr = PROVINCE_ABBREVIATIONS[lead.regionName] ?? '';
  let core = lead.shortName;
  if (lead.regionName && core.startsWith(lead.regionName)) core = core.slice(lead.regionName.length);
  core = core.replace(/^(中国|中华人民共和国|中华|中央|国家|全国)/, '');
  return `${abbr}${core}发`;
}

// ── Header ──────────────────────────────────────────────────────────────────────────────────

const PURE_CJK = /^[\u3400-\u9FFF]{4,}$/;

export interface Header {
  /** The issuers the header names, when it names more than the lead (a joint header). */
  issuers: string[] | null;
  problems: ParseProblem[];
  /** Lines that belong to the header (not to the title). */
  lines: Set<number>;
}

/**
 * The header above the title: `<names>文件` (on one line or the names on the lines above), or
 * a garbled vertical block of names as PDF extraction leaves one. `signers` are the signature
 * block's issuers, which a garbled header is read against.
 */
export function readHeader(lines: readonly Line[], signers: readonly Issuer[], directory: readonly BodySeed[], leadRegion: string): Header {
  const result: Header = { issuers: null, problems: [], lines: new Set() };
  const named: Issuer[] = [];
  let fileMark = -1;
  lines.forEach((l, i) => {
    if (/文件$/.test(compact(l.text))) fileMark = i;
  });
  if (fileMark >= 0) {
    // The names printed beside 文件: the block of lines around it, top to bottom (文件 is centred
    // against them, so it may stand on any of their lines).
    let top = fileMark;
    let bottom = fileMark;
    const names = (i: number) => {
      const tokens = lines[i].text.replace(/文件\s*$/, '').trim().split(/\s+/).filter(Boolean);
      return tokens.length > 0 && tokens.every((t) => codesByName(t, directory).length === 1);
    };
    while (top > 0 && compact(lines[top - 1].text) && names(top - 1)) top--;
    while (bottom < lines.length - 1 && compact(lines[bottom + 1].text) && names(bottom + 1)) bottom++;
    for (let i = top; i <= bottom; i++) {
      result.lines.add(lines[i].no);
      for (const t of lines[i].text.replace(/文件\s*$/, '').trim().split(/\s+/).filter(Boolean)) {
        const codes = codesByName(t, directory);
        if (codes.length === 1) named.push({ code: codes[0], name: t, line: lines[i].no });
      }
    }
  }
  const garbled = lines.filter((l) => PURE_CJK.test(compact(l.text)) && codesByName(compact(l.text), directory).length === 0 && !/(通知|文件)$/.test(l.text.trim()));
  if (garbled.length >= 3) {
    for (const l of garbled) result.lines.add(l.no);
    const read = readGarbled(garbled, signers, directory, leadRegion);
    result.problems.push(...read.problems);
    result.issuers = read.issuers;
    return result;
  }
  const codes = [...new Set(named.map((n) => n.code))];
  if (codes.length > 1) result.issuers = codes;
  return result;
}

type Bag = Map<string, number>;

function bagOf(chars: Iterable<string>): Bag {
  const bag: Bag = new Map();
  for (const c of chars) bag.set(c, (bag.get(c) ?? 0) + 1);
  return bag;
}

function subtract(bag: Bag, chars: Iterable<string>): void {
  for (const c of chars) bag.set(c, (bag.get(c) ?? 0) - 1);
}

/**
 * A header extracted column by column: each line holds the k-th character of every issuer's name
 * (repeated lines, lost characters). Its width (the most common line length) is the number of
 * issuers. With more columns than the signature block has names, the extra issuers are the bodies
 * (of the lead's region, not societies) whose first and last characters are left over in the
 * header's first and last rows once the signers' are taken out, best covered by the characters
 * left over in the whole block. Anything less certain is reported, not guessed.
 */
function readGarbled(rows: readonly Line[], signers: readonly Issuer[], directory: readonly BodySeed[], leadRegion: string): { issuers: string[] | null; problems: ParseProblem[] } {
  const distinct = rows.filter((r, i) => i === 0 || compact(r.text) !== compact(rows[i - 1].text)).map((r) => [...compact(r.text)]);
  const lengths = bagOf(distinct.map((r) => String(r.length)));
  const width = Number([...lengths].sort((a, b) => b[1] - a[1] || Number(b[0]) - Number(a[0]))[0][0]);
  const span = `lines ${rows[0].no}–${rows[rows.length - 1].no}`;
  const where = rows[0].no;
  const n = signers.length;
  if (width === n) return { issuers: null, problems: [] };
  if (width < n) {
    return {
      issuers: null,
      problems: [{ line: where, message: `${span}: the header (版头) is vertical text garbled by extraction; it is ${width} names wide, the signature block has ${n}: check which issuers the printed header leaves out` }],
    };
  }
  const top = distinct[0];
  const bottom = distinct[distinct.length - 1];
  const firstChars = signers.map((s) => [...s.name][0]);
  const hits = (row: string[]) => {
    const bag = bagOf(row);
    return firstChars.filter((c) => {
      const k = bag.get(c) ?? 0;
      bag.set(c, k - 1);
      return k > 0;
    }).length;
  };
  const [firstRow, lastRow] = hits(bottom) >= hits(top) ? [bottom, top] : [top, bottom];
  const leftFirst = bagOf(firstRow);
  subtract(leftFirst, firstChars);
  const leftLast = bagOf(lastRow);
  subtract(leftLast, signers.map((s) => [...s.name].slice(-1)[0]));
  const leftAll = bagOf(distinct.flat());
  subtract(leftAll, signers.flatMap((s) => [...s.name]));
  const signed = new Set(signers.map((s) => s.code));
  const scored = directory
    .filter((b) => b.region === leadRegion && b.kind !== 'SOCIETY' && b.kind !== 'SPECIAL' && !signed.has(b.code))
    .filter((b) => (leftFirst.get([...b.name][0]) ?? 0) > 0 && (leftLast.get([...b.name].slice(-1)[0]) ?? 0) > 0)
    .map((b) => {
      const bag = new Map(leftAll);
      let covered = 0;
      for (const c of b.name) {
        const k = bag.get(c) ?? 0;
        if (k > 0) covered++;
        bag.set(c, k - 1);
      }
      return { body: b, score: covered / [...b.name].length };
    })
    .sort((a, b) => b.score - a.score);
  const extra = width - n;
  const chosen = scored.slice(0, extra);
  const certain = chosen.length === extra && (scored.length === extra || scored[extra].score < chosen[extra - 1].score);
  if (!certain) {
    return {
      issuers: null,
      problems: [{ line: where, message: `${span}: the header (版头) is vertical text garbled by extraction; it is ${width} names wide, the signature block has ${n}: the header names ${extra} more issuer(s), which could not be read — check the printed header` }],
    };
  }
  const names = chosen.map((c) => `${c.body.name} (${c.body.code})`).join('、');
  return {
    issuers: [...signers.map((s) => s.code), ...chosen.map((c) => c.body.code)],
    problems: [{
      line: where,
      message: `${span}: the header (版头) is vertical text garbled by extraction; read by its characters it is ${width} names wide, the signature block has ${n}: the header also names ${names}, which does not sign — check the printed header (headerIssuers)`,
    }],
  };
}
