import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { insertCampaignEvent } from '../campaign-events/campaign-event.queries';
import { listNotifications } from '../notifications/outbox';
import { openDataSource, recipients, seedCampaign } from '../spec-support';
import { countCommended, decideNomination, insertNomination, nominationsOf, nominationViews, recommendNominations, unitStanding } from './nomination.queries';

describe('nomination queries', () => {
  let ds: DataSource;
  let national: string;
  let henan: string;

  beforeAll(async () => {
    ds = await openDataSource();
    national = await seedCampaign(ds, { signers: ['MOE'], recipients: recipients(['HA_CAST', 'BJ_CAST']) });
    henan = await seedCampaign(ds, { lead: 'HA_CAST', title: '河南省转发', relayOf: { id: national, leadAgency: 'CAST' }, recipients: recipients(['HA_ZZ_CAST']) });
    await ds.query(`UPDATE campaigns SET doc_number = $2 WHERE id = $1`, [henan, `豫科协发〔2023〕${Math.floor(Math.random() * 1e9)}号`]);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  // Each nomination a millisecond after the last: the pool is read in the order made, and two made
  // in the same millisecond would fall back to their random ids.
  let made = Date.now();
  const nominate = async (campaignId: string, n: { kind: 'unit' | 'individual' | 'activity'; unit: string | null; person?: string; activityId?: string }) => {
    const id = randomUUID();
    await insertNomination(ds, { id, campaignId, kind: n.kind, unit: n.unit, person: n.person ?? null, activityId: n.activityId ?? null, citation: '表现突出', nominatedBy: 'li', createdAt: new Date(++made) });
    return id;
  };

  it('knows who takes part in a campaign or a relay under it', async () => {
    expect(await unitStanding(ds, national, 'HA_ZZ_CAST')).toEqual({ known: true, party: true });
    expect(await unitStanding(ds, national, 'MOE')).toEqual({ known: true, party: true });
    expect(await unitStanding(ds, national, 'CAST')).toEqual({ known: true, party: true });
    expect(await unitStanding(ds, henan, 'BJ_CAST')).toEqual({ known: true, party: false });
    expect(await unitStanding(ds, national, 'NOBODY')).toEqual({ known: false, party: false });
  });

  it('nominates, decides within the campaign only, reads the pool with its names', async () => {
    const a = await insertCampaignEvent(ds, { title: '郑州讲座', category: 'c', startsAt: '2023-09-16T01:00:00Z', endsAt: '2023-09-16T02:00:00Z', place: 'p', onlineUrl: null, expectedAudience: null, campaignId: henan, organizer: 'HA_ZZ_CAST', region: 'HA_ZZ', createdBy: 's' });
    const unit = await nominate(henan, { kind: 'unit', unit: 'HA_ZZ_CAST' });
    const person = await nominate(henan, { kind: 'individual', unit: 'HA_ZZ_CAST', person: '张三' });
    const act = await nominate(henan, { kind: 'activity', unit: 'HA_ZZ_CAST', activityId: a.id });
    expect(await decideNomination(ds, henan, unit, { status: 'commended', by: 'wang', at: new Date('2023-11-01T00:00:00Z'), note: null })).toBe(true);
    expect(await decideNomination(ds, henan, act, { status: 'declined', by: 'wang', at: new Date(), note: '材料不全' })).toBe(true);
    expect(await decideNomination(ds, national, person, { status: 'commended', by: 'x', at: new Date(), note: null })).toBe(false);
    expect(await countCommended(ds, henan)).toBe(1);
    const pool = await nominationViews(ds, { campaignId: henan });
    expect(pool.map((n) => [n.id, n.kind, n.status])).toEqual([
      [unit, 'unit', 'commended'],
      [person, 'individual', 'nominated'],
      [act, 'activity', 'declined'],
    ]);
    expect(pool[0]).toMatchObject({ unitName: expect.any(String), decidedBy: 'wang', decidedAt: new Date('2023-11-01T00:00:00Z'), sourceCampaignId: null });
    expect(pool[2]).toMatchObject({ activityId: a.id, activityTitle: '郑州讲座', decisionNote: '材料不全' });
    expect((await nominationViews(ds, { campaignId: henan, status: 'nominated' })).map((n) => n.id)).toEqual([person]);
    expect((await nominationViews(ds, { id: person }))[0].person).toBe('张三');
    expect((await nominationsOf(ds, henan, [unit, person, randomUUID()])).map((n) => n.id).sort()).toEqual([unit, person].sort());
  });

  it('recommends upward into the parent’s pool, marked with the source; the parent’s lead is told once; again, nothing new', async () => {
    const unit = await nominate(henan, { kind: 'unit', unit: 'HA_CAST' });
    const person = await nominate(henan, { kind: 'individual', unit: 'HA_ZZ_CAST', person: '李四' });
    const [relay] = await nominationViews(ds, { id: unit });
    const c = (await ds.query(`SELECT title, doc_number FROM campaigns WHERE id = $1`, [henan]))[0] as { title: string; doc_number: string };
    const recommend = () =>
      ds.transaction((m) =>
        recommendNominations(m, {
          from: { id: henan, leadAgency: 'HA_CAST', docNumber: c.doc_number, title: c.title },
          to: { id: national, leadAgency: 'CAST' },
          nominationIds: [person, unit],
          newIds: [randomUUID(), randomUUID()],
          by: 'li',
          at: new Date('2023-11-02T00:00:00Z'),
        }),
      );
    expect((await recommend()).sort()).toEqual([unit, person].sort());
    expect(await recommend()).toEqual([]);
    // Made at the same instant: the API orders them as they were asked for.
    const copied = (await nominationViews(ds, { campaignId: national, sourceNominationIds: [unit, person] })).sort((x, y) => (x.kind < y.kind ? -1 : 1));
    expect(copied.map((n) => [n.sourceNominationId, n.kind, n.status, n.sourceCampaignId, n.sourceLead, n.sourceDocNumber])).toEqual([
      [person, 'individual', 'nominated', henan, 'HA_CAST', c.doc_number],
      [unit, 'unit', 'nominated', henan, 'HA_CAST', c.doc_number],
    ]);
    expect(copied[1].citation).toBe(relay.citation);
    const told = await listNotifications(ds, national, { kinds: ['recommendation'] });
    expect(told.total).toBe(1);
    const what = [unit, person].sort()[0] === unit ? 'unit HA_CAST、李四 (HA_ZZ_CAST)' : '李四 (HA_ZZ_CAST)、unit HA_CAST';
    expect([told.rows[0].agency, told.rows[0].role, told.rows[0].reason]).toEqual(['CAST', 'secretariat', `HA_CAST recommends 2 for commendation (推荐) from ${c.doc_number}: ${what}`]);
    expect(told.rows[0].idempotencyKey).toMatch(new RegExp(`^${national}:recommendation:${henan}:[0-9a-f]{32}$`));
  });
});
