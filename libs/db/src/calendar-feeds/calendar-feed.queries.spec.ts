import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { sha256Hex } from '@domain/hashing';
import type { Milestones } from '@domain/year';
import { appendAuditEntry } from '../audit/audit.queries';
import { projectYearState } from '../campaigns/campaign.queries';
import { acknowledgeReceipt, distributeNotice } from '../recipients/recipient.queries';
import { MILESTONES, openDataSource, recipients, seedCampaign } from '../spec-support';
import { createCalendarFeed, deadlinesOf, findCalendarFeedByTokenHash, listCalendarFeeds, revokeCalendarFeed } from './calendar-feed.queries';

describe('calendar feed queries', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  describe('feeds', () => {
    // Agencies of the directory that no other spec gives feeds to: each test reads only its own rows.
    const newFeed = async (agency: string, at = new Date()) => {
      const token = randomUUID();
      const feed = await createCalendarFeed(ds, { id: randomUUID(), agency, tokenSha256: sha256Hex(token), createdBy: 'spec', at });
      return { token, feed };
    };

    it('keeps the token’s hash, never the token; finds the feed by the hash', async () => {
      const { token, feed } = await newFeed('SP_CNPC');
      expect(feed).toEqual({ id: feed.id, agency: 'SP_CNPC', createdBy: 'spec', createdAt: expect.any(Date), revokedAt: null });
      const [stored] = await ds.query(`SELECT * FROM calendar_feeds WHERE id = $1`, [feed.id]);
      expect(stored.token_sha256).toBe(sha256Hex(token));
      expect(JSON.stringify(stored)).not.toContain(token);
      const found = await findCalendarFeedByTokenHash(ds, sha256Hex(token));
      expect(found).toMatchObject({ id: feed.id, agency: 'SP_CNPC', agencyName: '中国石油天然气集团有限公司' });
      expect(await findCalendarFeedByTokenHash(ds, sha256Hex(`${token}x`))).toBeNull();
    });

    it('lists a body’s own feeds in force, newest first, paged', async () => {
      const a = await newFeed('SP_CTG', new Date('2025-01-01T00:00:00Z'));
      const b = await newFeed('SP_CTG', new Date('2025-01-02T00:00:00Z'));
      await newFeed('SP_CNPC');
      const listed = await listCalendarFeeds(ds, 'SP_CTG', { page: 1, pageSize: 50 });
      const mine = listed.items.filter((f) => [a.feed.id, b.feed.id].includes(f.id));
      expect(mine.map((f) => f.id)).toEqual([b.feed.id, a.feed.id]);
      expect(listed.items.every((f) => f.agency === 'SP_CTG')).toBe(true);
      expect(listed.items.every((f) => !('tokenSha256' in f))).toBe(true);
      const first = await listCalendarFeeds(ds, 'SP_CTG', { page: 1, pageSize: 1 });
      expect(first.items).toHaveLength(1);
      expect(first.total).toBe(listed.total);
    });

    it('revokes only the body’s own feed, once; a revoked feed is found no more', async () => {
      const { token, feed } = await newFeed('SP_CASC');
      expect(await revokeCalendarFeed(ds, feed.id, 'SP_CNPC', new Date())).toBeNull();
      expect(await findCalendarFeedByTokenHash(ds, sha256Hex(token))).not.toBeNull();
      const revoked = await revokeCalendarFeed(ds, feed.id, 'SP_CASC', new Date());
      expect(revoked).toMatchObject({ id: feed.id, revokedAt: expect.any(Date) });
      expect(await revokeCalendarFeed(ds, feed.id, 'SP_CASC', new Date())).toBeNull();
      expect(await revokeCalendarFeed(ds, randomUUID(), 'SP_CASC', new Date())).toBeNull();
      expect(await findCalendarFeedByTokenHash(ds, sha256Hex(token))).toBeNull();
      expect((await listCalendarFeeds(ds, 'SP_CASC', { page: 1, pageSize: 50 })).items.map((f) => f.id)).not.toContain(feed.id);
    });
  });

  describe('the deadlines that concern a body', () => {
    const AT = '2023-08-04T02:00:00.000Z';
    const issue = async (id: string, docNumber: string) => {
      await ds.query(`UPDATE campaigns SET phase = 'issued', doc_number = $2, issued_at = $3 WHERE id = $1`, [id, docNumber, AT]);
      await distributeNotice(ds, { campaignId: id, at: AT, docNumber });
    };
    const mine = async (agency: string, ids: string[]) => (await deadlinesOf(ds, agency)).filter((c) => ids.includes(c.campaignId));

    it('finds every campaign where the body leads, co-signs, receives or reports — and says how', async () => {
      const national = await seedCampaign(ds, { lead: 'CAST', signers: ['CPD', 'CAC'], recipients: recipients(['HA_CAST', 'BJ_CAST'], ['SP_THU'], ['HA_CAST']) });
      await issue(national, `科协历测${national.slice(0, 4)}发〔2023〕1号`);
      const relay = await seedCampaign(ds, { lead: 'HA_CAST', signers: ['HA_EDU'], recipients: recipients(['HA_ZZ_CAST']), relayOf: { id: national, leadAgency: 'CAST' } });
      const ids = [national, relay];

      const ha = await mine('HA_CAST', ids);
      expect(ha.map((c) => [c.campaignId, c.lead, c.signer, c.recipientRole, c.reporting])).toEqual([
        [national, false, false, 'main', true],
        [relay, true, false, null, false],
      ]);
      expect(ha[0]).toMatchObject({
        phase: 'issued',
        issuedAt: AT,
        deliveredAt: AT,
        acknowledgedAt: null,
        coSignDueAt: '2023-08-10T18:00:00+08:00',
        milestones: MILESTONES,
        moves: {},
      });
      expect(ha[1]).toMatchObject({ phase: 'co-signing', issuedAt: null, docNumber: null });

      expect((await mine('CPD', ids)).map((c) => [c.campaignId, c.lead, c.signer, c.recipientRole])).toEqual([[national, false, true, null]]);
      expect((await mine('HA_EDU', ids)).map((c) => [c.campaignId, c.signer])).toEqual([[relay, true]]);
      expect((await mine('SP_THU', ids)).map((c) => [c.campaignId, c.recipientRole, c.reporting])).toEqual([[national, 'cc', false]]);
      expect((await mine('BJ_CAST', ids)).map((c) => [c.campaignId, c.recipientRole, c.reporting])).toEqual([[national, 'main', false]]);
      expect((await mine('HA_ZZ_CAST', ids)).map((c) => c.campaignId)).toEqual([relay]);
      expect(await mine('SH_CAST', ids)).toEqual([]);

      await acknowledgeReceipt(ds, national, 'HA_CAST', 'spec');
      expect((await mine('HA_CAST', ids))[0].acknowledgedAt).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    });

    it('counts each milestone’s moves from the audit log', async () => {
      const id = await seedCampaign(ds, { lead: 'CAST', recipients: recipients(['HA_CAST']) });
      await issue(id, `科协历测${id.slice(0, 4)}发〔2023〕2号`);
      const move = async (seq: number, from: Milestones, to: Milestones, fields: string[]) => {
        await ds.transaction(async (m) => {
          const moved = fields.map((field) => ({ field, from: 'x', to: 'y' }));
          await appendAuditEntry(m, id, seq, { type: 'milestones.moved', actor: 'spec', at: AT, data: { from, to, moved } });
          await projectYearState(m, id, seq, { milestones: to });
        });
      };
      await ds.transaction((m) => appendAuditEntry(m, id, 1, { type: 'campaign.launched', actor: 'spec', at: AT, data: {} }));
      const later = { ...MILESTONES, summaryDueAt: '2023-10-11T18:00:00+08:00' };
      await move(2, MILESTONES, later, ['milestones.summaryDueAt']);
      const week = { ...later, summaryDueAt: '2023-10-12T18:00:00+08:00', concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' } };
      await move(3, later, week, ['milestones.concentratedWeek.startsAt', 'milestones.concentratedWeek.endsAt', 'milestones.summaryDueAt']);
      const [c] = await mine('HA_CAST', [id]);
      expect(c.moves).toEqual({
        'milestones.summaryDueAt': 2,
        'milestones.concentratedWeek.startsAt': 1,
        'milestones.concentratedWeek.endsAt': 1,
      });
      expect(c.milestones).toEqual(week);
    });

    it('leaves withdrawn campaigns out', async () => {
      const id = await seedCampaign(ds, { lead: 'CAST', signers: ['CPD'] });
      expect(await mine('CPD', [id])).toHaveLength(1);
      await ds.query(`UPDATE campaigns SET phase = 'withdrawn' WHERE id = $1`, [id]);
      expect(await mine('CPD', [id])).toEqual([]);
      expect(await mine('CAST', [id])).toEqual([]);
    });
  });
});
