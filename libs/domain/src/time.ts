/** Campaign times are Asia/Shanghai (UTC+08:00, no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shanghaiYear(iso: string): number {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** The Asia/Shanghai wall clock of an instant; null for what is not one (an old row's garbage). */
export function shanghaiClock(at: string | number): { y: number; m: number; d: number; hh: number; mm: number } | null {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  if (Number.isNaN(t.getTime())) return null;
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), hh: t.getUTCHours(), mm: t.getUTCMinutes() };
}

/**
 * A date as Chinese official documents write it, in Asia/Shanghai: `2023年8月2日`. A YYYY-MM-DD
 * day is that day; what is not a date comes back as given, so a message never reads "NaN".
 */
export function zhDate(at: string | number): string {
  const c = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? shanghaiClock(`${at}T12:00:00+08:00`) : shanghaiClock(at);
  return c ? `${c.y}年${c.m}月${c.d}日` : String(at);
}

/**
 * A moment as Chinese notices write deadlines, in Asia/Shanghai: `2023年8月2日18:00`. A deadline at
 * the very start of a day is written as the day (the seed's "10月10日前" is 2023-10-10T00:00).
 */
export function zhDateTime(at: string | number): string {
  const c = typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at) ? null : shanghaiClock(at);
  if (!c) return zhDate(at);
  return c.hh === 0 && c.mm === 0 ? `${c.y}年${c.m}月${c.d}日` : `${c.y}年${c.m}月${c.d}日${c.hh}:${String(c.mm).padStart(2, '0')}`;
}

/** The same moment for English readers: `2023-08-02 18:00 (Beijing time)`; a day as `2023-08-02`. */
export function enDateTime(at: string | number): string {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const c = shanghaiClock(at);
  if (!c) return String(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${c.y}-${p(c.m)}-${p(c.d)} ${p(c.hh)}:${p(c.mm)} (Beijing time)`;
}
