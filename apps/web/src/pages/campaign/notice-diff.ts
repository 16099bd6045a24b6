/**
 * What changed between two versions of a notice, character by character (Chinese has no spaces to
 * split words on, so a word diff would mark whole sentences): the `diff` package's diffChars. A
 * text rewritten throughout would take long to compare by characters (the page would freeze);
 * past a bound the comparison is by lines instead, and says so.
 */
import type { ChangeObject } from 'diff';
import { diffChars, diffLines } from 'diff';

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
  /** Compared by lines: the texts differ too much for a character comparison. */
  coarse: boolean;
}

const CONTEXT = 12;
/**
 * Where diffChars gives up (it is O(length × edits)): a thousand edited characters, or half a second,
 * whichever comes first; the comparison is then by lines.
 */
const MAX_EDITS = 1000;
const MAX_MS = 500;

const length = (s: string) => [...s].length;
const head = (s: string) => [...s].slice(0, CONTEXT).join('');
const tail = (s: string) => [...s].slice(-CONTEXT).join('');

export function noticeDiff(from: string, to: string): NoticeDiff {
  let raw: ChangeObject<string>[] | undefined = diffChars(from, to, { maxEditLength: MAX_EDITS, timeout: MAX_MS });
  const coarse = raw === undefined;
  if (!raw) raw = diffLines(from, to);
  const parts: DiffPart[] = raw.map((c) => ({ value: c.value, kind: c.added ? 'added' : c.removed ? 'removed' : 'same', change: -1, first: false }));
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
  return { parts, changes, added, removed, coarse };
}
