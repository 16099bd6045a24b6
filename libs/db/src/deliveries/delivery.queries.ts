import type { Db } from '../sql';
import { row, rows, sqlInt } from '../sql';
import type { NotificationKind, NotificationRole } from '@domain/messages';

/**
 * The dispatcher's tables: deliveries (one per message, channel and target) and their attempts.
 * Planning and claiming are set-based: a thousand recipients' messages are planned in one
 * statement, and a batch of due deliveries is read in one.
 */

/** A channel's part in planning: its name and the SELECT of its addressees (DeliveryChannel.targets). */
export interface PlanningChannel {
  name: string;
  /** Reads the CTE `planned` (id, agency, role, kind, created_at); `$1` is the planning instant. */
  targets: string;
}

export interface PlanResult {
  /** Notifications planned by this call. */
  planned: number;
  /** Deliveries created, per channel. */
  deliveries: Record<string, number>;
}

/**
 * Plans up to `limit` notifications not planned yet, oldest first: marks them planned and
 * creates each channel's deliveries, in one statement (data-modifying CTEs), so a crash leaves
 * a notification either wholly planned or not at all. Channels that are off plan nothing.
 */
export async function planDeliveries(db: Db, opts: { at: Date; limit: number; channels: readonly PlanningChannel[] }): Promise<PlanResult> {
  const limit = sqlInt(opts.limit, 100_000);
  const inserts = opts.channels.map(
    (c, i) => `ins${i} AS (
      INSERT INTO deliveries (notification_id, channel, target_id, address, digest_day, next_attempt_at, created_at)
      SELECT t.notification_id, $${i + 2}, t.target_id, t.address, t.digest_day, t.next_attempt_at, $1
        FROM (${c.targets}) t
      ON CONFLICT (notification_id, channel, target_id) DO NOTHING
      RETURNING 1)`,
  );
  const counts = opts.channels.map((_, i) => `(SELECT count(*) FROM ins${i})::int AS c${i}`);
  const r = await row<Record<string, number>>(
    db,
    `WITH planned AS (
       UPDATE notifications n SET planned_at = $1
        WHERE n.id IN (SELECT id FROM notifications WHERE planned_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
       RETURNING n.id, n.agency, n.role, n.kind, n.created_at
     )${inserts.map((s) => `, ${s}`).join('')}
     SELECT (SELECT count(*) FROM planned)::int AS planned${counts.map((s) => `, ${s}`).join('')}`,
    [opts.at, ...opts.channels.map((c) => c.name)],
  );
  const deliveries: Record<string, number> = {};
  opts.channels.forEach((c, i) => (deliveries[c.name] = r?.[`c${i}`] ?? 0));
  return { planned: r?.planned ?? 0, deliveries };
}

/** A delivery that is due, with what its channel needs to word and address it. */
export interface DueDelivery {
  id: string;
  channel: string;
  /** The contact (e-mail) or endpoint (webhook). */
  targetId: string;
  /** The e-mail address or URL as planned. */
  address: string;
  /** E-mail reminders folded into one morning digest: the working day (YYYY-MM-DD), else null. */
  digestDay: string | null;
  /** Failed attempts so far. */
  attempts: number;
  /** When it was first tried (null on the first try): the retry window counts from here. */
  firstAttemptAt: Date | null;
  notification: {
    id: string;
    /** The outbox's idempotency key: Message-IDs and webhook-ids are derived from it. */
    key: string;
    kind: NotificationKind;
    role: NotificationRole;
    agency: string;
    /** The kind's facts (NotificationFacts). */
    data: Record<string, unknown>;
    /** The stored English text (older messages have no facts, only this). */
    reason: string;
    createdAt: Date;
  };
  campaign: { id: string; title: string; docNumber: string | null } | null;
}

/** A due delivery as one row of SQL: the notification's columns beside the delivery's. */
interface DueRow extends Omit<DueDelivery, 'notification' | 'campaign'>, Omit<DueDelivery['notification'], 'id'> {
  notificationId: string;
  campaignId: string | null;
  campaignTitle: string | null;
  docNumber: string | null;
}

/**
 * Pending deliveries due by `now`, most overdue first, at most each channel's `limit`. A digest's
 * deliveries are read together: for each (target, day) either all that are due or none.
 */
export async function dueDeliveries(db: Db, opts: { now: Date; channels: readonly { name: string; limit: number }[] }): Promise<DueDelivery[]> {
  const limits = opts.channels.map((c) => sqlInt(c.limit, 100_000));
  const limitOf = (alias: string) => `(CASE ${opts.channels.map((c, i) => `WHEN ${alias}.channel = $${i + 2} THEN ${limits[i]}`).join(' ')} ELSE 0 END)`;
  const found = await rows<DueRow>(
    db,
    `WITH due AS (
       SELECT d.*, row_number() OVER (PARTITION BY d.channel ORDER BY d.next_attempt_at, d.id) AS n
         FROM deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.channel IN (${opts.channels.map((_, i) => `$${i + 2}`).join(', ') || 'NULL'})
     )
     SELECT d.id, d.channel, d.target_id AS "targetId", d.address, to_char(d.digest_day, 'YYYY-MM-DD') AS "digestDay",
            d.attempts, (SELECT min(a.at) FROM delivery_attempts a WHERE a.delivery_id = d.id) AS "firstAttemptAt",
            n.id AS "notificationId", n.idempotency_key AS key, n.kind, n.role, n.agency, n.data, n.reason, n.created_at AS "createdAt",
            c.id AS "campaignId", c.title AS "campaignTitle", c.doc_number AS "docNumber"
       FROM due d
       JOIN notifications n ON n.id = d.notification_id
       LEFT JOIN campaigns c ON c.id = n.campaign_id
      WHERE d.n <= ${limitOf('d')}
         OR (d.digest_day IS NOT NULL AND EXISTS (
               SELECT 1 FROM due o WHERE o.channel = d.channel AND o.target_id = d.target_id AND o.digest_day = d.digest_day AND o.n <= ${limitOf('o')}))
      ORDER BY d.next_attempt_at, d.id`,
    [opts.now, ...opts.channels.map((c) => c.name)],
  );
  return found.map(({ notificationId, key, kind, role, agency, data, reason, createdAt, campaignId, campaignTitle, docNumber, ...d }) => ({
    ...d,
    notification: { id: notificationId, key, kind, role, agency, data, reason, createdAt },
    campaign: campaignId ? { id: campaignId, title: campaignTitle ?? '', docNumber } : null,
  }));
}

export interface OutcomeRecord {
  deliveryId: string;
  channel: string;
  ok: boolean;
  at: Date;
  durationMs: number;
  statusCode?: number | null;
  error?: string | null;
  messageId?: string | null;
  /** Failed: when to try again; null gives up (status failed). Ignored when ok. */
  retryAt: Date | null;
}

/**
 * Stores one try, in one statement (one round trip, atomic): the attempt row, the delivery's new
 * state, and on success the notification's first delivery (delivered_at, channel). What was sent
 * is never retried unless the process died between the send and this write.
 */
export async function recordOutcome(db: Db, o: OutcomeRecord): Promise<void> {
  await db.query(
    `WITH attempt AS (
       INSERT INTO delivery_attempts (delivery_id, at, outcome, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6)
     ), d AS (
       UPDATE deliveries SET attempts = attempts + 1, message_id = COALESCE($7, message_id),
              status = CASE WHEN $8 THEN 'sent' WHEN $9::timestamptz IS NULL THEN 'failed' ELSE status END,
              sent_at = CASE WHEN $8 THEN $2 ELSE sent_at END,
              last_error = CASE WHEN $8 THEN NULL ELSE $5 END,
              next_attempt_at = CASE WHEN $8 THEN next_attempt_at ELSE COALESCE($9::timestamptz, next_attempt_at) END
        WHERE id = $1 RETURNING notification_id
     )
     UPDATE notifications n SET delivered_at = COALESCE(n.delivered_at, $2), channel = COALESCE(n.channel, $10)
       FROM d WHERE $8 AND n.id = d.notification_id`,
    [
      o.deliveryId,
      o.at,
      o.ok ? 'sent' : 'failed',
      o.statusCode ?? null,
      o.ok ? (o.error ?? null) : (o.error ?? 'failed'),
      Math.round(o.durationMs),
      o.messageId ?? null,
      o.ok,
      o.ok ? null : o.retryAt,
      o.channel,
    ],
  );
}

/** Whether notifications wait to be planned, and when the next pending delivery is due (null: none). */
export async function dispatchBacklog(db: Db, channels: readonly string[]): Promise<{ unplanned: boolean; nextDueAt: Date | null }> {
  const r = await row<{ unplanned: boolean; nextDueAt: Date | null }>(
    db,
    `SELECT EXISTS (SELECT 1 FROM notifications WHERE planned_at IS NULL) AS unplanned,
            (SELECT min(next_attempt_at) FROM deliveries WHERE status = 'pending' AND channel = ANY($1::text[])) AS "nextDueAt"`,
    [channels],
  );
  return { unplanned: r?.unplanned ?? false, nextDueAt: r?.nextDueAt ?? null };
}

/** What an e-mail channel needs of its contacts: name and language. */
export async function contactsById(db: Db, ids: readonly string[]): Promise<Map<string, { name: string; language: string }>> {
  if (!ids.length) return new Map();
  const found = await rows<{ id: string; name: string; language: string }>(db, `SELECT id, name, language FROM contacts WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(found.map((c) => [c.id, { name: c.name, language: c.language }]));
}
