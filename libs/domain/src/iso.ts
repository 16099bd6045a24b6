/**
 * Dates and date-times as the project reads them: one rule for the DTOs, the definition rules,
 * rebasing, the working-day calendar and the import rows. A date-time is ISO 8601 with an
 * explicit offset (`2023-08-21T09:00:00+08:00`, `…Z`); a day is `YYYY-MM-DD`. Both must name a day
 * and time that exist (2027-02-30 and 24:00 do not), and fall in the years the working-day
 * calendar and the campaigns can hold.
 */
import { SHANGHAI_OFFSET_MS } from './time';

/** The years a date may fall in (Asia/Shanghai): the calendar holds them, and a campaign year is one of them. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2099;

/** Shape of a date-time with an offset; groups: year, month, day, hour, minute, second, fraction, offset. */
export const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?([+-]\d{2}:\d{2}|Z)$/;
/** Shape of a day; groups: year, month, day. */
export const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const ISO_HINT = 'an ISO 8601 date-time with an offset, e.g. 2023-09-17T09:00:00+08:00';
export const DAY_HINT = 'a date YYYY-MM-DD, e.g. 2023-09-17';
export const YEARS_HINT = `between the years ${YEAR_MIN} and ${YEAR_MAX} (Asia/Shanghai)`;

const DAY_MS = 24 * 3600_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function realDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** Epoch milliseconds of a proleptic Gregorian date-time (Date.UTC reads years below 100 as 19xx). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, s, ms);
  return t.getTime();
}

/** A day's parts, or null unless it has the shape and exists (2023-02-29 does not). No range check. */
export function parseDay(s: unknown): { y: number; m: number; d: number } | null {
  const match = typeof s === 'string' ? ISO_DAY.exec(s) : null;
  if (!match) return null;
  const [y, m, d] = [+match[1], +match[2], +match[3]];
  return realDay(y, m, d) ? { y, m, d } : null;
}

/** Milliseconds of 00:00 UTC on a day, or null (see parseDay). */
export function dayStartUtc(s: unknown): number | null {
  const p = parseDay(s);
  return p ? utc(p.y, p.m, p.d) : null;
}

/** The parts of a date-time as written: its day, its time of day, its offset. Null if not the shape. */
export function splitIso(s: unknown): { day: string; time: string; offset: string } | null {
  if (typeof s !== 'string') return null;
  const m = ISO_DATE_TIME.exec(s);
  if (!m) return null;
  return { day: s.slice(0, 10), time: s.slice(11, s.length - m[8].length), offset: m[8] };
}

/** Milliseconds of an offset (`+08:00` → 8 h, `Z` → 0). */
export function offsetMs(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (+offset.slice(1, 3) * 60 + +offset.slice(4, 6)) * 60_000;
}

/**
 * Milliseconds of an ISO date-time with an offset, or null if it is not one or names a day or time
 * that does not exist (2023-02-30, 25:00, an offset beyond ±14:00). No range check (see isoProblem).
 */
export function parseIsoWithOffset(s: unknown): number | null {
  const m = typeof s === 'string' ? ISO_DATE_TIME.exec(s) : null;
  return m ? instantOf(m) : null;
}

function instantOf(m: RegExpExecArray): number | null {
  const [y, mo, d, h, mi] = [+m[1], +m[2], +m[3], +m[4], +m[5]];
  const sec = m[6] === undefined ? 0 : +m[6];
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  let offsetMin = 0;
  if (m[8] !== 'Z') {
    const oh = +m[8].slice(1, 3);
    const om = +m[8].slice(4, 6);
    if (oh > 14 || om > 59 || (oh === 14 && om > 0)) return null;
    offsetMin = offsetMs(m[8]) / 60_000;
  }
  const frac = m[7] === undefined ? 0 : Math.round(Number(m[7]) * 1000);
  return utc(y, mo, d, h, mi, sec, frac) - offsetMin * 60_000;
}

/** The first and the last instant of YEAR_MIN..YEAR_MAX in Asia/Shanghai. */
const RANGE_START = Date.UTC(YEAR_MIN, 0, 1) - SHANGHAI_OFFSET_MS;
const RANGE_END = Date.UTC(YEAR_MAX + 1, 0, 1) - SHANGHAI_OFFSET_MS - 1;

/** Whether an instant falls on a day of YEAR_MIN..YEAR_MAX in Asia/Shanghai. */
export function inYearRange(ms: number): boolean {
  return ms >= RANGE_START && ms <= RANGE_END;
}

/**
 * What is wrong with a date-time given for a field, as one sentence, or null when it is good: the
 * shape, then whether the day and time exist, then the years. The one rule of every date-time.
 */
export function isoProblem(s: unknown): string | null {
  const m = typeof s === 'string' ? ISO_DATE_TIME.exec(s) : null;
  if (!m) return `must be ${ISO_HINT}`;
  const ms = instantOf(m);
  if (ms === null) return `must be a real date and time: ${s} names a day, hour or offset that does not exist`;
  if (!inYearRange(ms)) return `must fall ${YEARS_HINT}: ${s} does not`;
  return null;
}

/** As isoProblem, for a day (YYYY-MM-DD). */
export function dayProblem(s: unknown): string | null {
  if (typeof s !== 'string' || !ISO_DAY.test(s)) return `must be ${DAY_HINT}`;
  const p = parseDay(s);
  if (!p) return `must be a real date: ${s} does not exist`;
  if (p.y < YEAR_MIN || p.y > YEAR_MAX) return `must fall between the years ${YEAR_MIN} and ${YEAR_MAX}: ${s} does not`;
  return null;
}

/** A filter bound is either: a day (Asia/Shanghai) or a date-time. */
export function dayOrIsoProblem(s: unknown): string | null {
  if (typeof s === 'string' && ISO_DAY.test(s)) return dayProblem(s);
  if (typeof s === 'string' && ISO_DATE_TIME.test(s)) return isoProblem(s);
  return `must be ${DAY_HINT} or ${ISO_HINT}`;
}

/**
 * The bounds of a filter as instants: a bare day covers that whole day in Asia/Shanghai. Null
 * where the value is not a real day or date-time (2023-02-30), for the caller to name.
 */
export function filterBound(value: string, edge: 'from' | 'to'): number | null {
  if (ISO_DAY.test(value)) {
    const start = dayStartUtc(value);
    if (start === null) return null;
    const shanghaiStart = start - SHANGHAI_OFFSET_MS;
    return edge === 'from' ? shanghaiStart : shanghaiStart + DAY_MS - 1;
  }
  return parseIsoWithOffset(value);
}
