/**
 * A body's calendar feed (iCalendar, RFC 5545), as pure data: from the campaigns that concern a
 * body, the deadlines it should see in its calendar application — co-sign due, acknowledgement,
 * the publication window, the concentrated week, summary due, close — each with a stable UID, a
 * SEQUENCE that rises whenever the milestone behind it moves, its alarms, and zh-CN text. The API
 * renders these with ical-generator; no RFC 5545 is written here. No clock: callers pass `now`.
 */
import { shanghaiYmd } from './calendar';
import type { CampaignPhase, Milestones } from './year';
import { SHANGHAI_OFFSET_MS, shanghaiClock, zhDate } from './time';
import { consoleLinks } from './console-links';

/** One campaign that concerns the body, and how (libs/db's calendar-feed queries answer these). */
export interface FeedCampaign {
  campaignId: string;
  title: string;
  docNumber: string | null;
  phase: CampaignPhase;
  /** When it was issued (ISO); null while it is being co-signed. */
  issuedAt: string | null;
  coSignDueAt: string;
  milestones: Milestones | null;
  /** The body leads it. */
  lead: boolean;
  /** The body is one of its co-signers (会签单位). */
  signer: boolean;
  /** The body's place in its distribution: 主送 (main), 抄送 (cc), or none. */
  recipientRole: 'main' | 'cc' | null;
  /** The body is one of its reporting units (总结报送). */
  reporting: boolean;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  /**
   * How many times each milestone moved, by the field names of MILESTONE_FIELDS
   * (`milestones.summaryDueAt`, …): read from the audit log's `milestones.moved` entries.
   */
  moves: Record<string, number>;
}

export const FEED_EVENT_KINDS = ['co-sign-due', 'acknowledgement', 'publication-window', 'concentrated-week', 'summary-due', 'close'] as const;
export type FeedEventKind = (typeof FEED_EVENT_KINDS)[number];

export interface FeedAlarm {
  /** Seconds before the event's start. */
  beforeSeconds: number;
  description: string;
}

export interface FeedEvent {
  /** `<campaignId>.<kind>@joint-notices`: the same event in every fetch, whatever moves. */
  uid: string;
  kind: FeedEventKind;
  campaignId: string;
  /** Raised each time a milestone behind the event moves, so calendar applications take the change. */
  sequence: number;
  summary: string;
  description: string;
  url: string;
  /**
   * All-day events carry days (`YYYY-MM-DD`, the end exclusive as RFC 5545 wants); timed events
   * carry instants (ISO, UTC). A deadline is a moment: it has no end (RFC 5545 §3.6.1: an event
   * with a DATE-TIME start and no end ends when it starts).
   */
  allDay: boolean;
  start: string;
  end: string | null;
  alarms: FeedAlarm[];
}

export const FEED_UID_DOMAIN = 'joint-notices';

const HOUR_S = 3600;
const DAY_S = 24 * HOUR_S;
const DAY_MS = DAY_S * 1000;

export function feedEventUid(campaignId: string, kind: FeedEventKind): string {
  return `${campaignId}.${kind}@${FEED_UID_DOMAIN}`;
}

/** Which milestone fields each event is made of: its SEQUENCE counts their moves. */
const MOVED_BY: Record<FeedEventKind, string[]> = {
  'co-sign-due': [],
  // Its date follows the window's opening (see acknowledgement below).
  acknowledgement: ['milestones.publicationOpensAt'],
  'publication-window': ['milestones.publicationOpensAt', 'milestones.concentratedWeek.startsAt'],
  'concentrated-week': ['milestones.concentratedWeek.startsAt', 'milestones.concentratedWeek.endsAt'],
  'summary-due': ['milestones.summaryDueAt'],
  close: ['milestones.closesAt'],
};

/**
 * The SEQUENCE of an event: the moves of the milestones it is made of, summed. A move of both ends
 * of the week adds two; what matters to a calendar application is only that it rises with every
 * change and never falls, and the audit log it is read from never loses an entry.
 */
function sequenceOf(c: FeedCampaign, kind: FeedEventKind): number {
  return MOVED_BY[kind].reduce((n, field) => n + (c.moves[field] ?? 0), 0);
}

/**
 * `2023年10月10日 00:00` in Beijing time: a calendar's form, which keeps the time even at midnight
 * (the notices' own form, zhDateTime in time.ts, writes a midnight deadline as the day).
 */
export function shanghaiDateTimeZh(ms: number): string {
  const c = shanghaiClock(ms)!;
  return `${zhDate(ms)} ${String(c.hh).padStart(2, '0')}:${String(c.mm).padStart(2, '0')}`;
}

/** Milliseconds since Beijing midnight. */
function msOfShanghaiDay(ms: number): number {
  return (((ms + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

interface Span {
  allDay: boolean;
  start: string;
  end: string;
  /** How the span reads in a description. */
  text: string;
}

/**
 * A span of the timeline as a calendar shows it best: whole Beijing days when it begins at
 * midnight and ends at midnight or in the last minute of a day (the seeds' week runs
 * `09-17T00:00` – `09-23T23:59:59`: 17 to 23 September inclusive), else the exact instants.
 */
function span(fromIso: string, toIso: string): Span {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  const endOfDay = msOfShanghaiDay(to) >= DAY_MS - 60_000;
  if (msOfShanghaiDay(from) === 0 && (msOfShanghaiDay(to) === 0 || endOfDay) && to > from) {
    // The exclusive end: the next day of a day that runs to its end, the day itself at its midnight.
    const endExclusive = endOfDay ? to + DAY_MS - msOfShanghaiDay(to) : to;
    const lastDay = endExclusive - DAY_MS;
    return {
      allDay: true,
      start: shanghaiYmd(from),
      end: shanghaiYmd(endExclusive),
      text: lastDay === from ? zhDate(from) : `${zhDate(from)}至${zhDate(lastDay)}`,
    };
  }
  return { allDay: false, start: new Date(from).toISOString(), end: new Date(to).toISOString(), text: `${shanghaiDateTimeZh(from)}至${shanghaiDateTimeZh(to)}（北京时间）` };
}

/** Alarms of a deadline: the day before and the hour before. */
function deadlineAlarms(summary: string): FeedAlarm[] {
  return [
    { beforeSeconds: DAY_S, description: `明天截止：${summary}` },
    { beforeSeconds: HOUR_S, description: `一小时后截止：${summary}` },
  ];
}

/**
 * The alarm of a span or of the close: the day before. An all-day event starts at midnight in the
 * calendar's own time zone, so its alarm goes off at 09:00 the day before (15 hours earlier)
 * rather than at midnight.
 */
function dayBeforeAlarm(allDay: boolean, description: string): FeedAlarm[] {
  return [{ beforeSeconds: allDay ? 15 * HOUR_S : DAY_S, description }];
}

export interface FeedOptions {
  /** Where the API answers (config.publicUrl), for each event's link. */
  publicUrl: string;
}

/** The events of a body's feed, campaign by campaign in the order given, each campaign's in timeline order. */
export function feedEvents(campaigns: readonly FeedCampaign[], opts: FeedOptions): FeedEvent[] {
  return campaigns.flatMap((c) => campaignEvents(c, opts));
}

function campaignEvents(c: FeedCampaign, opts: FeedOptions): FeedEvent[] {
  if (c.phase === 'withdrawn') return [];
  const url = consoleLinks.campaign(opts.publicUrl, c.campaignId);
  const title = `《${c.title}》`;
  const numberLine = c.docNumber ? `发文字号：${c.docNumber}` : '发文字号：尚未编号（会签中）';
  const out: FeedEvent[] = [];
  const event = (kind: FeedEventKind, label: string, when: { allDay: boolean; start: string; end: string | null }, lines: string[], alarms: (summary: string) => FeedAlarm[]) => {
    const summary = `${label}：${title}`;
    out.push({
      uid: feedEventUid(c.campaignId, kind),
      kind,
      campaignId: c.campaignId,
      sequence: sequenceOf(c, kind),
      summary,
      description: [title, numberLine, ...lines, `详情：${url}`].join('\n'),
      url,
      ...when,
      alarms: alarms(summary),
    });
  };
  const deadline = (iso: string) => ({ allDay: false, start: new Date(Date.parse(iso)).toISOString(), end: null });

  // Co-signing (会签): the lead and its co-signers, until the last decision is in.
  if (c.phase === 'co-signing' && (c.lead || c.signer)) {
    const due = Date.parse(c.coSignDueAt);
    event(
      'co-sign-due',
      '会签截止',
      deadline(c.coSignDueAt),
      [`截止时间：${shanghaiDateTimeZh(due)}（北京时间）`, c.lead ? '各会签单位须在此前对通知文本作出会签决定。' : '请在此前对通知文本作出会签决定（同意或退回）。'],
      deadlineAlarms,
    );
  }

  // The year's milestones concern every party once the notice is issued: before that they are a
  // draft, which co-signing may still change or the lead withdraw.
  const m = c.milestones;
  if (c.issuedAt === null || m === null) return out;

  // Acknowledgement (签收) by a 主送 body that has not acknowledged yet. The notice sets no
  // deadline for it (the system urges every two working days until it is done), so the event
  // stands on the first day the body needs the notice in hand: the publication window's opening,
  // from which it must publish its activities — or, for a notice that reached it after the window
  // opened (a relay started late), the moment it was delivered. Gone from the feed once acknowledged.
  if (c.recipientRole === 'main' && c.acknowledgedAt === null) {
    const opens = Date.parse(m.publicationOpensAt);
    const delivered = c.deliveredAt ? Date.parse(c.deliveredAt) : Date.parse(c.issuedAt);
    const at = Math.max(opens, delivered);
    event(
      'acknowledgement',
      '签收',
      deadline(new Date(at).toISOString()),
      [
        `提醒时间：${shanghaiDateTimeZh(at)}（北京时间）`,
        '请签收本通知（主送单位）。通知未规定签收期限；此提醒定在活动发布期开始之时（通知送达晚于此时的，定在送达之时），届时须已收悉通知。',
      ],
      deadlineAlarms,
    );
  }

  // The publication window: the phase from its opening until the concentrated week begins
  // (year.ts phaseStarts), when key activities are published and promoted on the platform.
  const publication = span(m.publicationOpensAt, m.concentratedWeek.startsAt);
  event('publication-window', '活动发布期', publication, [`时间：${publication.text}`, '自此登记、发布和推广活动。'], (s) =>
    dayBeforeAlarm(publication.allDay, `明天开始：${s}`),
  );

  const week = span(m.concentratedWeek.startsAt, m.concentratedWeek.endsAt);
  event('concentrated-week', '集中活动周', week, [`时间：${week.text}`, '各地集中开展活动；活动结束后请补充活动成果。'], (s) => dayBeforeAlarm(week.allDay, `明天开始：${s}`));

  // Summaries (总结报送) are due from the reporting units; the lead receives them.
  if (c.reporting || c.lead) {
    const due = Date.parse(m.summaryDueAt);
    event(
      'summary-due',
      '总结报送截止',
      deadline(m.summaryDueAt),
      [`截止时间：${shanghaiDateTimeZh(due)}（北京时间）`, c.reporting ? '请在此前报送活动总结；逾期报送将被标记为逾期。' : '各报送单位须在此前报送活动总结。'],
      deadlineAlarms,
    );
  }

  const closes = Date.parse(m.closesAt);
  event('close', '活动结束', deadline(m.closesAt), [`时间：${shanghaiDateTimeZh(closes)}（北京时间）`, '活动结束；全部记录仍可查询。'], (s) => dayBeforeAlarm(false, `明天：${s}`));
  return out;
}
