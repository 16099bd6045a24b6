import type { YearPhase } from '@domain/year';
import type { NotificationKind, NotificationRole } from './notification.entity';

/**
 * What each kind of notification is about, as facts (the `data` column). Whoever decides that a
 * message goes out records these; the text is rendered from them — today into `reason`, for the
 * readers of the outbox as it is, and by the delivery channels (mail, webhooks, inbox, calendar
 * feeds) in their own form later. Keys are stable: they are stored.
 */
export interface NotificationFacts {
  // co-signing (会签)
  'co-sign-request': { version: number; sha256: string; dueAt: string };
  revision: { version: number; dueAt: string };
  reminder: { number: number; version: number; days: number; dueAt: string };
  rejection: { agency: string; version: number; comment: string };
  'ready-for-sign-off': { version: number; signers: number };
  escalation: CoSignEscalation | SummaryEscalation;
  withdrawn: { reason: string };
  issued: { docNumber: string };
  // the campaign's year
  'notice-delivered': { docNumber: string };
  'notice-copied': { docNumber: string };
  'ack-reminder': { reminder: number; day: string };
  phase: { phase: Exclude<YearPhase, 'issued'>; concentratedWeek?: { startsAt: string; endsAt: string }; summaryDueAt?: string; closesAt?: string };
  'milestones-moved': { moved: { field: string; from: string; to: string }[] };
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
  outstanding: string[];
}

export interface SummaryEscalation {
  subject: 'summary';
  dueAt: string;
  missing: number;
  units: string[];
}

export interface RecommendedNomination {
  id: string;
  kind: string;
  unit: string | null;
  person: string | null;
}

/**
 * Titles of pending activities kept in a results reminder's facts (`activities` says how many in
 * all): enough for the 400-character text to read exactly as before — 201 titles of at least one
 * character, with their separators, are longer than that.
 */
export const RESULTS_REMINDER_TITLES = 201;

/**
 * The text of a notification from its facts, as the outbox's `reason` has always read. Kinds the
 * facts do not cover (a caller's data without the expected keys) fall back to the kind itself.
 */
export function renderReason<K extends NotificationKind>(kind: K, facts: Partial<NotificationFacts[K]> | Record<string, unknown>, role?: NotificationRole): string {
  const f = facts as Record<string, any>;
  const has = (...keys: string[]) => keys.every((k) => f[k] !== undefined && f[k] !== null);
  switch (kind as NotificationKind) {
    case 'co-sign-request':
      if (has('version', 'sha256', 'dueAt')) return `please co-sign notice version ${f.version} (sha256 ${f.sha256}) by ${f.dueAt}`;
      break;
    case 'revision':
      if (has('version', 'dueAt')) return `the notice was revised to version ${f.version}: earlier decisions are void, please decide on the new text by ${f.dueAt}`;
      break;
    case 'reminder':
      if (has('number', 'version', 'days', 'dueAt')) {
        return `reminder ${f.number}: no decision on notice version ${f.version} ${f.days} day(s) after being asked; co-sign due ${f.dueAt}`;
      }
      break;
    case 'rejection':
      if (has('agency', 'version', 'comment')) return `${f.agency} rejected version ${f.version}: ${f.comment}`;
      break;
    case 'ready-for-sign-off':
      if (has('version', 'signers')) return `all ${f.signers} co-signers approved version ${f.version}: ready for sign-off`;
      break;
    case 'escalation':
      if (f.subject === 'co-sign' && has('dueAt', 'outstanding')) return `co-sign deadline ${f.dueAt} passed; still outstanding: ${(f.outstanding as string[]).join(', ')}`;
      if (f.subject === 'summary' && has('dueAt', 'missing', 'units')) {
        return `summary deadline ${f.dueAt} passed; ${f.missing} reporting unit(s) have not reported: ${left((f.units as string[]).join(', '), 600)}`;
      }
      break;
    case 'withdrawn':
      if (has('reason')) return `the lead withdrew the notice: ${f.reason}`;
      break;
    case 'issued':
      if (has('docNumber')) return role === 'secretariat' ? `issued as ${f.docNumber}` : `the joint notice was issued as ${f.docNumber}`;
      break;
    case 'notice-delivered':
      if (has('docNumber')) return `${f.docNumber} 主送: please acknowledge receipt (签收)`;
      break;
    case 'notice-copied':
      if (has('docNumber')) return `${f.docNumber} 抄送: for your information`;
      break;
    case 'ack-reminder':
      if (has('reminder')) return `reminder ${f.reminder}: please acknowledge receipt (签收) of the notice`;
      break;
    case 'phase':
      return phaseText(f as NotificationFacts['phase']) ?? kind;
    case 'milestones-moved':
      if (has('moved')) return `milestones moved: ${(f.moved as { field: string; from: string; to: string }[]).map((m) => `${m.field} ${m.from} → ${m.to}`).join('; ')}`;
      break;
    case 'results-reminder':
      if (has('activities', 'titles')) {
        return `${f.activities} ended activities await results (photos, videos, news links, participants, summary): ${left((f.titles as string[]).join('；'), 400)}`;
      }
      break;
    case 'summary-reminder':
      if (has('dueAt', 'workingDaysLeft')) {
        const n = f.workingDaysLeft as number;
        return `${n} working day${n > 1 ? 's' : ''} left: the summary report (总结报送) is due by ${f.dueAt}`;
      }
      break;
    case 'summary-overdue':
      if (has('dueAt')) return `overdue: the summary report was due by ${f.dueAt}; it is still accepted and will be marked late`;
      break;
    case 'relay-launched':
      if (has('relayLead', 'title')) return `${f.relayLead} relays the notice as its own: ${f.title}`;
      break;
    case 'recommendation':
      if (has('fromLead', 'from', 'nominations')) {
        const list = f.nominations as RecommendedNomination[];
        const what = list.map((o) => (o.kind === 'individual' ? `${o.person} (${o.unit})` : `${o.kind} ${o.unit ?? ''}`.trim())).join('、');
        return `${f.fromLead} recommends ${list.length} for commendation (推荐) from ${f.from}: ${what}`.slice(0, 1000);
      }
      break;
    case 'commendations-published':
      if (has('commended')) return `the commendation list (表扬名单) is published: ${f.commended} commended`;
      break;
    case 'failure':
      if (has('text')) return f.text as string;
      break;
    case 'webhook-disabled':
      if (has('url', 'failingSince')) return `the webhook endpoint ${f.url} has failed since ${f.failingSince} and was disabled`;
      break;
  }
  return kind;
}

/** PostgreSQL's left(): the first n characters (code points, not UTF-16 units). */
function left(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length <= n ? s : chars.slice(0, n).join('');
}

function phaseText(f: Partial<NotificationFacts['phase']>): string | null {
  switch (f.phase) {
    case 'publication-open':
      return f.concentratedWeek
        ? `the publication window is open: register your activities (concentrated week ${f.concentratedWeek.startsAt} – ${f.concentratedWeek.endsAt})`
        : null;
    case 'concentrated-week':
      return f.concentratedWeek ? `the concentrated week begins; it ends ${f.concentratedWeek.endsAt}` : null;
    case 'reporting':
      return f.summaryDueAt ? `the concentrated week is over: submit your summary report (总结报送) by ${f.summaryDueAt}` : null;
    case 'commendation':
      return 'the summary deadline has passed: nominate, decide and publish the commendations (表扬)';
    case 'closed':
      return f.closesAt ? `the campaign closed at ${f.closesAt}; everything stays readable` : null;
    default:
      return null;
  }
}

/**
 * The same texts in SQL, for kinds whose facts differ per recipient and are written set-based (one
 * INSERT … SELECT for thousands of rows): `data` is a jsonb expression of the row's facts. Null when
 * the facts do not fit; the writer then falls back to the TypeScript rendering of the shared facts.
 * libs/db/src/notifications/outbox.spec.ts checks that both renderings agree.
 */
export const REASON_SQL: Partial<Record<NotificationKind, (data: string) => string>> = {
  'ack-reminder': (d) => `'reminder ' || (${d} ->> 'reminder') || ': please acknowledge receipt (签收) of the notice'`,
  'results-reminder': (d) =>
    `(${d} ->> 'activities') || ' ended activities await results (photos, videos, news links, participants, summary): '
       || left((SELECT string_agg(x.t, '；' ORDER BY x.o) FROM jsonb_array_elements_text(${d} -> 'titles') WITH ORDINALITY AS x(t, o)), 400)`,
  escalation: (d) =>
    `CASE WHEN ${d} ->> 'subject' = 'summary' THEN
       'summary deadline ' || (${d} ->> 'dueAt') || ' passed; ' || (${d} ->> 'missing') || ' reporting unit(s) have not reported: '
         || left((SELECT string_agg(x.u, ', ' ORDER BY x.o) FROM jsonb_array_elements_text(${d} -> 'units') WITH ORDINALITY AS x(u, o)), 600)
     END`,
};
