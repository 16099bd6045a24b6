import type { DataSource } from 'typeorm';
import { findCampaign } from '../campaigns/campaign.queries';
import { listNotifications } from '../notifications/outbox';
import { concurrentConnections, openDataSource, recipients, seedCampaign } from '../spec-support';
import {
  acknowledgeReceipt,
  distributeNotice,
  findRecipient,
  listRecipients,
  recipientCounts,
  recipientReporting,
  recipientsByRegion,
  remindUnacknowledged,
} from './recipient.queries';

describe('recipient queries', () => {
  let ds: DataSource;
  let concurrent: boolean;
  const AT = '2023-08-18T02:00:00.000Z';

  beforeAll(async () => {
    ds = await openDataSource();
    concurrent = await concurrentConnections(ds);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('distributes once: 主送 are asked to acknowledge, 抄送 informed, every row delivered, the campaign marked; again, nothing', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST'], ['CAC']) });
    expect(await distributeNotice(ds, { campaignId: id, at: AT, docNumber: '科协发〔2023〕12号' })).toEqual({ main: 2, cc: 1 });
    const sent = await listNotifications(ds, id);
    expect(sent.rows.map((n) => [n.idempotencyKey, n.agency, n.role, n.kind, n.reason]).sort()).toEqual([
      [`${id}:delivered:BJ_CAST`, 'BJ_CAST', 'recipient', 'notice-delivered', '科协发〔2023〕12号 主送: please acknowledge receipt (签收)'],
      [`${id}:delivered:CAC`, 'CAC', 'recipient', 'notice-copied', '科协发〔2023〕12号 抄送: for your information'],
      [`${id}:delivered:HA_CAST`, 'HA_CAST', 'recipient', 'notice-delivered', '科协发〔2023〕12号 主送: please acknowledge receipt (签收)'],
    ]);
    expect(sent.rows[0].data).toEqual({ docNumber: '科协发〔2023〕12号' });
    expect((await findRecipient(ds, id, 'CAC'))!.deliveredAt!.toISOString()).toBe(AT);
    expect((await findCampaign(ds, id))!.distributedAt!.toISOString()).toBe(AT);
    // A retried activity: nothing new is written, the first instant stays.
    await distributeNotice(ds, { campaignId: id, at: '2023-08-19T02:00:00.000Z', docNumber: '科协发〔2023〕12号' });
    expect((await listNotifications(ds, id)).total).toBe(3);
    expect((await findCampaign(ds, id))!.distributedAt!.toISOString()).toBe(AT);
  });

  it('is atomic inside a caller’s transaction', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST']) });
    await expect(
      ds.transaction(async (m) => {
        await distributeNotice(m, { campaignId: id, at: AT, docNumber: 'N' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await findRecipient(ds, id, 'HA_CAST'))!.deliveredAt).toBeNull();
    expect((await listNotifications(ds, id)).total).toBe(0);
  });

  it('acknowledges once: the first acknowledgement stands; not a recipient → null', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST']) });
    const first = await acknowledgeReceipt(ds, id, 'HA_CAST', 'li');
    expect(first).toBeInstanceOf(Date);
    expect(await acknowledgeReceipt(ds, id, 'HA_CAST', 'wang')).toEqual(first);
    expect((await findRecipient(ds, id, 'HA_CAST'))!.acknowledgedBy).toBe('li');
    expect(await acknowledgeReceipt(ds, id, 'BJ_CAST', 'x')).toBeNull();
  });

  it('reminds 主送 bodies that have not acknowledged, once a day, counting each reminder', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST', 'SH_CAST'], ['CAC']) });
    await distributeNotice(ds, { campaignId: id, at: '2023-08-18T02:00:00Z', docNumber: 'N' });
    await acknowledgeReceipt(ds, id, 'SH_CAST', 'x');
    const sweep = (at: string, notSince: string, day: string) => remindUnacknowledged(ds, { campaignId: id, at, notSince, day });
    // Not yet: delivered after `notSince`.
    expect(await sweep('2023-08-21T01:00:00Z', '2023-08-18T00:00:00Z', '2023-08-21')).toBe(0);
    expect(await sweep('2023-08-22T01:00:00Z', '2023-08-22T00:00:00Z', '2023-08-22')).toBe(2);
    // The same morning again: the reminder is not counted twice (reminded after notSince), nor written twice.
    expect(await sweep('2023-08-22T01:00:00Z', '2023-08-22T00:00:00Z', '2023-08-22')).toBe(0);
    expect(await sweep('2023-08-24T01:00:00Z', '2023-08-24T00:00:00Z', '2023-08-24')).toBe(2);
    const reminders = await listNotifications(ds, id, { kinds: ['ack-reminder'], agency: 'HA_CAST' });
    expect(reminders.rows.map((n) => [n.idempotencyKey, n.role, n.reason, n.data])).toEqual([
      [`${id}:ack-reminder:HA_CAST:2023-08-22`, 'recipient', 'reminder 1: please acknowledge receipt (签收) of the notice', { reminder: 1, day: '2023-08-22' }],
      [`${id}:ack-reminder:HA_CAST:2023-08-24`, 'recipient', 'reminder 2: please acknowledge receipt (签收) of the notice', { reminder: 2, day: '2023-08-24' }],
    ]);
    expect((await findRecipient(ds, id, 'HA_CAST'))!.remindersSent).toBe(2);
    expect((await findRecipient(ds, id, 'CAC'))!.remindersSent).toBe(0);
  });

  it('lists recipients with their directory entry, summary and activities, filtered and paged; counts them', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'HA_ZZ_CAST', 'BJ_CAST', 'MOE'], ['CAC'], ['HA_CAST', 'HA_ZZ_CAST', 'BJ_CAST']) });
    await distributeNotice(ds, { campaignId: id, at: AT, docNumber: 'N' });
    await acknowledgeReceipt(ds, id, 'HA_CAST', 'x');
    await ds.query(`INSERT INTO summary_reports (campaign_id, unit, revision, text, late, submitted_by, submitted_at) VALUES ($1, 'BJ_CAST', 1, 't', true, 's', now())`, [id]);
    await ds.query(
      `INSERT INTO campaign_events (campaign_id, organizer, region, title, category, starts_at, ends_at, place, created_by) VALUES ($1, 'HA_CAST', 'HA', 'a', 'c', now(), now(), 'p', 's')`,
      [id],
    );
    const page = { page: 1, pageSize: 50 };
    const codes = async (f: Parameters<typeof listRecipients>[2]) => (await listRecipients(ds, id, f, page)).items.map((r) => r.agency);
    const all = await listRecipients(ds, id, {}, page);
    expect(all.total).toBe(5);
    // 主送 first, then by region (national bodies have region CN), then code.
    expect(all.items.map((r) => r.agency)).toEqual(['BJ_CAST', 'MOE', 'HA_CAST', 'HA_ZZ_CAST', 'CAC']);
    expect(all.items.find((r) => r.agency === 'HA_CAST')).toMatchObject({ name: expect.any(String), region: 'HA', role: 'main', reporting: true, activities: 1, summaryAt: null });
    expect(all.items.find((r) => r.agency === 'BJ_CAST')).toMatchObject({ summaryLate: true, summaryRevision: 1 });
    expect(await codes({ region: 'HA' })).toEqual(['HA_CAST', 'HA_ZZ_CAST']);
    expect(await codes({ state: 'pending' })).toEqual(['BJ_CAST', 'MOE', 'HA_ZZ_CAST']);
    expect(await codes({ state: 'acknowledged' })).toEqual(['HA_CAST']);
    expect(await codes({ summary: 'missing' })).toEqual(['HA_CAST', 'HA_ZZ_CAST']);
    expect(await codes({ summary: 'late' })).toEqual(['BJ_CAST']);
    expect(await codes({ role: 'cc' })).toEqual(['CAC']);
    expect(await codes({ kind: 'CAST', reporting: true, agency: 'HA_ZZ_CAST' })).toEqual(['HA_ZZ_CAST']);
    const second = await listRecipients(ds, id, {}, { page: 2, pageSize: 2 });
    expect([second.total, second.items.map((r) => r.agency)]).toEqual([5, ['HA_CAST', 'HA_ZZ_CAST']]);
    expect(await recipientCounts(ds, id)).toEqual({ main: 4, cc: 1, delivered: 5, acknowledged: 1, pending: 3, relayed: 0, reporting: 3 });
    expect(await recipientCounts(ds, id, 'HA_CAST')).toEqual({ main: 1, cc: 0, delivered: 1, acknowledged: 1, pending: 0, relayed: 0, reporting: 1 });
  });

  it('counts recipients by province (a city under its province) or, given a region, by each region inside it', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'HA_ZZ_CAST', 'LN_CAST', 'LN_DL_CAST', 'MOE'], ['HA_EDU']) });
    await distributeNotice(ds, { campaignId: id, at: AT, docNumber: 'N' });
    await acknowledgeReceipt(ds, id, 'HA_CAST', 'x');
    await acknowledgeReceipt(ds, id, 'LN_DL_CAST', 'x');
    expect(await recipientsByRegion(ds, id, {})).toEqual([
      { region: 'CN', regionName: '全国', total: 1, main: 1, acknowledged: 0 },
      { region: 'HA', regionName: '河南省', total: 3, main: 2, acknowledged: 1 },
      { region: 'LN', regionName: '辽宁省', total: 2, main: 2, acknowledged: 1 },
    ]);
    expect(await recipientsByRegion(ds, id, { region: 'HA' })).toEqual([
      { region: 'HA', regionName: '河南省', total: 2, main: 1, acknowledged: 1 },
      { region: 'HA_ZZ', regionName: '郑州市', total: 1, main: 1, acknowledged: 0 },
    ]);
    expect(await recipientsByRegion(ds, id, { kind: 'CAST', role: 'main' })).toEqual([
      { region: 'HA', regionName: '河南省', total: 2, main: 2, acknowledged: 1 },
      { region: 'LN', regionName: '辽宁省', total: 2, main: 2, acknowledged: 1 },
    ]);
    // A recipient's own row only.
    expect(await recipientsByRegion(ds, id, { agency: 'LN_DL_CAST' })).toEqual([{ region: 'LN', regionName: '辽宁省', total: 1, main: 1, acknowledged: 1 }]);
  });

  it('tells whether a body reports back, locking its row on request', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST'], [], ['HA_CAST']) });
    await ds.transaction(async (m) => {
      expect(await recipientReporting(m, id, 'HA_CAST', { lock: true })).toBe(true);
      if (concurrent) expect(await ds.query(`SELECT agency FROM campaign_recipients WHERE campaign_id = $1 AND agency = 'HA_CAST' FOR UPDATE SKIP LOCKED`, [id])).toEqual([]);
      expect(await recipientReporting(m, id, 'BJ_CAST')).toBe(false);
      expect(await recipientReporting(m, id, 'SH_CAST')).toBeNull();
    });
  });
});
