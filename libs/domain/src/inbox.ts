/**
 * What a principal reads of its own body: which notifications reach it in the inbox, and which
 * items of the body's to-do list are its to do. Pure: the API asks these, libs/db answers the rows.
 * Always the principal's own agency — a token never reads another body's inbox or to-do list, not
 * even the platform's administrators'.
 */
import type { Role } from './auth';
import { ROLES } from './auth';
import type { NotificationRole } from './messages/facts';
import { NOTIFICATION_ROLES } from './messages/facts';

/**
 * Token role → the roles of the notifications it reads. A recipient desk also reads what its body is
 * told as an event's organizer and as a reporting unit (the contacts' rule, CONTACT_ROLE_FOR, sends
 * those to the same people); an administrator reads everything addressed to its body.
 */
const INBOX_ROLES: Record<Role, readonly NotificationRole[]> = {
  secretariat: ['secretariat'],
  signer: ['signer'],
  recipient: ['recipient', 'organizer', 'reporting-unit'],
  admin: NOTIFICATION_ROLES,
};

/** The notification roles a token with `roles` reads in its body's inbox, in NOTIFICATION_ROLES order. */
export function inboxRoles(roles: readonly Role[]): NotificationRole[] {
  const held = new Set(roles.filter((r) => (ROLES as readonly string[]).includes(r)).flatMap((r) => INBOX_ROLES[r]));
  return NOTIFICATION_ROLES.filter((r) => held.has(r));
}

/**
 * What a body may have to do now, in the order the list breaks ties (the due time decides first):
 * decide on a co-signing, sign off, acknowledge receipt, add the results of ended events, submit
 * the summary, decide on nominations.
 */
export const TODO_KINDS = ['co-sign', 'sign-off', 'acknowledge', 'results', 'summary', 'nominations'] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** What to do, as the people doing it say it. */
export const TODO_ACTIONS: Record<TodoKind, string> = {
  'co-sign': '会签',
  'sign-off': '签发',
  acknowledge: '签收',
  results: '补充活动成果',
  summary: '报送总结',
  nominations: '审定表扬',
};

/**
 * Token role → the items it sees: the secretariat answers for its body and sees all of it (and so
 * does an administrator); a signer decides co-signings; a recipient desk acknowledges, adds its
 * events' results and submits its body's summary.
 */
const TODO_FOR: Record<Role, readonly TodoKind[]> = {
  secretariat: TODO_KINDS,
  admin: TODO_KINDS,
  signer: ['co-sign'],
  recipient: ['acknowledge', 'results', 'summary'],
};

/** The to-do kinds a token with `roles` sees, in TODO_KINDS order. */
export function todoKinds(roles: readonly Role[]): TodoKind[] {
  const held = new Set(roles.filter((r) => (ROLES as readonly string[]).includes(r)).flatMap((r) => TODO_FOR[r]));
  return TODO_KINDS.filter((k) => held.has(k));
}
