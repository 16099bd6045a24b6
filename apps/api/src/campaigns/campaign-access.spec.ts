/**
 * CampaignAccess.findForDecision: decisions on one campaign that ask while its read is running share
 * the next read, which starts after they asked (so each sees what was there when it asked, or later);
 * a read that did not see this process's last answer on the campaign written waits for it and reads
 * again. The queries themselves are proven over HTTP (test/co-signing.e2e-spec.ts,
 * test/co-sign-internal.e2e-spec.ts; a read held until a killed worker's successor writes:
 * test/worker-restart.e2e-spec.ts).
 */
import type { DataSource } from 'typeorm';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { lastAuditSeq } from '@db/audit/audit.queries';
import { findCampaignForDecisions } from '@db/campaigns/campaign.queries';
import { CampaignAccess } from './campaign-access';
import { AnsweredWrites } from './recorded';

jest.mock('@db/campaigns/campaign.queries', () => ({ ...jest.requireActual('@db/campaigns/campaign.queries'), findCampaignForDecisions: jest.fn() }));
const read = findCampaignForDecisions as jest.MockedFunction<typeof findCampaignForDecisions>;
jest.mock('@db/audit/audit.queries', () => ({ ...jest.requireActual('@db/audit/audit.queries'), lastAuditSeq: jest.fn() }));
const written = lastAuditSeq as jest.MockedFunction<typeof lastAuditSeq>;

const ID = '0b7c1f0e-4a8e-4d7e-9c59-3f1f7d2f4a10';
const noDatabase = {} as DataSource;

/** Each query waits until the spec lets it answer: the campaign as of that moment, and MOE with steps. */
function pendingReads() {
  const answers: (() => void)[] = [];
  let version = 0;
  read.mockImplementation((_db, _id, agencies) => {
    const asked = [...agencies];
    return new Promise((resolve) => answers.push(() => resolve({ campaign: { id: ID, noticeVersion: ++version } as CampaignEntity, auditSeq: 0, withSteps: new Set(asked.filter((a) => a === 'MOE')) })));
  });
  return { answerNext: () => answers.shift()!(), asked: () => read.mock.calls.map((c) => c[2]) };
}

describe('CampaignAccess.findForDecision', () => {
  beforeEach(() => {
    read.mockReset();
    written.mockReset();
  });

  it('twenty at once: the first reads alone, those who asked meanwhile share the next read; each learns its own steps', async () => {
    const reads = pendingReads();
    const access = new CampaignAccess(noDatabase, new AnsweredWrites(noDatabase));
    const first = access.findForDecision(ID, 'CPD');
    await new Promise((resolve) => setImmediate(resolve));
    const others = ['CAC', 'MOE', 'MOST'].map((a) => access.findForDecision(ID, a));
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.asked()).toEqual([['CPD']]); // the others wait: their read starts after the running one
    reads.answerNext();
    expect(await first).toMatchObject({ campaign: { noticeVersion: 1 }, withSteps: false });
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.asked()).toEqual([['CPD'], ['CAC', 'MOE', 'MOST']]);
    reads.answerNext();
    expect((await Promise.all(others)).map((o) => [o.campaign.noticeVersion, o.withSteps])).toEqual([
      [2, false],
      [2, true],
      [2, false],
    ]);
    // Nothing running: the next asks alone, at once.
    const later = access.findForDecision(ID, 'CAST');
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.asked()).toHaveLength(3);
    reads.answerNext();
    expect((await later).campaign.noticeVersion).toBe(3);
  });

  it('a read that fails fails those who share it, and the next read still starts', async () => {
    const access = new CampaignAccess(noDatabase, new AnsweredWrites(noDatabase));
    let fail!: (err: Error) => void;
    read.mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)));
    read.mockImplementation(async () => ({ campaign: { id: ID } as CampaignEntity, auditSeq: 0, withSteps: new Set<string>() }));
    const first = access.findForDecision(ID, 'CPD');
    await new Promise((resolve) => setImmediate(resolve));
    const second = access.findForDecision(ID, 'CAC');
    fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    expect((await second).campaign.id).toBe(ID);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('after an answer of this process (recorded through audit entry 5): a read that saw entry 5 answers at once, one that did not waits for it and reads again', async () => {
    const writes = new AnsweredWrites(noDatabase);
    const access = new CampaignAccess(noDatabase, writes);
    const asRead = (noticeVersion: number, auditSeq: number) => ({ campaign: { id: ID, noticeVersion } as CampaignEntity, auditSeq, withSteps: new Set<string>() });

    writes.take(ID, { auditSeq: 5 });
    read.mockResolvedValueOnce(asRead(1, 4)).mockResolvedValueOnce(asRead(2, 5));
    written.mockResolvedValueOnce(4).mockResolvedValueOnce(5);
    expect((await access.findForDecision(ID, 'CPD')).campaign.noticeVersion).toBe(2);
    expect([read.mock.calls.length, written.mock.calls.length]).toEqual([2, 2]);

    // Written and seen: nothing is awaited, a read is one query.
    read.mockResolvedValueOnce(asRead(3, 5));
    expect((await access.findForDecision(ID, 'CPD')).campaign.noticeVersion).toBe(3);
    expect([read.mock.calls.length, written.mock.calls.length]).toEqual([3, 2]);

    // The next answer's write already there in the first read: no look at the log on its own.
    writes.take(ID, { auditSeq: 6 });
    read.mockResolvedValueOnce(asRead(4, 7));
    expect((await access.findForDecision(ID, 'CPD')).campaign.noticeVersion).toBe(4);
    expect([read.mock.calls.length, written.mock.calls.length]).toEqual([4, 2]);
  });

  it('an unknown campaign is a 404, read or not', async () => {
    read.mockResolvedValue(null);
    const access = new CampaignAccess(noDatabase, new AnsweredWrites(noDatabase));
    await expect(access.findForDecision(ID, 'CPD')).rejects.toMatchObject({ status: 404 });
    await expect(access.findForDecision('not-a-uuid', 'CPD')).rejects.toMatchObject({ status: 404 });
  });
});
