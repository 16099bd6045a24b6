import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { findCampaign } from '../campaigns/campaign.queries';
import { openDataSource, seedCampaign } from '../spec-support';
import { assignPrefix, claimPrefix, docNumberPrefixes, prefixOwner } from './doc-number-prefix.queries';
import { docNumberSequences, issueDocNumber, setNextDocNumber } from './doc-number.queries';

describe('document numbers', () => {
  let ds: DataSource;
  const prefix = `测${randomUUID().slice(0, 6)}发`;

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.query('DELETE FROM doc_number_prefixes WHERE prefix = $1', [prefix]);
    await ds.destroy();
  });

  it('numbers campaigns issued at the same moment uniquely and without gaps; a retry gets the number already given', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => seedCampaign(ds)));
    // Issued late on 31 December UTC: already 2024 in Asia/Shanghai.
    const at = '2023-12-31T17:00:00.000Z';
    const issued = await Promise.all(ids.map((campaignId) => issueDocNumber(ds, { campaignId, prefix, at })));
    expect(issued.map((n) => n.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(issued.every((n) => !n.repeated && n.docNumber === `${prefix}〔2024〕${n.sequence}号`)).toBe(true);
    const again = await issueDocNumber(ds, { campaignId: ids[0], prefix, at: '2024-01-05T00:00:00.000Z' });
    expect(again).toEqual({ ...issued[0], repeated: true });
    expect(await findCampaign(ds, ids[0])).toMatchObject({ docNumber: issued[0].docNumber, docPrefix: prefix, docYear: 2024, docSequence: issued[0].sequence, issuedAt: new Date(at) });
    await expect(issueDocNumber(ds, { campaignId: randomUUID(), prefix, at })).rejects.toThrow(/not found/);
  });

  it('sets where a sequence stands, never back to a number already issued', async () => {
    expect(await setNextDocNumber(ds, { prefix, year: 2024, nextNumber: 5 })).toEqual({ applied: false, highestIssued: 8 });
    expect(await setNextDocNumber(ds, { prefix, year: 2024, nextNumber: 50 })).toEqual({ applied: true, lastNumber: 49 });
    expect(await setNextDocNumber(ds, { prefix, year: 2025, nextNumber: 12 })).toEqual({ applied: true, lastNumber: 11 });
    const id = await seedCampaign(ds);
    expect((await issueDocNumber(ds, { campaignId: id, prefix, at: '2024-03-01T00:00:00.000Z' })).docNumber).toBe(`${prefix}〔2024〕50号`);
    const mine = (await docNumberSequences(ds)).filter((s) => s.prefix === prefix);
    expect(mine.map((s) => [s.year, s.lastNumber, s.agency])).toEqual([
      [2024, 50, null],
      [2025, 11, null],
    ]);
  });

  it('a prefix belongs to the first agency that claims it, until the platform gives it to another', async () => {
    expect(await prefixOwner(ds, prefix)).toBeNull();
    // A claim inside a transaction that rolls back leaves the prefix free.
    await expect(
      ds.transaction(async (m) => {
        expect(await claimPrefix(m, { prefix, agency: 'HA_CAST', by: 'spec' })).toBe('HA_CAST');
        throw new Error('launch refused');
      }),
    ).rejects.toThrow('launch refused');
    expect(await prefixOwner(ds, prefix)).toBeNull();
    expect(await claimPrefix(ds, { prefix, agency: 'HA_CAST', by: 'spec' })).toBe('HA_CAST');
    expect(await claimPrefix(ds, { prefix, agency: 'CAST', by: 'spec' })).toBe('HA_CAST');
    expect((await docNumberSequences(ds)).filter((s) => s.prefix === prefix).map((s) => s.agency)).toEqual(['HA_CAST', 'HA_CAST']);
    await assignPrefix(ds, { prefix, agency: 'CAST', by: 'platform' });
    expect((await docNumberPrefixes(ds)).find((p) => p.prefix === prefix)).toMatchObject({ agency: 'CAST', claimedBy: 'platform', claimedAt: expect.any(Date) });
  });
});
