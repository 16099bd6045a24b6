import type { Db } from '../sql';
import { rows } from '../sql';
import type { NotificationFacts, NotificationKind, NotificationRole } from '@domain/messages';
import { renderReason } from '@domain/messages';
import { REASON_SQL } from './notification-facts';
import { NotificationEntity } from './notification.entity';

/**
 * The outbox writer: every notification goes through writeNotifications. It owns the idempotency
 * key (a retried activity or request never writes a message twice), the columns, the text kept in
 * `reason`, and who an audience is. Callers say what happened (kind + facts) and to whom.
 */

/** Bodies of a campaign, by their part in it. */
export type Audience =
  /** its 主送 recipients */
  | 'main'
  /** every recipient, 主送 and 抄送 */
  | 'recipients'
  /** its reporting units (总结报送) */
  | 'reporting'
  /** the lead's secretariat */
  | 'lead'
  /** the secretariats leading its relays (转发) */
  | 'children';

/**
 * Set-based addressees: a SELECT (optionally reading CTEs, such as the sweeps' `due AS (UPDATE …
 * RETURNING …)`) yielding the columns `agency`, `role`, `key_suffix` (text or NULL) and `data`
 * (jsonb or NULL: this recipient's facts, merged over the message's). Its parameters are $1…$n.
 */
export interface AddresseeQuery {
  /** CTEs without the WITH keyword: `due AS (UPDATE … RETURNING …)`. */
  with?: string;
  sql: string;
  params: unknown[];
  /**
   * false: one message for the campaign whoever receives it (the key is used as given, like an
   * escalation sent once); default true: each body's code (and key_suffix) is appended to the key.
   */
  perRecipient?: boolean;
}

export type Addressee =
  /** One named body: the key is used as given. */
  | { agency: string; role: NotificationRole }
  /** An audience of the campaign: each body's code is appended to the key. */
  | { audience: Audience }
  | { query: AddresseeQuery };

interface MessageOf<K extends NotificationKind> {
  kind: K;
  /**
   * Names the real-world message within the campaign — `delivered`, `phase:reporting`,
   * `rejection:CAC:v2` — stable across retries. The stored key is `<campaignId>:<key>` (then
   * `:<agency>` and `:<key_suffix>` for audiences and queries); see notificationKey.
   */
  key: string;
  to: Addressee;
  /** When it was decided (workflow time for workflows). */
  at: string | Date;
  /** What it is about (stored in `data`). */
  data?: Partial<NotificationFacts[K]>;
  /** Text for `reason`; rendered from the kind and facts when not given. */
  reason?: string;
}

export type OutboxMessage = { [K in NotificationKind]: MessageOf<K> }[NotificationKind];

/** Role each audience is told in. */
const AUDIENCE_ROLE: Record<Audience, NotificationRole> = {
  main: 'recipient',
  recipients: 'recipient',
  reporting: 'reporting-unit',
  lead: 'secretariat',
  children: 'secretariat',
};

/** Each audience as addressee rows; $1 is the campaign. */
const AUDIENCE_SQL: Record<Audience, string> = {
  main: `SELECT agency, 'recipient'::text AS role, NULL::text AS key_suffix, NULL::jsonb AS data FROM campaign_recipients WHERE campaign_id = $1::uuid AND role = 'main'`,
  recipients: `SELECT agency, 'recipient'::text AS role, NULL::text AS key_suffix, NULL::jsonb AS data FROM campaign_recipients WHERE campaign_id = $1::uuid`,
  reporting: `SELECT agency, 'reporting-unit'::text AS role, NULL::text AS key_suffix, NULL::jsonb AS data FROM campaign_recipients WHERE campaign_id = $1::uuid AND reporting`,
  lead: `SELECT lead_agency AS agency, 'secretariat'::text AS role, NULL::text AS key_suffix, NULL::jsonb AS data FROM campaigns WHERE id = $1::uuid`,
  children: `SELECT lead_agency AS agency, 'secretariat'::text AS role, NULL::text AS key_suffix, NULL::jsonb AS data FROM campaigns WHERE parent_id = $1::uuid`,
};

/** Explicit rows per INSERT: 8 parameters each, well under PostgreSQL's 65,535. */
const VALUES_CHUNK = 1000;

/** The scope of the keys of messages that concern no campaign (a webhook endpoint disabled). */
export const SYSTEM_KEY_SCOPE = 'system';

/**
 * The stored idempotency key of a message of the campaign: `<campaignId>:<key>` (`system:<key>`
 * for a message of no campaign). Keys that arrive scoped already (the co-signing workflow builds
 * `<campaignId>:…` itself) are kept as they are, so a message keeps its key whichever way it was
 * written.
 */
export function notificationKey(campaignId: string | null, key: string): string {
  const scope = campaignId ?? SYSTEM_KEY_SCOPE;
  return key.startsWith(`${scope}:`) ? key : `${scope}:${key}`;
}

/**
 * Writes messages of one campaign to the outbox, each exactly once (ON CONFLICT on the key), and
 * answers how many were new. Messages to named bodies go in one multi-row INSERT; an audience or a
 * query is one INSERT … SELECT however many bodies it reaches. Runs on the given manager: inside
 * the caller's transaction when it has one. A null campaign writes system notices (campaign_id
 * NULL, keys `system:<key>`), to named bodies or a query: an audience is a campaign's.
 */
export async function writeNotifications(db: Db, campaignId: string | null, messages: OutboxMessage | readonly OutboxMessage[]): Promise<number> {
  const list = (Array.isArray(messages) ? messages : [messages]) as readonly OutboxMessage[];
  if (campaignId === null && list.some((m) => 'audience' in m.to)) throw new Error('an audience is a campaign’s: a message of no campaign names its bodies');
  let written = 0;
  const named = list.filter((m): m is OutboxMessage & { to: { agency: string; role: NotificationRole } } => 'agency' in m.to);
  for (let i = 0; i < named.length; i += VALUES_CHUNK) written += await insertNamed(db, campaignId, named.slice(i, i + VALUES_CHUNK));
  for (const m of list) {
    if ('audience' in m.to) {
      const query: AddresseeQuery = { sql: AUDIENCE_SQL[m.to.audience], params: [campaignId] };
      written += await insertSelected(db, campaignId, m, query, AUDIENCE_ROLE[m.to.audience]);
    } else if ('query' in m.to) {
      written += await insertSelected(db, campaignId, m, m.to.query);
    }
  }
  return written;
}

async function insertNamed(db: Db, campaignId: string | null, list: readonly (OutboxMessage & { to: { agency: string; role: NotificationRole } })[]): Promise<number> {
  if (!list.length) return 0;
  const values: unknown[] = [];
  const tuples = list.map((m, i) => {
    const data = m.data ?? {};
    values.push(campaignId, notificationKey(campaignId, m.key), m.to.agency, m.to.role, m.kind, m.reason ?? renderReason(m.kind, data, m.to.role), JSON.stringify(data), m.at);
    const b = i * 8;
    return `($${b + 1}::uuid, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}::jsonb, $${b + 8}::timestamptz)`;
  });
  const inserted = await rows<{ id: string }>(
    db,
    `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, data, created_at)
     VALUES ${tuples.join(', ')}
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    values,
  );
  return inserted.length;
}

async function insertSelected(db: Db, campaignId: string | null, m: OutboxMessage, q: AddresseeQuery, role?: NotificationRole): Promise<number> {
  const n = q.params.length;
  const p = (i: number) => `$${n + i}`;
  const [campaign, key, kind, reason, data, at] = [1, 2, 3, 4, 5, 6].map(p);
  const facts = `(${data}::jsonb || COALESCE(a.data, '{}'::jsonb))`;
  const perRow = m.reason === undefined ? REASON_SQL[m.kind] : undefined;
  const reasonSql = perRow ? `COALESCE(${perRow(facts)}, ${reason}::text)` : `${reason}::text`;
  const keySql = q.perRecipient === false ? `${key}::text` : `${key}::text || ':' || a.agency || COALESCE(':' || a.key_suffix, '')`;
  const inserted = await rows<{ id: string }>(
    db,
    `WITH ${q.with ? `${q.with},` : ''} addressees AS (${q.sql})
     INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, data, created_at)
     SELECT ${campaign}::uuid, ${keySql}, a.agency, a.role, ${kind}, ${reasonSql}, ${facts}, ${at}::timestamptz
       FROM addressees a
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      ...q.params,
      campaignId,
      notificationKey(campaignId, m.key),
      m.kind,
      m.reason ?? renderReason(m.kind, m.data ?? {}, role),
      JSON.stringify(m.data ?? {}),
      m.at,
    ],
  );
  return inserted.length;
}

/**
 * Takes back a message that must not have been sent (a launch undone because its workflow could
 * not start): the key is built as writeNotifications built it.
 */
export async function deleteNotification(db: Db, campaignId: string, key: string): Promise<void> {
  await db.query(`DELETE FROM notifications WHERE idempotency_key = $1`, [notificationKey(campaignId, key)]);
}

export interface NotificationFilter {
  /** Only these kinds (an empty list matches nothing). */
  kinds?: readonly string[];
  /** Only messages to this body. */
  agency?: string;
  page?: number;
  pageSize?: number;
}

/** A campaign's outbox, oldest first and paged, with the total: what the campaign told anyone. */
export async function listNotifications(db: Db, campaignId: string, f: NotificationFilter = {}): Promise<{ rows: NotificationEntity[]; total: number }> {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 1000;
  const qb = db
    .getRepository(NotificationEntity)
    .createQueryBuilder('n')
    .where('n.campaign_id = :campaignId', { campaignId })
    .orderBy('n.created_at', 'ASC')
    .addOrderBy('n.id', 'ASC')
    .skip((page - 1) * pageSize)
    .take(pageSize);
  if (f.kinds) qb.andWhere('n.kind IN (:...kinds)', { kinds: f.kinds.length ? f.kinds : [''] });
  if (f.agency) qb.andWhere('n.agency = :agency', { agency: f.agency });
  const [found, total] = await qb.getManyAndCount();
  return { rows: found, total };
}
