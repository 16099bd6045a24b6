import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CampaignEventInput } from '@domain/campaign-event';
import { listNotifications } from '../notifications/outbox';
import { openDataSource, recipients, seedCampaign } from '../spec-support';
import {
  campaignEventOrganizerInTree,
  campaignEventStats,
  findCampaignEvent,
  importCampaignEvents,
  insertCampaignEvent,
  listCampaignEvents,
  organizerContext,
  putCampaignEventResults,
  remindMissingResults,
} from './campaign-event.queries';
import { findImportBatch } from './import-batch.queries';

const activity = (title: string, day: number, extra: Partial<CampaignEventInput> = {}): CampaignEventInput => ({
  title,
  category: '主场活动',
  startsAt: `2023-09-${String(day).padStart(2, '0')}T01:00:00.000Z`,
  endsAt: `2023-09-${String(day).padStart(2, '0')}T09:00:00.000Z`,
  place: '郑州市',
  onlineUrl: null,
  expectedAudience: 100,
  ...extra,
});

describe('activity queries', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('reads an organizer’s standing in a campaign in one round trip', async () => {
    const id = await seedCampaign(ds, { signers: ['MOE'], recipients: recipients(['HA_CAST']) });
    await ds.query(`UPDATE campaigns SET definition = definition || '{"categories": ["主场活动"]}' WHERE id = $1`, [id]);
    expect(await organizerContext(ds, id, 'HA_CAST')).toMatchObject({ id, phase: 'co-signing', leadAgency: 'CAST', categories: ['主场活动'], coSigner: false, recipient: true, known: true, region: 'HA' });
    expect(await organizerContext(ds, id, 'MOE')).toMatchObject({ coSigner: true, recipient: false, region: 'CN' });
    expect(await organizerContext(ds, id, 'NOBODY')).toMatchObject({ known: false, region: null });
    expect((await organizerContext(ds, id, 'HA_CAST'))!.milestones.summaryDueAt).toBe('2023-10-10T18:00:00+08:00');
    expect(await organizerContext(ds, randomUUID(), 'HA_CAST')).toBeNull();
  });

  it('registers one, reads it back, replaces its results', async () => {
    const id = await seedCampaign(ds);
    const a = await insertCampaignEvent(ds, { ...activity('河南省科普日启动仪式', 16), campaignId: id, organizer: 'HA_CAST', region: 'HA', createdBy: 'li' });
    expect(a).toMatchObject({ campaignId: id, organizer: 'HA_CAST', title: '河南省科普日启动仪式', results: null, resultsAt: null, expectedAudience: 100 });
    expect(typeof a.id).toBe('string');
    expect(a.startsAt.toISOString()).toBe('2023-09-16T01:00:00.000Z');
    expect(await findCampaignEvent(ds, id, a.id)).toEqual(a);
    expect(await findCampaignEvent(ds, randomUUID(), a.id)).toBeNull();
    const results = { photos: ['p'], videos: [], news: [], participants: 3000, summary: '圆满' };
    const updated = await putCampaignEventResults(ds, id, a.id, results);
    expect(updated).toMatchObject({ id: a.id, results });
    expect(updated!.resultsAt).toBeInstanceOf(Date);
    expect(await putCampaignEventResults(ds, randomUUID(), a.id, results)).toBeNull();
  });

  it('imports all rows or none, a thousand per statement; the same batch sent again imports nothing, the key reused with other rows nothing either', async () => {
    const id = await seedCampaign(ds);
    const base = { campaignId: id, organizer: 'HA_CAST', region: 'HA', createdBy: 'li' };
    const many = Array.from({ length: 2500 }, (_, i) => activity(`活动${i}`, 1 + (i % 28)));
    const batch = randomUUID();
    expect(await importCampaignEvents(ds, { ...base, batch, fingerprint: 'f'.repeat(64), rows: many })).toEqual({ imported: 2500 });
    expect(await importCampaignEvents(ds, { ...base, batch, fingerprint: 'f'.repeat(64), rows: many })).toEqual({ repeated: 2500 });
    expect(await importCampaignEvents(ds, { ...base, batch, fingerprint: 'e'.repeat(64), rows: many.slice(1) })).toEqual({ keyReused: true });
    expect(await findImportBatch(ds, batch)).toMatchObject({ batch, campaignId: id, organizer: 'HA_CAST', fingerprint: 'f'.repeat(64), rowCount: 2500 });
    // Without a key an upload is imported as often as it is sent, and leaves no batch record.
    const loose = randomUUID();
    expect(await importCampaignEvents(ds, { ...base, batch: loose, rows: many.slice(0, 2) })).toEqual({ imported: 2 });
    expect(await findImportBatch(ds, loose)).toBeNull();
    // A bad row (ends before it starts) in the third thousand: nothing of this upload stays, not even its batch.
    const bad = [...many.slice(0, 2100), activity('坏', 5, { endsAt: '2023-09-01T00:00:00.000Z' })];
    const failed = randomUUID();
    await expect(importCampaignEvents(ds, { ...base, batch: failed, fingerprint: 'a'.repeat(64), rows: bad })).rejects.toThrow(/campaign_events_check/);
    expect(await findImportBatch(ds, failed)).toBeNull();
    expect((await listCampaignEvents(ds, [id], {}, { page: 1, pageSize: 1 })).total).toBe(2502);
  });

  it('lists and counts over campaigns: filters, regions with their cities, overlap of dates, paging', async () => {
    const national = await seedCampaign(ds, { recipients: recipients(['HA_CAST']) });
    const henan = await seedCampaign(ds, { lead: 'HA_CAST', relayOf: { id: national, leadAgency: 'CAST' } });
    const add = (campaignId: string, organizer: string, region: string, a: CampaignEventInput) => insertCampaignEvent(ds, { ...a, campaignId, organizer, region, createdBy: 's' });
    const a1 = await add(national, 'BJ_CAST', 'BJ', activity('北京', 16));
    const a2 = await add(henan, 'HA_CAST', 'HA', activity('河南', 17, { category: '线上活动', place: null, onlineUrl: 'https://example.org' }));
    const a3 = await add(henan, 'HA_ZZ_CAST', 'HA_ZZ', activity('郑州', 18));
    await putCampaignEventResults(ds, henan, a3.id, { photos: [], videos: [], news: [], participants: 1, summary: 's' });
    const ids = async (campaignIds: string[], f: Parameters<typeof listCampaignEvents>[2]) => (await listCampaignEvents(ds, campaignIds, f, { page: 1, pageSize: 50 })).items.map((a) => a.id);
    expect(await ids([national], {})).toEqual([a1.id]);
    expect(await ids([national, henan], {})).toEqual([a1.id, a2.id, a3.id]);
    expect(await ids([national, henan], { region: 'HA' })).toEqual([a2.id, a3.id]);
    expect(await ids([national, henan], { region: 'HA_ZZ' })).toEqual([a3.id]);
    expect(await ids([national, henan], { category: '线上活动' })).toEqual([a2.id]);
    expect(await ids([national, henan], { organizer: 'BJ_CAST' })).toEqual([a1.id]);
    // Overlap: running at or after `from`, starting at or before `to`.
    expect(await ids([national, henan], { from: '2023-09-16T09:00:00.000Z', to: new Date('2023-09-17T01:00:00.000Z') })).toEqual([a1.id, a2.id]);
    const paged = await listCampaignEvents(ds, [national, henan], {}, { page: 2, pageSize: 2 });
    expect([paged.total, paged.items.map((a) => a.id)]).toEqual([3, [a3.id]]);

    const stats = await campaignEventStats(ds, [national, henan], {});
    expect([stats.total, stats.withResults]).toEqual([3, 1]);
    expect(stats.byCategory.sort((x, y) => x.category.localeCompare(y.category))).toEqual([
      { category: '主场活动', count: 2 },
      { category: '线上活动', count: 1 },
    ]);
    expect(stats.byRegion.sort((x, y) => x.region.localeCompare(y.region))).toEqual([
      { region: 'BJ', count: 1 },
      { region: 'HA', count: 1 },
      { region: 'HA_ZZ', count: 1 },
    ]);
    expect(stats.byCampaign).toEqual(new Map([[national, 1], [henan, 2]]));
    expect((await campaignEventStats(ds, [national, henan], { region: 'HA' })).total).toBe(2);

    expect(await campaignEventOrganizerInTree(ds, national, a3.id)).toBe('HA_ZZ_CAST');
    expect(await campaignEventOrganizerInTree(ds, henan, a1.id)).toBeNull();
  });

  it('reminds organizers of ended activities without results, one message per organizer a day, up to a limit', async () => {
    const id = await seedCampaign(ds);
    const add = (organizer: string, a: CampaignEventInput) => insertCampaignEvent(ds, { ...a, campaignId: id, organizer, region: 'HA', createdBy: 's' });
    const titles = Array.from({ length: 250 }, (_, i) => `活动${String(i).padStart(3, '0')}`);
    await importCampaignEvents(ds, { campaignId: id, organizer: 'HA_CAST', region: 'HA', createdBy: 's', batch: randomUUID(), rows: titles.map((t) => activity(t, 10)) });
    await add('HA_ZZ_CAST', activity('郑州讲座', 10));
    const done = await add('HA_ZZ_CAST', activity('已交', 10));
    await putCampaignEventResults(ds, id, done.id, { photos: [], videos: [], news: [], participants: 1, summary: 's' });
    await add('HA_ZZ_CAST', activity('未结束', 28));
    const sweep = (day: string, notSince: string) => remindMissingResults(ds, { campaignId: id, at: `${day}T01:00:00.000Z`, maxReminders: 2, notSince, day });
    expect(await sweep('2023-09-12', '2023-09-12T00:00:00.000Z')).toBe(2);
    expect(await sweep('2023-09-12', '2023-09-12T00:00:00.000Z')).toBe(0);
    expect(await sweep('2023-09-13', '2023-09-13T00:00:00.000Z')).toBe(2);
    // The limit: two reminders per activity.
    expect(await sweep('2023-09-14', '2023-09-14T00:00:00.000Z')).toBe(0);
    const sent = await listNotifications(ds, id, { kinds: ['results-reminder'] });
    const first = sent.rows.find((n) => n.idempotencyKey === `${id}:results-reminder:HA_CAST:2023-09-12`)!;
    expect(first.role).toBe('organizer');
    expect(first.data).toMatchObject({ activities: 250, day: '2023-09-12' });
    expect(first.data.titles).toEqual(titles.slice(0, 201));
    // As the sweep always wrote it: the titles in order, cut at 400 characters.
    expect(first.reason).toBe(`250 ended activities await results (photos, videos, news links, participants, summary): ${titles.join('；').slice(0, 400)}`);
    expect(sent.rows.find((n) => n.agency === 'HA_ZZ_CAST')!.reason).toBe('1 ended activities await results (photos, videos, news links, participants, summary): 郑州讲座');
  });
});
