/**
 * Read your writes (recorded.ts) against a stand-in for the database's audit log: a read waits
 * until the log reaches what was answered, the waiters on one campaign share one look, and a
 * campaign nothing was answered on is read at once; a read that saw the answer written in its own
 * snapshot (sawWritten) needs no look of its own. Over HTTP on the real stack:
 * test/worker-restart.e2e-spec.ts (a read held until the killed worker's successor writes).
 */
import type { DataSource } from 'typeorm';
import { AnsweredWrites } from './recorded';

/** An audit log whose last seq per campaign the test moves; every query is counted. */
function fakeLog() {
  const written = new Map<string, number>();
  let queries = 0;
  const ds = {
    query: async (_sql: string, [campaignId]: [string]) => {
      queries++;
      return [{ seq: written.get(campaignId) ?? 0 }];
    },
  } as unknown as DataSource;
  return { ds, written, queries: () => queries };
}

describe('AnsweredWrites: reads wait for what this process answered', () => {
  it('a campaign nothing was answered on is read at once, without a query', async () => {
    const log = fakeLog();
    await new AnsweredWrites(log.ds).caughtUp('c1');
    expect(log.queries()).toBe(0);
  });

  it('waits until the audit log reaches the answer, then forgets it; twenty waiters share one look at a time', async () => {
    const log = fakeLog();
    const writes = new AnsweredWrites(log.ds);
    log.written.set('c1', 4);
    expect(writes.take('c1', { agency: 'CPD', auditSeq: 5 })).toEqual({ agency: 'CPD' });
    let settled = 0;
    const waiting = Array.from({ length: 20 }, () => writes.caughtUp('c1').then(() => settled++));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(0);
    const looked = log.queries();
    expect(looked).toBeLessThan(30); // one look per poll (~2 ms) for all twenty, not twenty per poll
    log.written.set('c1', 5);
    await Promise.all(waiting);
    expect(settled).toBe(20);
    const after = log.queries();
    await writes.caughtUp('c1'); // written: nothing left to wait for
    expect(log.queries()).toBe(after);
  });

  it('a read that saw the log at the answer or past it (in the snapshot of what it read) says so, and the answer is forgotten; one that saw less does not', async () => {
    const log = fakeLog();
    const writes = new AnsweredWrites(log.ds);
    writes.take('c1', { auditSeq: 5 });
    expect(writes.sawWritten('c1', 4)).toBe(false);
    expect(writes.sawWritten('c2', 0)).toBe(true); // nothing answered there
    expect(writes.sawWritten('c1', 5)).toBe(true);
    expect(writes.sawWritten('c1', 0)).toBe(true); // forgotten: nothing awaited
    await writes.caughtUp('c1');
    expect(log.queries()).toBe(0);
  });

  it('an answer without auditSeq (a run that writes before it answers) is passed on as it is, and nothing waits', async () => {
    const log = fakeLog();
    const writes = new AnsweredWrites(log.ds);
    const answer = { docNumber: '科协发〔2026〕12号', issuedAt: '2026-11-30T00:00:00.000Z' };
    expect(writes.take('c1', answer)).toBe(answer);
    await writes.allCaughtUp();
    expect(log.queries()).toBe(0);
  });
});
