import type { DataSource } from 'typeorm';
import { listNotifications } from '../notifications/outbox';
import { recipientReporting } from '../recipients/recipient.queries';
import { openDataSource, recipients, seedCampaign } from '../spec-support';
import { chaseOverdueSummaries, escalateMissingSummaries, insertSummaryRevision, remindMissingSummaries, summaryMatrix, summaryRevisions } from './summary.queries';

describe('summary queries', () => {
  let ds: DataSource;
  const DUE = '2023-10-10T18:00:00+08:00';

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  const submit = (campaignId: string, unit: string, late: boolean, at: string) =>
    ds.transaction(async (m) => {
      await recipientReporting(m, campaignId, unit, { lock: true });
      return insertSummaryRevision(m, { campaignId, unit, text: `${unit} 总结`, figures: { activities: 3 }, links: ['https://example.org'], late, submittedBy: 'li', submittedAt: new Date(at) });
    });

  it('numbers revisions per unit, also when a unit submits twice at the same moment', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST']) });
    expect(await submit(id, 'HA_CAST', false, '2023-10-01T00:00:00Z')).toEqual({ revision: 1, submittedAt: new Date('2023-10-01T00:00:00Z') });
    const both = await Promise.all([submit(id, 'HA_CAST', false, '2023-10-02T00:00:00Z'), submit(id, 'HA_CAST', true, '2023-10-12T00:00:00Z')]);
    expect(both.map((r) => r.revision).sort()).toEqual([2, 3]);
    expect((await submit(id, 'BJ_CAST', true, '2023-10-11T00:00:00Z')).revision).toBe(1);
    const revisions = await summaryRevisions(ds, id, 'HA_CAST');
    expect(revisions.map((r) => r.revision)).toEqual([3, 2, 1]);
    expect(revisions[2]).toMatchObject({ text: 'HA_CAST 总结', figures: { activities: 3 }, links: ['https://example.org'], late: false, submittedBy: 'li' });
  });

  it('the matrix: every reporting unit, its revisions, whether one was on time, first and latest', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST', 'SH_CAST', 'MOE'], [], ['HA_CAST', 'BJ_CAST', 'SH_CAST']) });
    await submit(id, 'HA_CAST', false, '2023-10-01T00:00:00Z');
    await submit(id, 'HA_CAST', true, '2023-10-12T00:00:00Z');
    await submit(id, 'BJ_CAST', true, '2023-10-11T00:00:00Z');
    const matrix = await summaryMatrix(ds, id);
    expect(matrix.map((r) => [r.unit, r.revisions, r.onTime, r.latestRevision])).toEqual([
      ['BJ_CAST', 1, false, 1],
      ['HA_CAST', 2, true, 2],
      ['SH_CAST', 0, null, null],
    ]);
    expect(matrix[1]).toMatchObject({ region: 'HA', regionName: expect.any(String), firstAt: new Date('2023-10-01T00:00:00Z'), latestAt: new Date('2023-10-12T00:00:00Z') });
    expect((await summaryMatrix(ds, id, 'SH_CAST')).map((r) => r.unit)).toEqual(['SH_CAST']);
    expect(await summaryMatrix(ds, id, 'MOE')).toEqual([]);
  });

  it('reminds and chases only the units without a summary; escalates once to the lead, and not at all when everyone reported', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST', 'SH_CAST']) });
    await submit(id, 'HA_CAST', false, '2023-10-01T00:00:00Z');
    expect(await remindMissingSummaries(ds, { campaignId: id, at: '2023-10-09T01:00:00.000Z', day: '2023-10-09', dueAt: DUE, workingDaysLeft: 1 })).toBe(2);
    expect(await remindMissingSummaries(ds, { campaignId: id, at: '2023-10-09T01:00:00.000Z', day: '2023-10-09', dueAt: DUE, workingDaysLeft: 1 })).toBe(0);
    await submit(id, 'SH_CAST', true, '2023-10-11T00:00:00Z');
    expect(await chaseOverdueSummaries(ds, { campaignId: id, at: '2023-10-12T01:00:00.000Z', day: '2023-10-12', dueAt: DUE })).toBe(1);
    expect(await escalateMissingSummaries(ds, { campaignId: id, at: '2023-10-12T01:00:00.000Z', dueAt: DUE })).toBe(1);
    expect(await escalateMissingSummaries(ds, { campaignId: id, at: '2023-10-13T01:00:00.000Z', dueAt: DUE })).toBe(0);
    const sent = await listNotifications(ds, id);
    expect(sent.rows.map((n) => [n.idempotencyKey.slice(id.length + 1), n.agency, n.role, n.kind, n.reason])).toEqual([
      ['summary-reminder:BJ_CAST:2023-10-09', 'BJ_CAST', 'reporting-unit', 'summary-reminder', `1 working day left: the summary report (总结报送) is due by ${DUE}`],
      ['summary-reminder:SH_CAST:2023-10-09', 'SH_CAST', 'reporting-unit', 'summary-reminder', `1 working day left: the summary report (总结报送) is due by ${DUE}`],
      ['summary-overdue:BJ_CAST:2023-10-12', 'BJ_CAST', 'reporting-unit', 'summary-overdue', `overdue: the summary report was due by ${DUE}; it is still accepted and will be marked late`],
      ['summary-escalation', 'CAST', 'secretariat', 'escalation', `summary deadline ${DUE} passed; 1 reporting unit(s) have not reported: BJ_CAST`],
    ]);
    expect(sent.rows[3].data).toEqual({ subject: 'summary', dueAt: DUE, missing: 1, units: ['BJ_CAST'] });

    const everyone = await seedCampaign(ds, { recipients: recipients(['HA_CAST']) });
    await submit(everyone, 'HA_CAST', false, '2023-10-01T00:00:00Z');
    expect(await escalateMissingSummaries(ds, { campaignId: everyone, at: '2023-10-12T01:00:00.000Z', dueAt: DUE })).toBe(0);
  });
});
