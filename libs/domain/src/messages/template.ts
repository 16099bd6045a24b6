import type { Language } from '../contact';
import type { NotificationKind, NotificationLike, NotificationRole } from './facts';

/** What a message is rendered against: its campaign (null for what concerns none), names, its link. */
export interface MessageContext {
  campaign: CampaignRef | null;
  /** The name of a body (中国科协 for CAST); the code itself when unknown. */
  agencyName(code: string): string;
  /** Where the reader acts on the message (an absolute http(s) URL). */
  link: string;
}

export interface CampaignRef {
  id: string;
  title: string;
  docNumber: string | null;
}

/** A mail's parts: the subject (one line), the plain-text body and an HTML body saying the same. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** One pending item of a digest: a notification with its campaign and its own link. */
export interface DigestItem {
  kind: NotificationKind;
  role: NotificationRole;
  data: Record<string, unknown>;
  campaign: CampaignRef | null;
  link: string;
  /** The stored `reason`, for items written before facts. */
  reason?: string | null;
}

/** The morning digest of one contact: what was pending for them on a working day. */
export interface DigestInput {
  contactName: string;
  /** YYYY-MM-DD, Asia/Shanghai. */
  day: string;
  /** The to-do list. */
  link: string;
  items: DigestItem[];
}

/**
 * A message before it is laid out: the language modules word it, index.ts lays it out as text and
 * HTML the same way for every language.
 */
export interface Draft {
  /** The subject's tag: 催办 in 【催办】. */
  tag: string;
  /** The rest of the subject, one line: what is asked or said. */
  summary: string;
  paragraphs: string[];
  /** A list after the first paragraph (units outstanding, titles, moved milestones). */
  list?: string[];
  /** Paragraphs after the list. */
  after?: string[];
  /** A short addition to the digest's line (a results reminder's first titles). */
  detail?: string;
}

/** One language's texts. */
export interface Templates {
  lang: Language;
  /** The draft of a notification from its facts; null when its data does not hold them. */
  draft(n: NotificationLike, ctx: MessageContext): Draft | null;
  /** The draft of a notification without facts: from the stored reason, or the kind alone. */
  fallback(n: NotificationLike, ctx: MessageContext): Draft;
  subject(tag: string, summary: string): string;
  /** Labels of the layout. */
  words: {
    link: string;
    footer: string;
    digestTag: string;
    digestSummary(day: string, count: number): string;
    digestGreeting(name: string): string;
    digestIntro(day: string, count: number): string;
    digestMore(rest: number): string;
    /** A digest line's addition, after its summary. */
    detail(detail: string): string;
    todo: string;
  };
}
