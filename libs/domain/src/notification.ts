/**
 * What a notification can be about (its kind) and the part the addressed body plays in it (its
 * role), as values: the API validates filters and subscriptions against these lists, the outbox
 * (libs/db/src/notifications) stores them. Pure.
 */

export const NOTIFICATION_KINDS = [
  // co-signing (会签)
  'co-sign-request',
  'reminder',
  'escalation',
  'ready-for-sign-off',
  'revision',
  'rejection',
  'withdrawn',
  'issued',
  // the campaign's year
  'notice-delivered',
  'notice-copied',
  'ack-reminder',
  'phase',
  'milestones-moved',
  'results-reminder',
  'summary-reminder',
  'summary-overdue',
  'relay-launched',
  'recommendation',
  'commendations-published',
  // to the lead's secretariat: something the workflow could not do, and will not retry (workflows/README.md)
  'failure',
  // to a body's secretariat: its webhook endpoint kept failing and was disabled (no campaign)
  'webhook-disabled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The part a body is told in: a co-signer, the lead's office, a recipient, an event's organizer, a reporting unit. */
export const NOTIFICATION_ROLES = ['signer', 'secretariat', 'recipient', 'organizer', 'reporting-unit'] as const;
export type NotificationRole = (typeof NOTIFICATION_ROLES)[number];
