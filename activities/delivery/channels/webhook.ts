/**
 * The webhook channel: a body's own OA system is told of the kinds of notification it registered
 * for, by an HTTP POST signed as the Standard Webhooks specification says (webhook-id,
 * webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256>), signed by the `standardwebhooks`
 * package, the specification's reference library. The URL rule of registration is applied again
 * when each connection is made (safeLookup), redirects are never followed, the whole exchange has
 * ten seconds. Retries are the dispatcher's (durable, in the deliveries table); this module says
 * when (retryAt) and keeps each endpoint's health: failing since when, disabled after three days.
 */
import { createHash } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { addressProblem, safeLookup, WebhookAddressError } from '@contract/webhook-url';
import {
  disableFailingEndpoints,
  endpointsForDelivery,
  markEndpointsFailed,
  markEndpointsSucceeded,
  WEBHOOK_CHANNEL,
} from '@db/webhooks/webhook.queries';
import type { DeliveryChannel, DeliveryOutcome, DueDelivery, RecordOutcome } from '../channel';
import { backoff } from '../channel';

/** The whole exchange (connect, send, status line): an OA system that takes longer is failing. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Requests in flight at once, per batch. */
export const WEBHOOK_CONCURRENCY = 8;
/** Of a response body, read at most this much (and discard it) before letting the connection go. */
const RESPONSE_BODY_LIMIT = 64 * 1024;

/** Retried for 24 hours: after 30 s, 1 min, 2 min … at most every 2 hours; then the delivery fails. */
export const webhookRetryAt = backoff({ baseMs: 30_000, maxMs: 2 * 3600_000, windowMs: 24 * 3600_000 });

export interface WebhookChannelDeps {
  db: DataSource;
  /** WEBHOOK_ALLOW_PRIVATE: endpoints may be on loopback or private addresses. */
  allowPrivate: boolean;
  /** The limit of one exchange; WEBHOOK_TIMEOUT_MS unless a test shortens it. */
  timeoutMs?: number;
  /** WEBHOOK_CONCURRENCY unless given. */
  concurrency?: number;
}

/**
 * The webhook-id of a notification's delivery to an endpoint: the same on every retry and
 * re-send, so that the receiver recognises a message it has already processed.
 */
export function webhookId(notificationKey: string, endpointId: string): string {
  return `msg_${createHash('sha256').update(`${notificationKey}\n${endpointId}`).digest('hex').slice(0, 32)}`;
}

/** The body of a webhook: the notification's kind, when it happened, and what it says. */
export function webhookPayload(d: DueDelivery): string {
  const n = d.notification;
  return JSON.stringify({
    type: n.kind,
    timestamp: new Date(n.createdAt).toISOString(),
    data: { id: n.id, campaign: d.campaign, agency: n.agency, role: n.role, facts: n.data, text: n.reason },
  });
}

/** The Standard Webhooks headers of one try; `sentAt` is the time the receiver checks against its clock. */
export function signedHeaders(secret: string, msgId: string, sentAt: Date, payload: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(msgId, sentAt, payload),
  };
}

export function createWebhookChannel(deps: WebhookChannelDeps): DeliveryChannel {
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const concurrency = deps.concurrency ?? WEBHOOK_CONCURRENCY;
  const rule = { allowPrivate: deps.allowPrivate };
  // Agents of this channel's own: every socket they keep alive was opened through safeLookup.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  const lookup = safeLookup(rule);

  async function post(address: string, payload: string, headers: Record<string, string>): Promise<{ statusCode: number | null; error: string | null }> {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return { statusCode: null, error: 'the endpoint URL is not a URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { statusCode: null, error: `refused: ${url.protocol} is not http or https` };
    // Node connects to an IP literal without asking lookup: the rule is applied here instead.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const literal = isIP(host) ? addressProblem(host, rule) : null;
    if (literal) return { statusCode: null, error: `refused: ${literal}` };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let done = false;
      // The status line once it came (undefined before): it is the answer, whatever the body does.
      let status: number | null | undefined;
      const finish = (statusCode: number | null, error: string | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ statusCode, error });
      };
      const timer = setTimeout(() => {
        if (status === undefined) finish(null, `no answer within ${timeoutMs / 1000} s`);
        else finish(status, statusError(status));
        req.destroy();
      }, timeoutMs);
      const req = send(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)), 'user-agent': 'joint-notices-webhooks/1' },
          agent: url.protocol === 'https:' ? agents.https : agents.http,
          lookup,
        },
        (res) => {
          const code = res.statusCode ?? null;
          status = code;
          const verdict = statusError(code);
          // The body is read and dropped, up to a limit: enough for the connection to be reused.
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > RESPONSE_BODY_LIMIT) {
              res.destroy();
              finish(code, verdict);
            }
          });
          res.on('end', () => finish(code, verdict));
          res.on('close', () => finish(code, verdict));
          res.on('error', () => finish(code, verdict));
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => finish(null, err instanceof WebhookAddressError ? err.message : describe(err)));
      req.end(payload);
    });
  }

  async function sendOne(d: DueDelivery, secret: string, record: RecordOutcome, now: () => Date): Promise<DeliveryOutcome> {
    const msgId = webhookId(d.notification.key, d.targetId);
    const payload = webhookPayload(d);
    const at = now();
    const t0 = performance.now();
    // Signed with the wall clock: the receiver checks webhook-timestamp against its own (±5 minutes).
    const result = await post(d.address, payload, signedHeaders(secret, msgId, new Date(), payload));
    const outcome: DeliveryOutcome = {
      deliveryId: d.id,
      ok: result.error === null,
      at,
      durationMs: Math.round(performance.now() - t0),
      statusCode: result.statusCode,
      error: result.error,
      messageId: msgId,
    };
    await record(outcome);
    return outcome;
  }

  return {
    name: WEBHOOK_CHANNEL,
    // Every one of them timing out: 200 / 8 at a time × 10 s, well inside the activity's 10 minutes.
    batchSize: 200,

    targets: () => `
      SELECT p.id AS notification_id, e.id AS target_id, e.url AS address, NULL::date AS digest_day, $1::timestamptz AS next_attempt_at
        FROM planned p
        JOIN webhook_endpoints e ON e.agency = p.agency
       WHERE e.disabled_at IS NULL AND e.deleted_at IS NULL
         AND (p.kind = ANY (e.events) OR '*' = ANY (e.events))`,

    async send(batch, record, now) {
      const endpoints = await endpointsForDelivery(
        deps.db,
        batch.map((d) => d.targetId),
      );
      // Each endpoint's health from this batch: the last outcome, and when its failures began.
      const health = new Map<string, { ok: boolean; failingSince: Date | null }>();
      await eachLimited(batch, concurrency, async (d) => {
        const endpoint = endpoints.get(d.targetId);
        const gone = !endpoint || endpoint.deletedAt ? 'the endpoint was removed' : endpoint.disabledAt ? 'the endpoint is disabled' : null;
        if (gone || !endpoint) {
          await record({ deliveryId: d.id, ok: false, at: now(), durationMs: 0, error: gone, permanent: true, messageId: webhookId(d.notification.key, d.targetId) });
          return;
        }
        const outcome = await sendOne(d, endpoint.secret, record, now);
        const before = health.get(d.targetId);
        health.set(d.targetId, outcome.ok ? { ok: true, failingSince: null } : { ok: false, failingSince: before && !before.ok ? before.failingSince : outcome.at });
      });
      const succeeded = [...health].filter(([, h]) => h.ok).map(([id]) => id);
      await markEndpointsSucceeded(deps.db, succeeded);
      // Grouped by when their failures began (one UPDATE per instant; a batch has few).
      const failing = new Map<number, string[]>();
      for (const [id, h] of health) if (!h.ok && h.failingSince) failing.set(h.failingSince.getTime(), [...(failing.get(h.failingSince.getTime()) ?? []), id]);
      for (const [since, ids] of failing) await markEndpointsFailed(deps.db, ids, new Date(since));
    },

    retryAt: webhookRetryAt,

    async afterBatch(now) {
      await disableFailingEndpoints(deps.db, now);
    },

    async close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** What a status code means for the delivery: null when it was taken (2xx). */
function statusError(status: number | null): string | null {
  if (status !== null && status >= 200 && status < 300) return null;
  if (status !== null && status >= 300 && status < 400) return `HTTP ${status}: redirects are not followed`;
  return `HTTP ${status ?? 'without a status'}`;
}

function describe(err: NodeJS.ErrnoException): string {
  return err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
}

/** Runs `fn` over the items, `limit` at a time; the first throw stops taking new items and is rethrown once those running end. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
}
