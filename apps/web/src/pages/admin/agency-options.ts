/**
 * The directory as people look things up in it: national bodies first, then provincial, then
 * municipal (the API orders its `level` column as text, which puts 市级 first), and a search that
 * puts what was meant first — the code typed out (CAST), a name or short name (中国科协), then
 * names that start with the words, then anything containing them.
 */
import type { Agency } from '../../composables/agencies';

const LEVEL_ORDER: Record<string, number> = { national: 0, provincial: 1, municipal: 2 };

export function byLevelAndCode(a: Agency, b: Agency): number {
  return (LEVEL_ORDER[a.level] ?? 3) - (LEVEL_ORDER[b.level] ?? 3) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** How well `a` answers `q` (lower is better), or null when it does not. */
function rank(a: Agency, q: string, upper: string): number | null {
  const names = [a.name, a.shortName ?? ''];
  if (a.code === upper) return 0;
  if (names.includes(q)) return 1;
  if (a.code.startsWith(upper)) return 2;
  if (names.some((n) => n.startsWith(q))) return 3;
  if (a.code.includes(upper) || names.some((n) => n.includes(q))) return 4;
  return null;
}

/** The bodies matching `query`, best first (all of them, in directory order, for no query). */
export function searchAgencies(all: readonly Agency[], query: string): Agency[] {
  const q = query.trim();
  const sorted = [...all].sort(byLevelAndCode);
  if (!q) return sorted;
  const upper = q.toUpperCase();
  return sorted
    .map((a) => ({ a, r: rank(a, q, upper) }))
    .filter((x): x is { a: Agency; r: number } => x.r !== null)
    .sort((x, y) => x.r - y.r)
    .map((x) => x.a);
}

/** An option of a select of bodies: 中华人民共和国教育部（MOE）. */
export const agencyOption = (a: Agency) => ({ value: a.code, label: `${a.name}（${a.code}）` });
