/**
 * Comments (意见) on the notice, as GET /api/v1/campaigns/:id/notice/comments answers them, and the
 * one conversion the console needs: the API counts offsets in Unicode code points, the DOM (Range,
 * Selection) in UTF-16 units.
 */
export interface CommentReply {
  id: string;
  agency: string;
  by: string;
  text: string;
  createdAt: string;
}

export interface NoticeComment {
  id: string;
  version: number;
  start: number;
  end: number;
  quote: string;
  text: string;
  agency: string;
  by: string;
  createdAt: string;
  status: 'open' | 'resolved';
  resolvedAt: string | null;
  resolvedBy: string | null;
  anchor: { version: number; start: number; end: number } | null;
  stale: boolean;
  replies: CommentReply[];
}

export interface CommentsView {
  campaignId: string;
  version: number;
  currentVersion: number;
  offsetUnit: 'code-point';
  counts: { open: number; resolved: number; stale: number };
  comments: NoticeComment[];
}

/** The UTF-16 offset of code point `cp` in `text`. */
export function unitOf(text: string, cp: number): number {
  let unit = 0;
  for (let i = 0; i < cp && unit < text.length; i++) {
    const c = text.charCodeAt(unit);
    unit += c >= 0xd800 && c <= 0xdbff && unit + 1 < text.length ? 2 : 1;
  }
  return unit;
}

/** The code-point offset of UTF-16 offset `unit` in `text`. */
export function codePointOf(text: string, unit: number): number {
  return Array.from(text.slice(0, unit)).length;
}

/** Comments in reading order: anchored ones by where they are in the text, stale ones after. */
export function inReadingOrder(comments: readonly NoticeComment[]): NoticeComment[] {
  return [...comments].sort((a, b) => {
    if (a.anchor && b.anchor) return a.anchor.start - b.anchor.start || a.createdAt.localeCompare(b.createdAt);
    if (a.anchor) return -1;
    if (b.anchor) return 1;
    return a.createdAt.localeCompare(b.createdAt);
  });
}

// ───────────────────────────── the notice's text in the page (NoticeTab's, left as it is)

/** The highlights of the text: open comments, resolved ones, the one picked in the list. */
export type HighlightName = 'notice-comment' | 'notice-comment-resolved' | 'notice-comment-active';
const HIGHLIGHTS: HighlightName[] = ['notice-comment', 'notice-comment-resolved', 'notice-comment-active'];
const canHighlight = () => typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';

/** The element of the notice tab around `from` that shows `body` exactly (one text node), or null (being edited, say). */
export function textElementNear(from: Element | null | undefined, body: string): HTMLElement | null {
  const tab = from?.closest('.notice-tab') ?? document;
  const el = tab.querySelector<HTMLElement>('[data-test="notice-text"]');
  return el && el.firstChild?.nodeType === Node.TEXT_NODE && el.textContent === body ? el : null;
}

/** A DOM range over code points [start, end) of the text shown in `el`. */
export function rangeIn(el: HTMLElement | null, body: string, start: number, end: number): Range | null {
  const node = el?.firstChild;
  if (!node) return null;
  const range = document.createRange();
  range.setStart(node, unitOf(body, start));
  range.setEnd(node, unitOf(body, end));
  return range;
}

/** Highlights the passages (code points of `body`) in `el`, by group; where the browser cannot, nothing. */
export function paintHighlights(el: HTMLElement | null, body: string, groups: Record<HighlightName, { start: number; end: number }[]>): void {
  if (!canHighlight()) return;
  for (const name of HIGHLIGHTS) {
    const ranges = el ? groups[name].map((p) => rangeIn(el, body, p.start, p.end)).filter((r): r is Range => !!r) : [];
    CSS.highlights.set(name, new Highlight(...ranges));
  }
}

export function clearHighlights(): void {
  if (canHighlight()) for (const name of HIGHLIGHTS) CSS.highlights.delete(name);
}

/** Scrolls the passage into the upper third of the window. */
export function scrollToPassage(el: HTMLElement | null, body: string, start: number, end: number): void {
  const box = rangeIn(el, body, start, end)?.getBoundingClientRect();
  if (box) window.scrollBy({ top: box.top - window.innerHeight / 3, behavior: 'smooth' });
}

/** What the person selected in the text, in code points, and where to show the button; null when nothing there is. */
export function selectedPassage(el: HTMLElement | null, body: string): { start: number; end: number; quote: string; x: number; y: number } | null {
  const sel = window.getSelection();
  const node = el?.firstChild;
  if (!node || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (r.startContainer !== node || r.endContainer !== node) return null;
  const start = codePointOf(body, r.startOffset);
  const end = codePointOf(body, r.endOffset);
  if (end <= start) return null;
  const box = r.getBoundingClientRect();
  return { start, end, quote: Array.from(body).slice(start, end).join(''), x: Math.min(box.right, window.innerWidth - 120), y: box.bottom + 6 };
}

/**
 * Calls `onSelect` after each selection by mouse or keyboard, and `onChange` (on the next frame)
 * when the tab's DOM changes (its text swapped for an editor and back); answers the function that stops both.
 */
export function watchPage(tab: Element | null | undefined, onSelect: () => void, onChange: () => void): () => void {
  // After the browser has settled the selection.
  const up = () => setTimeout(onSelect, 0);
  const key = (e: KeyboardEvent) => {
    if (e.shiftKey || e.key === 'Shift') onSelect();
  };
  document.addEventListener('mouseup', up);
  document.addEventListener('keyup', key);
  const scope = tab?.closest('.notice-tab');
  const observer = scope ? new MutationObserver(() => requestAnimationFrame(onChange)) : null;
  if (scope) observer!.observe(scope, { childList: true, subtree: true });
  return () => {
    document.removeEventListener('mouseup', up);
    document.removeEventListener('keyup', key);
    observer?.disconnect();
  };
}

/** Runs `fn` on the next frame (after Vue has patched the DOM). */
export function nextFrame(fn: () => void): void {
  requestAnimationFrame(fn);
}
