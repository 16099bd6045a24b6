import type { DataSource } from 'typeorm';
import { verifyChain } from '@domain/audit-chain';
import { openDataSource, seedCampaign } from '../spec-support';
import { appendAuditEntries, appendAuditEntry, AuditChainError, auditEntries, SUPERSEDED_ENTRY } from './audit.queries';

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

  describe('written from a local activity (appendAuditEntries)', () => {
    const at = (s: number) => `2023-08-01T00:00:${String(s).padStart(2, '0')}.000Z`;
    const event = (type: string, second: number) => ({ type, actor: 'li', at: at(second), data: { n: 1 } });

    it('appends several entries in one go, chained; the same write again is answered where it went', async () => {
      const id = await seedCampaign(ds);
      await ds.transaction((m) => appendAuditEntry(m, id, 1, event('campaign.launched', 0)));
      const batch = [event('co-sign.decided', 1), event('co-sign.decided', 1), event('co-sign.decided', 1)];
      expect(await ds.transaction((m) => appendAuditEntries(m, id, 2, batch))).toEqual({ firstSeq: 2, lastSeq: 4 });
      expect(await ds.transaction((m) => appendAuditEntries(m, id, 2, batch))).toEqual({ firstSeq: 2, lastSeq: 4 });
      const entries = await auditEntries(ds, id);
      expect(entries.map((e) => [e.seq, e.type])).toEqual([
        [1, 'campaign.launched'],
        [2, 'co-sign.decided'],
        [3, 'co-sign.decided'],
        [4, 'co-sign.decided'],
      ]);
      expect(verifyChain(entries).verified).toBe(true);
      await expect(ds.transaction((m) => appendAuditEntries(m, id, 6, batch))).rejects.toThrow(/entry 5 .* is missing/);
    });

    it('entries of a workflow task that never completed are superseded, not overwritten: the log says which, and the chain verifies', async () => {
      const id = await seedCampaign(ds);
      await ds.transaction((m) => appendAuditEntry(m, id, 1, event('campaign.launched', 0)));
      // The task that was refused wrote a sign-off and the issue at 2 and 3 …
      await ds.transaction((m) => appendAuditEntries(m, id, 2, [event('sign-off', 1)]));
      await ds.transaction((m) => appendAuditEntries(m, id, 3, [event('issued', 1)]));
      // … its retry, a moment later, writes its own sign-off where its history says the next entry goes.
      expect(await ds.transaction((m) => appendAuditEntries(m, id, 2, [event('sign-off', 2)]))).toEqual({ firstSeq: 5, lastSeq: 5 });
      expect(await ds.transaction((m) => appendAuditEntries(m, id, 6, [event('issued', 2)]))).toEqual({ firstSeq: 6, lastSeq: 6 });
      const entries = await auditEntries(ds, id);
      expect(entries.map((e) => [e.seq, e.type, e.at.toISOString()])).toEqual([
        [1, 'campaign.launched', at(0)],
        [2, 'sign-off', at(1)],
        [3, 'issued', at(1)],
        [4, SUPERSEDED_ENTRY, at(2)],
        [5, 'sign-off', at(2)],
        [6, 'issued', at(2)],
      ]);
      expect(JSON.parse(entries[3].payload).data).toEqual({ from: 2, to: 3 });
      expect(verifyChain(entries).verified).toBe(true);
    });

    it('two writers of one chain at once (a task presumed lost and its retry) never interleave: the chain verifies', async () => {
      const id = await seedCampaign(ds);
      await ds.transaction((m) => appendAuditEntry(m, id, 1, event('campaign.launched', 0)));
      const written = await Promise.all([1, 2, 3, 4].map((n) => ds.transaction((m) => appendAuditEntries(m, id, 2, [event('co-sign.decided', n)]))));
      const entries = await auditEntries(ds, id);
      expect(verifyChain(entries).verified).toBe(true);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: entries.length }, (_, i) => i + 1));
      expect(written.map((w) => entries.find((e) => e.seq === w.firstSeq)!.type)).toEqual(written.map(() => 'co-sign.decided'));
    });
  });
});
