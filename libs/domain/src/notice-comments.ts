/**
 * Comments (意见) on a passage of a version of the notice, as pure rules: what a passage is, whether
 * a quote is what the version says there, where a passage of one version is in another, and which
 * comments a version shows. Pure (jsdiff's diffArrays, bounded by edits, not by a clock).
 *
 * **Offsets count Unicode code points** of the version's text, from 0, end exclusive: what
 * PostgreSQL's length() and substring() count and JavaScript's Array.from(text) yields — never
 * UTF-16 units (a character outside the BMP, 𠀀, is one) and never bytes. The text is the stored
 * body as it is, line feeds included.
 *
 * A comment is made on one version. Open comments are carried to later versions: a version's view
 * shows the comments made on it, and those of earlier versions still open when it was made (a
 * comment resolved later stays in the views it was carried into, marked resolved). Each is anchored
 * where its passage is in the viewed text:
 *   1. the comment's own offsets mapped through the edits between the two texts (a character diff):
 *      if the quote is there, that is the anchor (the passage kept, moved by text around it);
 *   2. else the occurrence of the quote nearest to that mapped place, anywhere in the text (the
 *      passage moved, or edited around and still present — with repeated passages, the nearest);
 *   3. else none: the passage was edited away, and the comment is stale.
 */
import { diffArrays } from 'diff';
import type { FieldProblem } from './field-problem';

/** The longest comment or reply (characters), as a co-signing decision's comment. */
export const COMMENT_TEXT_MAX = 4000;
/** The longest passage a comment quotes (code points): a few paragraphs. */
export const QUOTE_MAX = 4000;
/** The unit of every offset, as the API says it. */
export const OFFSET_UNIT = 'code-point';

/** A passage of a version's text: [start, end) in code points, and the text there. */
export interface Passage {
  start: number;
  end: number;
  quote: string;
}

/** Where a passage is in a viewed version's text. */
export interface Span {
  start: number;
  end: number;
}

/** A text's characters: one element per code point. */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** At most `n` code points of `s`, with … when cut: a quote in a message or an error. */
export function excerpt(s: string, n = 60): string {
  const chars = codePoints(s);
  return chars.length <= n ? s : `${chars.slice(0, n).join('')}…`;
}

/**
 * What is wrong with a passage of `text` (version `version`): offsets outside the text or the wrong
 * way round (named `start` or `end`), a quote that is not what the text says there (`quote`).
 * Offsets are whole numbers already (the DTO checks that).
 */
export function passageProblems(text: string, version: number, p: Passage): FieldProblem[] {
  const chars = codePoints(text);
  const n = chars.length;
  const problems: FieldProblem[] = [];
  if (p.start < 0 || p.start >= n) problems.push({ field: 'start', message: `must be within version ${version}'s text: 0 to ${n - 1} (code points), not ${p.start}` });
  if (p.end <= p.start) problems.push({ field: 'end', message: `must be after start (${p.start}): a passage is at least one character` });
  else if (p.end > n) problems.push({ field: 'end', message: `must be at most ${n}, the length of version ${version}'s text in code points, not ${p.end}` });
  if (problems.length) return problems;
  if (p.end - p.start > QUOTE_MAX) return [{ field: 'end', message: `a passage is at most ${QUOTE_MAX} characters; this one is ${p.end - p.start}` }];
  const there = chars.slice(p.start, p.end).join('');
  if (there !== p.quote) {
    problems.push({
      field: 'quote',
      message: `must be the text of version ${version} from start ${p.start} to end ${p.end} (code points), which reads “${excerpt(there)}”, not “${excerpt(p.quote)}”`,
    });
  }
  return problems;
}

/**
 * Beyond this many edits between two versions (after their common start and end), offsets are
 * mapped by the common start and end only: a diff costs time quadratic in its edits (some 80 ms
 * at this bound over a 6,000-character notice rewritten throughout; a few ms for a real revision).
 */
const MAX_EDITS = 1000;

/** A run of `from` positions [a, a + length) kept at `to` positions [b, b + length), or removed at b (kept false). */
interface Segment {
  a: number;
  b: number;
  length: number;
  kept: boolean;
}

/**
 * Maps a code-point offset of `from` onto `to` through the edits between them: a kept character
 * to where it is now, a removed one to where the removal was.
 */
export function offsetMapper(from: readonly string[], to: readonly string[]): (offset: number) => number {
  let prefix = 0;
  while (prefix < from.length && prefix < to.length && from[prefix] === to[prefix]) prefix++;
  let suffix = 0;
  while (suffix < from.length - prefix && suffix < to.length - prefix && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++;
  const shift = to.length - from.length;
  const changes = diffArrays(from.slice(prefix, from.length - suffix), to.slice(prefix, to.length - suffix), { maxEditLength: MAX_EDITS });
  const segments: Segment[] = [];
  let a = prefix;
  let b = prefix;
  for (const c of changes ?? []) {
    const length = c.value.length;
    if (c.added) b += length;
    else {
      segments.push({ a, b, length, kept: !c.removed });
      a += length;
      if (!c.removed) b += length;
    }
  }
  return (offset) => {
    if (offset < prefix) return offset;
    if (offset >= from.length - suffix) return Math.min(offset + shift, to.length);
    // Rewritten beyond the bound: the middle is not mapped, the offset kept where it can be.
    if (!changes) return Math.min(offset, to.length - suffix);
    for (const s of segments) {
      if (offset < s.a + s.length) return s.kept ? s.b + (offset - s.a) : s.b;
    }
    return to.length - suffix;
  };
}

/**
 * Where each passage of `fromText` is in `toText` (see the module's comment), or null where it is
 * gone. Passages are given as they were checked against `fromText` (passageProblems).
 */
export function anchorPassages(fromText: string, toText: string, passages: readonly Passage[]): (Span | null)[] {
  if (fromText === toText) return passages.map((p) => ({ start: p.start, end: p.end }));
  const from = codePoints(fromText);
  const to = codePoints(toText);
  const map = offsetMapper(from, to);
  // Code-point offset of each UTF-16 unit of toText, to turn indexOf's answers into offsets.
  const cpAt = codePointOffsets(toText);
  return passages.map((p) => {
    const length = p.end - p.start;
    const mapped = map(p.start);
    if (to.slice(mapped, mapped + length).join('') === p.quote) return { start: mapped, end: mapped + length };
    let best: number | null = null;
    for (let i = toText.indexOf(p.quote); i !== -1; i = toText.indexOf(p.quote, i + 1)) {
      const at = cpAt[i];
      if (best === null || Math.abs(at - mapped) < Math.abs(best - mapped)) best = at;
    }
    return best === null ? null : { start: best, end: best + length };
  });
}

/** The code-point offset of each UTF-16 unit of `text` (and of its end): to turn indexOf's answers into offsets. */
function codePointOffsets(text: string): Int32Array {
  const at = new Int32Array(text.length + 1);
  let cp = 0;
  for (let unit = 0; unit < text.length; unit++, cp++) {
    at[unit] = cp;
    const high = text.charCodeAt(unit);
    const low = text.charCodeAt(unit + 1);
    if (high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) at[++unit] = cp;
  }
  at[text.length] = cp;
  return at;
}

/** What decides whether a comment shows in a version's view. */
export interface CommentState {
  version: number;
  /** ISO date-time, or null while open. */
  resolvedAt: string | null;
}

/**
 * Whether a comment shows in the view of `version`, made at `versionCreatedAt`: made on it, or made
 * on an earlier version and still open when this one was made. Never in an earlier version's view.
 */
export function shownInVersion(c: CommentState, version: number, versionCreatedAt: string): boolean {
  if (c.version === version) return true;
  if (c.version > version) return false;
  return c.resolvedAt === null || Date.parse(c.resolvedAt) > Date.parse(versionCreatedAt);
}
