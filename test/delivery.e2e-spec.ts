/**
 * Notifications reach people by e-mail (issue 9), proven end to end: the real API and worker on the
 * time-skipping test server, a database of the spec's own (the dispatcher plans the whole outbox),
 * and a real SMTP server in this process that the e-mail channel talks to over the network. What
 * the assertions read is what that server received: headers, RFC 2047-encoded Chinese subjects,
 * bodies, Message-IDs. Contacts are kept over HTTP as a body's secretariat would.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import type { ReceivedMail, SmtpSink } from '@harness/smtp-sink';
import { startSmtpSink } from '@harness/smtp-sink';
import type { WebhookReceiver } from '@harness/webhook-receiver';
import { startWebhookReceiver } from '@harness/webhook-receiver';
import { privateDatabase } from '@db/spec-support';
import { dispatcherWorkflowId } from '@temporal/messages';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const PUBLIC_URL = 'https://notices.example.org';

let env: TestWorkflowEnvironment;
let sys: TestSystem;
let smtp: SmtpSink;
/** 上海市科协's OA system, which answers; 北京市科协's, which answers 500 for days. */
let oa: WebhookReceiver;
let broken: WebhookReceiver;
let database: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  [database, smtp, oa, broken, env] = await Promise.all([
    privateDatabase(),
    startSmtpSink(),
    startWebhookReceiver(),
    startWebhookReceiver(() => 500),
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } } }),
  ]);
  sys = await startSystem({
    TEMPORAL_ADDRESS: env.address,
    DATABASE_URL: database.url,
    SMTP_URL: smtp.url,
    SMTP_FROM: '全国科普日联合通知 <notices@kepuri.test>',
    PUBLIC_URL,
    WEBHOOK_ALLOW_PRIVATE: 'true',
  });
});

afterAll(async () => {
  await sys?.close();
  await env?.teardown();
  await smtp?.close();
  await oa?.close();
  await broken?.close();
  await database?.drop();
});

const sleepUntil = async (ms: number) => {
  const now = await env.currentTimeMs();
  if (ms > now) await env.sleep(ms - now);
};

const header = (m: ReceivedMail, name: string) => /^([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/m.exec(m.raw.slice(m.raw.search(new RegExp(`^${name}:`, 'im'))))?.[1] ?? '';
const kindOf = (m: ReceivedMail) => m.kind;
const mailsTo = (address: string, kind?: string) => smtp.received.filter((m) => m.to.includes(address) && (!kind || kindOf(m) === kind));

/** 2023年8月2日18:00, as the mails write an instant (Asia/Shanghai). */
function chineseTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * HOUR);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/**
 * A small notice rebased so that its co-signing closes `dueInDays` from the server's today at
 * 18:00 (the earliest date of smallDefinition is its co-sign deadline); its year follows.
 */
async function definition(title: string, over: Record<string, unknown>, dueInDays: number) {
  return smallDefinition({ title, ...over, rebaseTo: shanghaiDate(dueInDays, await env.currentTimeMs()) });
}

async function addContact(agency: string, contact: Record<string, unknown>): Promise<string> {
  const r = await sys.http.post(`/api/v1/agencies/${agency}/contacts`, contact, sys.token(agency, 'secretariat'));
  expect(r.status).toBe(201);
  return r.body.id as string;
}

describe('e-mail: co-sign requests, 催办, the distribution, the morning digest', () => {
  const title = '关于联合举办测试科普日活动的通知';
  let id: string;
  let sha: string;
  let dueAt: string;
  let shSecret: string;
  let bjEndpoint: string;

  beforeAll(async () => {
    await addContact('MOE', { name: '张老师', roles: ['signer'], email: 'zhang@moe.example.org', phone: '010-66096114' });
    // MOST has no signer contact: its messages go to its secretariat's.
    await addContact('MOST', { name: '科技部办公厅', roles: ['secretariat'], email: 'office@most.example.org' });
    // JS_CAST never acknowledges: its contact gets the morning reminders.
    await addContact('JS_CAST', { name: '江苏省科协科普部', roles: ['recipient'], email: 'kepu@js.example.org' });
    // SH_CAST runs its own OA system: a webhook for every kind. BJ_CAST's fails; it can be phoned.
    const sh = await sys.http.post('/api/v1/webhooks', { url: oa.url, events: ['*'] }, sys.token('SH_CAST', 'secretariat'));
    expect(sh.status).toBe(201);
    shSecret = sh.body.secret;
    const bj = await sys.http.post('/api/v1/webhooks', { url: broken.url, events: ['*'] }, sys.token('BJ_CAST', 'secretariat'));
    expect(bj.status).toBe(201);
    bjEndpoint = bj.body.id;
    await addContact('BJ_CAST', { name: '北京市科协办公室', roles: ['secretariat'], phone: '010-68517000' });
    // ZJ_CAST: nobody to reach.
  });

  it('asks each co-signer by mail, in Chinese, RFC 2047-encoded, with a link and a Message-ID from the key', async () => {
    const def = await definition(title, { coSigners: ['MOE', 'MOST'], docNumberPrefix: '投递发', recipients: { main: ['HA_CAST', 'JS_CAST', 'BJ_CAST', 'ZJ_CAST'], cc: ['SH_CAST'] } }, 5);
    const launched = await sys.http.post('/api/v1/campaigns', def, sys.token('CAST', 'secretariat'));
    expect(launched.status).toBe(201);
    ({ id } = launched.body);
    sha = launched.body.notice.sha256;
    dueAt = (await sys.http.get(`/api/v1/campaigns/${id}`, sys.token('CAST', 'secretariat'))).body.coSign.dueAt;
    expect(Date.parse(dueAt)).toBeGreaterThan((await env.currentTimeMs()) + 4 * DAY);

    const [moe] = await eventually(async () => {
      const got = mailsTo('zhang@moe.example.org', 'co-sign-request');
      expect(got).toHaveLength(1);
      return got;
    });
    expect(moe.parsed.subject).toMatch(/^【会签】/);
    expect(moe.parsed.subject).toContain(`《${title}》`);
    // The Chinese subject travels as an RFC 2047 encoded-word.
    expect(header(moe, 'Subject')).toMatch(/=\?UTF-8\?[BQ]\?/i);
    expect(header(moe, 'Subject')).not.toContain('会签');
    expect(moe.parsed.from?.text).toContain('notices@kepuri.test');
    expect(moe.parsed.to && !Array.isArray(moe.parsed.to) ? moe.parsed.to.value[0] : undefined).toMatchObject({ address: 'zhang@moe.example.org', name: '张老师' });
    expect(moe.messageId).toMatch(/^<[0-9a-f]{40}@kepuri\.test>$/);
    expect(moe.parsed.text).toContain(`${PUBLIC_URL}/campaigns/${id}`);
    expect(moe.parsed.html).toContain(`${PUBLIC_URL}/campaigns/${id}`);
    expect(String(moe.parsed.headers.get('auto-submitted'))).toBe('auto-generated');
    // MOST is reached through its secretariat.
    await eventually(async () => expect(mailsTo('office@most.example.org', 'co-sign-request')).toHaveLength(1));
    // The outbox row knows it reached a person, and how: recorded once the server has answered,
    // so a moment after the mail is in the sink (the sink holds it when it answers 250).
    await eventually(async () => {
      const [row] = await sys.db.query(`SELECT delivered_at, channel FROM notifications WHERE campaign_id = $1 AND agency = 'MOE' AND kind = 'co-sign-request'`, [id]);
      expect(row.channel).toBe('email');
      expect(row.delivered_at).not.toBeNull();
    });
  });

  it('urges (催办) by mail two days later: 【催办】请于…前会签《…》', async () => {
    await env.sleep(2 * DAY + HOUR);
    const [urge] = await eventually(async () => {
      const got = mailsTo('zhang@moe.example.org', 'reminder');
      expect(got.length).toBeGreaterThanOrEqual(1);
      return got;
    });
    expect(urge.parsed.subject).toBe(`【催办】请于${chineseTime(dueAt)}前会签《${title}》`);
    // A different message from the request: its own Message-ID.
    expect(urge.messageId).not.toBe(mailsTo('zhang@moe.example.org', 'co-sign-request')[0].messageId);
  });

  it('delivers the issued notice to each body’s contacts, one mail per mailbox; the lead sees delivered apart from acknowledged, and whom to phone', async () => {
    for (const agency of ['MOE', 'MOST']) {
      const r = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token(agency, 'signer'));
      expect(r.status).toBe(200);
    }
    const signed = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: sha }, sys.token('CAST', 'secretariat'));
    expect(signed.status).toBe(200);
    const docNumber = signed.body.docNumber as string;

    // 河南省科协's two seeded contacts share henankepu@163.com: one mail.
    const [ha] = await eventually(async () => {
      const got = mailsTo('henankepu@163.com', 'notice-delivered');
      expect(got).toHaveLength(1);
      return got;
    });
    expect(ha.parsed.subject).toContain(docNumber);
    await eventually(async () => expect(mailsTo('kepu@js.example.org', 'notice-delivered')).toHaveLength(1));

    // 上海市科协's OA system took it, signed as the Standard Webhooks specification says.
    const hook = await eventually(async () => {
      const got = oa.received.filter((w) => w.json?.type === 'notice-copied');
      expect(got).toHaveLength(1);
      return got[0];
    });
    const verified = new Webhook(shSecret).verify(hook.body, {
      'webhook-id': String(hook.headers['webhook-id']),
      'webhook-timestamp': String(hook.headers['webhook-timestamp']),
      'webhook-signature': String(hook.headers['webhook-signature']),
    }) as { data: { campaign: { id: string; docNumber: string } } };
    expect(verified.data.campaign).toMatchObject({ id, docNumber });

    const lead = sys.token('CAST', 'secretariat');
    const state = await eventually(async () => {
      const r = await sys.http.get(`/api/v1/campaigns/${id}/delivery`, lead);
      expect(r.status).toBe(200);
      expect(r.body.counts).toMatchObject({ recipients: 5, delivered: 3, unreachable: 2 });
      return r.body;
    });
    const by = Object.fromEntries(state.items.map((i: any) => [i.agency, i]));
    expect(by.HA_CAST).toMatchObject({ channel: 'email', acknowledgedAt: null, unreachable: null });
    expect(by.HA_CAST.deliveredAt).not.toBeNull();
    expect(by.SH_CAST).toMatchObject({ channel: 'webhook', unreachable: null });
    expect(by.BJ_CAST).toMatchObject({ deliveredAt: null, unreachable: { reasons: ['webhook-failing'], phones: [{ name: '北京市科协办公室', phone: '010-68517000' }] } });
    expect(by.BJ_CAST.unreachable.error).toMatch(/500/);
    expect(by.ZJ_CAST).toMatchObject({ deliveredAt: null, unreachable: { reasons: ['no-contact'], phones: [] } });
    // Filterable like the recipients.
    const undelivered = await sys.http.get(`/api/v1/campaigns/${id}/delivery?delivery=undelivered&role=main`, lead);
    expect(undelivered.body.items.map((i: any) => i.agency).sort()).toEqual(['BJ_CAST', 'ZJ_CAST']);

    // Acknowledgement is its own fact.
    expect((await sys.http.post(`/api/v1/campaigns/${id}/receipts`, {}, sys.token('HA_CAST', 'recipient'))).status).toBe(200);
    const after = await sys.http.get(`/api/v1/campaigns/${id}/delivery?state=acknowledged`, lead);
    expect(after.body.items.map((i: any) => i.agency)).toEqual(['HA_CAST']);
    expect(after.body.items[0].acknowledgedAt).not.toBeNull();

    // Only the lead's side reads it; a recipient is refused, a bad filter is a 400 naming it.
    expect((await sys.http.get(`/api/v1/campaigns/${id}/delivery`, sys.token('HA_CAST', 'recipient'))).status).toBe(403);
    const bad = await sys.http.get(`/api/v1/campaigns/${id}/delivery?delivery=maybe`, lead);
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(['delivery']);
  });

  it('sends the morning’s reminders as one digest per contact and working day, after every campaign’s sweep', async () => {
    // A second notice to JS_CAST, issued the same way: two campaigns urge it on the same mornings.
    const def = await definition('关于开展测试科普讲座的通知', { coSigners: ['MOE'], docNumberPrefix: '投递二发', recipients: { main: ['JS_CAST'], cc: [] } }, 3);
    const second = await sys.http.post('/api/v1/campaigns', def, sys.token('CAST', 'secretariat'));
    expect(second.status).toBe(201);
    const approve = await sys.http.post(`/api/v1/campaigns/${second.body.id}/co-sign/decisions`, { decision: 'approve', noticeSha256: second.body.notice.sha256 }, sys.token('MOE', 'signer'));
    expect(approve.status).toBe(200);
    expect((await sys.http.post(`/api/v1/campaigns/${second.body.id}/sign-off`, { noticeSha256: second.body.notice.sha256 }, sys.token('CAST', 'secretariat'))).status).toBe(200);
    await eventually(async () => expect(mailsTo('kepu@js.example.org', 'notice-delivered')).toHaveLength(2));

    await sleepUntil((await env.currentTimeMs()) + 8 * DAY);
    const digests = await eventually(async () => {
      const got = mailsTo('kepu@js.example.org', 'digest');
      expect(got.length).toBeGreaterThanOrEqual(2);
      return got;
    });
    // No reminder went out on its own: only digests.
    expect(mailsTo('kepu@js.example.org', 'ack-reminder')).toEqual([]);
    // One per working morning: each day's deliveries to the contact went out under one Message-ID.
    const days = digests.map((d) => new Date(d.parsed.date!.getTime() + 8 * HOUR).toISOString().slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    // Each try is recorded once the server has answered: a moment after the mail is in the sink.
    const perDay = await eventually(async () => {
      const rows = (await sys.db.query(
        `SELECT d.digest_day, count(DISTINCT d.message_id)::int AS mails, count(*)::int AS items
           FROM deliveries d JOIN contacts c ON c.id = d.target_id
          WHERE c.email = 'kepu@js.example.org' AND d.digest_day IS NOT NULL AND d.status = 'sent' GROUP BY d.digest_day`,
      )) as { mails: number; items: number }[];
      expect(rows.length).toBe(digests.length);
      return rows;
    });
    expect(perDay.every((d) => d.mails === 1)).toBe(true);
    expect(perDay.some((d) => d.items >= 2)).toBe(true);
    // A morning on which both campaigns urged: one mail naming both.
    const both = digests.find((d) => d.parsed.text?.includes(title) && d.parsed.text.includes('关于开展测试科普讲座的通知'));
    expect(both).toBeDefined();
    expect(both!.parsed.subject).toMatch(/^【/);
    expect(both!.parsed.html).toContain(`${PUBLIC_URL}/todo`);
    // 北京市科协's endpoint failed for three days: disabled, and its secretariat told in the inbox.
    const endpoints = await sys.http.get('/api/v1/webhooks', sys.token('BJ_CAST', 'secretariat'));
    const bj = endpoints.body.find((e: any) => e.id === bjEndpoint);
    expect(bj.disabledAt).not.toBeNull();
    expect(Date.parse(bj.disabledAt) - Date.parse(bj.failingSince)).toBeGreaterThanOrEqual(3 * DAY);
    const told = await sys.http.get('/api/v1/inbox?kind=webhook-disabled', sys.token('BJ_CAST', 'secretariat'));
    expect(told.body.items).toHaveLength(1);
    expect(told.body.items[0]).toMatchObject({ campaign: null, data: { endpointId: bjEndpoint } });
    // Every reminder of the outbox to JS_CAST was delivered through a digest.
    const [{ undelivered }] = await sys.db.query(
      `SELECT count(*)::int AS undelivered FROM notifications WHERE agency = 'JS_CAST' AND kind = 'ack-reminder' AND delivered_at IS NULL AND created_at < now() - interval '1 hour'`,
    );
    expect(undelivered).toBe(0);
  });

  it('with the SMTP server down for an hour, everything goes out once it is back, nothing twice', async () => {
    await smtp.stop();
    const before = smtp.received.length;
    const launched = await sys.http.post(
      '/api/v1/campaigns',
      await definition('停机期间发起的通知', { coSigners: ['MOE', 'MOST'], docNumberPrefix: '投递三发', recipients: { main: ['HA_CAST'], cc: [] } }, 5),
      sys.token('CAST', 'secretariat'),
    );
    expect(launched.status).toBe(201);
    const third = launched.body.id as string;
    const attempts = (outcome: string) =>
      sys.db
        .query(
          `SELECT count(*)::int AS n FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN notifications n ON n.id = d.notification_id
            WHERE n.campaign_id = $1 AND a.outcome = $2`,
          [third, outcome],
        )
        .then((r: { n: number }[]) => r[0].n);
    await eventually(async () => expect(await attempts('failed')).toBeGreaterThanOrEqual(2));
    await env.sleep(HOUR);
    expect(smtp.received.length).toBe(before);
    const failedDuringOutage = await attempts('failed');
    expect(failedDuringOutage).toBeGreaterThan(2);

    await smtp.start();
    await env.sleep(15 * 60_000);
    await eventually(async () => {
      expect(mailsTo('zhang@moe.example.org', 'co-sign-request').filter((m) => m.parsed.text?.includes(third))).toHaveLength(1);
      expect(mailsTo('office@most.example.org', 'co-sign-request').filter((m) => m.parsed.text?.includes(third))).toHaveLength(1);
    });
    expect(await attempts('sent')).toBe(2);
    // Nothing twice, anywhere: every Message-ID arrived once.
    const ids = smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);

    // The dispatcher's history through the outage (failed rounds, the backoff timers, the wake
    // signals) is kept for test/replay.spec.ts: RECORD_HISTORIES=1 npx jest test/delivery.e2e-spec.
    if (process.env.RECORD_HISTORIES === '1') {
      const history = await env.client.workflow.getHandle(dispatcherWorkflowId(sys.config.temporal.taskQueue)).fetchHistory();
      writeFileSync(join(__dirname, 'fixtures', 'histories', 'dispatcher-smtp-outage.json'), JSON.stringify(history, null, 1));
    }
  });
});
