/** Dates as definitions and requests carry them: Asia/Shanghai (+08:00, no daylight saving since 1991). */
import { SHANGHAI_OFFSET_MS as SHANGHAI_MS } from '@domain/time';

const DAY_MS = 24 * 3600_000;

/** An ISO date-time in Asia/Shanghai (+08:00), milliseconds kept: 2026-12-01T09:00:00.000+08:00. */
export function shanghaiIso(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().replace('Z', '+08:00');
}

/** The Asia/Shanghai calendar date `days` from `fromMs` (now), for rebaseTo: 2026-12-01. */
export function shanghaiDate(days: number, fromMs = Date.now()): string {
  return new Date(fromMs + SHANGHAI_MS + days * DAY_MS).toISOString().slice(0, 10);
}
