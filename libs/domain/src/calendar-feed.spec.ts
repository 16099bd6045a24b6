import type { FeedCampaign, FeedEvent } from './calendar-feed';
import { feedEvents, feedEventUid } from './calendar-feed';

const PUBLIC = 'https://notices.example.org';
const ID = '6a0f2c1e-0000-4000-8000-000000000001';

/** The 2023 national notice as 河南省科协 (a 主送 reporting unit) sees it after issuance. */
const national: FeedCampaign = {
  campaignId: ID,
  title: '中国科协等21部门关于举办2023年全国科普日活动的通知',
  docNumber: '科协发〔2023〕12号',
  phase: 'issued',
  issuedAt: '2023-08-04T02:00:00.000Z',
  coSignDueAt: '2023-08-02T18:00:00+08:00',
  milestones: {
    publicationOpensAt: '2023-08-21T00:00:00+08:00',
    concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' },
    summaryDueAt: '2023-10-10T00:00:00+08:00',
    closesAt: '2023-12-31T23:59:59+08:00',
  },
  lead: false,
  signer: false,
  recipientRole: 'main',
  reporting: true,
  deliveredAt: '2023-08-04T02:00:01.000Z',
  acknowledgedAt: null,
  moves: {},
};

const events = (c: Partial<FeedCampaign>) => feedEvents([{ ...national, ...c }], { publicUrl: PUBLIC });
const byKind = (list: FeedEvent[]) => Object.fromEntries(list.map((e) => [e.kind, e]));

describe('a body’s calendar feed', () => {
  it('a 主送 reporting unit sees acknowledgement, window, week, summary due and close, in zh-CN, with stable UIDs', () => {
    const list = events({});
    expect(list.map((e) => [e.kind, e.summary])).toEqual([
      ['acknowledgement', '签收：《中国科协等21部门关于举办2023年全国科普日活动的通知》'],
      ['publication-window', '活动发布期：《中国科协等21部门关于举办2023年全国科普日活动的通知》'],
      ['concentrated-week', '集中活动周：《中国科协等21部门关于举办2023年全国科普日活动的通知》'],
      ['summary-due', '总结报送截止：《中国科协等21部门关于举办2023年全国科普日活动的通知》'],
      ['close', '活动结束：《中国科协等21部门关于举办2023年全国科普日活动的通知》'],
    ]);
    expect(list.map((e) => e.uid)).toEqual(list.map((e) => `${ID}.${e.kind}@joint-notices`));
    expect(feedEventUid(ID, 'summary-due')).toBe(`${ID}.summary-due@joint-notices`);
    for (const e of list) {
      expect(e.url).toBe(`${PUBLIC}/campaigns/${ID}`);
      expect(e.description).toContain('发文字号：科协发〔2023〕12号');
      expect(e.description).toContain(`详情：${PUBLIC}/campaigns/${ID}`);
      expect(e.sequence).toBe(0);
    }
  });

  it('the window and the week are whole Beijing days (end exclusive); deadlines are moments without an end', () => {
    const e = byKind(events({}));
    expect(e['publication-window']).toMatchObject({ allDay: true, start: '2023-08-21', end: '2023-09-17' });
    expect(e['publication-window'].description).toContain('时间：2023年8月21日至2023年9月16日');
    expect(e['concentrated-week']).toMatchObject({ allDay: true, start: '2023-09-17', end: '2023-09-24' });
    expect(e['concentrated-week'].description).toContain('时间：2023年9月17日至2023年9月23日');
    expect(e['summary-due']).toMatchObject({ allDay: false, start: '2023-10-09T16:00:00.000Z', end: null });
    expect(e['summary-due'].description).toContain('截止时间：2023年10月10日 00:00（北京时间）');
    expect(e.close).toMatchObject({ allDay: false, start: '2023-12-31T15:59:59.000Z', end: null });
  });

  it('a span that does not fall on whole days keeps its instants', () => {
    const e = byKind(
      events({
        milestones: {
          ...national.milestones!,
          concentratedWeek: { startsAt: '2023-09-17T09:00:00+08:00', endsAt: '2023-09-23T18:00:00+08:00' },
        },
      }),
    );
    expect(e['concentrated-week']).toMatchObject({ allDay: false, start: '2023-09-17T01:00:00.000Z', end: '2023-09-23T10:00:00.000Z' });
    expect(e['concentrated-week'].description).toContain('2023年9月17日 09:00至2023年9月23日 18:00（北京时间）');
    // The window now ends at 09:00, not midnight: timed too.
    expect(e['publication-window']).toMatchObject({ allDay: false, start: '2023-08-20T16:00:00.000Z', end: '2023-09-17T01:00:00.000Z' });
  });

  it('alarms: deadlines the day and the hour before; all-day spans at 09:00 the day before; the close the day before', () => {
    const e = byKind(events({}));
    expect(e['summary-due'].alarms.map((a) => a.beforeSeconds)).toEqual([86_400, 3_600]);
    expect(e['summary-due'].alarms[0].description).toBe('明天截止：总结报送截止：《中国科协等21部门关于举办2023年全国科普日活动的通知》');
    expect(e.acknowledgement.alarms.map((a) => a.beforeSeconds)).toEqual([86_400, 3_600]);
    expect(e['concentrated-week'].alarms.map((a) => a.beforeSeconds)).toEqual([15 * 3600]);
    expect(e.close.alarms.map((a) => a.beforeSeconds)).toEqual([86_400]);
  });

  it('SEQUENCE rises with each move of the milestones an event is made of, and only those', () => {
    const e = byKind(
      events({
        moves: { 'milestones.summaryDueAt': 2, 'milestones.concentratedWeek.startsAt': 1, 'milestones.publicationOpensAt': 1 },
      }),
    );
    expect(e['summary-due'].sequence).toBe(2);
    expect(e['concentrated-week'].sequence).toBe(1);
    // The window ends where the week starts: both moves count.
    expect(e['publication-window'].sequence).toBe(2);
    expect(e.acknowledgement.sequence).toBe(1);
    expect(e.close.sequence).toBe(0);
  });

  it('acknowledgement: at the window’s opening, or at delivery when the notice arrived later; gone once acknowledged; never for 抄送', () => {
    expect(byKind(events({})).acknowledgement).toMatchObject({ start: '2023-08-20T16:00:00.000Z', end: null });
    const late = byKind(events({ deliveredAt: '2023-08-25T01:30:00.000Z' })).acknowledgement;
    expect(late.start).toBe('2023-08-25T01:30:00.000Z');
    expect(late.description).toContain('提醒时间：2023年8月25日 09:30（北京时间）');
    expect(events({ acknowledgedAt: '2023-08-05T01:00:00.000Z' }).map((e) => e.kind)).not.toContain('acknowledgement');
    expect(events({ recipientRole: 'cc', reporting: false }).map((e) => e.kind)).toEqual(['publication-window', 'concentrated-week', 'close']);
  });

  it('co-signing: the lead and its co-signers see the co-sign deadline, and nothing of the year before issuance', () => {
    const draft = { phase: 'co-signing' as const, issuedAt: null, docNumber: null, recipientRole: null, reporting: false, deliveredAt: null };
    const signer = events({ ...draft, signer: true });
    expect(signer.map((e) => [e.kind, e.summary, e.start, e.sequence])).toEqual([
      ['co-sign-due', '会签截止：《中国科协等21部门关于举办2023年全国科普日活动的通知》', '2023-08-02T10:00:00.000Z', 0],
    ]);
    expect(signer[0].description).toContain('发文字号：尚未编号（会签中）');
    expect(signer[0].description).toContain('截止时间：2023年8月2日 18:00（北京时间）');
    expect(signer[0].alarms.map((a) => a.beforeSeconds)).toEqual([86_400, 3_600]);
    expect(events({ ...draft, lead: true }).map((e) => e.kind)).toEqual(['co-sign-due']);
    // A recipient has nothing before issuance; once issued, co-signing is over for everyone.
    expect(events({ ...draft, recipientRole: 'main' })).toEqual([]);
    expect(events({ signer: true, recipientRole: null, reporting: false }).map((e) => e.kind)).toEqual(['publication-window', 'concentrated-week', 'close']);
  });

  it('the lead sees summary due (it receives them) but no acknowledgement; a withdrawn notice shows nothing', () => {
    expect(events({ lead: true, recipientRole: null, reporting: false }).map((e) => e.kind)).toEqual(['publication-window', 'concentrated-week', 'summary-due', 'close']);
    expect(events({ phase: 'withdrawn' })).toEqual([]);
  });
});
