/**
 * rebaseTo: shift every date of a definition by one whole number of days so that the earliest
 * lands on the given calendar date (in the earliest date's own offset). Times of day and offsets
 * are kept, so 2023's "09:00 +08:00" stays 09:00 in Beijing. This is how the 2023 campaign is
 * rehearsed today.
 */
import { dayProblem, dayStartUtc, splitIso } from './iso';

const DAY_MS = 24 * 3600_000;

/** The calendar date of an ISO date-time in its own offset, as days since the epoch. */
function localDay(iso: string): number {
  const parts = splitIso(iso);
  const day = parts && dayStartUtc(parts.day);
  if (day === null || day === undefined) throw new RangeError(`not an ISO 8601 date-time with offset: ${iso}`);
  return Math.floor(day / DAY_MS);
}

/**
 * The same time of day and offset, `days` calendar days later. The result may leave the years
 * a campaign can hold: the definition rules check the shifted dates.
 */
export function shiftIso(iso: string, days: number): string {
  const parts = splitIso(iso);
  const day = parts && dayStartUtc(parts.day);
  if (day === null || day === undefined) throw new RangeError(`not an ISO 8601 date-time with offset: ${iso}`);
  const local = new Date(day + days * DAY_MS).toISOString().slice(0, 10);
  return `${local}T${parts!.time}${parts!.offset}`;
}

/** Paths of every date-time field of a definition. Add new ones here and rebasing covers them. */
export const DATE_PATHS = [
  'coSignDueAt',
  'milestones.publicationOpensAt',
  'milestones.concentratedWeek.startsAt',
  'milestones.concentratedWeek.endsAt',
  'milestones.summaryDueAt',
  'milestones.closesAt',
] as const;

function get(obj: any, path: string): unknown {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function set(obj: any, path: string, value: string): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  keys.reduce((o, k) => o[k], obj)[last] = value;
}

export interface Rebased<T> {
  definition: T;
  shiftDays: number;
}

export function rebaseDefinition<T extends object>(definition: T, toDate: string): Rebased<T> {
  const problem = dayProblem(toDate);
  if (problem) throw new RangeError(`rebaseTo ${problem}`);
  const copy = structuredClone(definition);
  const present = DATE_PATHS.map((p) => [p, get(copy, p)] as const).filter(
    (e): e is readonly [(typeof DATE_PATHS)[number], string] => typeof e[1] === 'string',
  );
  if (!present.length) return { definition: copy, shiftDays: 0 };
  const earliest = Math.min(...present.map(([, v]) => localDay(v)));
  const shiftDays = Math.floor(dayStartUtc(toDate)! / DAY_MS) - earliest;
  for (const [path, value] of present) set(copy, path, shiftIso(value, shiftDays));
  // The campaign year moves with its dates: 2023's campaign rehearsed in 2026 is a 2026 campaign.
  const c = copy as { year?: unknown };
  if (typeof c.year === 'number') {
    const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
    c.year += yearOf(earliest + shiftDays) - yearOf(earliest);
  }
  return { definition: copy, shiftDays };
}

/** Shifts every date of a definition by a known number of whole days (a relay follows its rehearsed parent). */
export function shiftDefinitionBy<T extends object>(definition: T, shiftDays: number): T {
  const copy = structuredClone(definition);
  for (const path of DATE_PATHS) {
    const value = get(copy, path);
    if (typeof value === 'string') set(copy, path, shiftIso(value, shiftDays));
  }
  return copy;
}
