/** Identifiers the API hands out and takes back: campaigns and nominations are UUIDs. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Rows PostgreSQL numbers (bigserial: activities, notifications): a positive integer of at most 18 digits. */
export const BIGSERIAL_ID = /^[1-9]\d{0,17}$/;
export const CAMPAIGN_EVENT_ID = BIGSERIAL_ID;
