import { enDateTime } from '../time';
import type { NotificationFacts, NotificationKind, NotificationLike, NotificationRole, RecommendedNomination } from './facts';
import { factsOf } from './facts';
import type { Draft, MessageContext, Templates } from './template';

/**
 * The English texts. `renderReason` is the outbox's `reason` column (what the API and the tests
 * read today), byte for byte as the workflows worded it before facts; `en` is the English mail.
 */

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
    case 'co-sign-removed':
      if (has('version', 'reason')) return `the lead removed you from the co-signers of notice version ${f.version}: ${f.reason}`;
      break;
    case 'co-sign-deadline-moved':
      if (has('version', 'from', 'dueAt')) return `the co-signing deadline moved from ${f.from} to ${f.dueAt}; please decide on notice version ${f.version} by then`;
      break;
    case 'co-sign-urge':
      if (has('version', 'days', 'dueAt')) {
        return `urged by the lead: no decision on notice version ${f.version} ${f.days} day(s) after being asked; co-sign due ${f.dueAt}${f.message ? `. Message: ${f.message}` : ''}`;
      }
      break;
    case 'notice-comment':
      if (has('agency', 'version', 'quote', 'text')) return `${f.agency} ${f.reply ? 'followed up on its comment' : 'commented'} on “${f.quote}” of version ${f.version}: ${f.text}`;
      break;
    case 'notice-comment-answered':
      if (has('version', 'quote')) {
        const what = f.resolved ? 'marked resolved' : 'answered';
        return `the lead ${what} your comment on “${f.quote}” of version ${f.version}${f.text ? `: ${f.text}` : ''}`;
      }
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


/** At most this many names or titles in a mail's list; the rest are counted. */
const LIST_MAX = 30;

const TAG: Record<NotificationKind, string> = {
  'co-sign-request': 'Co-sign',
  revision: 'Co-sign',
  reminder: 'Reminder',
  rejection: 'Co-sign',
  'ready-for-sign-off': 'Sign-off',
  escalation: 'Overdue',
  withdrawn: 'Withdrawn',
  issued: 'Issued',
  'co-sign-removed': 'Co-sign',
  'co-sign-deadline-moved': 'Co-sign',
  'co-sign-urge': 'Reminder',
  'notice-comment': 'Comment',
  'notice-comment-answered': 'Comment',
  'notice-delivered': 'Acknowledge',
  'notice-copied': 'For information',
  'ack-reminder': 'Reminder',
  phase: 'Phase',
  'milestones-moved': 'Changed',
  'results-reminder': 'Reminder',
  'summary-reminder': 'Reminder',
  'summary-overdue': 'Reminder',
  'relay-launched': 'Relay',
  recommendation: 'Recommendation',
  'commendations-published': 'Commendation',
  failure: 'System',
  'webhook-disabled': 'System',
};

const MILESTONE_LABEL: Record<string, string> = {
  'milestones.publicationOpensAt': 'publication window opens',
  'milestones.concentratedWeek.startsAt': 'concentrated week starts',
  'milestones.concentratedWeek.endsAt': 'concentrated week ends',
  'milestones.summaryDueAt': 'summary report due',
  'milestones.closesAt': 'campaign closes',
};

function quoted(ctx: MessageContext): string {
  return ctx.campaign ? `“${ctx.campaign.title}”` : 'the notice';
}

function capped(list: string[], total = list.length): string[] {
  const shown = list.slice(0, LIST_MAX);
  return total > shown.length ? [...shown, `… and ${total - shown.length} more`] : shown;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function draft(n: NotificationLike, ctx: MessageContext): Draft | null {
  const T = quoted(ctx);
  const name = (code: string) => ctx.agencyName(code);
  const at = enDateTime;
  const f = <K extends NotificationKind>(kind: K) => factsOf(kind, n.data) as NotificationFacts[K] | null;
  switch (n.kind) {
    case 'co-sign-request': {
      const x = f('co-sign-request');
      return x && {
        tag: TAG[n.kind],
        summary: `Please co-sign ${T} by ${at(x.dueAt)}`,
        paragraphs: [`Version ${x.version} of ${T} is sent to you for co-signing (会签). Please approve or reject it by ${at(x.dueAt)}.`, `Text SHA-256: ${x.sha256}. A decision holds for this text only.`],
      };
    }
    case 'revision': {
      const x = f('revision');
      return x && {
        tag: TAG[n.kind],
        summary: `${T} was revised to version ${x.version}: please co-sign again by ${at(x.dueAt)}`,
        paragraphs: [`The lead revised ${T} to version ${x.version}; decisions on earlier versions are void. Please decide on the new text by ${at(x.dueAt)}.`],
      };
    }
    case 'reminder': {
      const x = f('reminder');
      return x && {
        tag: TAG[n.kind],
        summary: `Please co-sign ${T} by ${at(x.dueAt)}`,
        paragraphs: [
          `No decision on version ${x.version} of ${T} yet, ${plural(x.days, 'day')} after you were asked. Co-signing is due ${at(x.dueAt)}.`,
          `(Reminder ${x.number})`,
        ],
      };
    }
    case 'rejection': {
      const x = f('rejection');
      return x && {
        tag: TAG[n.kind],
        summary: `${name(x.agency)} rejected version ${x.version} of ${T}`,
        paragraphs: [`${name(x.agency)} rejected version ${x.version} of ${T}, giving this reason:`, x.comment, 'Revise the text and ask again, or talk to them.'],
      };
    }
    case 'ready-for-sign-off': {
      const x = f('ready-for-sign-off');
      return x && {
        tag: TAG[n.kind],
        summary: `${T} version ${x.version} is co-signed: ready for sign-off`,
        paragraphs: [`All ${x.signers} co-signers approved version ${x.version} of ${T}. It is ready for sign-off (签发).`],
      };
    }
    case 'escalation': {
      const x = f('escalation');
      if (!x) return null;
      if (x.subject === 'co-sign') {
        return {
          tag: TAG[n.kind],
          summary: `Co-signing of ${T} is overdue`,
          paragraphs: [`The co-signing deadline ${at(x.dueAt)} has passed. Not approved yet (${x.outstanding.length}):`],
          list: capped(x.outstanding.map(name)),
        };
      }
      return {
        tag: TAG[n.kind],
        summary: `Summary reports of ${T} are overdue: ${x.missing} missing`,
        paragraphs: [`The summary deadline ${at(x.dueAt)} has passed. ${plural(x.missing, 'reporting unit')} have not reported:`],
        list: capped(x.units.map(name), x.missing),
        after: ['Late summaries are still accepted and marked late.'],
      };
    }
    case 'withdrawn': {
      const x = f('withdrawn');
      return x && { tag: TAG[n.kind], summary: `${T} was withdrawn`, paragraphs: [`The lead withdrew ${T}; co-signing is over and nothing is asked of you.`, `Reason: ${x.reason}`] };
    }
    case 'issued': {
      const x = f('issued');
      if (!x) return null;
      return n.role === 'secretariat'
        ? { tag: TAG[n.kind], summary: `${T} was issued as ${x.docNumber}`, paragraphs: [`${T} was signed off and issued as ${x.docNumber}. It goes to its recipients now.`] }
        : { tag: TAG[n.kind], summary: `${T}, which you co-signed, was issued as ${x.docNumber}`, paragraphs: [`The joint notice ${T}, which you co-signed, was issued as ${x.docNumber}.`] };
    }
    case 'co-sign-removed': {
      const x = f('co-sign-removed');
      return x && {
        tag: TAG[n.kind],
        summary: `You no longer co-sign ${T}`,
        paragraphs: [`The lead removed you from the co-signers of ${T} (version ${x.version}). A decision you made no longer counts; nothing more is asked of you.`, `Reason: ${x.reason}`],
      };
    }
    case 'co-sign-deadline-moved': {
      const x = f('co-sign-deadline-moved');
      return x && {
        tag: TAG[n.kind],
        summary: `Co-signing of ${T} is now due ${at(x.dueAt)}`,
        paragraphs: [`The lead moved the co-signing deadline of ${T} (version ${x.version}) from ${at(x.from)} to ${at(x.dueAt)}. Please decide by then.`],
      };
    }
    case 'co-sign-urge': {
      const x = f('co-sign-urge');
      return x && {
        tag: TAG[n.kind],
        summary: `Please co-sign ${T} soon`,
        paragraphs: [
          `No decision on version ${x.version} of ${T} yet${x.days >= 1 ? `, ${plural(x.days, 'day')} after you were asked` : ''}. The lead asks you to decide; co-signing is due ${at(x.dueAt)}.`,
          ...(x.message ? [`Message from the lead: ${x.message}`] : []),
        ],
      };
    }
    case 'notice-comment': {
      const x = f('notice-comment');
      return x && {
        tag: TAG[n.kind],
        summary: `${name(x.agency)} ${x.reply ? 'followed up on its comment on' : 'commented on'} version ${x.version} of ${T}`,
        paragraphs: [
          `${name(x.agency)} ${x.reply ? 'adds to its comment' : 'comments'} on “${x.quote}” in version ${x.version} of ${T}:`,
          x.text,
          'Answer it or mark it resolved. A comment is not a decision: it does not reject the text.',
        ],
      };
    }
    case 'notice-comment-answered': {
      const x = f('notice-comment-answered');
      if (!x) return null;
      const where = `your comment on “${x.quote}” in version ${x.version} of ${T}`;
      if (!x.resolved) return { tag: TAG[n.kind], summary: `The lead answered your comment on ${T}`, paragraphs: [`The lead answered ${where}:`, x.text!] };
      return {
        tag: TAG[n.kind],
        summary: `Your comment on ${T} was marked resolved`,
        paragraphs: x.text ? [`The lead marked ${where} resolved, answering:`, x.text] : [`The lead marked ${where} resolved.`],
      };
    }
    case 'notice-delivered': {
      const x = f('notice-delivered');
      return x && {
        tag: TAG[n.kind],
        summary: `${x.docNumber} ${T}`,
        paragraphs: [`${T} (${x.docNumber}) is addressed to you (主送). Please acknowledge receipt (签收) and carry it out.`],
      };
    }
    case 'notice-copied': {
      const x = f('notice-copied');
      return x && { tag: TAG[n.kind], summary: `${x.docNumber} ${T}`, paragraphs: [`${T} (${x.docNumber}) is copied to you (抄送) for your information. No acknowledgement is needed.`] };
    }
    case 'ack-reminder': {
      const x = f('ack-reminder');
      const doc = ctx.campaign?.docNumber;
      return x && {
        tag: TAG[n.kind],
        summary: `Please acknowledge ${doc ? `${doc} ` : ''}${T}`,
        paragraphs: [`You have not acknowledged receipt (签收) of ${T}${doc ? ` (${doc})` : ''} yet. Please do so.`, `(Reminder ${x.reminder})`],
      };
    }
    case 'phase':
      return phase(n, T);
    case 'milestones-moved': {
      const x = f('milestones-moved');
      return x && {
        tag: TAG[n.kind],
        summary: `Milestones of ${T} moved`,
        paragraphs: [`The lead moved milestones of ${T}:`],
        list: capped(x.moved.map((m) => `${MILESTONE_LABEL[m.field] ?? m.field}: ${at(m.from)} → ${at(m.to)}`)),
      };
    }
    case 'results-reminder': {
      const x = f('results-reminder');
      if (!x) return null;
      const titles = x.titles.slice(0, 3).join('; ');
      return {
        tag: TAG[n.kind],
        summary: `Please add the results of ${plural(x.activities, 'ended activity', 'ended activities')} of ${T}`,
        paragraphs: [`${plural(x.activities, 'activity', 'activities')} you organize under ${T} ended without results (photos, videos, news links, participants, summary):`],
        list: capped(x.titles.slice(0, 10), x.activities),
        detail: titles && `e.g. ${titles}${x.activities > 3 ? ` (${x.activities} in all)` : ''}`,
      };
    }
    case 'summary-reminder': {
      const x = f('summary-reminder');
      return x && {
        tag: TAG[n.kind],
        summary: `Please submit your summary report of ${T} by ${at(x.dueAt)}`,
        paragraphs: [`${plural(x.workingDaysLeft, 'working day')} left: the summary report (总结报送) of ${T} is due by ${at(x.dueAt)}.`],
      };
    }
    case 'summary-overdue': {
      const x = f('summary-overdue');
      return x && {
        tag: TAG[n.kind],
        summary: `Your summary report of ${T} is overdue`,
        paragraphs: [`The summary report of ${T} was due by ${at(x.dueAt)}. It is still accepted and will be marked late.`],
      };
    }
    case 'relay-launched': {
      const x = f('relay-launched');
      return x && { tag: TAG[n.kind], summary: `${name(x.relayLead)} relays ${T}`, paragraphs: [`${name(x.relayLead)} relays ${T} as its own joint notice: “${x.title}”.`] };
    }
    case 'recommendation': {
      const x = f('recommendation');
      return x && {
        tag: TAG[n.kind],
        summary: `${name(x.fromLead)} recommends ${x.nominations.length} for commendation under ${T}`,
        paragraphs: [`${name(x.fromLead)} recommends these for commendation (推荐) under ${T}, from ${x.from}:`],
        list: capped(x.nominations.map((o) => nominee(o, name))),
      };
    }
    case 'commendations-published': {
      const x = f('commendations-published');
      return x && { tag: TAG[n.kind], summary: `The commendation list of ${T} is published`, paragraphs: [`The commendation list (表扬名单) of ${T} is published: ${x.commended} commended.`] };
    }
    case 'failure': {
      const x = f('failure');
      return x && { tag: TAG[n.kind], summary: `Something could not be done for ${T}`, paragraphs: ['The system could not do this and will not try again; please look into it:', x.text] };
    }
    case 'webhook-disabled': {
      const x = f('webhook-disabled');
      return x && {
        tag: TAG[n.kind],
        summary: `Webhook endpoint disabled: ${x.url}`,
        paragraphs: [`Your webhook endpoint ${x.url} has failed since ${at(x.failingSince)} and was disabled. Fix the receiver and register it again.`],
      };
    }
  }
}

function phase(n: NotificationLike, T: string): Draft | null {
  const x = factsOf('phase', n.data);
  if (!x) return null;
  const tag = TAG.phase;
  switch (x.phase) {
    case 'publication-open':
      return {
        tag,
        summary: `The publication window of ${T} is open`,
        paragraphs: [`The publication window of ${T} is open: register your activities. The concentrated week runs ${enDateTime(x.concentratedWeek!.startsAt)} – ${enDateTime(x.concentratedWeek!.endsAt)}.`],
      };
    case 'concentrated-week':
      return { tag, summary: `The concentrated week of ${T} begins`, paragraphs: [`The concentrated week of ${T} begins; it ends ${enDateTime(x.concentratedWeek!.endsAt)}. Add each activity's results once it ends.`] };
    case 'reporting':
      return {
        tag,
        summary: `Submit your summary report of ${T} by ${enDateTime(x.summaryDueAt!)}`,
        paragraphs: [`The concentrated week of ${T} is over: submit your summary report (总结报送) by ${enDateTime(x.summaryDueAt!)}.`],
      };
    case 'commendation':
      return { tag, summary: `Commendations of ${T} are open`, paragraphs: [`The summary deadline of ${T} has passed: nominate, decide and publish the commendations (表扬).`] };
    case 'closed':
      return { tag, summary: `${T} closed`, paragraphs: [`${T} closed at ${enDateTime(x.closesAt!)}; everything stays readable.`] };
  }
}

function nominee(o: RecommendedNomination, name: (code: string) => string): string {
  const unit = o.unit ? name(o.unit) : null;
  if (o.kind === 'individual') return `individual: ${o.person ?? ''}${unit ? ` (${unit})` : ''}`.trim();
  if (o.kind === 'activity' && o.activity) return `activity: “${o.activity}”${unit ? ` (${unit})` : ''}`;
  return `${o.kind}${unit ? `: ${unit}` : ''}`;
}

const KIND_NAME: Record<NotificationKind, string> = {
  'co-sign-request': 'co-signing request',
  revision: 'revision',
  reminder: 'co-signing reminder',
  rejection: 'rejection',
  'ready-for-sign-off': 'ready for sign-off',
  escalation: 'overdue notice',
  withdrawn: 'withdrawal',
  issued: 'issued',
  'co-sign-removed': 'removed from co-signing',
  'co-sign-deadline-moved': 'co-signing deadline moved',
  'co-sign-urge': 'urged by the lead',
  'notice-comment': 'comment on the notice',
  'notice-comment-answered': 'comment answered',
  'notice-delivered': 'notice to acknowledge',
  'notice-copied': 'notice for information',
  'ack-reminder': 'acknowledgement reminder',
  phase: 'phase change',
  'milestones-moved': 'milestones moved',
  'results-reminder': 'results reminder',
  'summary-reminder': 'summary reminder',
  'summary-overdue': 'summary overdue',
  'relay-launched': 'relay',
  recommendation: 'recommendation',
  'commendations-published': 'commendations published',
  failure: 'system failure',
  'webhook-disabled': 'webhook endpoint disabled',
};

export const en: Templates = {
  lang: 'en',
  draft,
  fallback(n, ctx) {
    const about = ctx.campaign ? `${quoted(ctx)}: ` : '';
    return { tag: TAG[n.kind] ?? 'Notice', summary: `${about}${KIND_NAME[n.kind] ?? n.kind}`, paragraphs: [n.reason || `There is a new message (${KIND_NAME[n.kind] ?? n.kind}). Open it for details.`] };
  },
  subject: (tag, summary) => `[${tag}] ${summary}`,
  words: {
    link: 'Open',
    footer: 'Sent automatically by the joint notices system; please do not reply.',
    digestTag: 'To do',
    digestSummary: (day, count) => `${plural(count, 'item')} pending on ${day}`,
    digestGreeting: (name) => `Dear ${name},`,
    digestIntro: (day, count) => `As of ${day}, ${plural(count, 'item is', 'items are')} pending for you:`,
    digestMore: (rest) => `… and ${plural(rest, 'more item')}: see your to-do list.`,
    detail: (d) => ` (${d})`,
    todo: 'Your to-do list',
  },
};
