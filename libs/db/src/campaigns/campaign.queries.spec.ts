import type { DataSource } from 'typeorm';
import { appendAuditEntries, lastAuditSeq } from '../audit/audit.queries';
import { listNotifications } from '../notifications/outbox';
import { findRecipient } from '../recipients/recipient.queries';
import { concurrentConnections, MILESTONES, openDataSource, recipients, seedCampaign } from '../spec-support';
import { CampaignEntity } from './campaign.entity';
import { campaignsOf, findCampaign, findCampaignAsWritten, findCampaignForDecisions, lockCampaignForShare, markDistributed, projectCoSignState, projectYearState, relaysOf } from './campaign.queries';
import { deleteLaunchedCampaign } from './launch';
import { findNoticeText, noticeVersions, recordNoticeVersion, saveNoticeText } from './notice.queries';

describe('campaign queries', () => {
  let ds: DataSource;
  let concurrent: boolean;

  beforeAll(async () => {
    ds = await openDataSource();
    concurrent = await concurrentConnections(ds);
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('a launch stores the campaign in co-signing at version 1, its text, its recipients; a relay links and tells the parent’s lead', async () => {
    const parent = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST'], ['CAC']) });
    const relay = await seedCampaign(ds, { lead: 'HA_CAST', title: '河南省转发', relayOf: { id: parent, leadAgency: 'CAST' } });
    const c = (await findCampaign(ds, relay))!;
    expect(c).toMatchObject({ phase: 'co-signing', noticeVersion: 1, stateVersion: 0, parentId: parent, docNumber: null, withdrawal: null, milestones: MILESTONES });
    expect(c.createdAt).toBeInstanceOf(Date);
    expect((await findNoticeText(ds, c.noticeSha256))!.body).toBe(`spec notice ${relay}`);
    expect((await noticeVersions(ds, relay)).map((v) => [v.version, v.sha256, v.createdBy])).toEqual([[1, c.noticeSha256, 'spec']]);
    expect((await findRecipient(ds, parent, 'HA_CAST'))!.relayCampaignId).toBe(relay);
    expect((await findRecipient(ds, parent, 'BJ_CAST'))!.relayCampaignId).toBeNull();
    const told = await listNotifications(ds, parent, { kinds: ['relay-launched'] });
    expect(told.rows.map((n) => [n.idempotencyKey, n.agency, n.role, n.reason, n.data])).toEqual([
      [`${parent}:relay-launched:${relay}`, 'CAST', 'secretariat', 'HA_CAST relays the notice as its own: 河南省转发', { relayCampaignId: relay, relayLead: 'HA_CAST', title: '河南省转发' }],
    ]);
    expect((await relaysOf(ds, parent)).map((r) => r.id)).toEqual([relay]);
  });

  it('an undone launch leaves nothing: the campaign, the parent’s link and the message are gone', async () => {
    const parent = await seedCampaign(ds, { recipients: recipients(['HA_CAST']) });
    const relay = await seedCampaign(ds, { lead: 'HA_CAST', relayOf: { id: parent, leadAgency: 'CAST' }, recipients: recipients(['HA_ZZ_CAST']) });
    await deleteLaunchedCampaign(ds, relay, parent);
    expect(await findCampaign(ds, relay)).toBeNull();
    expect((await findRecipient(ds, parent, 'HA_CAST'))!.relayCampaignId).toBeNull();
    expect((await listNotifications(ds, parent)).total).toBe(0);
    expect(await findRecipient(ds, relay, 'HA_ZZ_CAST')).toBeNull();
  });

  it('a campaign is read with how far its audit log is written (what read-your-writes compares), as lastAuditSeq says; an unknown one is null', async () => {
    const id = await seedCampaign(ds);
    const other = await seedCampaign(ds);
    const event = (type: string) => ({ type, actor: 'spec', at: '2023-08-01T00:00:00.000Z', data: {} });
    expect(await findCampaignAsWritten(ds, id)).toEqual({ campaign: await findCampaign(ds, id), auditSeq: 0 });
    await ds.transaction((m) => appendAuditEntries(m, id, 1, [event('campaign.launched'), event('co-sign.decided')]));
    await ds.transaction((m) => appendAuditEntries(m, other, 1, [event('campaign.launched')]));
    expect((await findCampaignAsWritten(ds, id))!.auditSeq).toBe(2);
    expect(await lastAuditSeq(ds, id)).toBe(2);
    expect(await findCampaignForDecisions(ds, id, ['MOE'])).toMatchObject({ campaign: { id }, auditSeq: 2 });
    expect(await findCampaignAsWritten(ds, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('texts and versions are stored once, whoever writes them first', async () => {
    const id = await seedCampaign(ds);
    const c = (await findCampaign(ds, id))!;
    await saveNoticeText(ds, c.noticeSha256, 'another body under the same hash is ignored');
    expect((await findNoticeText(ds, c.noticeSha256))!.body).toBe(`spec notice ${id}`);
    await recordNoticeVersion(ds, { campaignId: id, version: 1, sha256: c.noticeSha256, note: 'again', createdBy: 'workflow', createdAt: new Date() });
    await saveNoticeText(ds, 'f'.repeat(64), 'v2');
    await recordNoticeVersion(ds, { campaignId: id, version: 2, sha256: 'f'.repeat(64), note: '采纳意见', createdBy: 'lead', createdAt: '2023-08-02T00:00:00Z' });
    expect((await noticeVersions(ds, id)).map((v) => [v.version, v.note, v.createdBy])).toEqual([
      [1, null, 'spec'],
      [2, '采纳意见', 'lead'],
    ]);
  });

  it('projections never go backwards: an older audit seq changes nothing', async () => {
    const id = await seedCampaign(ds, { signers: ['MOE'] });
    const c = (await findCampaign(ds, id))!;
    const state = (phase: 'co-signing' | 'awaiting-sign-off', comment: string | null) => ({
      phase,
      noticeVersion: 1,
      noticeSha256: c.noticeSha256,
      coSign: { ...c.coSign, signers: c.coSign.signers.map((s) => ({ ...s, comment })) },
      withdrawal: null,
    });
    expect(await projectCoSignState(ds, id, 3, state('awaiting-sign-off', 'third'))).toBe(true);
    expect(await projectCoSignState(ds, id, 2, state('co-signing', 'second'))).toBe(false);
    let now = (await findCampaign(ds, id))!;
    expect([now.phase, now.stateVersion, now.coSign.signers[0].comment]).toEqual(['awaiting-sign-off', 3, 'third']);

    expect(await projectYearState(ds, id, 4, { phase: 'issued' })).toBe(true);
    const moved = { ...MILESTONES, summaryDueAt: '2023-10-12T18:00:00+08:00' };
    expect(await projectYearState(ds, id, 5, { milestones: moved })).toBe(true);
    expect(await projectYearState(ds, id, 5, { phase: 'closed' })).toBe(false);
    expect(await projectYearState(ds, id, 6, { commendationsPublishedAt: '2023-11-01T00:00:00Z' })).toBe(true);
    now = (await findCampaign(ds, id))!;
    expect([now.phase, now.milestones?.summaryDueAt, now.commendationsPublishedAt?.toISOString(), now.stateVersion]).toEqual([
      'issued',
      '2023-10-12T18:00:00+08:00',
      '2023-11-01T00:00:00.000Z',
      6,
    ]);
    await markDistributed(ds, id, '2023-08-20T00:00:00Z');
    await markDistributed(ds, id, '2023-08-21T00:00:00Z');
    expect((await findCampaign(ds, id))!.distributedAt?.toISOString()).toBe('2023-08-20T00:00:00.000Z');
  });

  it('lists the campaigns an agency takes part in as lead, co-signer or recipient; all of them for an administrator', async () => {
    const led = await seedCampaign(ds, { lead: 'SH_CAST' });
    const signed = await seedCampaign(ds, { signers: ['SH_CAST'] });
    const received = await seedCampaign(ds, { recipients: recipients([], ['SH_CAST']) });
    const other = await seedCampaign(ds);
    const mine = (await campaignsOf(ds, 'SH_CAST')).map((c) => c.id);
    expect(mine).toEqual(expect.arrayContaining([led, signed, received]));
    expect(mine).not.toContain(other);
    // Newest first.
    expect(mine.indexOf(received)).toBeLessThan(mine.indexOf(led));
    expect((await campaignsOf(ds, null)).map((c) => c.id)).toEqual(expect.arrayContaining([led, signed, received, other]));
  });

  it('share-locks a campaign for commendation and reads what that needs', async () => {
    const id = await seedCampaign(ds);
    await ds.transaction(async (m) => {
      expect(await lockCampaignForShare(m, id)).toEqual({
        id,
        title: `spec ${id.slice(0, 8)}`,
        phase: 'co-signing',
        leadAgency: 'CAST',
        docNumber: null,
        parentId: null,
        commendationsPublishedAt: null,
      });
      // Another transaction cannot change the row while the share lock is held.
      if (concurrent) expect(await ds.query(`SELECT id FROM campaigns WHERE id = $1 FOR UPDATE SKIP LOCKED`, [id])).toEqual([]);
    });
    expect(await ds.getRepository(CampaignEntity).countBy({ id })).toBe(1);
  });
});
