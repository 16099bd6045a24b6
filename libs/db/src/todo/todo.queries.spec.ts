import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Signer } from '@domain/co-sign';
import { TODO_KINDS } from '@domain/inbox';
import type { CampaignPhase } from '@domain/year';
import { insertCampaignEvent, putCampaignEventResults } from '../campaign-events/campaign-event.queries';
import { decideNomination, insertNomination } from '../nominations/nomination.queries';
import { acknowledgeReceipt, distributeNotice } from '../recipients/recipient.queries';
import { MILESTONES, openDataSource, recipients, seedCampaign } from '../spec-support';
import { insertSummaryRevision } from '../summaries/summary.queries';
import type { TodoRow } from './todo.queries';
import { todoOf } from './todo.queries';

/**
 * The to-do list against real PostgreSQL, from live state. Parallel specs make campaigns for the
 * same directory bodies, so each test reads only the items of its own campaigns.
 */
describe('the to-do list', () => {
  let ds: DataSource;
  const NOW = '2023-09-25T02:00:00.000Z';
  const everything = [...TODO_KINDS];

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  const todo = async (agency: string, campaigns: string[], kinds = everything, at = NOW): Promise<TodoRow[]> =>
    (await todoOf(ds, { agency, kinds, at })).filter((t) => campaigns.includes(t.campaignId));
  const setPhase = (id: string, phase: CampaignPhase) => ds.query(`UPDATE campaigns SET phase = $2 WHERE id = $1`, [id, phase]);
  const signer = (agency: string, order: number, over: Partial<Signer> = {}): Signer => ({
    agency, order, status: 'pending', comment: null, decidedAt: null, noticeSha256: null, askedAt: '2023-07-28T02:00:00.000Z', remindersSent: 0, ...over,
  });
  const setCoSign = (id: string, signers: Signer[], signOff: unknown = null) =>
    ds.query(`UPDATE campaigns SET co_sign = co_sign || jsonb_build_object('signers', $2::jsonb, 'signOff', $3::jsonb) WHERE id = $1`, [id, JSON.stringify(signers), JSON.stringify(signOff)]);
  const event = (campaignId: string, organizer: string, title: string, endsAt: string) =>
    insertCampaignEvent(ds, {
      campaignId, organizer, region: 'HA', createdBy: 'spec', title, category: '主场活动',
      startsAt: new Date(Date.parse(endsAt) - 3600_000).toISOString(), endsAt, place: '郑州市', onlineUrl: null, expectedAudience: null,
    });

  it('co-signing: a signer asked and undecided on the current text, until it decides; never one not yet asked', async () => {
    const id = await seedCampaign(ds, { title: '会签待办', signers: ['CPD', 'CAC', 'MOST', 'MOE'] });
    await setCoSign(id, [
      signer('CPD', 1),
      signer('CAC', 2, { status: 'approved', decidedAt: '2023-07-29T02:00:00.000Z' }),
      // Sequential mode's later signers are not asked yet.
      signer('MOST', 3, { askedAt: null }),
      signer('MOE', 4, { status: 'rejected', comment: '请修改', decidedAt: '2023-07-29T03:00:00.000Z' }),
    ]);
    expect(await todo('CPD', [id])).toEqual([
      { kind: 'co-sign', campaignId: id, title: '会签待办', docNumber: null, dueAt: new Date('2023-08-10T18:00:00+08:00'), count: null, titles: null },
    ]);
    for (const decided of ['CAC', 'MOST', 'MOE', 'CAST']) expect(await todo(decided, [id])).toEqual([]);
    // Only the kinds asked: a recipient desk does not co-sign.
    expect(await todo('CPD', [id], ['acknowledge', 'results', 'summary'])).toEqual([]);
    await setCoSign(id, [signer('CPD', 1, { status: 'approved' }), signer('CAC', 2, { status: 'approved' }), signer('MOST', 3), signer('MOE', 4)]);
    expect(await todo('CPD', [id])).toEqual([]);
    expect((await todo('MOST', [id])).map((t) => t.kind)).toEqual(['co-sign']);
    await setPhase(id, 'withdrawn');
    expect(await todo('MOST', [id])).toEqual([]);
  });

  it('sign-off: the lead, once everyone approved, until it has signed', async () => {
    const id = await seedCampaign(ds, { title: '签发待办', signers: ['CPD'] });
    await setCoSign(id, [signer('CPD', 1, { status: 'approved' })]);
    await setPhase(id, 'awaiting-sign-off');
    expect(await todo('CAST', [id])).toEqual([{ kind: 'sign-off', campaignId: id, title: '签发待办', docNumber: null, dueAt: null, count: null, titles: null }]);
    expect(await todo('CPD', [id])).toEqual([]);
    await setCoSign(id, [signer('CPD', 1, { status: 'approved' })], { by: 'cast-secretariat', at: NOW, noticeSha256: 'ab'.repeat(32) });
    expect(await todo('CAST', [id])).toEqual([]);
  });

  it('acknowledgement: a 主送 body that received the notice, until it acknowledges; not 抄送, not before delivery, not after the close', async () => {
    const id = await seedCampaign(ds, { title: '签收待办', recipients: recipients(['HA_CAST', 'BJ_CAST'], ['SP_THU']) });
    expect(await todo('HA_CAST', [id])).toEqual([]);
    await setPhase(id, 'issued');
    await ds.query(`UPDATE campaigns SET doc_number = $2 WHERE id = $1`, [id, `科协待办〔2023〕${id.slice(0, 6)}号`]);
    await distributeNotice(ds, { campaignId: id, at: '2023-08-01T02:00:00.000Z', docNumber: '科协发〔2023〕12号' });
    expect(await todo('HA_CAST', [id])).toEqual([
      { kind: 'acknowledge', campaignId: id, title: '签收待办', docNumber: `科协待办〔2023〕${id.slice(0, 6)}号`, dueAt: null, count: null, titles: null },
    ]);
    expect(await todo('SP_THU', [id])).toEqual([]);
    expect(await todo('HA_CAST', [id], ['co-sign'])).toEqual([]);
    await acknowledgeReceipt(ds, id, 'HA_CAST', 'ha-recipient');
    expect(await todo('HA_CAST', [id])).toEqual([]);
    expect((await todo('BJ_CAST', [id])).map((t) => t.kind)).toEqual(['acknowledge']);
    await setPhase(id, 'closed');
    expect(await todo('BJ_CAST', [id])).toEqual([]);
  });

  it('results: one item per campaign for all its ended events without results — 10,000 of them — with the count and the first titles', async () => {
    const id = await seedCampaign(ds, { title: '成果待办', recipients: recipients(['HA_CAST'], [], []) });
    await setPhase(id, 'reporting');
    await ds.query(
      `INSERT INTO campaign_events (campaign_id, organizer, region, title, category, starts_at, ends_at, place, created_by)
       SELECT $1, 'HA_CAST', 'HA', '批量活动' || lpad(i::text, 5, '0'), '主场活动',
              timestamptz '2023-09-16T00:00:00Z' + i * interval '1 second', timestamptz '2023-09-16T01:00:00Z' + i * interval '1 second', '郑州市', 'spec'
         FROM generate_series(1, 10000) AS i`,
      [id],
    );
    const first = await event(id, 'HA_CAST', '最早结束的活动', '2023-09-15T09:00:00.000Z');
    const done = await event(id, 'HA_CAST', '已补成果', '2023-09-15T08:00:00.000Z');
    await putCampaignEventResults(ds, id, done.id, { photos: [], videos: [], news: [], participants: 10, summary: '好' });
    await event(id, 'HA_CAST', '尚未结束', '2023-09-30T09:00:00.000Z');
    await event(id, 'HA_ZZ_CAST', '别人的活动', '2023-09-15T09:00:00.000Z');
    const items = await todo('HA_CAST', [id]);
    expect(items).toEqual([
      {
        kind: 'results', campaignId: id, title: '成果待办', docNumber: null, dueAt: new Date(MILESTONES.closesAt), count: 10_001,
        titles: [first.title, '批量活动00001', '批量活动00002', '批量活动00003', '批量活动00004'],
      },
    ]);
    expect((await todo('HA_ZZ_CAST', [id])).map((t) => [t.kind, t.count, t.titles])).toEqual([['results', 1, ['别人的活动']]]);
    // Live: an event that has not ended yet is not missing anything; at a later moment it is.
    expect((await todo('HA_CAST', [id], everything, '2023-10-01T00:00:00.000Z'))[0].count).toBe(10_002);
    await ds.query(`UPDATE campaign_events SET results = '{}'::jsonb WHERE campaign_id = $1 AND organizer = 'HA_ZZ_CAST'`, [id]);
    expect(await todo('HA_ZZ_CAST', [id])).toEqual([]);
    await setPhase(id, 'closed');
    expect(await todo('HA_CAST', [id])).toEqual([]);
  });

  it('summaries: reporting units without one, from the reporting phase while summaries are accepted, due by summaryDueAt as it is now', async () => {
    const id = await seedCampaign(ds, { title: '总结待办', recipients: recipients(['HA_CAST', 'BJ_CAST', 'SH_CAST'], [], ['HA_CAST', 'BJ_CAST']) });
    await setPhase(id, 'concentrated-week');
    expect(await todo('HA_CAST', [id])).toEqual([]);
    await setPhase(id, 'reporting');
    const moved = { ...MILESTONES, summaryDueAt: '2023-10-12T18:00:00+08:00' };
    await ds.query(`UPDATE campaigns SET milestones = $2 WHERE id = $1`, [id, JSON.stringify(moved)]);
    expect(await todo('HA_CAST', [id])).toEqual([
      { kind: 'summary', campaignId: id, title: '总结待办', docNumber: null, dueAt: new Date('2023-10-12T18:00:00+08:00'), count: null, titles: null },
    ]);
    expect(await todo('SH_CAST', [id])).toEqual([]); // not a reporting unit
    await ds.transaction((m) =>
      insertSummaryRevision(m, { campaignId: id, unit: 'BJ_CAST', text: '总结', figures: {}, links: [], late: false, submittedBy: 'bj', submittedAt: new Date(NOW) }),
    );
    expect(await todo('BJ_CAST', [id])).toEqual([]);
    // After the deadline a summary is still accepted (and marked late): still to do.
    await setPhase(id, 'commendation');
    expect((await todo('HA_CAST', [id])).map((t) => t.kind)).toEqual(['summary']);
    await setPhase(id, 'closed');
    expect(await todo('HA_CAST', [id])).toEqual([]);
  });

  it('nominations: the lead decides in the commendation phase, until all are decided or the list is published', async () => {
    const id = await seedCampaign(ds, { title: '表扬待办', recipients: recipients(['HA_CAST'], [], []) });
    const nominate = async () => {
      const nid = randomUUID();
      await insertNomination(ds, { id: nid, campaignId: id, kind: 'unit', unit: 'HA_CAST', person: null, activityId: null, citation: '表现突出', nominatedBy: 'cast', createdAt: new Date() });
      return nid;
    };
    const ids = [await nominate(), await nominate(), await nominate()];
    await setPhase(id, 'reporting');
    expect((await todo('CAST', [id])).map((t) => t.kind)).toEqual([]);
    await setPhase(id, 'commendation');
    expect(await todo('CAST', [id])).toEqual([
      { kind: 'nominations', campaignId: id, title: '表扬待办', docNumber: null, dueAt: new Date(MILESTONES.closesAt), count: 3, titles: null },
    ]);
    expect(await todo('HA_CAST', [id])).toEqual([]);
    await decideNomination(ds, id, ids[0], { status: 'commended', by: 'cast', at: new Date(), note: null });
    expect((await todo('CAST', [id]))[0].count).toBe(2);
    await ds.query(`UPDATE campaigns SET commendations_published_at = $2 WHERE id = $1`, [id, NOW]);
    expect(await todo('CAST', [id])).toEqual([]);
  });

  it('most urgent first: by due time, items without one last, then in the kinds’ order', async () => {
    const lead = 'HA_CAST';
    // HA_CAST leads a relay awaiting its sign-off (no deadline) and co-signs one due soon …
    const signOff = await seedCampaign(ds, { lead, title: '排序 签发', signers: ['HA_CPD'] });
    await setCoSign(signOff, [signer('HA_CPD', 1, { status: 'approved' })]);
    await setPhase(signOff, 'awaiting-sign-off');
    const coSign = await seedCampaign(ds, { lead: 'CAST', title: '排序 会签', signers: [lead] });
    await setCoSign(coSign, [signer(lead, 1)]);
    // … must acknowledge one (no deadline) and report on another (due 10-10), where it also owes results (due at the close).
    const ack = await seedCampaign(ds, { title: '排序 签收', recipients: recipients([lead]) });
    await setPhase(ack, 'issued');
    await distributeNotice(ds, { campaignId: ack, at: '2023-08-01T02:00:00.000Z', docNumber: '科协发〔2023〕12号' });
    const report = await seedCampaign(ds, { title: '排序 总结', recipients: recipients([lead]) });
    await setPhase(report, 'reporting');
    await event(report, lead, '未补成果', '2023-09-20T09:00:00.000Z');
    const mine = [signOff, coSign, ack, report];
    expect((await todo(lead, mine)).map((t) => [t.kind, t.title, t.dueAt?.toISOString() ?? null])).toEqual([
      ['co-sign', '排序 会签', '2023-08-10T10:00:00.000Z'],
      ['summary', '排序 总结', '2023-10-10T10:00:00.000Z'],
      ['results', '排序 总结', '2023-12-31T15:59:59.000Z'],
      ['sign-off', '排序 签发', null],
      ['acknowledge', '排序 签收', null],
    ]);
    expect((await todo(lead, mine, ['acknowledge', 'results', 'summary'])).map((t) => t.kind)).toEqual(['summary', 'results', 'acknowledge']);
    expect(await todo(lead, mine, [])).toEqual([]);
  });
});
