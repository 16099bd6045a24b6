/**
 * The e-mail channel: SMTP through nodemailer (a pooled transport), subjects and bodies from the
 * template modules (@domain/messages) in each contact's language, plain text and HTML.
 *
 * - Who: the contacts of the addressed body that hold the message's role (an event's organizer
 *   is the body's recipient desk), else its secretariat's contacts; one mail per address, however
 *   many contacts share a mailbox (中国科协's two 联系人 share kepuri@cast.org.cn).
 * - The morning's reminders (签收, 活动成果, 总结 催办) are not sent one by one: they wait
 *   DIGEST_SETTLE_MS for every campaign's sweep of that morning, then go as ONE digest per contact
 *   and day. A body with 10,000 events missing results gets one mail.
 * - Message-ID is derived from the notification's idempotency key (a digest's from its items'), so
 *   a mail sent again after a crash carries the same Message-ID and is recognisable as a repeat.
 * - 5xx replies are bounces (permanent); connection failures and 4xx are retried with backoff for
 *   three days. When the server cannot be reached at all, the rest of the batch is not tried: it
 *   backs off together and goes out when the server is back.
 */
import { createHash } from 'node:crypto';
import * as nodemailer from 'nodemailer';
import type { DataSource } from 'typeorm';
import { CONTACT_ROLE_FOR } from '@domain/contact';
import type { Language } from '@domain/contact';
import { LANGUAGES } from '@domain/contact';
import { renderDigest, renderNotification } from '@domain/messages';
import { agencyNames } from '@db/agencies/agency.queries';
import { contactsById } from '@db/deliveries/delivery.queries';
import type { DeliveryChannel, DueDelivery, RecordOutcome } from '../channel';
import { backoff } from '../channel';
import { consoleLinks } from '@domain/console-links';

/** Kinds folded into the morning digest: what the daily reminder sweep writes. */
export const DIGEST_KINDS = ['ack-reminder', 'results-reminder', 'summary-reminder', 'summary-overdue'] as const;

/** How long after a morning's first reminder its digest waits for the other campaigns' sweeps. */
export const DIGEST_SETTLE_MS = 15 * 60_000;

/** The pool's SMTP connections. */
const CONNECTIONS = 4;

/**
 * Mails being composed, sent or recorded at once: twice the connections, so that a connection
 * does not wait while a sent mail's outcome is being stored. It is also how many a crash can send
 * twice at most: those the server accepted whose outcome was not yet stored.
 */
export const MAILS_IN_FLIGHT = 2 * CONNECTIONS;

export interface EmailChannelDeps {
  db: DataSource;
  smtp: { url: string; from: string } | null;
  /** Links in mails start here (config.publicUrl). */
  publicUrl: string;
}

const quoted = (list: readonly string[]) => list.map((k) => `'${k}'`).join(', ');

/** A notification role as the contact role that answers it, in SQL (from CONTACT_ROLE_FOR). */
const CONTACT_ROLE_SQL = `(CASE p.role ${Object.entries(CONTACT_ROLE_FOR)
  .map(([n, c]) => `WHEN '${n}' THEN '${c}'`)
  .join(' ')} END)`;

const REACHABLE = (alias: string) => `${alias}.agency = p.agency AND ${alias}.email IS NOT NULL AND 'email' = ANY(${alias}.channels)`;

export function createEmailChannel(deps: EmailChannelDeps): DeliveryChannel {
  const { db, smtp, publicUrl } = deps;
  const transport = smtp
    ? nodemailer.createTransport({
        url: smtp.url,
        pool: true,
        maxConnections: CONNECTIONS,
        // An unreachable server fails a try in seconds, not nodemailer's default two minutes.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      })
    : null;
  const domain = smtp ? mailDomain(smtp.from) : 'localhost';
  const messageId = (seed: string) => `<${createHash('sha256').update(seed).digest('hex').slice(0, 40)}@${domain}>`;

  return {
    name: 'email',
    // Mails to a server that does not answer fail within the 10 s connection timeout, and the
    // rest of the batch is not tried: a large batch stays well inside the activity's timeout.
    batchSize: 1000,

    targets() {
      if (!smtp) return null;
      const digest = `p.kind IN (${quoted(DIGEST_KINDS)})`;
      return `
        SELECT DISTINCT ON (p.id, lower(c.email))
               p.id AS notification_id, c.id AS target_id, c.email AS address,
               CASE WHEN ${digest} THEN (p.created_at AT TIME ZONE 'Asia/Shanghai')::date END AS digest_day,
               CASE WHEN ${digest} THEN greatest($1::timestamptz, p.created_at + interval '${DIGEST_SETTLE_MS / 1000} seconds') ELSE $1::timestamptz END AS next_attempt_at
          FROM planned p
          JOIN contacts c ON ${REACHABLE('c')}
         WHERE c.roles @> ARRAY[${CONTACT_ROLE_SQL}]::text[]
            OR ('secretariat' = ANY(c.roles)
                AND NOT EXISTS (SELECT 1 FROM contacts o WHERE ${REACHABLE('o')} AND o.roles @> ARRAY[${CONTACT_ROLE_SQL}]::text[]))
         ORDER BY p.id, lower(c.email), c.created_at, c.id`;
    },

    async send(batch: DueDelivery[], record: RecordOutcome, now: () => Date): Promise<void> {
      if (!transport || !smtp) throw new Error('the e-mail channel is off (SMTP_URL is unset) but has deliveries to send');
      const [names, contacts] = await Promise.all([agencyNames(db), contactsById(db, [...new Set(batch.map((d) => d.targetId))])]);
      const agencyName = (code: string) => names.get(code) ?? code;
      const mails = compose(batch);
      let unreachable: string | null = null;

      const sendOne = async (mail: Mail): Promise<void> => {
        const contact = contacts.get(mail.deliveries[0].targetId);
        const language: Language = (LANGUAGES as readonly string[]).includes(contact?.language ?? '') ? (contact!.language as Language) : 'zh-CN';
        const id = messageId(mail.seed);
        const started = Date.now();
        const outcome = async (ok: boolean, extra: { statusCode?: number | null; error?: string | null; permanent?: boolean }) => {
          const at = now();
          for (const d of mail.deliveries) await record({ deliveryId: d.id, ok, at, durationMs: Date.now() - started, messageId: id, ...extra });
        };
        if (unreachable) return outcome(false, { error: unreachable });
        const rendered = mail.digestDay
          ? renderDigest(
              language,
              {
                contactName: contact?.name ?? '',
                day: mail.digestDay,
                link: consoleLinks.todo(publicUrl),
                items: mail.deliveries.map((d) => ({ ...item(d), campaign: d.campaign, link: link(publicUrl, d) })),
              },
              agencyName,
            )
          : renderNotification(language, item(mail.deliveries[0]), { campaign: mail.deliveries[0].campaign, agencyName, link: link(publicUrl, mail.deliveries[0]) });
        try {
          const info = await transport.sendMail({
            from: smtp.from,
            to: contact?.name ? { name: contact.name, address: mail.address } : mail.address,
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            messageId: id,
            // The dispatcher's clock (the same as the wall clock but under a time-skipping test server).
            date: now(),
            headers: { 'Auto-Submitted': 'auto-generated', 'X-Notice-Kind': mail.digestDay ? 'digest' : mail.deliveries[0].notification.kind },
          });
          await outcome(true, { statusCode: smtpCode(info.response) });
        } catch (err) {
          const e = err as Error & { responseCode?: number; code?: string };
          if (e.responseCode === undefined) unreachable = `SMTP server unreachable: ${e.code ?? ''} ${e.message}`.trim();
          await outcome(false, { statusCode: e.responseCode ?? null, error: e.message, permanent: e.responseCode !== undefined && e.responseCode >= 500 });
        }
      };

      // A few at a time, as the pool sends them; each outcome is stored as soon as it is known.
      const queue = [...mails];
      await Promise.all(
        Array.from({ length: Math.min(MAILS_IN_FLIGHT, queue.length) }, async () => {
          for (let m = queue.shift(); m; m = queue.shift()) await sendOne(m);
        }),
      );
    },

    // 1 min, 2, 4, 8, then every 10 min, for three days: a server down for an hour is caught up
    // within ten minutes of its return.
    retryAt: backoff({ baseMs: 60_000, maxMs: 10 * 60_000, windowMs: 3 * 24 * 3600_000 }),

    async close() {
      transport?.close();
    },
  };
}

interface Mail {
  address: string;
  digestDay: string | null;
  deliveries: DueDelivery[];
  /** What the Message-ID is derived from. */
  seed: string;
}

/** One mail per delivery, except a digest: one per contact and day with all its items. */
function compose(batch: DueDelivery[]): Mail[] {
  const mails: Mail[] = [];
  const digests = new Map<string, Mail>();
  for (const d of batch) {
    if (!d.digestDay) {
      mails.push({ address: d.address, digestDay: null, deliveries: [d], seed: `${d.notification.key}|${d.targetId}` });
      continue;
    }
    const k = `${d.targetId}|${d.digestDay}`;
    let m = digests.get(k);
    if (!m) digests.set(k, (m = { address: d.address, digestDay: d.digestDay, deliveries: [], seed: '' }));
    m.deliveries.push(d);
  }
  for (const m of digests.values()) {
    m.seed = `digest|${m.deliveries[0].targetId}|${m.digestDay}|${m.deliveries.map((d) => d.notification.key).sort().join('|')}`;
    mails.push(m);
  }
  return mails;
}

function item(d: DueDelivery) {
  return { kind: d.notification.kind, role: d.notification.role, data: d.notification.data, reason: d.notification.reason };
}

/** Where the reader acts on it: the campaign (the console's pages come with issue 10). */
function link(publicUrl: string, d: DueDelivery): string {
  return d.campaign ? consoleLinks.campaign(publicUrl, d.campaign.id) : consoleLinks.inbox(publicUrl);
}

/** The domain of the From address, for Message-IDs (`Name <a@b>` or `a@b`). */
function mailDomain(from: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(from);
  return m ? m[1] : 'localhost';
}

/** The reply code in nodemailer's `250 2.0.0 OK …` response line. */
function smtpCode(response: string | undefined): number | null {
  const m = /^(\d{3})/.exec(response ?? '');
  return m ? Number(m[1]) : null;
}
