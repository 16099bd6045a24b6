/**
 * Webhook endpoints over HTTP with real tokens: a body registers its own OA system's URL and the
 * kinds it wants; the signing secret is answered once, at creation, and appears in no GET and no
 * error after it — yet it is the secret that verifies what the channel sends. URLs of private,
 * loopback, link-local or metadata addresses are refused (400 naming `url`) unless the server
 * runs with WEBHOOK_ALLOW_PRIVATE=true (metadata services even then), non-http(s) schemes always;
 * another body's endpoint is a 404, whatever is asked of it.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { Webhook } from 'standardwebhooks';
import { createWebhookChannel } from '@activities/delivery/channels/webhook';
import { writeNotifications } from '@db/notifications/outbox';
import { startWebhookReceiver } from '@harness/webhook-receiver';
import { wakeDispatcher } from '@temporal/dispatcher-client';
import type { TestSystem } from './support/system';
import { eventually, startIsolatedSystem } from './support/system';

// Bodies of this spec's own (imported below), so that parallel specs never see its endpoints.
const TAG = `${Date.now() % 1_000_000}`.padStart(6, '0');
const A = `WH${TAG}_A`;
const B = `WH${TAG}_B`;
const fieldsOf = (res: { body: any }) => res.body.fields.map((f: any) => f.field);

async function importBodies(sys: TestSystem, codes: string[]): Promise<void> {
  const rows = codes.map((code, i) => `${code},网络钩子测试单位${code},钩子${i},municipal,CAST,${code.replace('_', '')},钩子市${i},city,HA_CAST,HA`);
  const body = ['code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion', ...rows].join('\n');
  const res = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${sys.token('CAST', 'admin')}` }, body });
  expect(res.status).toBe(201);
}

describe('with private addresses allowed (WEBHOOK_ALLOW_PRIVATE=true, as on a LAN)', () => {
  let sys: TestSystem;
  let a: string;
  let b: string;
  /** Every answer the API gave in this block: the secret must be in none but the creation's. */
  const answers: unknown[] = [];
  const http = {
    get: async (path: string, token: string) => remember(await sys.http.get(path, token)),
    post: async (path: string, json: unknown, token: string) => remember(await sys.http.post(path, json, token)),
    delete: async (path: string, token: string) => remember(await sys.http.delete(path, token)),
  };
  const remember = <T extends { body: unknown }>(res: T): T => {
    answers.push(res.body);
    return res;
  };


  beforeAll(async () => {
    // A database of its own: the re-send below is counted at the receiver, and every other spec's
    // dispatcher would be a second sender of this one's deliveries (one database has one dispatcher).
    sys = await startIsolatedSystem({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    await importBodies(sys, [`${A}P`, `${B}P`]);
    a = sys.token(`${A}P`, 'secretariat');
    b = sys.token(`${B}P`, 'secretariat');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('registers an endpoint: 201 with the secret (whsec_, 32 bytes) this once; the list shows the endpoint and never the secret', async () => {
    const created = await sys.http.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks/notices', events: ['notice-delivered', 'ack-reminder'] }, a);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), url: 'http://127.0.0.1:9/hooks/notices', events: ['notice-delivered', 'ack-reminder'], secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/), createdAt: expect.any(String) });
    const { id, secret } = created.body;
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);

    const listed = await http.get('/api/v1/webhooks', a);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      { id, url: 'http://127.0.0.1:9/hooks/notices', events: ['notice-delivered', 'ack-reminder'], createdAt: created.body.createdAt, failingSince: null, disabledAt: null, disabledReason: null },
    ]);
    expect(await http.get(`/api/v1/webhooks/${id}/deliveries`, a)).toMatchObject({ status: 200, body: { total: 0, page: 1, pageSize: 50, items: [] } });
    // Each registration has a secret of its own; ["*"] is every kind.
    const every = await sys.http.post('/api/v1/webhooks', { url: 'http://localhost:9/all', events: ['*'] }, a);
    expect(every.status).toBe(201);
    expect(every.body.events).toEqual(['*']);
    expect(every.body.secret).not.toBe(secret);
    expect(JSON.stringify(answers)).not.toContain(secret.slice('whsec_'.length));
  });

  it('signs what the channel sends with that secret: the receiver verifies it with the secret from the 201', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/oa/hooks`;
    const channel = createWebhookChannel({ db: sys.db, allowPrivate: true });
    try {
      const created = await sys.http.post('/api/v1/webhooks', { url, events: ['*'] }, a);
      expect(created.status).toBe(201);
      const outcomes: { ok: boolean }[] = [];
      await channel.send(
        [
          {
            id: '1',
            channel: 'webhook',
            targetId: created.body.id,
            address: url,
            digestDay: null,
            attempts: 0,
            firstAttemptAt: null,
            notification: { id: '42', key: `system:spec:${TAG}`, kind: 'failure', role: 'secretariat', agency: `${A}P`, data: { text: '测试' }, reason: '测试', createdAt: new Date() },
            campaign: null,
          },
        ],
        async (o) => void outcomes.push(o),
        () => new Date(),
      );
      expect(outcomes).toMatchObject([{ ok: true }]);
      expect(received).toHaveLength(1);
      const payload = new Webhook(created.body.secret).verify(received[0].body, received[0].headers as Record<string, string>);
      expect(payload).toMatchObject({ type: 'failure', data: { id: '42', campaign: null, agency: `${A}P`, facts: { text: '测试' }, text: '测试' } });
    } finally {
      await channel.close!();
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });

  it('lists an endpoint’s deliveries with their tries; re-sends a sent one (202) under the same webhook-id; a pending one is a 409', async () => {
    // Two endpoints of the same body for the same kind: one OA system answers, the other fails.
    const [ok, failing] = await Promise.all([startWebhookReceiver(), startWebhookReceiver(() => 500)]);
    try {
      const e1 = (await sys.http.post('/api/v1/webhooks', { url: ok.url, events: ['failure'] }, a)).body.id as string;
      const e2 = (await sys.http.post('/api/v1/webhooks', { url: failing.url, events: ['failure'] }, a)).body.id as string;
      // A message to the body, written to the outbox as the system writes one, and the dispatcher woken.
      await writeNotifications(sys.db, null, { kind: 'failure', key: `webhooks-e2e:${TAG}`, to: { agency: `${A}P`, role: 'secretariat' }, data: { text: '测试' }, at: new Date() });
      const client = new Client({ connection: await Connection.connect({ address: sys.config.temporal.address }) });
      await wakeDispatcher(client, sys.config.temporal.taskQueue);
      await client.connection.close();

      const sent = await eventually(async () => {
        const listed = await http.get(`/api/v1/webhooks/${e1}/deliveries`, a);
        expect(listed.status).toBe(200);
        expect(listed.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
        expect(listed.body.items[0]).toMatchObject({ kind: 'failure', campaignId: null, status: 'sent', lastError: null });
        return listed.body.items[0];
      });
      expect(sent.webhookId).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(sent.attempts).toEqual([{ at: expect.any(String), outcome: 'sent', statusCode: 200, error: null, durationMs: expect.any(Number) }]);
      expect(ok.received.map((w) => w.headers['webhook-id'])).toEqual([sent.webhookId]);

      // The failing one is pending again, its next try a backoff away: re-sending it now is a 409.
      const retrying = await eventually(async () => {
        const item = (await http.get(`/api/v1/webhooks/${e2}/deliveries`, a)).body.items[0];
        expect(item).toMatchObject({ status: 'pending', lastError: expect.stringContaining('500') });
        expect(item.attempts[0]).toMatchObject({ outcome: 'failed', statusCode: 500 });
        return item;
      });
      const pending = await http.post(`/api/v1/webhooks/${e2}/deliveries/${retrying.id}/resend`, {}, a);
      expect(pending).toMatchObject({ status: 409, body: { error: 'DELIVERY_PENDING' } });

      // The sent one goes again, under the same webhook-id (recognisable as a repeat).
      const resent = await http.post(`/api/v1/webhooks/${e1}/deliveries/${sent.id}/resend`, {}, a);
      expect(resent).toMatchObject({ status: 202, body: { id: sent.id, status: 'pending', nextAttemptAt: expect.any(String) } });
      await eventually(async () => expect(ok.received.map((w) => w.headers['webhook-id'])).toEqual([sent.webhookId, sent.webhookId]));
      await eventually(async () => expect((await http.get(`/api/v1/webhooks/${e1}/deliveries`, a)).body.items[0]).toMatchObject({ status: 'sent', attempts: [{}, {}] }));

      expect((await http.post(`/api/v1/webhooks/${e1}/deliveries/999999999999/resend`, {}, a)).status).toBe(404);
      expect((await http.post(`/api/v1/webhooks/${e1}/deliveries/not-a-number/resend`, {}, a)).status).toBe(404);
      expect(await http.post(`/api/v1/webhooks/${e1}/deliveries/${sent.id}/resend`, { now: true }, a)).toMatchObject({ status: 400, body: { fields: [{ field: 'now' }] } });
      // Another body's endpoint is not found, whatever is asked of it.
      expect((await http.get(`/api/v1/webhooks/${e1}/deliveries`, b)).status).toBe(404);
      expect((await http.post(`/api/v1/webhooks/${e1}/deliveries/${sent.id}/resend`, {}, b)).status).toBe(404);
    } finally {
      await Promise.all([ok.close(), failing.close()]);
    }
  });

  it('refuses a metadata service even on a LAN, and non-http(s) schemes, naming url', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 'http://user:pw@127.0.0.1/x']) {
      const res = await http.post('/api/v1/webhooks', { url, events: ['*'] }, a);
      expect({ url, status: res.status, fields: fieldsOf(res) }).toEqual({ url, status: 400, fields: ['url'] });
    }
  });

  it('refuses events that are empty, unknown, repeated or mixed with "*", naming each by position', async () => {
    const post = (events: unknown) => http.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/x', events }, a);
    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toEqual(['events']);
    const unknown = await post(['notice-delivered', 'notice-deleted', 7]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([
      { field: 'events.1', message: '"notice-deleted" is not a notification kind' },
      { field: 'events.2', message: 'must be a notification kind (a string)' },
    ]);
    expect(fieldsOf(await post(['*', 'issued']))).toEqual(['events.0']);
    expect(fieldsOf(await post(['issued', 'issued']))).toEqual(['events.1']);
    expect(fieldsOf(await post('issued'))).toEqual(['events']);
    const both = await http.post('/api/v1/webhooks', { url: 'gopher://x', events: ['nope'] }, a);
    expect(fieldsOf(both)).toEqual(['url', 'events.0']);
    const missing = await http.post('/api/v1/webhooks', {}, a);
    expect(fieldsOf(missing).sort()).toEqual(['events', 'url']);
  });

  it('lets the body’s own secretariat (or admin) register and remove; its other people only read; other bodies see nothing of it', async () => {
    const created = await sys.http.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/own', events: ['issued'] }, a);
    const id = created.body.id;
    expect((await http.post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/x', events: ['*'] }, sys.token(`${A}P`, 'recipient'))).status).toBe(403);
    expect((await http.delete(`/api/v1/webhooks/${id}`, sys.token(`${A}P`, 'recipient'))).status).toBe(403);
    const read = await http.get('/api/v1/webhooks', sys.token(`${A}P`, 'recipient'));
    expect(read.body.map((e: any) => e.id)).toContain(id);

    expect((await http.get('/api/v1/webhooks', b)).body).toEqual([]);
    expect((await http.delete(`/api/v1/webhooks/${id}`, b)).status).toBe(404);
    expect((await http.delete(`/api/v1/webhooks/${id}`, sys.token(`${B}P`, 'admin'))).status).toBe(404);
    expect((await http.delete('/api/v1/webhooks/not-a-uuid', a)).status).toBe(404);

    const removed = await http.delete(`/api/v1/webhooks/${id}`, sys.token(`${A}P`, 'admin'));
    expect(removed.status).toBe(204);
    expect((await http.get('/api/v1/webhooks', a)).body.map((e: any) => e.id)).not.toContain(id);
    expect((await http.get(`/api/v1/webhooks/${id}/deliveries`, a)).status).toBe(404);
    expect((await http.delete(`/api/v1/webhooks/${id}`, a)).status).toBe(404);
  });

  it('never answers a secret after its creation, in any GET or error', async () => {
    const secrets: { secret: string }[] = await sys.db.query(
      `SELECT secret FROM webhook_endpoints WHERE agency IN ($1, $2)`,
      [`${A}P`, `${B}P`],
    );
    expect(secrets.length).toBeGreaterThan(3);
    const said = JSON.stringify(answers);
    for (const { secret } of secrets) {
      expect(said).not.toContain(secret);
      expect(said).not.toContain(secret.slice('whsec_'.length));
    }
    expect(said).not.toContain('whsec_');
  });
});

describe('with private addresses refused (the default)', () => {
  let sys: TestSystem;
  let a: string;
  beforeAll(async () => {
    // A database of its own too: a city imported under 河南 would change what 河南's group
    // phrases (各省辖市…) resolve to in every other spec's directory.
    sys = await startIsolatedSystem();
    await importBodies(sys, [`${A}S`]);
    a = sys.token(`${A}S`, 'secretariat');
  });
  afterAll(async () => {
    await sys?.close();
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://localhost:8080/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://10.1.2.3/hook', 'private'],
    ['https://192.168.1.20/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[::ffff:10.0.0.1]/hook', 'private'],
  ])('%s is a 400 naming url (%s)', async (url, what) => {
    const res = await sys.http.post('/api/v1/webhooks', { url, events: ['*'] }, a);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'url', message: expect.stringContaining(what) }]);
  });

  it('takes a public address, and refuses non-http(s) schemes', async () => {
    const ok = await sys.http.post('/api/v1/webhooks', { url: 'https://93.184.215.14/oa/hooks', events: ['notice-delivered'] }, a);
    expect(ok.status).toBe(201);
    const ftp = await sys.http.post('/api/v1/webhooks', { url: 'ftp://93.184.215.14/x', events: ['*'] }, a);
    expect(ftp).toMatchObject({ status: 400, body: { fields: [{ field: 'url', message: 'must be an http or https URL, not ftp' }] } });
    expect(JSON.stringify(ftp.body)).not.toContain(ok.body.secret);
  });
});
