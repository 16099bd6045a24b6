/** A timestamp as the API answers it: ISO 8601 in UTC, or null when there is none. */
export const isoOrNull = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : new Date(d).toISOString());
