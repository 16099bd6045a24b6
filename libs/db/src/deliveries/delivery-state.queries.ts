import type { RecipientFilter } from '../recipients/recipient.queries';
import { recipientsFrom } from '../recipients/recipient.queries';
import type { RecipientRole } from '../recipients/recipient.entity';
import type { Db } from '../sql';
import { rows, sqlInt } from '../sql';

/**
 * Whether the issued notice reached each recipient body: by e-mail or webhook (the inbox alone
 * does not count: nobody has been told), apart from whether the body acknowledged it (签收); and
 * for those the system could not reach, why, with the phone numbers someone can call.
 */

export type Unreachable =
  /** No contact with an e-mail address and no webhook: nobody to send it to. */
  | 'no-contact'
  /** Contacts have e-mail addresses, but the e-mail channel is off (SMTP_URL unset) and there is no webhook. */
  | 'email-off'
  /** The mail server refused the address (5xx). */
  | 'bounced'
  /** Mail keeps failing (the server unreachable, 4xx): still retried, not yet delivered. */
  | 'email-failing'
  /** The body's webhook endpoint keeps failing, or was disabled. */
  | 'webhook-failing';

export interface DeliveryStateRow {
  agency: string;
  name: string;
  role: RecipientRole;
  /** When the notice reached a person (first e-mail or webhook accepted). */
  deliveredAt: Date | null;
  /** The channel that reached them first. */
  channel: string | null;
  acknowledgedAt: Date | null;
  /** Null while it is on its way or delivered. */
  unreachable: Unreachable[] | null;
  /** The last error of a failing delivery. */
  error: string | null;
  /** Whom to phone: the body's contacts with a phone number. */
  phones: { name: string; phone: string }[];
}

/** The row as SQL reads it: what the state is worked out from. */
interface Raw extends Pick<DeliveryStateRow, 'agency' | 'name' | 'role' | 'deliveredAt' | 'channel' | 'acknowledgedAt'> {
  planned: boolean;
  deliveries: { channel: string; status: string; attempts: number; error: string | null; permanent: boolean }[] | null;
  emailContacts: number;
  phones: { name: string; phone: string }[] | null;
}

/** Why a planned, undelivered notice has not reached the body; null while it is still on its way. */
export function unreachableReasons(r: Pick<Raw, 'deliveredAt' | 'planned' | 'deliveries' | 'emailContacts'>): Unreachable[] | null {
  if (r.deliveredAt || !r.planned) return null;
  const ds = r.deliveries ?? [];
  if (!ds.length) return [r.emailContacts > 0 ? 'email-off' : 'no-contact'];
  // Still on its first try somewhere: not unreachable yet.
  if (ds.some((d) => d.status === 'pending' && d.attempts === 0)) return null;
  const reasons = new Set<Unreachable>();
  for (const d of ds) {
    if (d.channel === 'webhook') reasons.add('webhook-failing');
    else if (d.channel === 'email') reasons.add(d.status === 'failed' && d.permanent ? 'bounced' : 'email-failing');
  }
  return [...reasons].sort();
}

const FROM_DELIVERY = `
  LEFT JOIN notifications n ON n.idempotency_key = r.campaign_id::text || ':delivered:' || r.agency
  LEFT JOIN LATERAL (
    SELECT jsonb_agg(jsonb_build_object(
             'channel', d.channel, 'status', d.status, 'attempts', d.attempts, 'error', d.last_error,
             'permanent', d.status = 'failed' AND EXISTS (
               SELECT 1 FROM delivery_attempts x WHERE x.delivery_id = d.id AND x.status_code >= 500 AND x.status_code < 600))
           ORDER BY d.id) AS deliveries
      FROM deliveries d WHERE d.notification_id = n.id) dl ON true
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE c.email IS NOT NULL AND 'email' = ANY(c.channels))::int AS email_contacts,
           jsonb_agg(jsonb_build_object('name', c.name, 'phone', c.phone) ORDER BY c.created_at, c.id) FILTER (WHERE c.phone IS NOT NULL) AS phones
      FROM contacts c WHERE c.agency = r.agency) ct ON true`;

/** Filters of the delivery list: the recipients' own, and where delivery stands. */
export interface DeliveryFilter extends RecipientFilter {
  delivery?: 'delivered' | 'undelivered';
}

/** The delivery state of a campaign's recipients, filtered like its recipients and paged; with counts over all of them. */
export async function listDeliveryStates(
  db: Db,
  campaignId: string,
  f: DeliveryFilter,
  page: { page: number; pageSize: number },
): Promise<{ total: number; items: DeliveryStateRow[]; counts: { recipients: number; delivered: number; acknowledged: number; unreachable: number } }> {
  const params: unknown[] = [campaignId];
  let from = recipientsFrom(f, params);
  if (f.delivery === 'delivered') from += ' AND n.delivered_at IS NOT NULL';
  if (f.delivery === 'undelivered') from += ' AND n.delivered_at IS NULL';
  // recipientsFrom ends on its WHERE: the delivery joins go before it.
  const at = from.lastIndexOf('WHERE ');
  from = `${from.slice(0, at)}${FROM_DELIVERY}\n    ${from.slice(at)}`;
  const pageSize = sqlInt(page.pageSize, 100_000);
  const offset = sqlInt((page.page - 1) * pageSize, Number.MAX_SAFE_INTEGER);
  const select = `SELECT r.agency, a.name, r.role, n.delivered_at AS "deliveredAt", n.channel, r.acknowledged_at AS "acknowledgedAt",
                         n.planned_at IS NOT NULL AS planned, dl.deliveries, ct.email_contacts AS "emailContacts", ct.phones`;
  const [found, all] = await Promise.all([
    rows<Raw>(db, `${select} ${from} ORDER BY r.role DESC, a.region NULLS FIRST, r.agency LIMIT ${pageSize} OFFSET ${offset}`, params),
    // Counts over every recipient of the filter (a thousand rows: small enough to classify here).
    rows<Raw>(db, `${select} ${from}`, params),
  ]);
  const shape = (r: Raw): DeliveryStateRow => {
    const unreachable = unreachableReasons(r);
    const failing = (r.deliveries ?? []).find((d) => d.error);
    return {
      agency: r.agency,
      name: r.name,
      role: r.role,
      deliveredAt: r.deliveredAt,
      channel: r.channel,
      acknowledgedAt: r.acknowledgedAt,
      unreachable,
      error: unreachable ? (failing?.error ?? null) : null,
      phones: r.phones ?? [],
    };
  };
  return {
    total: all.length,
    items: found.map(shape),
    counts: {
      recipients: all.length,
      delivered: all.filter((r) => r.deliveredAt).length,
      acknowledged: all.filter((r) => r.acknowledgedAt).length,
      unreachable: all.filter((r) => unreachableReasons(r)).length,
    },
  };
}
