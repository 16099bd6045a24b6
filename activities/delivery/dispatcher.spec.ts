/**
 * The dispatcher's activity with the real e-mail channel, against a database of the spec's own and
 * a real SMTP server in this process; the workflow around it is proven in test/delivery*.e2e-spec.
 * Time is the `now` the workflow passes: retries and the digest's settling are read off it.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@db/data-source';
import { writeNotifications } from '@db/notifications/outbox';
import { privateDatabase, recipients, seedCampaign } from '@db/spec-support';
import type { SmtpSink } from '@harness/smtp-sink';
import { startSmtpSink } from '@harness/smtp-sink';
import { unreachableReasons } from '@db/deliveries/delivery-state.queries';
import { createEmailChannel, DIGEST_SETTLE_MS } from './channels/email';
import type { DispatchResult } from './dispatcher.activities';
import { createDeliveryActivities } from './dispatcher.activities';

const MIN = 60_000;

describe('the dispatcher with the e-mail channel', () => {
  let database: { url: string; drop(): Promise<void> };
  let ds: DataSource;
  let smtp: SmtpSink;
  let dispatch: (now: number) => Promise<DispatchResult>;
  let campaign: string;
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });

  beforeAll(async () => {
    [database, smtp] = await Promise.all([privateDatabase(), startSmtpSink({ refuse: (a) => a.startsWith('nobody@') })]);
    ds = new DataSource(dataSourceOptions(database.url, { extra: { max: 3 } }));
    await ds.initialize();
    const channel = createEmailChannel({ db: ds, smtp: { url: smtp.url, from: '通知 <n@kepuri.test>' }, publicUrl: 'https://n.example.org' });
    const acts = createDeliveryActivities({ dataSource: ds, channels: [channel] });
    dispatch = (now) => env.run(acts.dispatch, { now: new Date(now).toISOString() }) as Promise<DispatchResult>;
    campaign = await seedCampaign(ds, { signers: ['MOE'], recipients: recipients(['JS_CAST', 'ZJ_CAST']) });
    const contact = (agency: string, name: string, roles: string[], email: string | null) =>
      ds.query(`INSERT INTO contacts (id, agency, name, roles, email) VALUES ($1, $2, $3, $4, $5)`, [randomUUID(), agency, name, roles, email]);
    await contact('MOE', '张老师', ['signer'], 'zhang@moe.example.org');
    await contact('MOE', '李老师', ['signer'], 'ZHANG@moe.example.org'); // the same mailbox
    await contact('JS_CAST', '江苏科协办公室', ['secretariat'], 'office@js.example.org');
    await contact('ZJ_CAST', '浙江科协', ['recipient'], null);
    await contact('AH_CAST', '安徽科协', ['secretariat'], 'nobody@ah.example.org');
  });

  afterAll(async () => {
    await ds?.destroy();
    await smtp?.close();
    await database?.drop();
  });

  const t0 = Date.parse('2030-03-04T01:00:00Z'); // a Monday, 09:00 in Beijing

  it('plans each message once, one mail per mailbox, the role’s contacts else the secretariat’s; unreachable without one', async () => {
    await writeNotifications(ds, campaign, [
      { kind: 'co-sign-request', key: 'request:MOE', to: { agency: 'MOE', role: 'signer' }, data: { version: 1, sha256: 'a'.repeat(64), dueAt: '2030-03-08T10:00:00Z' }, at: new Date(t0) },
      { kind: 'notice-delivered', key: 'delivered', to: { audience: 'main' }, data: { docNumber: '科协发〔2030〕1号' }, at: new Date(t0) },
    ]);
    const r = await dispatch(t0);
    expect(r).toMatchObject({ planned: 3, sent: 2, failed: 0, more: false, nextDueAt: null });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['office@js.example.org', 'zhang@moe.example.org']);
    // Planned once: a second round finds nothing.
    expect(await dispatch(t0 + MIN)).toMatchObject({ planned: 0, sent: 0 });
    const [zj] = await ds.query(
      `SELECT n.planned_at IS NOT NULL AS planned, n.delivered_at, (SELECT count(*)::int FROM deliveries d WHERE d.notification_id = n.id) AS deliveries
         FROM notifications n WHERE n.campaign_id = $1 AND n.agency = 'ZJ_CAST'`,
      [campaign],
    );
    expect(zj).toMatchObject({ planned: true, delivered_at: null, deliveries: 0 });
    expect(unreachableReasons({ deliveredAt: null, planned: true, deliveries: [], emailContacts: 0 })).toEqual(['no-contact']);
  });

  it('folds the morning’s reminders into one digest per contact, sent once the sweeps have settled', async () => {
    const at = new Date(t0 + 24 * 60 * MIN);
    await writeNotifications(ds, campaign, [
      { kind: 'ack-reminder', key: 'ack-reminder:1', to: { agency: 'JS_CAST', role: 'recipient' }, data: { reminder: 1, day: '2030-03-05' }, at },
      { kind: 'results-reminder', key: 'results-reminder:1', to: { agency: 'JS_CAST', role: 'organizer' }, data: { activities: 10_000, titles: ['郑州讲座', '开封展览'], day: '2030-03-05' }, at },
    ]);
    const before = smtp.received.length;
    const first = await dispatch(at.getTime());
    expect(first).toMatchObject({ planned: 2, sent: 0, more: false });
    expect(Date.parse(first.nextDueAt!)).toBe(at.getTime() + DIGEST_SETTLE_MS);
    const settled = await dispatch(at.getTime() + DIGEST_SETTLE_MS);
    expect(settled).toMatchObject({ sent: 2, failed: 0, nextDueAt: null });
    const digests = smtp.received.slice(before);
    expect(digests).toHaveLength(1);
    expect(digests[0].kind).toBe('digest');
    expect(digests[0].parsed.text).toContain('10000');
    expect(digests[0].raw.length).toBeLessThan(20_000);
  });

  it('retries with backoff while the server is down, then sends once; a 5xx is a bounce', async () => {
    const at = t0 + 2 * 24 * 60 * MIN;
    await writeNotifications(ds, campaign, { kind: 'issued', key: 'issued:MOE', to: { agency: 'MOE', role: 'signer' }, data: { docNumber: '科协发〔2030〕1号' }, at: new Date(at) });
    await smtp.stop();
    // The clock is the workflow's `now` advanced by the call's own duration: within a few seconds.
    const after = (r: DispatchResult, from: number) => Date.parse(r.nextDueAt!) - from;
    const down = await dispatch(at);
    expect(down).toMatchObject({ planned: 1, sent: 0, failed: 1 });
    expect(after(down, at)).toBeGreaterThanOrEqual(MIN);
    expect(after(down, at)).toBeLessThan(MIN + 5000);
    const second = Date.parse(down.nextDueAt!);
    const again = await dispatch(second);
    expect(again).toMatchObject({ failed: 1 });
    expect(after(again, second)).toBeGreaterThanOrEqual(2 * MIN);
    expect(after(again, second)).toBeLessThan(2 * MIN + 5000);
    await smtp.start();
    const before = smtp.received.length;
    // Not due yet: nothing is sent early.
    expect(await dispatch(second + MIN)).toMatchObject({ sent: 0 });
    expect(await dispatch(Date.parse(again.nextDueAt!))).toMatchObject({ sent: 1, failed: 0, nextDueAt: null });
    expect(smtp.received.length).toBe(before + 1);
    const attempts = await ds.query(
      `SELECT a.outcome, a.error IS NOT NULL AS erred FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id JOIN notifications n ON n.id = d.notification_id
        WHERE n.idempotency_key = $1 ORDER BY a.id`,
      [`${campaign}:issued:MOE`],
    );
    expect(attempts).toEqual([
      { outcome: 'failed', erred: true },
      { outcome: 'failed', erred: true },
      { outcome: 'sent', erred: false },
    ]);

    // A mailbox that does not exist: refused (550), given up at once, never retried.
    await writeNotifications(ds, campaign, { kind: 'issued', key: 'issued:AH', to: { agency: 'AH_CAST', role: 'secretariat' }, data: { docNumber: '科协发〔2030〕1号' }, at: new Date(at + 10 * MIN) });
    expect(await dispatch(at + 10 * MIN)).toMatchObject({ planned: 1, sent: 0, failed: 1, nextDueAt: null });
    const [bounced] = await ds.query(
      `SELECT d.status, d.attempts, a.status_code AS code FROM deliveries d JOIN notifications n ON n.id = d.notification_id JOIN delivery_attempts a ON a.delivery_id = d.id
        WHERE n.idempotency_key = $1`,
      [`${campaign}:issued:AH`],
    );
    expect(bounced).toEqual({ status: 'failed', attempts: 1, code: 550 });
  });
});
