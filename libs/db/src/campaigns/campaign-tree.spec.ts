import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, recipients, seedCampaign } from '../spec-support';
import { campaignAncestors, campaignTree, campaignTreeIds, campaignTreeProgress, isLedAbove } from './campaign-tree';

/** The one campaign-tree query, down and up, on a real cascade: national → two provinces → a city. */
describe('the campaign tree', () => {
  let ds: DataSource;
  let national: string;
  let henan: string;
  let beijing: string;
  let zhengzhou: string;

  beforeAll(async () => {
    ds = await openDataSource();
    national = await seedCampaign(ds, { title: 'N 全国', recipients: recipients(['HA_CAST', 'BJ_CAST', 'MOE'], ['CAC']) });
    // Launched in this order: Henan, then Beijing (titles sort the other way).
    henan = await seedCampaign(ds, { lead: 'HA_CAST', title: 'Z 河南', relayOf: { id: national, leadAgency: 'CAST' }, recipients: recipients(['HA_ZZ_CAST', 'HA_EDU']) });
    beijing = await seedCampaign(ds, { lead: 'BJ_CAST', title: 'A 北京', relayOf: { id: national, leadAgency: 'CAST' } });
    zhengzhou = await seedCampaign(ds, { lead: 'HA_ZZ_CAST', title: 'M 郑州', relayOf: { id: henan, leadAgency: 'HA_CAST' }, recipients: recipients(['HA_ZZ_EDU']) });
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('lists the campaign and every relay below it, parents first, in launch order within a level', async () => {
    const tree = await campaignTree(ds, national);
    expect(tree).toEqual([
      { id: national, parentId: null, depth: 0 },
      { id: henan, parentId: national, depth: 1 },
      { id: beijing, parentId: national, depth: 1 },
      { id: zhengzhou, parentId: henan, depth: 2 },
    ]);
    expect(await campaignTreeIds(ds, henan)).toEqual([henan, zhengzhou]);
    expect(await campaignTree(ds, zhengzhou)).toEqual([{ id: zhengzhou, parentId: henan, depth: 0 }]);
  });

  it('adds the columns asked for, typed as the entity has them; orders by title on request', async () => {
    const tree = await campaignTree(ds, national, { columns: ['title', 'leadAgency', 'phase', 'createdAt'], orderBy: 'title' });
    expect(tree.map((n) => [n.depth, n.title, n.leadAgency, n.phase])).toEqual([
      [0, 'N 全国', 'CAST', 'co-signing'],
      [1, 'A 北京', 'BJ_CAST', 'co-signing'],
      [1, 'Z 河南', 'HA_CAST', 'co-signing'],
      [2, 'M 郑州', 'HA_ZZ_CAST', 'co-signing'],
    ]);
    expect(tree[0].createdAt).toBeInstanceOf(Date);
  });

  it('stops at the depth bound', async () => {
    expect((await campaignTree(ds, national, { maxDepth: 1 })).map((n) => n.id)).toEqual([national, henan, beijing]);
    expect((await campaignTree(ds, national, { maxDepth: 0 })).map((n) => n.id)).toEqual([national]);
  });

  it('answers nothing for an unknown campaign', async () => {
    expect(await campaignTree(ds, randomUUID())).toEqual([]);
    expect(await campaignAncestors(ds, randomUUID())).toEqual([]);
  });

  it('ends even on a cycle in parent_id (which nothing should ever write)', async () => {
    const a = await seedCampaign(ds);
    const b = await seedCampaign(ds);
    await ds.query(`UPDATE campaigns SET parent_id = $2 WHERE id = $1`, [a, b]);
    await ds.query(`UPDATE campaigns SET parent_id = $2 WHERE id = $1`, [b, a]);
    const tree = await campaignTree(ds, a, { maxDepth: 3 });
    expect(tree.map((n) => n.depth)).toEqual([0, 1, 2, 3]);
    expect((await campaignAncestors(ds, a, { maxDepth: 4 })).map((n) => n.id)).toEqual([b, a, b, a]);
  });

  it('walks up: the campaigns above one, nearest first, and whether an agency leads one of them', async () => {
    expect(await campaignAncestors(ds, zhengzhou, { columns: ['leadAgency'] })).toEqual([
      { id: henan, parentId: national, depth: 1, leadAgency: 'HA_CAST' },
      { id: national, parentId: null, depth: 2, leadAgency: 'CAST' },
    ]);
    expect(await campaignAncestors(ds, national)).toEqual([]);
    expect(await isLedAbove(ds, zhengzhou, 'CAST')).toBe(true);
    expect(await isLedAbove(ds, zhengzhou, 'HA_CAST')).toBe(true);
    // Its own lead and a sibling's lead are not above it.
    expect(await isLedAbove(ds, zhengzhou, 'HA_ZZ_CAST')).toBe(false);
    expect(await isLedAbove(ds, zhengzhou, 'BJ_CAST')).toBe(false);
    expect(await isLedAbove(ds, national, 'CAST')).toBe(false);
  });

  it('rolls each campaign’s progress into the tree in one statement', async () => {
    await ds.query(`UPDATE campaign_recipients SET acknowledged_at = now() WHERE campaign_id = $1 AND agency = 'HA_CAST'`, [national]);
    await ds.query(
      `INSERT INTO summary_reports (campaign_id, unit, revision, text, late, submitted_by, submitted_at) VALUES ($1, 'HA_ZZ_CAST', 1, 't', true, 's', now())`,
      [henan],
    );
    await ds.query(
      `INSERT INTO campaign_events (campaign_id, organizer, region, title, category, starts_at, ends_at, place, created_by, results)
       VALUES ($1, 'HA_ZZ_EDU', 'HA_ZZ', 'a', 'c', now(), now(), 'p', 's', NULL), ($1, 'HA_ZZ_EDU', 'HA_ZZ', 'b', 'c', now(), now(), 'p', 's', '{}')`,
      [zhengzhou],
    );
    const progress = await campaignTreeProgress(ds, national);
    expect(progress.map((n) => [n.id, n.depth, n.recipients, n.summaries, n.activities])).toEqual([
      [national, 0, { main: 3, cc: 1, acknowledged: 1, relayed: 2 }, { units: 3, submitted: 0, late: 0 }, { total: 0, withResults: 0 }],
      [henan, 1, { main: 2, cc: 0, acknowledged: 0, relayed: 1 }, { units: 2, submitted: 1, late: 1 }, { total: 0, withResults: 0 }],
      [beijing, 1, { main: 0, cc: 0, acknowledged: 0, relayed: 0 }, { units: 0, submitted: 0, late: 0 }, { total: 0, withResults: 0 }],
      [zhengzhou, 2, { main: 1, cc: 0, acknowledged: 0, relayed: 0 }, { units: 1, submitted: 0, late: 0 }, { total: 2, withResults: 1 }],
    ]);
    expect(progress[1]).toMatchObject({ title: 'Z 河南', leadAgency: 'HA_CAST', phase: 'co-signing', docNumber: null, parentId: national });
    expect(progress[1].milestones?.summaryDueAt).toBe('2023-10-10T18:00:00+08:00');
  });
});
