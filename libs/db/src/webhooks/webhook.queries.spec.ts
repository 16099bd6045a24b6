import type { DataSource } from 'typeorm';
import { writeNotifications } from '../notifications/outbox';
import { openDataSource, seedCampaign } from '../spec-support';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableFailingEndpoints,
  endpointsForDelivery,
  findWebhookEndpoint,
  listEndpointDeliveries,
  listWebhookEndpoints,
  markEndpointsFailed,
  markEndpointsSucceeded,
  resendDelivery,
} from './webhook.queries';

/**
 * Webhook endpoints against real PostgreSQL. Specs share the database: each endpoint here is new,
 * and assertions read this spec's endpoints only (disabling is global: another worker's run may be
 * the one that disables an endpoint of this spec, with the same effect).
 */
describe('webhook endpoints', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  const SECRET = 'whsec_c3BlYy1zZWNyZXQtbmV2ZXItcmVhZC1iYWNrLWJ5LWEtbGlzdA==';
  const HOUR = 3600_000;
  const DAY = 24 * HOUR;

  const endpoint = (agency = 'HA_CAST', url = 'https://oa.example.org/hooks') =>
    createWebhookEndpoint(ds, { agency, url, events: ['notice-delivered', 'ack-reminder'], secret: SECRET, createdBy: 'spec', at: new Date() });

  /** A notification to HA_CAST of a new campaign: its id. */
  async function notification(): Promise<string> {
    const campaign = await seedCampaign(ds);
    await writeNotifications(ds, campaign, { kind: 'notice-delivered', key: 'delivered', to: { agency: 'HA_CAST', role: 'recipient' }, data: { docNumber: '科协发〔2023〕12号' }, at: new Date() });
    const [{ id }] = await ds.query(`SELECT id FROM notifications WHERE campaign_id = $1`, [campaign]);
    return id;
  }

  /** A delivery to the endpoint, as the dispatcher would have stored it. */
  async function delivery(endpointId: string, d: { status?: string; attempts?: number; createdAt?: Date; tries?: { at: Date; outcome: string; statusCode?: number; error?: string }[] } = {}): Promise<string> {
    const [{ id }] = await ds.query(
      `INSERT INTO deliveries (notification_id, channel, target_id, address, status, attempts, next_attempt_at, message_id, created_at)
       VALUES ($1, 'webhook', $2, 'https://oa.example.org/hooks', $3, $4, $5, 'msg_spec', $5) RETURNING id`,
      [await notification(), endpointId, d.status ?? 'pending', d.attempts ?? 0, d.createdAt ?? new Date()],
    );
    for (const t of d.tries ?? []) {
      await ds.query(`INSERT INTO delivery_attempts (delivery_id, at, outcome, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, 12)`, [
        id,
        t.at,
        t.outcome,
        t.statusCode ?? null,
        t.error ?? null,
      ]);
    }
    return id;
  }

  const deliveryRow = async (id: string) =>
    (await ds.query(`SELECT status, attempts, next_attempt_at AS "nextAttemptAt", message_id AS "messageId" FROM deliveries WHERE id = $1`, [id]))[0];
  const endpointRow = async (id: string) =>
    (await ds.query(`SELECT failing_since AS "failingSince", disabled_at AS "disabledAt", disabled_reason AS "disabledReason", deleted_at AS "deletedAt" FROM webhook_endpoints WHERE id = $1`, [id]))[0];

  it('registers an endpoint and lists the body’s endpoints without their secret; another body sees none of them', async () => {
    const a = await endpoint('HA_CAST');
    expect(a).toEqual({
      id: expect.any(String),
      agency: 'HA_CAST',
      url: 'https://oa.example.org/hooks',
      events: ['notice-delivered', 'ack-reminder'],
      createdBy: 'spec',
      createdAt: expect.any(Date),
      failingSince: null,
      disabledAt: null,
      disabledReason: null,
    });
    const listed = await listWebhookEndpoints(ds, 'HA_CAST');
    expect(listed.find((e) => e.id === a.id)).toEqual(a);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    expect((await listWebhookEndpoints(ds, 'BJ_CAST')).map((e) => e.id)).not.toContain(a.id);
    expect(await findWebhookEndpoint(ds, 'HA_CAST', a.id)).toEqual(a);
    expect(await findWebhookEndpoint(ds, 'BJ_CAST', a.id)).toBeNull();
    // The channel reads the secret, for the endpoints of a batch at once.
    const b = await endpoint('BJ_CAST');
    const secrets = await endpointsForDelivery(ds, [a.id, b.id, a.id]);
    expect([...secrets.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(secrets.get(a.id)).toEqual({ id: a.id, secret: SECRET, disabledAt: null, deletedAt: null });
  });

  it('removes an endpoint of the body only: kept with deleted_at, gone from the list, what was pending cancelled, what was sent kept', async () => {
    const e = await endpoint();
    const pending = await delivery(e.id);
    const sent = await delivery(e.id, { status: 'sent' });
    const at = new Date();
    expect(await deleteWebhookEndpoint(ds, 'BJ_CAST', e.id, at)).toBe(false);
    expect((await endpointRow(e.id)).deletedAt).toBeNull();
    expect(await deleteWebhookEndpoint(ds, 'HA_CAST', e.id, at)).toBe(true);
    expect((await endpointRow(e.id)).deletedAt).toEqual(at);
    expect((await listWebhookEndpoints(ds, 'HA_CAST')).map((x) => x.id)).not.toContain(e.id);
    expect(await findWebhookEndpoint(ds, 'HA_CAST', e.id)).toBeNull();
    expect((await deliveryRow(pending)).status).toBe('cancelled');
    expect((await deliveryRow(sent)).status).toBe('sent');
    expect(await deleteWebhookEndpoint(ds, 'HA_CAST', e.id, at)).toBe(false);
  });

  it('lists an endpoint’s deliveries newest first, paged, each with its tries (when, outcome, status code, error, duration)', async () => {
    const e = await endpoint();
    const other = await endpoint();
    const t0 = Date.now() - 10 * HOUR;
    const first = await delivery(e.id, {
      status: 'sent',
      attempts: 1,
      createdAt: new Date(t0),
      tries: [
        { at: new Date(t0 + 1000), outcome: 'failed', statusCode: 500, error: 'HTTP 500' },
        { at: new Date(t0 + 31_000), outcome: 'sent', statusCode: 204 },
      ],
    });
    const second = await delivery(e.id, { createdAt: new Date(t0 + HOUR), tries: [{ at: new Date(t0 + HOUR + 1), outcome: 'failed', error: 'no answer within 10 s' }] });
    const third = await delivery(e.id, { createdAt: new Date(t0 + 2 * HOUR) });
    await delivery(other.id);

    const all = await listEndpointDeliveries(ds, e.id);
    expect(all.total).toBe(3);
    expect(all.rows.map((d) => d.id)).toEqual([third, second, first]);
    expect(all.rows[2]).toEqual({
      id: first,
      notificationId: expect.any(String),
      kind: 'notice-delivered',
      campaignId: expect.any(String),
      status: 'sent',
      nextAttemptAt: new Date(t0),
      sentAt: null,
      messageId: 'msg_spec',
      lastError: null,
      createdAt: new Date(t0),
      attempts: [
        { at: new Date(t0 + 1000), outcome: 'failed', statusCode: 500, error: 'HTTP 500', durationMs: 12 },
        { at: new Date(t0 + 31_000), outcome: 'sent', statusCode: 204, error: null, durationMs: 12 },
      ],
    });
    expect(all.rows[1].attempts).toEqual([{ at: new Date(t0 + HOUR + 1), outcome: 'failed', statusCode: null, error: 'no answer within 10 s', durationMs: 12 }]);
    expect(all.rows[0].attempts).toEqual([]);

    const page2 = await listEndpointDeliveries(ds, e.id, { page: 2, pageSize: 2 });
    expect(page2).toEqual({ total: 3, rows: [expect.objectContaining({ id: first })] });
  });

  it('re-sends a delivery of the endpoint: pending and due now, its tries kept; a sent one goes out again under its webhook-id', async () => {
    const e = await endpoint();
    const other = await endpoint();
    const tries = [{ at: new Date(Date.now() - DAY), outcome: 'failed', statusCode: 503 }];
    const failed = await delivery(e.id, { status: 'failed', attempts: 9, tries });
    const sent = await delivery(e.id, { status: 'sent', tries: [{ at: new Date(), outcome: 'sent', statusCode: 200 }] });
    const pending = await delivery(e.id);
    const pendingBefore = await deliveryRow(pending);
    const at = new Date();

    expect(await resendDelivery(ds, other.id, failed, at)).toBe('not-found');
    expect((await deliveryRow(failed)).status).toBe('failed');
    expect(await resendDelivery(ds, e.id, '999999999999', at)).toBe('not-found');

    expect(await resendDelivery(ds, e.id, failed, at)).toBe('resent');
    expect(await deliveryRow(failed)).toEqual({ status: 'pending', attempts: 9, nextAttemptAt: at, messageId: 'msg_spec' });
    expect(await resendDelivery(ds, e.id, sent, at)).toBe('resent');
    expect(await deliveryRow(sent)).toEqual({ status: 'pending', attempts: 0, nextAttemptAt: at, messageId: 'msg_spec' });
    const listed = await listEndpointDeliveries(ds, e.id);
    expect(listed.rows.find((d) => d.id === failed)!.attempts).toHaveLength(1);
    expect(listed.rows.find((d) => d.id === sent)!.attempts).toHaveLength(1);

    // Still pending: on its way already, left as the dispatcher has it.
    expect(await resendDelivery(ds, e.id, pending, at)).toBe('pending');
    expect(await deliveryRow(pending)).toEqual(pendingBefore);
  });

  it('marks endpoints failing from their first failure, and working again on a success', async () => {
    const e = await endpoint();
    const t1 = new Date(Date.now() - HOUR);
    const t2 = new Date();
    await markEndpointsFailed(ds, [e.id], t1);
    await markEndpointsFailed(ds, [e.id], t2);
    expect((await endpointRow(e.id)).failingSince).toEqual(t1);
    await markEndpointsSucceeded(ds, [e.id]);
    expect((await endpointRow(e.id)).failingSince).toBeNull();
    await markEndpointsFailed(ds, [e.id], t2);
    expect((await endpointRow(e.id)).failingSince).toEqual(t2);
    await markEndpointsSucceeded(ds, []);
    await markEndpointsFailed(ds, [], t2);
  });

  it('disables an endpoint failing for 3 days, cancels what it had pending, and tells its owner’s secretariat once', async () => {
    const now = new Date();
    const failing = await endpoint('HA_CAST', 'https://oa.ha.example.org/failing');
    const recent = await endpoint('HA_CAST', 'https://oa.ha.example.org/recent');
    const working = await endpoint('HA_CAST', 'https://oa.ha.example.org/working');
    const since = new Date(now.getTime() - 3 * DAY - 60_000);
    await markEndpointsFailed(ds, [failing.id], since);
    await markEndpointsFailed(ds, [recent.id], new Date(now.getTime() - 2 * DAY));
    const pending = await delivery(failing.id);
    const sent = await delivery(failing.id, { status: 'sent' });

    await disableFailingEndpoints(ds, now);
    expect(await endpointRow(failing.id)).toEqual({ failingSince: since, disabledAt: expect.any(Date), disabledReason: 'no delivery succeeded for 3 days', deletedAt: null });
    expect((await endpointRow(recent.id)).disabledAt).toBeNull();
    expect((await endpointRow(working.id)).disabledAt).toBeNull();
    expect((await deliveryRow(pending)).status).toBe('cancelled');
    expect((await deliveryRow(sent)).status).toBe('sent');
    expect((await findWebhookEndpoint(ds, 'HA_CAST', failing.id))!.disabledReason).toBe('no delivery succeeded for 3 days');

    const told = await ds.query(`SELECT campaign_id AS "campaignId", idempotency_key AS key, agency, role, kind, reason, data FROM notifications WHERE data ->> 'endpointId' = $1`, [failing.id]);
    expect(told).toEqual([
      {
        campaignId: null,
        key: `system:webhook-disabled:${failing.id}`,
        agency: 'HA_CAST',
        role: 'secretariat',
        kind: 'webhook-disabled',
        reason: `the webhook endpoint https://oa.ha.example.org/failing has failed since ${since.toISOString()} and was disabled`,
        data: { endpointId: failing.id, url: 'https://oa.ha.example.org/failing', failingSince: since.toISOString() },
      },
    ]);

    // Once: a later run finds it disabled already.
    expect((await disableFailingEndpoints(ds, new Date(now.getTime() + DAY))).map((e) => e.id)).not.toContain(failing.id);
    expect(await ds.query(`SELECT count(*)::int AS n FROM notifications WHERE data ->> 'endpointId' = $1`, [failing.id])).toEqual([{ n: 1 }]);
  });

  it('writes system notices (no campaign) through the outbox writer: named bodies only, keys scoped system:', async () => {
    const key = `spec-system-${Date.now()}`;
    const message = { kind: 'webhook-disabled' as const, key, to: { agency: 'BJ_CAST', role: 'secretariat' as const }, data: { endpointId: 'x', url: 'https://a.example.org/', failingSince: '2023-09-01T00:00:00.000Z' }, at: new Date() };
    expect(await writeNotifications(ds, null, message)).toBe(1);
    expect(await writeNotifications(ds, null, message)).toBe(0);
    expect(await ds.query(`SELECT campaign_id AS "campaignId", agency FROM notifications WHERE idempotency_key = $1`, [`system:${key}`])).toEqual([{ campaignId: null, agency: 'BJ_CAST' }]);
    await expect(writeNotifications(ds, null, { kind: 'failure', key, to: { audience: 'lead' }, data: { text: 'x' }, at: new Date() })).rejects.toThrow('audience');
  });
});
