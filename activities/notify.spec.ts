import { MockActivityEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { openDataSource, recipients, seedCampaign } from '@db/spec-support';
import type { NotificationInput } from './co-sign.activities';
import { createCoSignActivities } from './co-sign.activities';
import type { AudienceNotice } from './year.activities';
import { createYearActivities } from './year.activities';

/**
 * The outbox activities take both forms of input a running workflow may send: facts (every input
 * since workflows stopped wording messages) and, from histories recorded before, English text
 * without facts — an activity scheduled before a deploy is retried on the new code.
 */
describe('the notify activities, with facts and with the text recorded before facts', () => {
  let ds: DataSource;
  const env = new MockActivityEnvironment();
  const AT = '2023-09-01T01:00:00.000Z';

  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  const outbox = (campaignId: string) =>
    ds.query(`SELECT idempotency_key AS key, agency, kind, reason, data FROM notifications WHERE campaign_id = $1 ORDER BY idempotency_key`, [campaignId]) as Promise<
      { key: string; agency: string; kind: string; reason: string; data: Record<string, unknown> }[]
    >;

  it('notify: facts are stored and the reason rendered from them; a reason given is stored as given', async () => {
    const id = await seedCampaign(ds);
    const { notify } = createCoSignActivities(ds);
    const dueAt = '2023-08-02T18:00:00+08:00';
    const notifications: NotificationInput[] = [
        { key: `${id}:reminder:CAC:v1:1`, agency: 'CAC', role: 'signer', kind: 'reminder', data: { number: 1, version: 1, days: 2, dueAt }, at: AT },
        // as a history recorded before facts schedules it
        { key: `${id}:reminder:MOE:v1:1`, agency: 'MOE', role: 'signer', kind: 'reminder', reason: `reminder 1: no decision on notice version 1 2 day(s) after being asked; co-sign due ${dueAt}`, at: AT },
        { key: `${id}:failure:x`, agency: 'CAST', role: 'secretariat', kind: 'failure', data: { text: 'notify failed and will not be retried' }, at: AT },
    ];
    const written = await env.run(notify, { campaignId: id, notifications });
    expect(written).toBe(3);
    expect(await outbox(id)).toEqual([
      { key: `${id}:failure:x`, agency: 'CAST', kind: 'failure', reason: 'notify failed and will not be retried', data: { text: 'notify failed and will not be retried' } },
      {
        key: `${id}:reminder:CAC:v1:1`,
        agency: 'CAC',
        kind: 'reminder',
        reason: `reminder 1: no decision on notice version 1 2 day(s) after being asked; co-sign due ${dueAt}`,
        data: { number: 1, version: 1, days: 2, dueAt },
      },
      { key: `${id}:reminder:MOE:v1:1`, agency: 'MOE', kind: 'reminder', reason: `reminder 1: no decision on notice version 1 2 day(s) after being asked; co-sign due ${dueAt}`, data: {} },
    ]);
  });

  it('notifyAudience: the same, set-based', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST']) });
    const { notifyAudience } = createYearActivities(ds);
    const summaryDueAt = '2023-10-10T00:00:00+08:00';
    const text = `the concentrated week is over: submit your summary report (总结报送) by ${summaryDueAt}`;
    const withFacts: AudienceNotice = { campaignId: id, audience: 'reporting', kind: 'phase', key: 'phase:reporting', data: { phase: 'reporting', summaryDueAt }, at: AT };
    // as a history recorded before facts schedules it
    const withText: AudienceNotice = { campaignId: id, audience: 'main', kind: 'phase', key: 'prose:reporting', reason: text, at: AT };
    expect(await env.run(notifyAudience, withFacts)).toBe(2);
    expect(await env.run(notifyAudience, withText)).toBe(2);
    const rows = await outbox(id);
    expect(rows.map((r) => [r.key.slice(id.length + 1), r.reason, r.data]).sort((a, b) => (a[0] < b[0] ? -1 : 1))).toEqual([
      ['phase:reporting:BJ_CAST', text, { phase: 'reporting', summaryDueAt }],
      ['phase:reporting:HA_CAST', text, { phase: 'reporting', summaryDueAt }],
      ['prose:reporting:BJ_CAST', text, {}],
      ['prose:reporting:HA_CAST', text, {}],
    ]);
  });
});
