import { campaignEventWindow, MAX_IMPORT_ROWS } from './campaign-event';
import { importBatchId, importFingerprint, MAX_LISTED_ERRORS, readCampaignEventImport, readCsvRows, readJsonRows } from './campaign-event-import';

const window = campaignEventWindow(['各省区域活动', '云上科普日专项行动'], {
  publicationOpensAt: '2023-08-21T00:00:00+08:00',
  closesAt: '2023-12-31T23:59:59+08:00',
});
const row = {
  title: '科普展',
  category: '各省区域活动',
  startsAt: '2023-09-17T09:00:00+08:00',
  endsAt: '2023-09-17T17:00:00+08:00',
  place: '郑州科技馆',
};
const read = (contentType: 'csv' | 'json', body: unknown, organizer = 'HA_CAST') => readCampaignEventImport(contentType, body, window, organizer);

describe('readCsvRows', () => {
  it('maps each record to the header’s columns and keeps the line it started on', () => {
    const csv = 'title,category,startsAt,endsAt,place\n科普展,各省区域活动,2023-09-17T09:00:00+08:00,2023-09-17T17:00:00+08:00,郑州\n\n"讲座\n（下午）",各省区域活动,2023-09-18T09:00:00+08:00,2023-09-18T17:00:00+08:00,洛阳\n';
    expect(readCsvRows(csv)).toEqual({
      rows: [
        { title: '科普展', category: '各省区域活动', startsAt: '2023-09-17T09:00:00+08:00', endsAt: '2023-09-17T17:00:00+08:00', place: '郑州' },
        { title: '讲座\n（下午）', category: '各省区域活动', startsAt: '2023-09-18T09:00:00+08:00', endsAt: '2023-09-18T17:00:00+08:00', place: '洛阳' },
      ],
      lines: [2, 4],
    });
  });

  it('refuses an empty body, unreadable CSV, a bad header, no rows, too many rows, and ragged records (by line)', () => {
    const fields = (body: unknown) => {
      const r = readCsvRows(body);
      return 'problems' in r ? r.problems : [];
    };
    expect(fields('  \n')).toEqual([{ field: 'body', message: expect.stringContaining('the CSV is empty') }]);
    expect(fields(42)).toEqual([{ field: 'body', message: expect.stringContaining('the CSV is empty') }]);
    expect(fields('title,category\nab"c,d\n')).toEqual([{ field: 'body', message: expect.stringMatching(/^not valid CSV: /) }]);
    expect(fields('title,where\n')).toEqual([
      { field: 'header.1', message: expect.stringContaining('unknown column “where”') },
      { field: 'header', message: expect.stringContaining('must name the columns category, startsAt, endsAt') },
    ]);
    expect(fields('title,category,startsAt,endsAt\n')).toEqual([{ field: 'rows', message: 'the CSV has a header but no rows' }]);
    const tooMany = `title,category,startsAt,endsAt\n${'a,b,c,d\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(fields(tooMany)).toEqual([{ field: 'rows', message: `${MAX_IMPORT_ROWS + 1} rows; at most ${MAX_IMPORT_ROWS} per import: split the file` }]);
    expect(fields('title,category,startsAt,endsAt\na,b,c,d\na,b,c\na,b,c,d,e\n')).toEqual([
      { field: 'rows.1', message: 'line 3 has 3 fields; the header has 4' },
      { field: 'rows.2', message: 'line 4 has 5 fields; the header has 4' },
    ]);
    const ragged = `title,category,startsAt,endsAt\n${'a,b\n'.repeat(MAX_LISTED_ERRORS + 5)}`;
    expect(fields(ragged)).toHaveLength(MAX_LISTED_ERRORS);
  });
});

describe('readJsonRows', () => {
  it('takes { rows: [...] } and nothing else', () => {
    expect(readJsonRows({ rows: [row] })).toEqual({ rows: [row], lines: null });
    expect(readJsonRows([row])).toEqual({ problems: [{ field: 'body', message: 'must be an object { rows: [...] }' }] });
    expect(readJsonRows({ rows: [], extra: 1 })).toEqual({
      problems: [
        { field: 'extra', message: 'unknown field' },
        { field: 'rows', message: 'rows must contain at least 1 element' },
      ],
    });
    expect(readJsonRows({})).toEqual({ problems: [{ field: 'rows', message: 'rows is required: an array of activities' }] });
    expect(readJsonRows({ rows: 'x' })).toEqual({ problems: [{ field: 'rows', message: 'rows must be an array' }] });
    expect(readJsonRows({ rows: new Array(MAX_IMPORT_ROWS + 1).fill(row) })).toEqual({
      problems: [{ field: 'rows', message: `${MAX_IMPORT_ROWS + 1} rows; at most ${MAX_IMPORT_ROWS} per import: split the file` }],
    });
  });
});

describe('readCampaignEventImport', () => {
  it('reads every row into a checked campaign event, CSV or JSON alike', () => {
    const csv = 'title,category,startsAt,endsAt,place,expectedAudience,organizer\n科普展,各省区域活动,2023-09-17T09:00:00+08:00,2023-09-17T17:00:00+08:00,郑州科技馆,300,HA_CAST\n';
    const fromCsv = read('csv', csv);
    const fromJson = read('json', { rows: [{ ...row, expectedAudience: 300 }] });
    expect(fromCsv).toEqual({ rows: [{ ...row, onlineUrl: null, expectedAudience: 300 }] });
    expect(fromJson).toEqual(fromCsv);
  });

  it('an unreadable body is refused with what is wrong with it', () => {
    expect(read('json', { rows: [] })).toEqual({ refusal: { kind: 'unreadable', problems: [{ field: 'rows', message: 'rows must contain at least 1 element' }] } });
    expect(read('csv', '')).toEqual({ refusal: { kind: 'unreadable', problems: [{ field: 'body', message: expect.stringContaining('the CSV is empty') }] } });
  });

  it('a row for another organizer refuses the whole upload, naming the rows and their lines', () => {
    const csv = 'title,category,startsAt,endsAt,place,organizer\n科普展,各省区域活动,2023-09-17T09:00:00+08:00,2023-09-17T17:00:00+08:00,郑州,BJ_CAST\n';
    expect(read('csv', csv)).toEqual({
      refusal: {
        kind: 'foreign-organizer',
        message: 'organizer: HA_CAST cannot import activities for another body (rows.0 (line 2)); nothing was imported',
        problems: [{ field: 'rows.0.organizer', message: 'HA_CAST cannot act for BJ_CAST' }],
      },
    });
    // Even when other rows are invalid: acting for another body is the first thing said.
    const many = [...Array.from({ length: 25 }, () => ({ ...row, organizer: 'BJ_CAST' })), { ...row, title: '' }];
    const refused = read('json', { rows: many });
    expect(refused).toMatchObject({ refusal: { kind: 'foreign-organizer', message: expect.stringMatching(/\(rows\.0, rows\.1, .*rows\.19, …\); nothing was imported$/) } });
  });

  it('invalid rows refuse the whole upload; the message counts them, the first MAX_LISTED_ERRORS rows are listed with their lines', () => {
    const csv = `title,category,startsAt,endsAt,place\n科普展,各省区域活动,2023-09-17T09:00:00+08:00,2023-09-17T17:00:00+08:00,郑州\n坏,主场活动,2023-09-17T09:00:00+08:00,2023-09-17T17:00:00+08:00,郑州\n`;
    expect(read('csv', csv)).toEqual({
      refusal: {
        kind: 'invalid-rows',
        message: '1 of 2 rows are invalid; nothing was imported: rows.1.category: line 3: 主场活动 is not a category of this campaign; allowed: 各省区域活动, 云上科普日专项行动',
        problems: [{ field: 'rows.1.category', message: 'line 3: 主场活动 is not a category of this campaign; allowed: 各省区域活动, 云上科普日专项行动' }],
      },
    });
    const bad = Array.from({ length: MAX_LISTED_ERRORS + 10 }, () => ({ ...row, category: '主场活动' }));
    const refused = read('json', { rows: bad });
    if (!('refusal' in refused) || refused.refusal.kind !== 'invalid-rows') throw new Error('expected invalid rows');
    expect(refused.refusal.problems).toHaveLength(MAX_LISTED_ERRORS);
    expect(refused.refusal.message).toMatch(new RegExp(`^${MAX_LISTED_ERRORS + 10} of ${MAX_LISTED_ERRORS + 10} rows are invalid; nothing was imported \\(the first ${MAX_LISTED_ERRORS} are listed\\): rows\\.0\\.category: `));
    expect(refused.refusal.message.endsWith('; …')).toBe(true);
  });
});

describe('importBatchId and importFingerprint', () => {
  it('derive the same batch and fingerprint for the same upload, as they always have (SHA-256)', () => {
    expect(importBatchId('11111111-2222-4333-8444-555555555555', 'HA_CAST', 'upload-1')).toBe('4797daff-66fe-58ff-9ab2-3b2420432ac0');
    expect(importBatchId('11111111-2222-4333-8444-555555555555', 'HA_CAST', 'upload-2')).not.toBe('4797daff-66fe-58ff-9ab2-3b2420432ac0');
    expect(importFingerprint([{ ...row, place: '郑州科技馆', onlineUrl: null, expectedAudience: 300 }])).toBe('60195f0cd0c3d07ac87e2c05f67121f8efcd9f44802bc9e0b5d9b76376bb870b');
  });
});
