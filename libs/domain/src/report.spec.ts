import { checkFigures, checkLinks, checkNominationShape, commendationRefusal, countStatuses, duplicatePositions, isLateSummary } from './report';

describe('summary figures', () => {
  it('accepts named non-negative numbers, ASCII or Chinese names', () => {
    expect(checkFigures({ activities: 120, participants: 35000, 活动场次: 0, online_views: 1.5 })).toEqual([]);
    expect(checkFigures(undefined)).toEqual([]);
  });

  it('names each bad figure', () => {
    expect(checkFigures({ activities: -1, participants: 'many', ok: 3, 'a.b': 1, inf: Infinity })).toEqual([
      { field: 'figures.activities', message: 'must not be negative' },
      { field: 'figures.participants', message: 'must be a number' },
      { field: 'figures.a.b', message: expect.stringContaining('figure name') },
      { field: 'figures.inf', message: 'must be a number' },
    ]);
  });

  it('refuses what is not an object', () => {
    expect(checkFigures([1, 2])).toEqual([{ field: 'figures', message: expect.any(String) }]);
    expect(checkFigures(7)).toEqual([{ field: 'figures', message: expect.any(String) }]);
  });

  it('caps their number', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, i]));
    expect(checkFigures(many)).toEqual([{ field: 'figures', message: 'at most 50 figures' }]);
  });
});

describe('summary links', () => {
  it('accepts http and https URLs', () => {
    expect(checkLinks(['https://www.kepuri.cn/a?b=1', 'http://news.example.cn/x'])).toEqual([]);
  });

  it('names each bad link by position', () => {
    expect(checkLinks(['https://ok.cn', 'not a url', 'ftp://x.cn/f', 3])).toEqual([
      { field: 'links.1', message: expect.stringContaining('is not a URL') },
      { field: 'links.2', message: 'must be an http or https URL' },
      { field: 'links.3', message: 'must be a URL' },
    ]);
  });

  it('caps their number', () => {
    expect(checkLinks(Array.from({ length: 51 }, (_, i) => `https://x.cn/${i}`))).toEqual([{ field: 'links', message: 'at most 50 links' }]);
  });
});

describe('lateness and the matrix', () => {
  const due = '2023-10-10T00:00:00+08:00';
  const dueMs = Date.parse(due);

  it('is late after the deadline by the clock, or once the workflow has moved to commendation', () => {
    expect(isLateSummary(due, dueMs - 1, 'reporting')).toBe(false);
    expect(isLateSummary(due, dueMs, 'reporting')).toBe(false);
    expect(isLateSummary(due, dueMs + 1, 'reporting')).toBe(true);
    expect(isLateSummary(due, dueMs - 1000, 'commendation')).toBe(true);
  });

  it('counts the matrix by status', () => {
    expect(countStatuses([{ status: 'on-time' }, { status: 'late' }, { status: 'missing' }, { status: 'missing' }])).toEqual({
      units: 4,
      onTime: 1,
      late: 1,
      missing: 2,
    });
  });
});

describe('nominations', () => {
  it('each kind names what it needs', () => {
    expect(checkNominationShape({ kind: 'unit', unit: 'HA_CAST' })).toEqual([]);
    expect(checkNominationShape({ kind: 'individual', unit: 'HA_CAST', person: '李二静' })).toEqual([]);
    expect(checkNominationShape({ kind: 'activity', activityId: '12' })).toEqual([]);
    expect(checkNominationShape({ kind: 'unit' }).map((p) => p.field)).toEqual(['unit']);
    expect(checkNominationShape({ kind: 'individual', unit: 'HA_CAST' }).map((p) => p.field)).toEqual(['person']);
    expect(checkNominationShape({ kind: 'individual', person: '李二静' }).map((p) => p.field)).toEqual(['unit']);
    expect(checkNominationShape({ kind: 'activity', person: 'x' }).map((p) => p.field)).toEqual(['activityId', 'person']);
    expect(checkNominationShape({ kind: 'unit', unit: 'HA_CAST', activityId: '3' }).map((p) => p.field)).toEqual(['activityId']);
  });

  it('duplicates are named by position', () => {
    expect(duplicatePositions(['a', 'b', 'A'], 'nominationIds')).toEqual([{ field: 'nominationIds.2', message: 'A is listed twice' }]);
  });
});

describe('when a commendation list may change', () => {
  const open = { phase: 'commendation' as const, commendationsPublishedAt: null };
  const published = { phase: 'commendation' as const, commendationsPublishedAt: '2023-11-01T02:00:00.000Z' };

  it('nominations, decisions and publication belong to the commendation phase, until the list is published', () => {
    for (const act of ['nominate', 'decide', 'publish'] as const) expect(commendationRefusal(open, act)).toBeNull();
    expect(commendationRefusal({ phase: 'reporting', commendationsPublishedAt: null }, 'nominate')).toEqual({
      code: 'WRONG_PHASE',
      message: 'nominations and decisions are made in the commendation phase, after the summary deadline; the campaign is reporting',
    });
    expect(commendationRefusal({ phase: 'closed', commendationsPublishedAt: null }, 'publish')).toEqual({
      code: 'WRONG_PHASE',
      message: 'the commendation list is published in the commendation phase; the campaign is closed',
    });
    expect(commendationRefusal(published, 'decide')).toEqual({
      code: 'ALREADY_PUBLISHED',
      message: 'the commendation list was published at 2023-11-01T02:00:00.000Z; it no longer changes',
    });
    expect(commendationRefusal({ ...published, commendationsPublishedAt: new Date('2023-11-01T02:00:00Z') }, 'publish')).toEqual({
      code: 'ALREADY_PUBLISHED',
      message: 'the commendation list was published at 2023-11-01T02:00:00.000Z',
    });
  });

  it('a parent takes recommendations in any phase until it publishes, closes or is withdrawn', () => {
    for (const phase of ['reporting', 'commendation', 'concentrated-week'] as const) expect(commendationRefusal({ phase, commendationsPublishedAt: null }, 'recommend')).toBeNull();
    expect(commendationRefusal({ phase: 'closed', commendationsPublishedAt: null }, 'recommend')).toEqual({ code: 'WRONG_PHASE', message: 'the parent campaign is closed' });
    expect(commendationRefusal({ phase: 'withdrawn', commendationsPublishedAt: null }, 'recommend')).toEqual({ code: 'WRONG_PHASE', message: 'the parent campaign is withdrawn' });
    expect(commendationRefusal(published, 'recommend')).toEqual({
      code: 'ALREADY_PUBLISHED',
      message: 'the parent campaign published its commendation list at 2023-11-01T02:00:00.000Z',
    });
  });
});
