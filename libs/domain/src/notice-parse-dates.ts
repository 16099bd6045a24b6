/**
 * Dates as Chinese notices write them, read into Asia/Shanghai wall times: `2023年9月17-23日`,
 * `9月17日至23日`, `12月28日至次年1月3日`, `2024年12月28日至2025年1月3日`, `10月10日前`,
 * `8月21日起`, `10月10日18:00前`, and the date of writing `2023年8月25日` (also in Chinese
 * numerals, `二〇二三年八月二十五日`). Pure; the notice parser (notice-parse.ts) decides which
 * date is which milestone.
 *
 * A date without a year is read as a reader of the notice reads it: the one nearest after the
 * notice was written — from two months before its anchor (the date of writing, or the first date
 * printed with its year) to ten months after. So a notice written 2024-11-20 means 2024-12-10 by
 * `12月10日起` and 2025-01-20 by `1月20日前`. The end of a range takes the year of its start, and the
 * next one when its month comes before the start's (`12月28日至1月3日`) or when it says so (`次年`).
 */
import { parseDay, YEAR_MAX, YEAR_MIN } from './iso';

export interface WallTime {
  y: number;
  m: number;
  d: number;
  /** An hour and minute printed with the date (`18:00前`, `18时前`), else undefined. */
  hh?: number;
  mm?: number;
}

export interface DateMention {
  kind: 'point' | 'range';
  start: WallTime;
  /** The end of a range. */
  end?: WallTime;
  /** What follows the date: 前 (a deadline), 起 (from), 止/结束/截止 (until), or nothing. */
  mark: 'before' | 'from' | 'until' | null;
  /** The text as printed, and where it starts in the string searched. */
  text: string;
  index: number;
  /** Whether the start carried its own year. */
  explicitYear: boolean;
}

const ZH_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二十五 → 25, 十 → 10, 二〇二三 → 2023 (digit by digit). Null when it is not such a number. */
function zhNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二三四五六七八九十]+$/.test(s)) return null;
  if (!s.includes('十')) return Number([...s].map((c) => ZH_DIGITS[c]).join(''));
  const [tens, ones] = s.split('十');
  if (s.split('十').length > 2) return null;
  return (tens === '' ? 1 : (ZH_DIGITS[tens] ?? NaN)) * 10 + (ones === '' ? 0 : (ZH_DIGITS[ones] ?? NaN));
}

/** Full-width digits and colons as ASCII; everything else unchanged (same length). */
export function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/：/g, ':');
}

const N = '(\\d{1,2})';
const TIME = '(?:\\s*(\\d{1,2})(?::(\\d{2})|时(?:(\\d{1,2})分)?))?';
/**
 * [year]月日[time] [sep [次年|year年][月]日[time]] [mark]. The start's 日 may be left out before a
 * range's end (`9月17-23日`).
 */
const DATE_RE = new RegExp(
  `(?:(\\d{4})\\s*年\\s*)?${N}\\s*月\\s*${N}\\s*(日|号)?${TIME}` +
    `(?:\\s*(?:至|到|-|—|–|－|～|~)\\s*(?:(次年)|(\\d{4})\\s*年)?\\s*(?:${N}\\s*月)?\\s*${N}\\s*(?:日|号)${TIME})?` +
    '(\\s*(?:之?前|以前|起|开始|止|结束|截止))?',
  'g',
);

function time(h?: string, m?: string, m2?: string): { hh?: number; mm?: number } {
  if (h === undefined) return {};
  const hh = Number(h);
  const mm = Number(m ?? m2 ?? 0);
  return hh <= 23 && mm <= 59 ? { hh, mm } : {};
}

/** A day that exists, in the years a campaign can hold (iso.ts): anything else is not read as a date. */
function real(t: WallTime): boolean {
  return t.y >= YEAR_MIN && t.y <= YEAR_MAX && parseDay(`${String(t.y).padStart(4, '0')}-${String(t.m).padStart(2, '0')}-${String(t.d).padStart(2, '0')}`) !== null;
}

/** The year of a date printed without one, relative to the anchor (see the top of this file). */
export function yearNear(anchor: WallTime, m: number, d: number): number {
  const at = Date.UTC(anchor.y, anchor.m - 1, anchor.d);
  for (const y of [anchor.y - 1, anchor.y, anchor.y + 1]) {
    const t = Date.UTC(y, m - 1, d);
    if (t >= at - 61 * DAY && t < at + 304 * DAY) return y;
  }
  return anchor.y;
}

const DAY = 24 * 3600_000;

/** Every date mentioned in `text`, in order; dates without a year are placed relative to `anchor`. */
export function findDates(text: string, anchor: WallTime): DateMention[] {
  const s = asciiDigits(text);
  const dates: DateMention[] = [];
  for (const m of s.matchAll(DATE_RE)) {
    const [whole, y, mo, d, dayMark, h1, mi1, mi1b, nextYear, y2, mo2, d2, h2, mi2, mi2b, mark] = m;
    // "9月17" with neither 日 nor a range end is not a date (a section number, a ratio).
    if (dayMark === undefined && d2 === undefined) continue;
    const startYear = y !== undefined ? Number(y) : yearNear(anchor, Number(mo), Number(d));
    const start: WallTime = { y: startYear, m: Number(mo), d: Number(d), ...time(h1, mi1, mi1b) };
    if (!real(start)) continue;
    let end: WallTime | undefined;
    if (d2 !== undefined) {
      const endMonth = mo2 !== undefined ? Number(mo2) : start.m;
      let endYear = y2 !== undefined ? Number(y2) : start.y;
      if (nextYear !== undefined) endYear = start.y + 1;
      else if (y2 === undefined && endMonth < start.m) endYear = start.y + 1;
      end = { y: endYear, m: endMonth, d: Number(d2), ...time(h2, mi2, mi2b) };
      if (!real(end)) continue;
    }
    const markText = mark?.trim();
    dates.push({
      kind: end ? 'range' : 'point',
      start,
      end,
      mark: !markText ? null : /前/.test(markText) ? 'before' : /起|开始/.test(markText) ? 'from' : 'until',
      text: text.slice(m.index, m.index + whole.length),
      index: m.index,
      explicitYear: y !== undefined,
    });
  }
  return dates;
}

/** A line that is only a date, as the date of writing (成文日期) is printed: `2023年8月25日`, `二〇二三年八月二十五日`. */
export function dateLine(line: string): WallTime | null {
  const s = asciiDigits(line).replace(/\s+/g, '');
  const m = /^([\d〇零一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [zhNumber(m[1]), zhNumber(m[2]), zhNumber(m[3])];
  if (y === null || mo === null || d === null) return null;
  const t = { y, m: mo, d };
  return real(t) ? t : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD` of a wall time. */
export function ymd(t: WallTime): string {
  return `${pad(t.y, 4)}-${pad(t.m)}-${pad(t.d)}`;
}

/** An ISO 8601 date-time in Asia/Shanghai (+08:00) at the given time of day. */
export function shanghaiIso(t: WallTime, hh: number, mm: number, ss: number): string {
  return `${ymd(t)}T${pad(hh)}:${pad(mm)}:${pad(ss)}+08:00`;
}

/** The day before (a wall date; months and years roll over). */
export function dayBefore(t: WallTime): WallTime {
  const ms = Date.UTC(t.y, t.m - 1, t.d) - 24 * 3600_000;
  const x = new Date(ms);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate() };
}
