import escapeHtml from 'escape-html';
import type { Language } from '../contact';
import { en } from './en';
import type { NotificationLike } from './facts';
import type { DigestInput, MessageContext, RenderedMessage, Templates } from './template';
import { zhCN } from './zh-CN';

/**
 * Messages as people read them, rendered at delivery from the facts workflows record (kind, data):
 * one template module per language (en.ts, zh-CN.ts), laid out here the same way for each — a
 * one-line subject, a plain-text body and an HTML body saying the same, with the link to act on.
 * Pure: the dispatcher, the inbox and the digest call it with what they read from PostgreSQL.
 */
export * from './facts';
export type { CampaignRef, DigestInput, DigestItem, Draft, MessageContext, RenderedMessage, Templates } from './template';
export { renderReason } from './en';

const TEMPLATES: Record<Language, Templates> = { en, 'zh-CN': zhCN };

/** Items a digest lists one by one; the rest are counted and wait in the to-do list. */
export const DIGEST_ITEMS = 20;

export function templatesFor(lang: Language): Templates {
  return TEMPLATES[lang] ?? zhCN;
}

/**
 * One notification, in the language of its reader. A notification written before facts (`data`
 * `{}`) reads as its stored `reason`, under the subject of its kind.
 */
export function renderNotification(lang: Language, n: NotificationLike, ctx: MessageContext): RenderedMessage {
  const t = templatesFor(lang);
  const d = t.draft(n, ctx) ?? t.fallback(n, ctx);
  return layout(t, t.subject(d.tag, d.summary), { paragraphs: d.paragraphs, list: d.list, after: d.after, link: ctx.link });
}

/**
 * The morning digest of one contact: one mail listing what was pending for them that working day,
 * however many items — the first DIGEST_ITEMS one line each (a results reminder names its first
 * titles only), the rest counted.
 */
export function renderDigest(lang: Language, d: DigestInput, agencyName: (code: string) => string): RenderedMessage {
  const t = templatesFor(lang);
  const w = t.words;
  const lines = d.items.slice(0, DIGEST_ITEMS).map((item) => {
    const n: NotificationLike = { kind: item.kind, role: item.role, data: item.data, reason: item.reason };
    const ctx: MessageContext = { campaign: item.campaign, agencyName, link: item.link };
    const x = t.draft(n, ctx) ?? t.fallback(n, ctx);
    return { text: t.subject(x.tag, x.summary) + (x.detail ? w.detail(x.detail) : ''), link: item.link };
  });
  const rest = d.items.length - lines.length;
  return layout(t, t.subject(w.digestTag, w.digestSummary(d.day, d.items.length)), {
    greeting: w.digestGreeting(d.contactName),
    paragraphs: [w.digestIntro(d.day, d.items.length)],
    items: lines,
    after: rest > 0 ? [w.digestMore(rest)] : [],
    link: d.link,
    linkLabel: w.todo,
  });
}

interface Body {
  greeting?: string;
  paragraphs: string[];
  /** Bulleted. */
  list?: string[];
  /** Numbered, each with its own link. */
  items?: { text: string; link: string }[];
  after?: string[];
  link: string;
  linkLabel?: string;
}

function layout(t: Templates, subject: string, b: Body): RenderedMessage {
  const label = b.linkLabel ?? t.words.link;
  const text: string[] = [];
  if (b.greeting) text.push(b.greeting);
  text.push(...b.paragraphs);
  if (b.list?.length) text.push(b.list.map((l) => `- ${l}`).join('\n'));
  if (b.items?.length) text.push(b.items.map((it, i) => `${i + 1}. ${it.text}\n   ${it.link}`).join('\n'));
  text.push(...(b.after ?? []));
  text.push(`${label}${t.lang === 'zh-CN' ? '：' : ': '}${b.link}`);
  // The signature separator mail clients know ("-- "), then the footer.
  text.push(`-- \n${t.words.footer}`);

  const html: string[] = [];
  if (b.greeting) html.push(`<p>${esc(b.greeting)}</p>`);
  html.push(...b.paragraphs.map((p) => `<p>${esc(p)}</p>`));
  if (b.list?.length) html.push(`<ul>\n${b.list.map((l) => `<li>${esc(l)}</li>`).join('\n')}\n</ul>`);
  if (b.items?.length) html.push(`<ol>\n${b.items.map((it) => `<li>${anchor(it.link, it.text)}</li>`).join('\n')}\n</ol>`);
  html.push(...(b.after ?? []).map((p) => `<p>${esc(p)}</p>`));
  html.push(`<p>${anchor(b.link, label)}</p>`);
  html.push(`<p style="color:#666666;font-size:small">${esc(t.words.footer)}</p>`);

  return {
    subject: oneLine(subject),
    text: `${text.join('\n\n')}\n`,
    html: [
      '<!DOCTYPE html>',
      `<html lang="${t.lang}">`,
      `<head><meta charset="utf-8"><title>${esc(oneLine(subject))}</title></head>`,
      '<body>',
      ...html,
      '</body>',
      '</html>',
      '',
    ].join('\n'),
  };
}

/** Escaped for HTML text; line breaks kept as <br>. */
function esc(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, '<br>\n');
}

/** A link, only to an http(s) address: anything else is shown as text, never made clickable. */
function anchor(href: string, label: string): string {
  return /^https?:\/\//i.test(href) ? `<a href="${escapeHtml(href)}">${esc(label)}</a>` : `${esc(label)} ${esc(href)}`;
}

/** A subject is one header line: facts with line breaks (a comment, a title) are joined by spaces. */
function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
