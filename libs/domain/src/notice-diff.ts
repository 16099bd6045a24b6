/**
 * What changed between two versions of a notice (GET /api/v1/campaigns/:id/notice/versions/:a/diff/:b,
 * and the web console, which shows it): line by line, and within a changed line character by
 * character — Chinese has no spaces to split words on, and a co-signer's revision is often one
 * phrase (安全生产 → 安全生产、网络安全). The diffing is jsdiff's (`diff`: diffArrays over lines,
 * diffChars within them); this module only groups its output per line. Pure.
 *
 * The shape:
 *   lines: [{ op: 'same', a: 3, b: 3, text }, { op: 'removed', a: 4, text }, { op: 'added', b: 4, text },
 *           { op: 'changed', a: 5, b: 5, parts: [{ op: 'same', text: '…' }, { op: 'added', text: '、网络安全' }, …] }]
 *   stats: { added, removed, changed, same }   (lines)
 * `a` and `b` are 1-based line numbers in the older (from) and newer (to) text. A removed line and
 * an added one at the same place are one changed line when they share at least a third of their
 * characters; otherwise they stay apart (a paragraph replaced, not edited). Comparing characters is
 * bounded (jsdiff's maxEditLength and timeout, a second for the whole diff): two texts rewritten
 * throughout come back as lines removed and added rather than keeping the server busy.
 */
import { diffArrays, diffChars } from 'diff';

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffPart {
  op: DiffOp;
  text: string;
}

export interface DiffLine {
  op: DiffOp | 'changed';
  /** Line number in the `from` text (absent for an added line). */
  a?: number;
  /** Line number in the `to` text (absent for a removed line). */
  b?: number;
  /** The line, for same, added and removed lines. */
  text?: string;
  /** For a changed line: its characters, kept, removed and added, in reading order. */
  parts?: DiffPart[];
}

export interface TextDiff {
  lines: DiffLine[];
  stats: { added: number; removed: number; changed: number; same: number };
}

/** Below this share of common characters a removed and an added line are a replacement, not an edit. */
const SIMILAR = 1 / 3;
/** diffChars gives up beyond this many edits in one line (and the line is shown replaced). */
const MAX_CHAR_EDITS = 4000;

/** A text's lines; the final line break ends the last line rather than starting an empty one. */
function linesOf(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Time one diff may spend comparing lines by character; past it, changed lines are shown removed and added. */
const CHAR_BUDGET_MS = 1000;
const LINE_MS = 100;

/** The characters of one line changed into another, or null when they are too different to call it an edit. */
function withinLine(from: string, to: string, deadline: number): DiffPart[] | null {
  const left = Math.min(LINE_MS, deadline - Date.now());
  if (left <= 0) return null;
  const changes = diffChars(from, to, { maxEditLength: MAX_CHAR_EDITS, timeout: left });
  if (!changes) return null;
  const parts: DiffPart[] = changes.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
  const common = parts.filter((p) => p.op === 'same').reduce((n, p) => n + [...p.text].length, 0);
  return common >= SIMILAR * Math.max([...from].length, [...to].length) ? parts : null;
}

export function diffTexts(from: string, to: string): TextDiff {
  const lines: DiffLine[] = [];
  let a = 1;
  let b = 1;
  const chunks = diffArrays(linesOf(from), linesOf(to));
  const deadline = Date.now() + CHAR_BUDGET_MS;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (!chunk.added && !chunk.removed) {
      for (const text of chunk.value) lines.push({ op: 'same', a: a++, b: b++, text });
      continue;
    }
    // A removal followed by an addition (jsdiff puts removals first): pair their lines in order.
    const removed = chunk.removed ? chunk.value : [];
    const next = chunk.removed ? chunks[i + 1] : undefined;
    const added = chunk.added ? chunk.value : next?.added ? next.value : [];
    if (chunk.removed && next?.added) i++;
    const pairs = Math.min(removed.length, added.length);
    const pending: DiffLine[] = [];
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const parts = k < pairs ? withinLine(removed[k], added[k], deadline) : null;
      if (parts) {
        lines.push(...pending.splice(0), { op: 'changed', a: a++, b: b++, parts });
        continue;
      }
      if (k < removed.length) lines.push({ op: 'removed', a: a++, text: removed[k] });
      if (k < added.length) pending.push({ op: 'added', b: b++, text: added[k] });
    }
    lines.push(...pending);
  }
  const count = (op: DiffLine['op']) => lines.filter((l) => l.op === op).length;
  return { lines, stats: { added: count('added'), removed: count('removed'), changed: count('changed'), same: count('same') } };
}

export interface NoticeVersionInfo {
  version: number;
  sha256: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

export interface NoticeDiff extends TextDiff {
  from: NoticeVersionInfo;
  to: NoticeVersionInfo;
  /** The notes of the revisions that lead from `from` to `to` (the versions after the older one, up to the newer), oldest first. */
  notes: { version: number; note: string | null; createdBy: string; createdAt: string }[];
  identical: boolean;
}

/**
 * The diff between two versions of a campaign's notice, with the revisions' notes beside it.
 * `history` is every version of the notice; `from` may be newer than `to` (the diff then reads
 * backwards, and the notes are still those of the revisions between them).
 */
export function diffNoticeVersions(
  from: NoticeVersionInfo & { body: string },
  to: NoticeVersionInfo & { body: string },
  history: readonly NoticeVersionInfo[],
): NoticeDiff {
  const [low, high] = from.version <= to.version ? [from.version, to.version] : [to.version, from.version];
  const notes = history
    .filter((v) => v.version > low && v.version <= high)
    .sort((x, y) => x.version - y.version)
    .map((v) => ({ version: v.version, note: v.note, createdBy: v.createdBy, createdAt: v.createdAt }));
  const { body: fromBody, ...fromInfo } = from;
  const { body: toBody, ...toInfo } = to;
  return { from: fromInfo, to: toInfo, notes, identical: from.sha256 === to.sha256, ...diffTexts(fromBody, toBody) };
}
