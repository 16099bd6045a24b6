/**
 * What 通知 marks as changed between two versions: the domain's diff (`@domain/notice-diff`, the one
 * the API answers at …/notice/versions/:a/diff/:b — lines, and characters within a changed line),
 * laid out for reading: the newer text with removed and added runs marked in place, and a list of
 * the changes with a little unchanged text either side, each linking to its place.
 */
import type { DiffLine } from '@domain/notice-diff';
import { diffTexts } from '@domain/notice-diff';

export interface DiffPart {
  value: string;
  kind: 'same' | 'added' | 'removed';
  /** The change (index into `changes`) an added or removed part belongs to; -1 for unchanged text. */
  change: number;
  /** The first part of its change: where a link to the change lands. */
  first: boolean;
}

/** One place the text changed, with a little of the unchanged text either side. */
export interface DiffChange {
  before: string;
  removed: string;
  added: string;
  after: string;
}

export interface NoticeDiff {
  parts: DiffPart[];
  changes: DiffChange[];
  /** Characters (code points) added and removed. */
  added: number;
  removed: number;
  /** Some lines were rewritten too far to compare by characters: they show removed, then added. */
  coarse: boolean;
}

const CONTEXT = 12;
const length = (s: string) => [...s].length;
const head = (s: string) => [...s].slice(0, CONTEXT).join('');
const tail = (s: string) => [...s].slice(-CONTEXT).join('');

/**
 * The runs of one diffed line with its line break, which belongs to each text the line is in and
 * is not that text's last line: kept by both, or only the older's (removed) or the newer's (added).
 */
function runsOf(line: DiffLine, lastA: number, lastB: number): Array<{ value: string; kind: DiffPart['kind'] }> {
  const inA = line.op !== 'added' && line.a !== lastA;
  const inB = line.op !== 'removed' && line.b !== lastB;
  const nl = { value: inA || inB ? '\n' : '', kind: (inA && inB ? 'same' : inA ? 'removed' : 'added') as DiffPart['kind'] };
  if (line.op === 'changed') return [...(line.parts ?? []).map((p) => ({ value: p.text, kind: p.op })), nl];
  return [{ value: line.text ?? '', kind: line.op }, nl];
}

export function noticeDiff(from: string, to: string): NoticeDiff {
  const { lines } = diffTexts(from, to);
  const lastA = Math.max(0, ...lines.map((l) => l.a ?? 0));
  const lastB = Math.max(0, ...lines.map((l) => l.b ?? 0));
  const parts: DiffPart[] = [];
  lines.forEach((line) => {
    for (const run of runsOf(line, lastA, lastB)) {
      if (!run.value) continue;
      const prev = parts[parts.length - 1];
      if (prev && prev.kind === run.kind) prev.value += run.value;
      else parts.push({ ...run, change: -1, first: false });
    }
  });
  const changes: DiffChange[] = [];
  let added = 0;
  let removed = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.kind === 'same') continue;
    const change: DiffChange = { before: i > 0 ? tail(parts[i - 1].value) : '', removed: '', added: '', after: '' };
    p.first = true;
    while (i < parts.length && parts[i].kind !== 'same') {
      parts[i].change = changes.length;
      if (parts[i].kind === 'added') change.added += parts[i].value;
      else change.removed += parts[i].value;
      i++;
    }
    change.after = i < parts.length ? head(parts[i].value) : '';
    added += length(change.added);
    removed += length(change.removed);
    changes.push(change);
  }
  const coarse = lines.some((l) => l.op === 'removed') && lines.some((l) => l.op === 'added');
  return { parts, changes, added, removed, coarse };
}
