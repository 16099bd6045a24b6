import type { DataSource } from 'typeorm';
import { verifyChain } from '@domain/audit-chain';
import { openDataSource, seedCampaign } from '../spec-support';
import { appendAuditEntry, AuditChainError, auditEntries } from './audit.queries';

describe('the audit log', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('chains entries; a retried append answers the same hash; a gap or another entry in its place is refused; the chain verifies', async () => {
    const id = await seedCampaign(ds);
    const event = (type: string) => ({ type, actor: 'li', at: '2023-08-01T00:00:00.000Z', data: { n: 1 } });
    const h1 = await ds.transaction((m) => appendAuditEntry(m, id, 1, event('campaign.launched')));
    const h2 = await ds.transaction((m) => appendAuditEntry(m, id, 2, event('co-sign.decided')));
    expect(await ds.transaction((m) => appendAuditEntry(m, id, 2, event('co-sign.decided')))).toBe(h2);
    await expect(ds.transaction((m) => appendAuditEntry(m, id, 2, event('something else')))).rejects.toThrow(new AuditChainError(`audit entry 2 of campaign ${id} is already a different entry`));
    await expect(ds.transaction((m) => appendAuditEntry(m, id, 4, event('x')))).rejects.toThrow(AuditChainError);
    await expect(ds.transaction((m) => appendAuditEntry(m, id, 4, event('x')))).rejects.toThrow(/entry 3 .* is missing/);
    const entries = await auditEntries(ds, id);
    expect(entries.map((e) => [e.seq, e.type, e.hash])).toEqual([
      [1, 'campaign.launched', h1],
      [2, 'co-sign.decided', h2],
    ]);
    expect(entries[1].prevHash).toBe(h1);
    expect(verifyChain(entries).verified).toBe(true);
    // Append-only: the trigger refuses changes.
    await expect(ds.query(`UPDATE audit_log SET actor = 'x' WHERE campaign_id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('attempts racing to append the same entry (one presumed lost) all answer its hash, and it is stored once', async () => {
    const id = await seedCampaign(ds);
    const event = { type: 'campaign.launched', actor: 'li', at: '2023-08-01T00:00:00.000Z', data: {} };
    const hashes = await Promise.all([1, 2, 3].map(() => ds.transaction((m) => appendAuditEntry(m, id, 1, event))));
    expect(new Set(hashes).size).toBe(1);
    expect((await auditEntries(ds, id)).map((e) => e.hash)).toEqual([hashes[0]]);
  });
});
