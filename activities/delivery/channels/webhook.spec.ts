/**
 * The webhook channel against a real HTTP server started here and the real database: what it
 * sends and how it is signed (verified with the standardwebhooks library, as a receiver would),
 * how each answer is recorded (2xx, 500, a redirect not followed, no answer at all), the URL rule
 * again at connect time, and the endpoints' health it keeps.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { DataSource } from 'typeorm';
import { writeNotifications } from '@db/notifications/outbox';
import { openDataSource, seedCampaign } from '@db/spec-support';
import { createWebhookEndpoint, deleteWebhookEndpoint } from '@db/webhooks/webhook.queries';
import type { DeliveryChannel, DeliveryOutcome, DueDelivery } from '../channel';
import { createWebhookChannel, webhookId, webhookRetryAt } from './webhook';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('the webhook channel', () => {
  let ds: DataSource;
  let base: string;
  let server: ReturnType<typeof createServer>;
  const received: Received[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const routes: Record<string, (res: ServerResponse) => void> = {
    '/ok': (res) => res.writeHead(204).end(),
    '/accepted': (res) => res.writeHead(202, { 'content-type': 'text/plain' }).end('thanks'),
    '/fail': (res) => res.writeHead(500).end('internal error'),
    '/gone': (res) => res.writeHead(410).end(),
    '/redirect': (res) => res.writeHead(302, { location: '/ok' }).end(),
    '/hang': () => undefined,
    '/big': (res) => res.writeHead(200).end(Buffer.alloc(1024 * 1024, 'x')),
    '/slow': (res) => setTimeout(() => res.writeHead(200).end(), 50),
  };

  beforeAll(async () => {
    ds = await openDataSource();
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        (routes[req.url!] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await ds.destroy();
  });

  const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

  async function endpoint(events: string[] = ['*'], agency = 'HA_CAST') {
    const secret = newSecret();
    const e = await createWebhookEndpoint(ds, { agency, url: `${base}/ok`, events, secret, createdBy: 'spec', at: new Date() });
    return { id: e.id, secret };
  }

  let seq = 0;
  function due(targetId: string, path: string, over: Partial<DueDelivery> = {}): DueDelivery {
    seq++;
    return {
      id: String(1_000_000 + seq),
      channel: 'webhook',
      targetId,
      address: path.startsWith('http') ? path : `${base}${path}`,
      digestDay: null,
      attempts: 0,
      firstAttemptAt: null,
      notification: {
        id: String(5_000_000 + seq),
        key: `c0ffee00-0000-4000-8000-000000000000:delivered:HA_CAST:${seq}`,
        kind: 'notice-delivered',
        role: 'recipient',
        agency: 'HA_CAST',
        data: { docNumber: '科协发〔2023〕12号' },
        reason: '科协发〔2023〕12号 主送: please acknowledge receipt (签收)',
        createdAt: new Date('2023-08-20T02:00:00.000Z'),
      },
      campaign: { id: 'c0ffee00-0000-4000-8000-000000000000', title: '关于举办2023年全国科普日活动的通知', docNumber: '科协发〔2023〕12号' },
      ...over,
    };
  }

  async function send(channel: DeliveryChannel, batch: DueDelivery[]): Promise<DeliveryOutcome[]> {
    const outcomes: DeliveryOutcome[] = [];
    await channel.send(batch, async (o) => void outcomes.push(o), () => new Date());
    return outcomes;
  }

  const failingSince = async (id: string): Promise<Date | null> => (await ds.query(`SELECT failing_since AS f FROM webhook_endpoints WHERE id = $1`, [id]))[0].f;

  let channel: DeliveryChannel;
  beforeEach(() => {
    channel = createWebhookChannel({ db: ds, allowPrivate: true, timeoutMs: 500 });
  });
  afterEach(async () => {
    await channel.close!();
  });

  it('POSTs the notification as JSON, signed as Standard Webhooks says: the receiver verifies it with the secret shown at creation', async () => {
    const e = await endpoint();
    const d = due(e.id, '/ok');
    const [outcome] = await send(channel, [d]);
    expect(outcome).toEqual({ deliveryId: d.id, ok: true, at: expect.any(Date), durationMs: expect.any(Number), statusCode: 204, error: null, messageId: webhookId(d.notification.key, e.id) });

    const req = received.find((r) => r.headers['webhook-id'] === outcome.messageId)!;
    expect(req.path).toBe('/ok');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(req.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const verified = new Webhook(e.secret).verify(req.body, req.headers as Record<string, string>);
    expect(verified).toEqual({
      type: 'notice-delivered',
      timestamp: '2023-08-20T02:00:00.000Z',
      data: {
        id: d.notification.id,
        campaign: { id: 'c0ffee00-0000-4000-8000-000000000000', title: '关于举办2023年全国科普日活动的通知', docNumber: '科协发〔2023〕12号' },
        agency: 'HA_CAST',
        role: 'recipient',
        facts: { docNumber: '科协发〔2023〕12号' },
        text: '科协发〔2023〕12号 主送: please acknowledge receipt (签收)',
      },
    });
    // Another secret, or a body changed on the way, does not verify.
    expect(() => new Webhook(newSecret()).verify(req.body, req.headers as Record<string, string>)).toThrow('No matching signature');
    expect(() => new Webhook(e.secret).verify(req.body.replace('HA_CAST', 'BJ_CAST'), req.headers as Record<string, string>)).toThrow('No matching signature');
  });

  it('keeps the webhook-id across retries and re-sends of a message to an endpoint; another endpoint gets another', async () => {
    const a = await endpoint();
    const b = await endpoint();
    const d = due(a.id, '/ok');
    const [first] = await send(channel, [d]);
    const [again] = await send(channel, [{ ...d, attempts: 3 }]);
    const [toB] = await send(channel, [{ ...d, targetId: b.id }]);
    expect(again.messageId).toBe(first.messageId);
    expect(toB.messageId).not.toBe(first.messageId);
    expect(received.filter((r) => r.headers['webhook-id'] === first.messageId)).toHaveLength(2);
  });

  it('records each answer: 2xx is sent; a 500, a 410 and a redirect (not followed) are failures with their status; no answer in time is a failure too', async () => {
    const e = await endpoint();
    const batch = ['/accepted', '/fail', '/gone', '/redirect', '/hang', '/big'].map((p) => due(e.id, p));
    const before = received.filter((r) => r.path === '/ok').length;
    const outcomes = await send(channel, batch);
    const byPath = Object.fromEntries(batch.map((d, i) => [d.address.slice(base.length), outcomes.find((o) => o.deliveryId === batch[i].id)!]));
    expect(byPath['/accepted']).toMatchObject({ ok: true, statusCode: 202, error: null });
    expect(byPath['/fail']).toMatchObject({ ok: false, statusCode: 500, error: 'HTTP 500' });
    expect(byPath['/gone']).toMatchObject({ ok: false, statusCode: 410, error: 'HTTP 410' });
    expect(byPath['/redirect']).toMatchObject({ ok: false, statusCode: 302, error: 'HTTP 302: redirects are not followed' });
    expect(byPath['/hang']).toMatchObject({ ok: false, statusCode: null, error: 'no answer within 0.5 s' });
    expect(byPath['/hang'].durationMs).toBeGreaterThanOrEqual(450);
    expect(byPath['/big']).toMatchObject({ ok: true, statusCode: 200, error: null });
    // The redirect's target was never asked.
    expect(received.filter((r) => r.path === '/ok').length).toBe(before);
    expect(outcomes.every((o) => !o.permanent)).toBe(true);
  });

  it('records a refused connection: nothing listening, or a private address when they are not allowed (literal or resolved)', async () => {
    const e = await endpoint();
    const closed = await send(channel, [due(e.id, 'http://127.0.0.1:1/hook')]);
    expect(closed[0]).toMatchObject({ ok: false, statusCode: null, error: expect.stringContaining('ECONNREFUSED') });

    const strict = createWebhookChannel({ db: ds, allowPrivate: false, timeoutMs: 500 });
    try {
      const port = new URL(base).port;
      const count = received.length;
      const batch = [due(e.id, `${base}/ok`), due(e.id, `http://localhost:${port}/ok`), due(e.id, 'http://169.254.169.254/latest/meta-data/')];
      const outcomes = await send(strict, batch);
      const [literal, named, metadata] = batch.map((d) => outcomes.find((o) => o.deliveryId === d.id)!);
      expect(literal).toMatchObject({ ok: false, statusCode: null, error: 'refused: 127.0.0.1 is a loopback address' });
      expect(named).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: host localhost resolves to (127\.0\.0\.1|::1), a loopback address/) });
      expect(metadata).toMatchObject({ ok: false, error: 'refused: 169.254.169.254 is a cloud metadata address' });
      expect(received.length).toBe(count);
    } finally {
      await strict.close!();
    }
  });

  it('gives up at once on an endpoint removed or disabled since the delivery was planned', async () => {
    const removed = await endpoint();
    await deleteWebhookEndpoint(ds, 'HA_CAST', removed.id, new Date());
    const disabled = await endpoint();
    await ds.query(`UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    const batch = [due(removed.id, '/ok'), due(disabled.id, '/ok'), due('00000000-0000-4000-8000-000000000000', '/ok')];
    const outcomes = await send(channel, batch);
    expect(batch.map((d) => outcomes.find((o) => o.deliveryId === d.id)!).map((o) => [o.ok, o.permanent, o.error])).toEqual([
      [false, true, 'the endpoint was removed'],
      [false, true, 'the endpoint is disabled'],
      [false, true, 'the endpoint was removed'],
    ]);
  });

  it('sends a batch 8 at a time, recording each outcome as it comes; a broken record stops the batch and is thrown', async () => {
    const e = await endpoint();
    maxInFlight = 0;
    const batch = Array.from({ length: 24 }, () => due(e.id, '/slow'));
    const outcomes = await send(channel, batch);
    expect(outcomes).toHaveLength(24);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(maxInFlight).toBe(8);

    let calls = 0;
    const broken = channel.send(
      Array.from({ length: 24 }, () => due(e.id, '/slow')),
      async () => {
        if (++calls === 1) throw new Error('database gone');
      },
      () => new Date(),
    );
    await expect(broken).rejects.toThrow('database gone');
    expect(calls).toBeLessThan(24);
  });

  it('keeps each endpoint’s health: failing since its first failure, working again after a success, disabled after 3 days of failing', async () => {
    const e = await endpoint();
    const t0 = Date.now();
    await send(channel, [due(e.id, '/fail')]);
    const since = await failingSince(e.id);
    expect(since!.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
    await send(channel, [due(e.id, '/fail')]);
    expect(await failingSince(e.id)).toEqual(since);
    await send(channel, [due(e.id, '/ok')]);
    expect(await failingSince(e.id)).toBeNull();
    // In one batch the last answer decides (one at a time here, so that the order is known).
    const oneByOne = createWebhookChannel({ db: ds, allowPrivate: true, concurrency: 1 });
    await send(oneByOne, [due(e.id, '/ok'), due(e.id, '/fail')]);
    expect(await failingSince(e.id)).not.toBeNull();
    await send(oneByOne, [due(e.id, '/fail'), due(e.id, '/ok')]);
    expect(await failingSince(e.id)).toBeNull();
    await oneByOne.close!();

    // Failing for over 3 days: afterBatch disables it and tells its secretariat.
    await send(channel, [due(e.id, '/fail')]);
    await ds.query(`UPDATE webhook_endpoints SET failing_since = now() - interval '3 days 1 minute' WHERE id = $1`, [e.id]);
    await channel.afterBatch!(new Date());
    const [row] = await ds.query(`SELECT disabled_at AS "disabledAt", disabled_reason AS reason FROM webhook_endpoints WHERE id = $1`, [e.id]);
    expect(row).toEqual({ disabledAt: expect.any(Date), reason: 'no delivery succeeded for 3 days' });
    expect(await ds.query(`SELECT kind, agency, role FROM notifications WHERE idempotency_key = $1`, [`system:webhook-disabled:${e.id}`])).toEqual([
      { kind: 'webhook-disabled', agency: 'HA_CAST', role: 'secretariat' },
    ]);
  });

  it('retries with exponential backoff for 24 hours, then gives up', () => {
    const first = new Date('2023-09-01T00:00:00.000Z');
    const at = (ms: number) => new Date(first.getTime() + ms);
    expect(webhookRetryAt(1, first, at(0))).toEqual(at(30_000));
    expect(webhookRetryAt(2, first, at(30_000))).toEqual(at(90_000));
    expect(webhookRetryAt(3, first, at(90_000))).toEqual(at(210_000));
    expect(webhookRetryAt(12, first, at(10 * 3600_000))).toEqual(at(12 * 3600_000));
    expect(webhookRetryAt(20, first, at(24 * 3600_000 - 1))).toEqual(at(26 * 3600_000 - 1));
    expect(webhookRetryAt(20, first, at(24 * 3600_000))).toBeNull();
    expect(channel.retryAt).toBe(webhookRetryAt);
  });

  it('plans a notification for the addressed body’s live endpoints that asked for its kind (or every kind)', async () => {
    const campaign = await seedCampaign(ds);
    const agency = 'HA_ZK_CAST';
    const all = await endpoint(['*'], agency);
    const delivered = await endpoint(['notice-delivered'], agency);
    const other = await endpoint(['ack-reminder'], agency);
    const removed = await endpoint(['*'], agency);
    await deleteWebhookEndpoint(ds, agency, removed.id, new Date());
    const disabled = await endpoint(['*'], agency);
    await ds.query(`UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1`, [disabled.id]);
    const elsewhere = await endpoint(['*'], 'BJ_CAST');

    await writeNotifications(ds, campaign, { kind: 'notice-delivered', key: 'delivered', to: { agency, role: 'recipient' }, data: { docNumber: 'x' }, at: new Date() });
    const [{ id }] = await ds.query(`SELECT id FROM notifications WHERE campaign_id = $1`, [campaign]);
    const planAt = new Date('2023-08-20T02:00:05.000Z');
    const planned = await ds.query(`WITH planned AS (SELECT id, agency, role, kind, created_at FROM notifications WHERE id = $2) ${channel.targets()}`, [planAt, id]);
    expect(planned.map((p: any) => p.target_id).sort()).toEqual([all.id, delivered.id].sort());
    expect(planned[0]).toEqual({ notification_id: id, target_id: expect.any(String), address: `${base}/ok`, digest_day: null, next_attempt_at: planAt });
    expect(planned.map((p: any) => p.target_id)).not.toContain(other.id);
    expect(planned.map((p: any) => p.target_id)).not.toContain(elsewhere.id);
  });
});
