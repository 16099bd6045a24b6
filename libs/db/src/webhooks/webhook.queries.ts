import { randomUUID } from 'node:crypto';
import type { DeliveryStatus } from '../deliveries/delivery.entity';
import type { NotificationKind } from '@domain/messages';
import { writeNotifications } from '../notifications/outbox';
import type { Db } from '../sql';
import { affected, atomically, row, rows, selectColumns, updateReturning } from '../sql';
import { WebhookEndpointEntity } from './webhook-endpoint.entity';

/**
 * A body's webhook endpoints: registering, listing (never the secret), removing; what each
 * delivery to one came to; a re-send; and the channel's bookkeeping — which endpoints work, which
 * have failed for days and are disabled, their owners told.
 */

/** The channel name deliveries to endpoints are stored under (deliveries.channel). */
export const WEBHOOK_CHANNEL = 'webhook';

/** An endpoint failing this long without one success is disabled. */
export const DISABLE_AFTER_FAILING = '3 days';

/** An endpoint as its owner reads it: everything but the secret. */
export type WebhookEndpointView = Pick<
  WebhookEndpointEntity,
  'id' | 'agency' | 'url' | 'events' | 'createdBy' | 'createdAt' | 'failingSince' | 'disabledAt' | 'disabledReason'
>;

const VIEW_COLUMNS: readonly (keyof WebhookEndpointView)[] = ['id', 'agency', 'url', 'events', 'createdBy', 'createdAt', 'failingSince', 'disabledAt', 'disabledReason'];

export interface NewWebhookEndpoint {
  agency: string;
  url: string;
  /** Notification kinds, or ['*']. */
  events: readonly string[];
  /** whsec_<base64>. */
  secret: string;
  createdBy: string;
  at: Date;
}

/** Registers an endpoint; answers it without its secret (the caller already has it). */
export async function createWebhookEndpoint(db: Db, e: NewWebhookEndpoint): Promise<WebhookEndpointView> {
  const [created] = await rows<WebhookEndpointView>(
    db,
    `INSERT INTO webhook_endpoints (id, agency, url, events, secret, created_by, created_at)
     VALUES ($1, $2, $3, $4::text[], $5, $6, $7)
     RETURNING ${selectColumns(db, WebhookEndpointEntity, 'webhook_endpoints', VIEW_COLUMNS)}`,
    [randomUUID(), e.agency, e.url, e.events, e.secret, e.createdBy, e.at],
  );
  return created;
}

/** A body's endpoints (disabled ones too, not removed ones), oldest first. */
export function listWebhookEndpoints(db: Db, agency: string): Promise<WebhookEndpointView[]> {
  return rows<WebhookEndpointView>(
    db,
    `SELECT ${selectColumns(db, WebhookEndpointEntity, 'e', VIEW_COLUMNS)} FROM webhook_endpoints e
      WHERE e.agency = $1 AND e.deleted_at IS NULL ORDER BY e.created_at, e.id`,
    [agency],
  );
}

/** One of the body's endpoints, unless removed; another body's is not found. */
export function findWebhookEndpoint(db: Db, agency: string, id: string): Promise<WebhookEndpointView | null> {
  return row<WebhookEndpointView>(
    db,
    `SELECT ${selectColumns(db, WebhookEndpointEntity, 'e', VIEW_COLUMNS)} FROM webhook_endpoints e
      WHERE e.agency = $1 AND e.id = $2 AND e.deleted_at IS NULL`,
    [agency, id],
  );
}

/**
 * Removes one of the body's endpoints (kept for its delivery history, deleted_at set) and cancels
 * what was still to go to it. False when the body has no such endpoint.
 */
export function deleteWebhookEndpoint(db: Db, agency: string, id: string, at: Date): Promise<boolean> {
  return atomically(db, async (m) => {
    const removed = await affected(m, `UPDATE webhook_endpoints SET deleted_at = $3 WHERE agency = $1 AND id = $2 AND deleted_at IS NULL`, [agency, id, at]);
    if (!removed) return false;
    await cancelPending(m, [id]);
    return true;
  });
}

async function cancelPending(db: Db, endpointIds: readonly string[]): Promise<void> {
  await affected(db, `UPDATE deliveries SET status = 'cancelled' WHERE channel = $1 AND target_id = ANY ($2::uuid[]) AND status = 'pending'`, [WEBHOOK_CHANNEL, endpointIds]);
}

/** One try of a delivery, as its owner reads it. */
export interface DeliveryAttemptView {
  at: Date;
  /** sent | failed */
  outcome: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number | null;
}

export interface EndpointDelivery {
  id: string;
  notificationId: string;
  kind: NotificationKind;
  campaignId: string | null;
  status: DeliveryStatus;
  nextAttemptAt: Date;
  sentAt: Date | null;
  /** The webhook-id it goes out under. */
  messageId: string | null;
  lastError: string | null;
  createdAt: Date;
  /** Every try, oldest first. */
  attempts: DeliveryAttemptView[];
}

/** What went to an endpoint, newest first and paged, each delivery with its tries; and how many in all. */
export async function listEndpointDeliveries(db: Db, endpointId: string, page = { page: 1, pageSize: 50 }): Promise<{ rows: EndpointDelivery[]; total: number }> {
  const found = await rows<Omit<EndpointDelivery, 'attempts'>>(
    db,
    `SELECT d.id, d.notification_id AS "notificationId", n.kind, n.campaign_id AS "campaignId", d.status, d.next_attempt_at AS "nextAttemptAt",
            d.sent_at AS "sentAt", d.message_id AS "messageId", d.last_error AS "lastError", d.created_at AS "createdAt"
       FROM deliveries d JOIN notifications n ON n.id = d.notification_id
      WHERE d.channel = $1 AND d.target_id = $2
      ORDER BY d.created_at DESC, d.id DESC
      LIMIT $3 OFFSET $4`,
    [WEBHOOK_CHANNEL, endpointId, page.pageSize, (page.page - 1) * page.pageSize],
  );
  const count = await row<{ total: number }>(db, `SELECT count(*)::int AS total FROM deliveries WHERE channel = $1 AND target_id = $2`, [WEBHOOK_CHANNEL, endpointId]);
  const attempts = found.length
    ? await rows<DeliveryAttemptView & { deliveryId: string }>(
        db,
        `SELECT delivery_id AS "deliveryId", at, outcome, status_code AS "statusCode", error, duration_ms AS "durationMs"
           FROM delivery_attempts WHERE delivery_id = ANY ($1::bigint[]) ORDER BY delivery_id, at, id`,
        [found.map((d) => d.id)],
      )
    : [];
  const byDelivery = new Map<string, DeliveryAttemptView[]>();
  for (const { deliveryId, ...a } of attempts) byDelivery.set(deliveryId, [...(byDelivery.get(deliveryId) ?? []), a]);
  return { rows: found.map((d) => ({ ...d, attempts: byDelivery.get(d.id) ?? [] })), total: count?.total ?? 0 };
}

export type ResendResult = 'resent' | 'pending' | 'not-found';

/**
 * Sends a delivery of the endpoint again: back to pending, due now, its tries kept; one that was
 * sent goes out again under the same webhook-id (receivers recognise it). One still pending is on
 * its way already and is left as the dispatcher has it ('pending'); a delivery of another endpoint
 * is 'not-found'.
 */
export async function resendDelivery(db: Db, endpointId: string, deliveryId: string, at: Date): Promise<ResendResult> {
  const r = await row<{ status: DeliveryStatus; resent: number }>(
    db,
    `WITH target AS (
       SELECT id, status FROM deliveries WHERE id = $3::bigint AND channel = $1 AND target_id = $2::uuid FOR UPDATE
     ), resent AS (
       UPDATE deliveries d SET status = 'pending', next_attempt_at = $4
         FROM target t WHERE d.id = t.id AND t.status <> 'pending' RETURNING d.id
     )
     SELECT t.status, (SELECT count(*)::int FROM resent) AS resent FROM target t`,
    [WEBHOOK_CHANNEL, endpointId, deliveryId, at],
  );
  if (!r) return 'not-found';
  return r.resent ? 'resent' : 'pending';
}

/** What the channel needs of the endpoints it sends to: the secret, and whether it may still send. */
export interface EndpointForDelivery {
  id: string;
  secret: string;
  disabledAt: Date | null;
  deletedAt: Date | null;
}

/** The endpoints of a batch of deliveries, in one query. */
export async function endpointsForDelivery(db: Db, ids: readonly string[]): Promise<Map<string, EndpointForDelivery>> {
  if (!ids.length) return new Map();
  const found = await rows<EndpointForDelivery>(
    db,
    `SELECT id, secret, disabled_at AS "disabledAt", deleted_at AS "deletedAt" FROM webhook_endpoints WHERE id = ANY ($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return new Map(found.map((e) => [e.id, e]));
}

/** Endpoints that took a delivery: no longer failing. */
export async function markEndpointsSucceeded(db: Db, ids: readonly string[]): Promise<void> {
  if (!ids.length) return;
  await affected(db, `UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ANY ($1::uuid[]) AND failing_since IS NOT NULL`, [ids]);
}

/** Endpoints that failed a delivery at `at`: failing since then, unless they were already. */
export async function markEndpointsFailed(db: Db, ids: readonly string[], at: Date): Promise<void> {
  if (!ids.length) return;
  await affected(db, `UPDATE webhook_endpoints SET failing_since = $2 WHERE id = ANY ($1::uuid[]) AND failing_since IS NULL`, [ids, at]);
}

export interface DisabledEndpoint {
  id: string;
  agency: string;
  url: string;
  failingSince: Date;
}

/**
 * Disables every endpoint that has failed for DISABLE_AFTER_FAILING without a success by `now`,
 * cancels what was still to go to them, and tells each owner's secretariat (a `webhook-disabled`
 * notice of no campaign, once per endpoint) — all in one transaction, so an endpoint is never
 * disabled untold. Answers the endpoints it disabled.
 */
export function disableFailingEndpoints(db: Db, now: Date): Promise<DisabledEndpoint[]> {
  return atomically(db, async (m) => {
    const disabled = await updateReturning<DisabledEndpoint>(
      m,
      `UPDATE webhook_endpoints SET disabled_at = $1, disabled_reason = $3
        WHERE disabled_at IS NULL AND deleted_at IS NULL AND failing_since <= $1::timestamptz - $2::interval
        RETURNING id, agency, url, failing_since AS "failingSince"`,
      [now, DISABLE_AFTER_FAILING, `no delivery succeeded for ${DISABLE_AFTER_FAILING}`],
    );
    if (!disabled.length) return [];
    await cancelPending(
      m,
      disabled.map((e) => e.id),
    );
    await writeNotifications(
      m,
      null,
      disabled.map((e) => ({
        kind: 'webhook-disabled' as const,
        key: `webhook-disabled:${e.id}`,
        to: { agency: e.agency, role: 'secretariat' as const },
        data: { endpointId: e.id, url: e.url, failingSince: e.failingSince.toISOString() },
        at: now,
      })),
    );
    return disabled;
  });
}
