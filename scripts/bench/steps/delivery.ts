/**
 * Delivery (issue 9): the national distribution reaching people by e-mail (a local SMTP server in
 * this process) and by webhook (a local receiver), timed from the sign-off; beside it, the same
 * number of mails sent by a bare nodemailer loop to the same server in the same run, the floor the
 * channel is compared to; and the morning digest over the sweep's ≥10,000 pending items.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import * as nodemailer from 'nodemailer';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { createChannels, createDeliveryActivities } from '@activities/delivery';
import type { DispatchResult } from '@activities/delivery';
import type { Driver } from '@harness/campaigns';
import type { SmtpSink } from '@harness/smtp-sink';
import type { WebhookReceiver } from '@harness/webhook-receiver';
import { fmtInt, fmtMs, round, sleep } from '../stats';
import { log } from '../system';

/** Mails in flight at once, in the bare loop as in the channel's pool. */
const CONNECTIONS = 4;
const DISTRIBUTION_KINDS = ['notice-delivered', 'notice-copied'];

export interface DeliverySetupFigures {
  contacts: number;
  contactsImportMs: number;
  endpoints: number;
  endpointsMs: number;
}

export interface DeliveryFigures {
  setup: DeliverySetupFigures;
  email: { messages: number; lastAcceptedMs: number; perS: number };
  webhook: { messages: number; lastAcceptedMs: number; perS: number };
  bare: { messages: number; ms: number; perS: number };
  /** The channel's rate over the bare loop's (goal ≥ 0.5). */
  ratio: number;
}

export interface DigestFigures {
  pendingItems: number;
  digests: number;
  ms: number;
  largestKb: number;
}

/** Every body of the directory gets an e-mail contact (CSV import) and a webhook endpoint for the distribution's kinds. */
export async function deliverySetup(sys: Driver, receiver: WebhookReceiver): Promise<DeliverySetupFigures> {
  const admin = sys.token('CAST', 'admin');
  const bodies = ((await sys.http.expect(200, 'the directory', sys.http.get('/api/v1/agencies', admin))).body as { code: string }[]).map((a) => a.code);
  const csv = ['agency,name,roles,email,phone,language', ...bodies.map((b) => `${b},基准测试联系人 ${b},secretariat|signer|recipient|reporting-unit,${b.toLowerCase()}@bench.example.org,,zh-CN`)].join('\n');
  const t0 = performance.now();
  await sys.http.expect(200, 'contacts import', sys.http.request('POST', '/api/v1/contacts/import', { token: admin, text: csv, contentType: 'text/csv' }));
  const contactsImportMs = performance.now() - t0;
  const t1 = performance.now();
  const queue = [...bodies];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) {
        await sys.http.expect(201, `webhook of ${b}`, sys.http.post('/api/v1/webhooks', { url: receiver.url, events: DISTRIBUTION_KINDS }, sys.token(b, 'secretariat')));
      }
    }),
  );
  const endpointsMs = performance.now() - t1;
  log(`   ${fmtInt(bodies.length)} bodies: contacts imported in ${fmtMs(contactsImportMs)}, webhook endpoints registered in ${fmtMs(endpointsMs)}`);
  return { contacts: bodies.length, contactsImportMs: round(contactsImportMs), endpoints: bodies.length, endpointsMs: round(endpointsMs) };
}

/** Waits for the national distribution's mails and webhooks; then the bare loop. */
export async function deliveryStep(
  setup: DeliverySetupFigures,
  national: { recipients: { main: number; cc: number }; signOffSentAt: number },
  sink: SmtpSink,
  receiver: WebhookReceiver,
): Promise<DeliveryFigures> {
  const expected = national.recipients.main + national.recipients.cc;
  const signOffAt = performance.timeOrigin + national.signOffSentAt;
  const mails = () => sink.received.filter((m) => DISTRIBUTION_KINDS.includes(m.kind));
  const hooks = () => receiver.received.filter((w) => DISTRIBUTION_KINDS.includes(w.json?.type ?? ''));
  const deadline = Date.now() + 10 * 60_000;
  while ((mails().length < expected || hooks().length < expected) && Date.now() < deadline) await sleep(100);
  const m = mails();
  const h = hooks();
  if (m.length < expected || h.length < expected) throw new Error(`after 10 min: ${m.length} mails and ${h.length} webhooks of ${expected}`);
  const lastMail = Math.max(...m.map((x) => x.at)) - signOffAt;
  const lastHook = Math.max(...h.map((x) => x.at)) - signOffAt;
  log(`   ${fmtInt(m.length)} mails, last accepted ${fmtMs(lastMail)} after sign-off; ${fmtInt(h.length)} webhooks, last ${fmtMs(lastHook)}`);

  // The floor: the same number of mails of the same size, a bare nodemailer pool, as fast as it goes.
  const size = Math.round(m.reduce((s, x) => s + x.raw.length, 0) / m.length);
  const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: CONNECTIONS });
  const text = '各有关单位：'.padEnd(Math.max(10, Math.round(size / 6)), '测');
  const t0 = performance.now();
  const queue = Array.from({ length: m.length }, (_, i) => i);
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        await transport.sendMail({ from: 'bench@bench.example.org', to: `bare${i}@bench.example.org`, subject: '【签收】基准测试', text, html: `<p>${text}</p>` });
      }
    }),
  );
  const bareMs = performance.now() - t0;
  transport.close();
  const emailPerS = (m.length / lastMail) * 1000;
  const barePerS = (m.length / bareMs) * 1000;
  log(`   bare nodemailer loop: ${fmtInt(m.length)} mails in ${fmtMs(bareMs)} (${fmtInt(barePerS)}/s); the channel from sign-off: ${fmtInt(emailPerS)}/s`);
  return {
    setup,
    email: { messages: m.length, lastAcceptedMs: round(lastMail), perS: round(emailPerS) },
    webhook: { messages: h.length, lastAcceptedMs: round(lastHook), perS: round((h.length / lastHook) * 1000) },
    bare: { messages: m.length, ms: round(bareMs), perS: round(barePerS) },
    ratio: round(emailPerS / barePerS, 2),
  };
}

/**
 * The morning digest after the sweep: the dispatcher's own activity code run from here, with the
 * clock of the sweep's morning plus the settling time, so the digests are due (the worker's own
 * dispatcher would send them a quarter of an hour after that morning).
 */
export async function digestStep(db: DataSource, sink: SmtpSink, sweep: { campaignId: string; at: string }): Promise<DigestFigures> {
  const [{ items }] = (await db.query(
    `SELECT COALESCE(sum((data ->> 'activities')::int), 0)::int AS items FROM notifications WHERE campaign_id = $1 AND kind = 'results-reminder' AND created_at = $2`,
    [sweep.campaignId, sweep.at],
  )) as { items: number }[];
  const channels = createChannels(db, { smtp: { url: sink.url, from: 'bench@bench.example.org' }, publicUrl: 'http://bench.invalid', webhooks: { allowPrivate: true } });
  const acts = createDeliveryActivities({ dataSource: db, channels });
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });
  const before = sink.received.length;
  const now = new Date(Date.parse(sweep.at) + 16 * 60_000).toISOString();
  const t0 = performance.now();
  for (let r: DispatchResult | null = null; !r || r.more; ) r = (await env.run(acts.dispatch, { now })) as DispatchResult;
  const ms = performance.now() - t0;
  await Promise.all(channels.map((c) => c.close?.() ?? Promise.resolve()));
  const digests = sink.received.slice(before).filter((x) => x.kind === 'digest');
  const largestKb = digests.length ? Math.max(...digests.map((d) => d.raw.length)) / 1024 : 0;
  log(`   ${fmtInt(items)} pending items → ${digests.length} digest mails in ${fmtMs(ms)} (largest ${largestKb.toFixed(1)} KB)`);
  return { pendingItems: items, digests: digests.length, ms: round(ms), largestKb: round(largestKb, 1) };
}
