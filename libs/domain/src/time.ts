/** Campaign times are Asia/Shanghai (UTC+08:00, no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shanghaiYear(iso: string): number {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).getUTCFullYear();
}
