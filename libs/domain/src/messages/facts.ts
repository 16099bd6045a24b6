import type { YearPhase } from '../year';

/**
 * What notifications are about, as facts: the one place of their kinds, the roles they are
 * addressed in and the facts of each kind. Workflows and libs/db record facts (the outbox's `data`
 * column); the texts are rendered from them by one template module per language (en.ts, zh-CN.ts).
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
  // co-signing changed in flight by the lead (issue 12)
  'co-sign-removed',
  'co-sign-deadline-moved',
  'co-sign-urge',
  // comments (意见) on passages of the notice: to the lead, and back to the commenting agency
  'notice-comment',
  'notice-comment-answered',
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

export const NOTIFICATION_ROLES = ['signer', 'secretariat', 'recipient', 'organizer', 'reporting-unit'] as const;
export type NotificationRole = (typeof NOTIFICATION_ROLES)[number];

/**
 * The facts of each kind (the `data` column). Whoever decides that a message goes out records
 * these; every text is rendered from them. Keys are stable: they are stored, and rows written
 * before facts existed have `{}` (their text is the stored `reason`).
 */
export interface NotificationFacts {
  // co-signing (会签)
  'co-sign-request': { version: number; sha256: string; dueAt: string };
  revision: { version: number; dueAt: string };
  /** `days`: whole days since the co-signer was asked; `dueAt`: the co-signing deadline. */
  reminder: { number: number; version: number; days: number; dueAt: string };
  rejection: { agency: string; version: number; comment: string };
  'ready-for-sign-off': { version: number; signers: number };
  escalation: CoSignEscalation | SummaryEscalation;
  withdrawn: { reason: string };
  issued: { docNumber: string };
  /** 减签: the co-signer was removed from the notice (`version`: the version it was at). */
  'co-sign-removed': { version: number; reason: string };
  /** The co-signing deadline moved from `from` to `dueAt`. */
  'co-sign-deadline-moved': { version: number; from: string; dueAt: string };
  /** 手动催办 by the lead: `days` since the co-signer was asked, the lead's `message` if any. */
  'co-sign-urge': { version: number; days: number; dueAt: string; message: string | null };
  /** A co-signer commented on a passage (or followed up on its comment: `reply`); `quote` is cut short (excerpt). */
  'notice-comment': { commentId: string; agency: string; version: number; quote: string; text: string; reply?: boolean };
  /** The lead replied to a comment (`resolved` false), or marked it resolved, with a closing reply or none (`text` null). */
  'notice-comment-answered': { commentId: string; version: number; quote: string; text: string | null; resolved: boolean };
  // the campaign's year
  'notice-delivered': { docNumber: string };
  'notice-copied': { docNumber: string };
  'ack-reminder': { reminder: number; day: string };
  phase: PhaseFacts;
  'milestones-moved': { moved: MovedMilestone[] };
  /** `titles`: the first RESULTS_REMINDER_TITLES of the `activities` pending, by title. */
  'results-reminder': { activities: number; titles: string[]; day: string };
  'summary-reminder': { dueAt: string; workingDaysLeft: number; day: string };
  'summary-overdue': { dueAt: string; day: string };
  'relay-launched': { relayCampaignId: string; relayLead: string; title: string };
  recommendation: { fromCampaignId: string; fromLead: string; from: string; nominations: RecommendedNomination[] };
  'commendations-published': { commended: number };
  // to the lead's secretariat: what the workflow could not do and will not retry (workflows/ledger.ts)
  failure: { text: string };
  // to a body's secretariat (no campaign): its webhook endpoint kept failing and was disabled
  'webhook-disabled': { endpointId: string; url: string; failingSince: string };
}

export interface CoSignEscalation {
  subject: 'co-sign';
  dueAt: string;
  /** Co-signers that had not approved at the deadline (codes). */
  outstanding: string[];
}

export interface SummaryEscalation {
  subject: 'summary';
  dueAt: string;
  missing: number;
  /** Reporting units without a summary (codes). */
  units: string[];
}

/** What a phase message says: the milestone the phase is about (the one its audience acts on). */
export interface PhaseFacts {
  phase: Exclude<YearPhase, 'issued'>;
  concentratedWeek?: { startsAt: string; endsAt: string };
  summaryDueAt?: string;
  closesAt?: string;
}

/** A milestone moved: its field (`milestones.summaryDueAt`), from and to (ISO date-times). */
export interface MovedMilestone {
  field: string;
  from: string;
  to: string;
}

export interface RecommendedNomination {
  id: string;
  kind: string;
  unit: string | null;
  person: string | null;
  /** An activity nomination's activity, by title (absent in facts recorded before it was kept). */
  activity?: string | null;
}

/**
 * Titles of pending activities kept in a results reminder's facts (`activities` says how many in
 * all): enough for the 400-character English text to read exactly as before — 201 titles of at
 * least one character, with their separators, are longer than that.
 */
export const RESULTS_REMINDER_TITLES = 201;

/** A notification as the renderers take it: kind, role, facts, and the text stored before facts. */
export interface NotificationLike {
  kind: NotificationKind;
  role: NotificationRole;
  data: Record<string, unknown>;
  /** The stored `reason`: what an old row (facts `{}`) is rendered from. */
  reason?: string | null;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);

/**
 * The facts of a kind when `data` holds them, typed; null otherwise (a row written before facts,
 * or a caller's data without the expected keys). The templates render only facts that pass here,
 * so no text reads "undefined", "null" or "NaN".
 */
export function factsOf<K extends NotificationKind>(kind: K, data: Record<string, unknown> | null | undefined): NotificationFacts[K] | null {
  const f = (data ?? {}) as Record<string, unknown>;
  return (holds(kind, f) ? f : null) as NotificationFacts[K] | null;
}

function holds(kind: NotificationKind, f: Record<string, unknown>): boolean {
  switch (kind) {
    case 'co-sign-request':
      return isNumber(f.version) && isString(f.sha256) && isString(f.dueAt);
    case 'revision':
      return isNumber(f.version) && isString(f.dueAt);
    case 'reminder':
      return isNumber(f.number) && isNumber(f.version) && isNumber(f.days) && isString(f.dueAt);
    case 'rejection':
      return isString(f.agency) && isNumber(f.version) && isString(f.comment);
    case 'ready-for-sign-off':
      return isNumber(f.version) && isNumber(f.signers);
    case 'escalation':
      if (f.subject === 'co-sign') return isString(f.dueAt) && isStrings(f.outstanding);
      return f.subject === 'summary' && isString(f.dueAt) && isNumber(f.missing) && isStrings(f.units);
    case 'withdrawn':
      return isString(f.reason);
    case 'co-sign-removed':
      return isNumber(f.version) && isString(f.reason);
    case 'co-sign-deadline-moved':
      return isNumber(f.version) && isString(f.from) && isString(f.dueAt);
    case 'co-sign-urge':
      return isNumber(f.version) && isNumber(f.days) && isString(f.dueAt) && (f.message === null || f.message === undefined || isString(f.message));
    case 'notice-comment':
      return isString(f.agency) && isNumber(f.version) && isString(f.quote) && isString(f.text) && (f.reply === undefined || typeof f.reply === 'boolean');
    case 'notice-comment-answered':
      return isNumber(f.version) && isString(f.quote) && typeof f.resolved === 'boolean' && (isString(f.text) || (f.text === null && f.resolved));
    case 'issued':
    case 'notice-delivered':
    case 'notice-copied':
      return isString(f.docNumber);
    case 'ack-reminder':
      return isNumber(f.reminder);
    case 'phase':
      return phaseHolds(f);
    case 'milestones-moved':
      return Array.isArray(f.moved) && f.moved.every((m: unknown) => !!m && typeof m === 'object' && isString((m as MovedMilestone).field) && isString((m as MovedMilestone).from) && isString((m as MovedMilestone).to));
    case 'results-reminder':
      return isNumber(f.activities) && isStrings(f.titles);
    case 'summary-reminder':
      return isString(f.dueAt) && isNumber(f.workingDaysLeft);
    case 'summary-overdue':
      return isString(f.dueAt);
    case 'relay-launched':
      return isString(f.relayLead) && isString(f.title);
    case 'recommendation':
      return (
        isString(f.fromLead) &&
        isString(f.from) &&
        Array.isArray(f.nominations) &&
        f.nominations.every((n: unknown) => !!n && typeof n === 'object' && isString((n as RecommendedNomination).kind))
      );
    case 'commendations-published':
      return isNumber(f.commended);
    case 'failure':
      return isString(f.text);
    case 'webhook-disabled':
      return isString(f.url) && isString(f.failingSince);
  }
}

function phaseHolds(f: Record<string, unknown>): boolean {
  const week = f.concentratedWeek as { startsAt?: unknown; endsAt?: unknown } | undefined;
  const hasWeek = !!week && typeof week === 'object' && isString(week.startsAt) && isString(week.endsAt);
  switch (f.phase) {
    case 'publication-open':
    case 'concentrated-week':
      return hasWeek;
    case 'reporting':
      return isString(f.summaryDueAt);
    case 'commendation':
      return true;
    case 'closed':
      return isString(f.closesAt);
    default:
      return false;
  }
}
