/**
 * Working-day calendar for reminders, in Asia/Shanghai (UTC+08:00, no daylight saving since 1991).
 *
 * Pure and deterministic: no clock, no I/O; results depend only on the arguments, the installed
 * `chinese-days` package and OFFICIAL_SUPPLEMENT. Safe for Temporal activities (not meant for
 * workflow code, which should receive the computed instants as inputs).
 *
 * Sources, per calendar year, first match wins:
 *   1. OFFICIAL_SUPPLEMENT (calendar-supplement.ts): a hand-transcribed State Council notice.
 *   2. The `chinese-days` package, when it has that year's official arrangement (detected: it lists
 *      both YYYY-01-01 and YYYY-10-01 as holidays). Includes 调休 working weekends.
 *   3. Statutory fallback, PROVISIONAL: the holidays of 《全国年节及纪念日放假办法》 (2024 revision,
 *      in force from 2025) computed from the lunar calendar, weekends off, no 调休 (the State
 *      Council announces those each autumn, and they typically also add bridging days off).
 *
 * Note on `chinese-days` and the host time zone: its date helpers parse 'YYYY-MM-DD' strings as
 * UTC midnight but format with local getters, so on a host west of UTC several functions shift by
 * one day. This module only uses them in ways that are independent of the host zone (see
 * packageDay, lunarToSolar, qingming), and the spec checks the results.
 */
import { getDayDetail, getSolarDateFromLunar, getSolarTermDate } from 'chinese-days';
import type { OfficialYear } from './calendar-supplement';
import { OFFICIAL_SUPPLEMENT } from './calendar-supplement';
import { ISO_DAY, parseDay, parseIsoWithOffset } from './iso';

export interface DayInfo {
  date: string;
  working: boolean;
  /** Holiday name, '调休' for a weekend made a working day, null for an ordinary day. */
  name: string | null;
  /** True for days of a year computed from the statutory fallback (no official arrangement). */
  provisional: boolean;
}

export type YearSource = 'supplement' | 'package' | 'statutory';

export interface CalendarSource {
  package: string;
  version: string;
  /** Years in 2023..2030 for which the installed package has the official arrangement. */
  coveredYears: number[];
  /** Years present in OFFICIAL_SUPPLEMENT (any year). */
  supplementYears: number[];
  /** Years in 2023..2030 covered by neither: statutory fallback, provisional. */
  provisionalYears: number[];
}

export const SHANGHAI_TZ = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MIN_YEAR = 1901;
const MAX_YEAR = 2099;
/** Longest span the range functions walk (about 20 years), to fail loudly on nonsense inputs. */
const MAX_SPAN_DAYS = 7_400;
/** Longest run of non-working days searched for (the longest real one is 9 days). */
const MAX_GAP_DAYS = 400;
const SOURCE_WINDOW = { from: 2023, to: 2030 };
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** chinese-days' short Chinese names → the names used in State Council notices. */
const NAME_FIXES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };

// ---------------------------------------------------------------------------------------------
// Date arithmetic on Shanghai calendar days (a "day number" is days since 1970-01-01).

function parseYmd(ymd: string): { y: number; m: number; d: number } {
  if (typeof ymd !== 'string' || !ISO_DAY.test(ymd)) throw new RangeError(`not a YYYY-MM-DD date: ${String(ymd)}`);
  const day = parseDay(ymd);
  if (!day) throw new RangeError(`not a calendar date: ${ymd}`);
  if (day.y < MIN_YEAR || day.y > MAX_YEAR) {
    throw new RangeError(`year out of supported range ${MIN_YEAR}..${MAX_YEAR}: ${ymd}`);
  }
  return day;
}

function dayNumber(ymd: string): number {
  const { y, m, d } = parseYmd(ymd);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function ymdOfDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function weekdayOf(ymd: string): number {
  return new Date(dayNumber(ymd) * DAY_MS).getUTCDay();
}

function isWeekend(ymd: string): boolean {
  const w = weekdayOf(ymd);
  return w === 0 || w === 6;
}

function addDays(ymd: string, n: number): string {
  return ymdOfDayNumber(dayNumber(ymd) + n);
}

function assertInstant(ms: number, what: string): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new RangeError(`${what} must be a finite epoch-milliseconds number, got ${String(ms)}`);
  }
}

function assertHour(hour: number): void {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new RangeError(`hour must be an integer 0..23, got ${String(hour)}`);
  }
}

/** The Asia/Shanghai calendar date ('YYYY-MM-DD') of an instant. */
export function shanghaiYmd(ms: number): string {
  assertInstant(ms, 'ms');
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch ms of hh:mm local time in Asia/Shanghai on the given date. */
export function atShanghai(ymd: string, hh: number, mm = 0): number {
  const { y, m, d } = parseYmd(ymd);
  assertHour(hh);
  if (!Number.isInteger(mm) || mm < 0 || mm > 59) {
    throw new RangeError(`minute must be an integer 0..59, got ${String(mm)}`);
  }
  return Date.UTC(y, m - 1, d, hh, mm) - OFFSET_MS;
}

// ---------------------------------------------------------------------------------------------
// chinese-days access, independent of the host time zone.

/**
 * The package's entry for a date, or null when the date is not in its holiday/workday tables.
 * String input is deliberate: the package keys its tables by formatting string-parsed dates, and a
 * string lookup goes through the same parse/format path, so the two agree in every host zone (its
 * echoed `date` and weekday do not, and are not used).
 */
function packageDay(ymd: string): { work: boolean; name: string } | null {
  const detail = getDayDetail(ymd);
  if (!detail || typeof detail.name !== 'string' || !detail.name.includes(',')) return null;
  // 'National Day,国庆节,3' → '国庆节'
  const zh = detail.name.split(',')[1]?.trim() || detail.name;
  return { work: Boolean(detail.work), name: NAME_FIXES[zh] ?? zh };
}

/** Whether the installed package has the official arrangement for a year. */
function packageCoversYear(year: number): boolean {
  const newYear = packageDay(`${year}-01-01`);
  const nationalDay = packageDay(`${year}-10-01`);
  return !!newYear && !newYear.work && !!nationalDay && !nationalDay.work;
}

/**
 * Solar date of a lunar (non-leap) month/day in lunar year `year`. A local-time Date is passed:
 * the package reads it with local getters and formats its result from a local base date, which is
 * consistent in every host zone (a 'YYYY-MM-DD' string is not, west of UTC).
 */
function lunarToSolar(year: number, month: number, day: number): string {
  const out = getSolarDateFromLunar(new Date(year, month - 1, day)).date;
  parseYmd(out);
  return out;
}

/** Qingming (清明, solar term 'pure_brightness') of a year. */
function qingming(year: number): string {
  // getSolarTermDate builds Date.UTC(year, 3, day) and formats it with local getters, so west of
  // UTC it returns the previous day. Invert that: find the day whose UTC midnight formats locally
  // as the returned string.
  const got = getSolarTermDate(year, 4, 'pure_brightness');
  const { y, m, d } = parseYmd(got);
  for (const delta of [0, 1, -1]) {
    const utcMidnight = Date.UTC(y, m - 1, d + delta);
    const local = new Date(utcMidnight);
    const localYmd = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    if (localYmd === got) return ymdOfDayNumber(utcMidnight / DAY_MS);
  }
  throw new Error(`cannot determine Qingming ${year} from chinese-days (got ${got})`);
}

/**
 * The statutory public holidays of a year under 《全国年节及纪念日放假办法》 (2024 revision), without
 * 调休: 元旦 1-01; 春节 lunar New Year's Eve + lunar 1-1..1-3; 清明节; 劳动节 5-01..5-02;
 * 端午节 lunar 5-5; 中秋节 lunar 8-15; 国庆节 10-01..10-03. 'YYYY-MM-DD' → name.
 */
export function statutoryHolidays(year: number): Record<string, string> {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year out of supported range ${MIN_YEAR}..${MAX_YEAR}: ${String(year)}`);
  }
  const out: Record<string, string> = {};
  const add = (ymd: string, name: string) => {
    out[ymd] = out[ymd] && out[ymd] !== name ? `${out[ymd]}、${name}` : name;
  };
  const pad = (n: number) => String(n).padStart(2, '0');
  const fixed = (m: number, d: number) => `${year}-${pad(m)}-${pad(d)}`;

  add(fixed(1, 1), '元旦');
  const lunarNewYear = lunarToSolar(year, 1, 1);
  for (const delta of [-1, 0, 1, 2]) add(addDays(lunarNewYear, delta), '春节');
  add(qingming(year), '清明节');
  add(fixed(5, 1), '劳动节');
  add(fixed(5, 2), '劳动节');
  add(lunarToSolar(year, 5, 5), '端午节');
  // 国庆节 first so that a coinciding 中秋 reads '国庆节、中秋节', as the notices write it.
  for (const d of [1, 2, 3]) add(fixed(10, d), '国庆节');
  add(lunarToSolar(year, 8, 15), '中秋节');
  return out;
}

// ---------------------------------------------------------------------------------------------
// The calendar.

interface YearTable {
  source: YearSource;
  provisional: boolean;
  holidays: Map<string, string>;
  workdays: Map<string, string>;
}

export interface Calendar {
  dayInfo(ymd: string): DayInfo;
  isWorkingDay(ymd: string): boolean;
  yearSource(year: number): YearSource;
  workingMornings(fromMs: number, toMs: number, hour?: number): number[];
  nextWorkingMorning(fromMs: number, hour?: number): number;
  workingDaysBefore(deadlineMs: number, n: number, hour?: number): number;
  workingDaysBetween(fromMs: number, toMs: number): number;
  deadlineWarnings(deadlines: { field: string; at: string }[]): { field: string; message: string }[];
  source: CalendarSource;
}

function validateSupplement(supplement: Record<string, OfficialYear>): void {
  for (const [year, entry] of Object.entries(supplement)) {
    if (!/^\d{4}$/.test(year)) throw new Error(`calendar supplement: bad year key '${year}'`);
    if (!entry || typeof entry.source !== 'string' || !entry.source.trim()) {
      throw new Error(`calendar supplement ${year}: 'source' (the State Council notice) is required`);
    }
    for (const kind of ['holidays', 'workdays'] as const) {
      for (const [ymd, name] of Object.entries(entry[kind] ?? {})) {
        try {
          parseYmd(ymd);
        } catch {
          throw new Error(`calendar supplement ${year}.${kind}: '${ymd}' is not a YYYY-MM-DD date`);
        }
        if (!ymd.startsWith(`${year}-`)) {
          throw new Error(`calendar supplement ${year}.${kind}: '${ymd}' is not in ${year}`);
        }
        if (typeof name !== 'string' || !name.trim()) {
          throw new Error(`calendar supplement ${year}.${kind}: '${ymd}' needs a festival name`);
        }
      }
    }
    for (const ymd of Object.keys(entry.workdays ?? {})) {
      if (ymd in (entry.holidays ?? {})) {
        throw new Error(`calendar supplement ${year}: '${ymd}' is both a holiday and a workday`);
      }
      if (!isWeekend(ymd)) {
        throw new Error(`calendar supplement ${year}.workdays: '${ymd}' is not a weekend day`);
      }
    }
    if (Object.keys(entry.holidays ?? {}).length === 0) {
      throw new Error(`calendar supplement ${year}: no holidays listed`);
    }
  }
}

/**
 * Builds a calendar over a given supplement. The module's exports use OFFICIAL_SUPPLEMENT; tests
 * use this to exercise supplement overrides.
 */
export function createCalendar(supplement: Record<string, OfficialYear> = {}): Calendar {
  validateSupplement(supplement);
  const tables = new Map<number, YearTable>();

  function table(year: number): YearTable {
    const cached = tables.get(year);
    if (cached) return cached;
    let built: YearTable;
    const official = supplement[String(year)];
    if (official) {
      built = {
        source: 'supplement',
        provisional: false,
        holidays: new Map(Object.entries(official.holidays ?? {})),
        workdays: new Map(Object.entries(official.workdays ?? {})),
      };
    } else if (packageCoversYear(year)) {
      built = { source: 'package', provisional: false, holidays: new Map(), workdays: new Map() };
      const first = dayNumber(`${year}-01-01`);
      const last = dayNumber(`${year}-12-31`);
      for (let n = first; n <= last; n++) {
        const ymd = ymdOfDayNumber(n);
        const entry = packageDay(ymd);
        if (!entry) continue;
        if (!entry.work) built.holidays.set(ymd, entry.name);
        else if (isWeekend(ymd)) built.workdays.set(ymd, entry.name);
      }
    } else {
      built = {
        source: 'statutory',
        provisional: true,
        holidays: new Map(Object.entries(statutoryHolidays(year))),
        workdays: new Map(),
      };
    }
    tables.set(year, built);
    return built;
  }

  function dayInfo(ymd: string): DayInfo {
    const { y } = parseYmd(ymd);
    const t = table(y);
    const holiday = t.holidays.get(ymd);
    if (holiday !== undefined) return { date: ymd, working: false, name: holiday, provisional: t.provisional };
    if (t.workdays.has(ymd)) return { date: ymd, working: true, name: '调休', provisional: t.provisional };
    return { date: ymd, working: !isWeekend(ymd), name: null, provisional: t.provisional };
  }

  function isWorkingDay(ymd: string): boolean {
    return dayInfo(ymd).working;
  }

  function workingMornings(fromMs: number, toMs: number, hour = 9): number[] {
    assertInstant(fromMs, 'fromMs');
    assertInstant(toMs, 'toMs');
    assertHour(hour);
    if (toMs <= fromMs) return [];
    const first = dayNumber(shanghaiYmd(fromMs));
    const last = dayNumber(shanghaiYmd(toMs));
    if (last - first > MAX_SPAN_DAYS) {
      throw new RangeError(`workingMornings: span of ${last - first} days exceeds ${MAX_SPAN_DAYS}`);
    }
    const out: number[] = [];
    for (let n = first; n <= last; n++) {
      const ymd = ymdOfDayNumber(n);
      const t = atShanghai(ymd, hour);
      if (t > fromMs && t <= toMs && isWorkingDay(ymd)) out.push(t);
    }
    return out;
  }

  function nextWorkingMorning(fromMs: number, hour = 9): number {
    assertInstant(fromMs, 'fromMs');
    assertHour(hour);
    const first = dayNumber(shanghaiYmd(fromMs));
    for (let n = first; n <= first + MAX_GAP_DAYS; n++) {
      const ymd = ymdOfDayNumber(n);
      const t = atShanghai(ymd, hour);
      if (t > fromMs && isWorkingDay(ymd)) return t;
    }
    throw new RangeError(`nextWorkingMorning: no working day within ${MAX_GAP_DAYS} days`);
  }

  function workingDaysBefore(deadlineMs: number, n: number, hour = 9): number {
    assertInstant(deadlineMs, 'deadlineMs');
    assertHour(hour);
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${String(n)}`);
    const due = dayNumber(shanghaiYmd(deadlineMs));
    let found = 0;
    for (let d = due - 1; d >= due - MAX_SPAN_DAYS; d--) {
      const ymd = ymdOfDayNumber(d);
      if (isWorkingDay(ymd) && ++found === n) return atShanghai(ymd, hour);
    }
    throw new RangeError(`workingDaysBefore: n=${n} reaches back more than ${MAX_SPAN_DAYS} days`);
  }

  function workingDaysBetween(fromMs: number, toMs: number): number {
    assertInstant(fromMs, 'fromMs');
    assertInstant(toMs, 'toMs');
    const first = dayNumber(shanghaiYmd(fromMs));
    const last = dayNumber(shanghaiYmd(toMs));
    if (last - first > MAX_SPAN_DAYS) {
      throw new RangeError(`workingDaysBetween: span of ${last - first} days exceeds ${MAX_SPAN_DAYS}`);
    }
    let count = 0;
    for (let d = first + 1; d < last; d++) if (isWorkingDay(ymdOfDayNumber(d))) count++;
    return count;
  }

  function deadlineWarnings(deadlines: { field: string; at: string }[]): { field: string; message: string }[] {
    const out: { field: string; message: string }[] = [];
    for (const { field, at } of deadlines) {
      const ms = parseIsoWithOffset(at);
      if (ms === null) {
        out.push({
          field,
          message: `${String(at)} is not an ISO 8601 timestamp with an explicit offset; cannot check it against the ${SHANGHAI_TZ} working-day calendar`,
        });
        continue;
      }
      const ymd = shanghaiYmd(ms);
      const { y } = parseYmd(ymd);
      const info = dayInfo(ymd);
      if (info.working) continue;
      const what = info.name ? `a public holiday (${info.name})` : `a ${WEEKDAYS[weekdayOf(ymd)]}`;
      const provisional = info.provisional
        ? ` (provisional: the official ${y} holiday arrangement is not loaded yet; computed from the statutory holidays)`
        : '';
      out.push({
        field,
        message: `${ymd} is ${what} in ${SHANGHAI_TZ}; reminders will go out on working days${provisional}`,
      });
    }
    return out;
  }

  function yearSource(year: number): YearSource {
    parseYmd(`${String(year).padStart(4, '0')}-01-01`);
    return table(year).source;
  }

  const coveredYears: number[] = [];
  const provisionalYears: number[] = [];
  for (let y = SOURCE_WINDOW.from; y <= SOURCE_WINDOW.to; y++) {
    if (packageCoversYear(y)) coveredYears.push(y);
    else if (!supplement[String(y)]) provisionalYears.push(y);
  }
  const source: CalendarSource = {
    package: 'chinese-days',
    version: packageVersion(),
    coveredYears,
    supplementYears: Object.keys(supplement).map(Number).sort((a, b) => a - b),
    provisionalYears,
  };

  return {
    dayInfo,
    isWorkingDay,
    yearSource,
    workingMornings,
    nextWorkingMorning,
    workingDaysBefore,
    workingDaysBetween,
    deadlineWarnings,
    source,
  };
}

function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const version = require('chinese-days/package.json').version;
    if (typeof version === 'string') return version;
  } catch {
    // not resolvable (e.g. bundled): fall through
  }
  return '1.5.7';
}

const calendar = createCalendar(OFFICIAL_SUPPLEMENT);

/** Working-day details of an Asia/Shanghai date. */
export function dayInfo(ymd: string): DayInfo {
  return calendar.dayInfo(ymd);
}

export function isWorkingDay(ymd: string): boolean {
  return calendar.isWorkingDay(ymd);
}

/** Which source decides a year: 'supplement', 'package' or 'statutory' (provisional). */
export function yearSource(year: number): YearSource {
  return calendar.yearSource(year);
}

/** hour:00 local on every working day with fromMs < t <= toMs, ascending. */
export function workingMornings(fromMs: number, toMs: number, hour = 9): number[] {
  return calendar.workingMornings(fromMs, toMs, hour);
}

/** The first working-day hour:00 strictly after fromMs. */
export function nextWorkingMorning(fromMs: number, hour = 9): number {
  return calendar.nextWorkingMorning(fromMs, hour);
}

/**
 * The hour:00 instant of the working day that is n working days before the day containing
 * deadlineMs (n >= 1). Due 2023-10-10: n=1 → 2023-10-09, n=3 → 2023-10-07 (a 调休 Saturday),
 * n=6 → 2023-09-26, n=7 → 2023-09-25 (09-29..10-06 are holidays).
 */
export function workingDaysBefore(deadlineMs: number, n: number, hour = 9): number {
  return calendar.workingDaysBefore(deadlineMs, n, hour);
}

/** Working days strictly between the two instants' Shanghai days (0 when none or reversed). */
export function workingDaysBetween(fromMs: number, toMs: number): number {
  return calendar.workingDaysBetween(fromMs, toMs);
}

/** For launch-time warnings: each named deadline that falls on a non-working day. */
export function deadlineWarnings(deadlines: { field: string; at: string }[]): { field: string; message: string }[] {
  return calendar.deadlineWarnings(deadlines);
}

export const CALENDAR_SOURCE: CalendarSource = calendar.source;
