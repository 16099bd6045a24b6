import { campaignEventWindow, checkCampaignEventRules, parseCampaignEventRow, parseCsvHeader, toCampaignEventInput } from './campaign-event';
import { filterBound, parseIsoWithOffset } from './iso';

const window = campaignEventWindow(['各省区域活动', '云上科普日专项行动'], {
  publicationOpensAt: '2023-08-21T00:00:00+08:00',
  closesAt: '2023-12-31T23:59:59+08:00',
});
const valid = {
  title: '科普展',
  category: '各省区域活动',
  startsAt: '2023-09-17T09:00:00+08:00',
  endsAt: '2023-09-17T17:00:00+08:00',
  place: '郑州科技馆',
};

describe('parseIsoWithOffset', () => {
  it('agrees with Date.parse on real date-times', () => {
    for (const s of ['2023-09-17T09:00:00+08:00', '2023-09-17T09:00+08:00', '2023-09-17T01:00:00.5Z', '2024-02-29T23:59:59.999-05:30', '2023-01-01T00:00:00+14:00']) {
      expect(parseIsoWithOffset(s)).toBe(Date.parse(s));
    }
  });

  it('refuses what is not one, or names a day or time that does not exist', () => {
    for (const s of ['2023-09-17', '2023-09-17T09:00:00', '2023-09-17 09:00+08:00', '2023-02-29T09:00+08:00', '2023-04-31T09:00+08:00', '2023-13-01T09:00+08:00', '2023-09-17T24:00+08:00', '2023-09-17T09:60+08:00', '2023-09-17T09:00+15:00']) {
      expect(parseIsoWithOffset(s)).toBeNull();
    }
  });
});

describe('checkCampaignEventRules', () => {
  it('accepts an activity inside the window, in a listed category, with a place or a link', () => {
    expect(checkCampaignEventRules(toCampaignEventInput(valid), window)).toEqual([]);
    expect(checkCampaignEventRules(toCampaignEventInput({ ...valid, place: undefined, onlineUrl: 'https://kepuri.cn/x' }), window)).toEqual([]);
    // The window's edges are inside it.
    expect(checkCampaignEventRules(toCampaignEventInput({ ...valid, startsAt: '2023-08-21T00:00:00+08:00', endsAt: '2023-12-31T23:59:59+08:00' }), window)).toEqual([]);
  });

  it('names the category with the allowed ones, dates outside or out of order, and a missing place and link', () => {
    expect(checkCampaignEventRules(toCampaignEventInput({ ...valid, category: '主场活动' }), window, 'rows.3.')).toEqual([
      { field: 'rows.3.category', message: '主场活动 is not a category of this campaign; allowed: 各省区域活动, 云上科普日专项行动' },
    ]);
    const early = checkCampaignEventRules(toCampaignEventInput({ ...valid, startsAt: '2023-08-20T23:59:59+08:00' }), window);
    expect(early).toEqual([{ field: 'startsAt', message: expect.stringContaining('before the publication window opens') }]);
    const late = checkCampaignEventRules(toCampaignEventInput({ ...valid, endsAt: '2024-01-01T00:00:00+08:00' }), window);
    expect(late).toEqual([{ field: 'endsAt', message: expect.stringContaining('after the campaign closes') }]);
    const reversed = checkCampaignEventRules(toCampaignEventInput({ ...valid, endsAt: '2023-09-17T08:00:00+08:00' }), window);
    expect(reversed).toEqual([{ field: 'endsAt', message: expect.stringContaining('before startsAt') }]);
    const nowhere = checkCampaignEventRules(toCampaignEventInput({ ...valid, place: '  ' }), window);
    expect(nowhere.map((p) => p.field)).toEqual(['place', 'onlineUrl']);
  });

  it('a campaign without categories takes no activity, and says why', () => {
    const none = campaignEventWindow(undefined, { publicationOpensAt: '2023-08-21T00:00:00+08:00', closesAt: '2023-12-31T23:59:59+08:00' });
    expect(checkCampaignEventRules(toCampaignEventInput(valid), none)).toEqual([{ field: 'category', message: expect.stringContaining('lists no categories') }]);
  });
});

describe('parseCampaignEventRow', () => {
  it('reads a CSV row: empty cells are absent, the audience is digits, text is trimmed', () => {
    const { value, problems } = parseCampaignEventRow({ ...valid, title: ' 科普展 ', place: '', onlineUrl: 'https://kepuri.cn/x', expectedAudience: '300' }, 'csv', 'rows.0.');
    expect(problems).toEqual([]);
    expect(value).toEqual({ ...valid, title: '科普展', place: null, onlineUrl: 'https://kepuri.cn/x', expectedAudience: 300 });
  });

  it('names every bad field under its row', () => {
    const { value, problems } = parseCampaignEventRow(
      { title: '', category: '各省区域活动', startsAt: '9月17日', endsAt: valid.endsAt, onlineUrl: 'kepuri', expectedAudience: -3, extra: 'x' },
      'json',
      'rows.7.',
    );
    expect(value).toBeNull();
    expect(problems.map((p) => p.field)).toEqual(['rows.7.extra', 'rows.7.title', 'rows.7.startsAt', 'rows.7.onlineUrl', 'rows.7.expectedAudience']);
  });

  it('a JSON row is typed: a number is a number, a string is not one', () => {
    expect(parseCampaignEventRow({ ...valid, expectedAudience: 12 }, 'json', 'rows.0.').problems).toEqual([]);
    expect(parseCampaignEventRow({ ...valid, expectedAudience: '12' }, 'json', 'rows.0.').problems).toEqual([
      { field: 'rows.0.expectedAudience', message: 'expectedAudience must be an integer number' },
    ]);
    expect(parseCampaignEventRow({ ...valid, expectedAudience: 1.5, title: 7 }, 'json', 'rows.0.').problems.map((p) => p.field)).toEqual([
      'rows.0.title',
      'rows.0.expectedAudience',
    ]);
    expect(parseCampaignEventRow({ ...valid, place: ' ' }, 'json', 'rows.0.').problems.map((p) => p.field)).toEqual(['rows.0.place']);
    expect(parseCampaignEventRow({ ...valid, place: ' ', startsAt: ` ${valid.startsAt} `, expectedAudience: ' 7 ' }, 'csv', 'rows.0.').value).toMatchObject({
      place: null,
      startsAt: valid.startsAt,
      expectedAudience: 7,
    });
    expect(parseCampaignEventRow(42, 'json', 'rows.4.').problems).toEqual([{ field: 'rows.4', message: 'each row must be an object' }]);
    expect(parseCampaignEventRow({ ...valid, organizer: 'HA_CAST' }, 'json', 'rows.0.').organizer).toBe('HA_CAST');
  });
});

describe('parseCsvHeader', () => {
  it('maps columns by name, in any order and case', () => {
    expect(parseCsvHeader(['StartsAt', 'title', ' category ', 'endsAt'])).toEqual({ columns: ['startsAt', 'title', 'category', 'endsAt'], problems: [] });
  });

  it('names unknown, repeated and missing columns', () => {
    expect(parseCsvHeader(['title', 'title', 'where']).problems.map((p) => p.field)).toEqual(['header.1', 'header.2', 'header']);
  });
});

describe('filterBound', () => {
  it('a day covers the whole day in Asia/Shanghai; a date-time is itself', () => {
    expect(new Date(filterBound('2023-09-17', 'from')!).toISOString()).toBe('2023-09-16T16:00:00.000Z');
    expect(new Date(filterBound('2023-09-17', 'to')!).toISOString()).toBe('2023-09-17T15:59:59.999Z');
    expect(filterBound('2023-09-17T09:00:00+08:00', 'from')).toBe(Date.parse('2023-09-17T09:00:00+08:00'));
    expect(filterBound('2023-02-30', 'to')).toBeNull();
  });
});
