/** Small numeric helpers of the benchmark: percentiles, rates and formatting. */

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface Distribution {
  n: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function distribution(samples: readonly number[]): Distribution {
  return {
    n: samples.length,
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    maxMs: round(samples.length ? Math.max(...samples) : NaN),
  };
}

/** Rows per second, rounded. */
export function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows / ms) * 1000) : NaN;
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** "1.23 s" / "850 ms". */
export function fmtMs(ms: number | undefined | null): string {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
}

/** 12 345 (thin grouping, no locale surprises). */
export function fmtInt(n: number | undefined | null): string {
  if (n === undefined || n === null || Number.isNaN(n)) return '–';
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
