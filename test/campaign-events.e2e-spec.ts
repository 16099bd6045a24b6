/**
 * Activities (活动) of a campaign's year, over HTTP with real tokens: registration from the
 * window's opening (and not before), every bad input named with nothing stored, an agency never
 * registering for another, bulk import all-or-nothing (CSV and JSON), results by the organizer
 * after the activity ended, listing with filters and paging, counts by category and region.
 *
 * The campaign runs on a real-time timeline: its window opens seconds after issuance.
 */
import { issueCampaign, issuedSmallCampaign, shanghaiIso, untilPhase } from './support/campaign';
import type { TestSystem } from './support/system';
import { startSystem } from './support/system';

jest.setTimeout(240_000);

const CATEGORIES = ['各省区域活动', '青少年科普专项行动', '云上科普日专项行动'];
const [REGIONAL, YOUTH, ONLINE] = CATEGORIES;
const OFFSETS = { opens: 15_000, weekStarts: 60_000, weekEnds: 90_000, summaryDue: 120_000, closes: 900_000 };

let sys: TestSystem;
/** When the timeline was laid out (≈ issuance). */
let t0: number;
let id: string;
let base: string;
let opensAt: string;
let closesAt: string;
let opensMs: number;
let closesMs: number;
/** What registering right after issuance answered: before the window opened. */
let early: { status: number; body: any };

const BJ = () => sys.token('BJ_CAST', 'recipient');
const HA = () => sys.token('HA_CAST', 'recipient');
const GD = () => sys.token('GD_CAST', 'secretariat');

/** A valid activity a minute or two into the window. */
const activity = (over: Record<string, unknown> = {}): Record<string, any> => ({
  title: '“科技与生活”主题科普展',
  category: REGIONAL,
  startsAt: shanghaiIso(opensMs + 60_000),
  endsAt: shanghaiIso(opensMs + 120_000),
  place: '北京科学中心',
  expectedAudience: 300,
  ...over,
});

const stored = async (organizer?: string): Promise<number> =>
  Number(
    (
      await sys.db.query(`SELECT count(*)::int AS n FROM campaign_events WHERE campaign_id = $1 AND ($2::text IS NULL OR organizer = $2)`, [
        id,
        organizer ?? null,
      ])
    )[0].n,
  );
/** The fields named, each once, in order. */
const fieldsOf = (res: { body: any }): string[] => [...new Set<string>(res.body.fields.map((f: any) => f.field))];
const csvPost = (path: string, csv: string, token: string, type = 'text/csv; charset=utf-8') =>
  sys.http.raw(path, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body: csv });
const csvCell = (v: unknown) => (v === undefined || v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const HEADER = ['title', 'category', 'startsAt', 'endsAt', 'place', 'onlineUrl', 'expectedAudience'];
const toCsv = (rows: Record<string, unknown>[], header = HEADER) => [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))].join('\n') + '\n';

beforeAll(async () => {
  sys = await startSystem();
  t0 = Date.now();
  const issued = await issuedSmallCampaign(
    sys,
    {
      title: `活动测试 ${Date.now()}`,
      docNumberPrefix: '活动测试发',
      categories: CATEGORIES,
      recipients: { main: ['各省、自治区、直辖市科协'], cc: [] },
    },
    OFFSETS,
  );
  id = issued.id;
  base = `/api/v1/campaigns/${id}/activities`;
  const campaign = await sys.http.get(`/api/v1/campaigns/${id}`, sys.token('CAST', 'secretariat'));
  ({ publicationOpensAt: opensAt, closesAt } = campaign.body.milestones);
  opensMs = Date.parse(opensAt);
  closesMs = Date.parse(closesAt);
  // Right after issuance, before the window opens.
  early = await sys.http.post(base, activity(), BJ());
  await untilPhase(sys, id, 'publication-open', OFFSETS.opens + 30_000);
});
afterAll(async () => {
  await sys?.close();
});

describe('registering one by one', () => {
  it('before the publication window opens is a 409 saying when it opens, and stores nothing', async () => {
    expect(Date.now()).toBeGreaterThan(opensMs); // the check above ran before; we are inside now
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('WRONG_PHASE');
    expect(early.body.message).toContain(opensAt);
    expect(await stored('BJ_CAST')).toBe(0);
  });

  it('a recipient registers an activity once the window is open: 201 with the activity, organizer and region its own', async () => {
    const res = await sys.http.post(base, activity({ expectedAudience: 1200 }), BJ());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^\d+$/),
      campaignId: id,
      organizer: 'BJ_CAST',
      region: 'BJ',
      title: '“科技与生活”主题科普展',
      category: REGIONAL,
      startsAt: new Date(opensMs + 60_000).toISOString(),
      endsAt: new Date(opensMs + 120_000).toISOString(),
      place: '北京科学中心',
      onlineUrl: null,
      expectedAudience: 1200,
      results: null,
      resultsAt: null,
      createdAt: expect.any(String),
    });
    const got = await sys.http.get(`${base}/${res.body.id}`, HA());
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    // Naming itself as the organizer is allowed; an online activity needs no place.
    const online = await sys.http.post(
      base,
      activity({ organizer: 'BJ_CAST', category: ONLINE, place: undefined, onlineUrl: 'https://www.kepuri.cn/live/bj-1', expectedAudience: undefined }),
      BJ(),
    );
    expect(online.status).toBe(201);
    expect(online.body).toMatchObject({ place: null, onlineUrl: 'https://www.kepuri.cn/live/bj-1', expectedAudience: null });
  });

  describe('bad input is a 400 naming the field, and stores nothing', () => {
    let before: number;
    beforeEach(async () => {
      before = await stored();
    });
    afterEach(async () => {
      expect(await stored()).toBe(before);
    });

    it('a category the definition does not list, naming the allowed ones', async () => {
      const res = await sys.http.post(base, activity({ category: '全国科普日主场活动' }), BJ());
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'category', message: expect.stringContaining(CATEGORIES.join(', ')) }]);
    });

    it('dates outside the campaign, or out of order', async () => {
      const before = await sys.http.post(base, activity({ startsAt: shanghaiIso(opensMs - 3600_000) }), BJ());
      expect(before.status).toBe(400);
      expect(before.body.fields).toEqual([{ field: 'startsAt', message: expect.stringContaining(opensAt) }]);
      const after = await sys.http.post(base, activity({ endsAt: shanghaiIso(closesMs + 1000) }), BJ());
      expect(after.status).toBe(400);
      expect(after.body.fields).toEqual([{ field: 'endsAt', message: expect.stringContaining(closesAt) }]);
      const reversed = await sys.http.post(base, activity({ startsAt: shanghaiIso(opensMs + 120_000), endsAt: shanghaiIso(opensMs + 60_000) }), BJ());
      expect(reversed.status).toBe(400);
      expect(fieldsOf(reversed)).toEqual(['endsAt']);
      const noOffset = await sys.http.post(base, activity({ startsAt: '2023-09-17 09:00', endsAt: '2023-02-30T09:00:00+08:00' }), BJ());
      expect(noOffset.status).toBe(400);
      expect(fieldsOf(noOffset)).toEqual(expect.arrayContaining(['startsAt']));
      const noSuchDay = await sys.http.post(base, activity({ endsAt: '2023-02-30T09:00:00+08:00' }), BJ());
      expect(noSuchDay.status).toBe(400);
      expect(fieldsOf(noSuchDay)).toEqual(['endsAt']);
    });

    it('neither a place nor an online link', async () => {
      const res = await sys.http.post(base, activity({ place: undefined }), BJ());
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(['place', 'onlineUrl']);
      const blank = await sys.http.post(base, activity({ place: '   ' }), BJ());
      expect(blank.status).toBe(400);
      expect(fieldsOf(blank)).toEqual(['place']);
    });

    it('a bad audience, link, title or an unknown field', async () => {
      const res = await sys.http.post(
        base,
        activity({ expectedAudience: -5, onlineUrl: 'not a link', title: 'x'.repeat(201), budget: 1000 }),
        BJ(),
      );
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(expect.arrayContaining(['expectedAudience', 'onlineUrl', 'title', 'budget']));
      const fraction = await sys.http.post(base, activity({ expectedAudience: 'lots' }), BJ());
      expect(fraction.status).toBe(400);
      expect(fieldsOf(fraction)).toEqual(['expectedAudience']);
      const { title: _t, ...untitled } = activity();
      const missing = await sys.http.post(base, untitled, BJ());
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing)).toEqual(['title']);
    });
  });

  describe('an agency registers only for itself, and only as a party that organizes', () => {
    let before: number;
    beforeEach(async () => {
      before = await stored();
    });
    afterEach(async () => {
      expect(await stored()).toBe(before);
    });

    it('naming another body as organizer is a 403', async () => {
      const res = await sys.http.post(base, activity({ organizer: 'HA_CAST' }), BJ());
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('HA_CAST');
    });

    it('a body that is not a recipient, the lead or a co-signer is a 403', async () => {
      const res = await sys.http.post(base, activity(), sys.token('MOE', 'recipient'));
      expect(res.status).toBe(403);
      const city = await sys.http.post(base, activity(), sys.token('HA_ZZ_CAST', 'recipient'));
      expect(city.status).toBe(403);
    });

    it('without the recipient or secretariat role is a 403; without a token a 401; an unknown campaign a 404', async () => {
      expect((await sys.http.post(base, activity(), sys.token('BJ_CAST', 'signer'))).status).toBe(403);
      expect((await sys.http.post(base, activity(), undefined)).status).toBe(401);
      expect((await sys.http.post('/api/v1/campaigns/00000000-0000-4000-8000-000000000000/activities', activity(), BJ())).status).toBe(404);
    });
  });

  it('the lead and a co-signer organize too (regions: national bodies are CN)', async () => {
    const lead = await sys.http.post(base, activity({ category: YOUTH, place: '中国科技馆' }), sys.token('CAST', 'secretariat'));
    expect(lead.status).toBe(201);
    expect(lead.body).toMatchObject({ organizer: 'CAST', region: 'CN' });
    const coSigner = await sys.http.post(base, activity({ category: YOUTH, place: '线上' }), sys.token('CPD', 'secretariat'));
    expect(coSigner.status).toBe(201);
    expect(coSigner.body.organizer).toBe('CPD');
  });
});

describe('listing', () => {
  const HA_TITLES = ['郑州科普市集', '洛阳科学之夜', '开封科普大篷车', '新乡青少年科技节', '安阳甲骨文与科学'];
  beforeAll(async () => {
    for (const [i, title] of HA_TITLES.entries()) {
      const res = await sys.http.post(
        base,
        activity({
          title,
          category: i % 2 ? YOUTH : REGIONAL,
          place: '河南省',
          startsAt: shanghaiIso(opensMs + 200_000 + i * 60_000),
          endsAt: shanghaiIso(opensMs + 230_000 + i * 60_000),
        }),
        HA(),
      );
      expect(res.status).toBe(201);
    }
  });

  it('filters by organizer, category, region and date, and pages in start order', async () => {
    const byOrganizer = await sys.http.get(`${base}?organizer=HA_CAST&pageSize=2`, BJ());
    expect(byOrganizer.status).toBe(200);
    expect(byOrganizer.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(byOrganizer.body.items.map((a: any) => a.title)).toEqual(HA_TITLES.slice(0, 2));
    const page3 = await sys.http.get(`${base}?organizer=HA_CAST&pageSize=2&page=3`, BJ());
    expect(page3.body.items.map((a: any) => a.title)).toEqual(HA_TITLES.slice(4));
    const beyond = await sys.http.get(`${base}?organizer=HA_CAST&pageSize=2&page=9`, BJ());
    expect(beyond.body).toMatchObject({ total: 5, items: [] });

    const youth = await sys.http.get(`${base}?organizer=HA_CAST&category=${encodeURIComponent(YOUTH)}`, BJ());
    expect(youth.body.items.map((a: any) => a.title)).toEqual([HA_TITLES[1], HA_TITLES[3]]);
    const henan = await sys.http.get(`${base}?region=HA`, BJ());
    expect(henan.body.total).toBe(5);
    expect(henan.body.items.every((a: any) => a.region === 'HA')).toBe(true);

    // Overlapping the range: the 2nd (starts +260 s) to the 3rd (starts +320 s).
    const from = encodeURIComponent(shanghaiIso(opensMs + 260_000));
    const to = encodeURIComponent(shanghaiIso(opensMs + 320_000));
    const ranged = await sys.http.get(`${base}?organizer=HA_CAST&from=${from}&to=${to}`, BJ());
    expect(ranged.body.items.map((a: any) => a.title)).toEqual(HA_TITLES.slice(1, 3));

    const all = await sys.http.get(`${base}?pageSize=500`, BJ());
    expect(all.body.total).toBe(await stored());
    const starts = all.body.items.map((a: any) => Date.parse(a.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const cascaded = await sys.http.get(`${base}?pageSize=500&cascade=true`, BJ());
    expect(cascaded.body.total).toBeGreaterThanOrEqual(all.body.total);
  });

  it('bad query parameters are a 400 naming them', async () => {
    const cases: [string, string][] = [
      ['pageSize=501', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=abc', 'page'],
      ['cascade=maybe', 'cascade'],
      ['from=yesterday', 'from'],
      ['to=2023-02-30', 'to'],
      ['region=henan', 'region'],
      ['organizer=ha_cast', 'organizer'],
      ['sort=title', 'sort'],
    ];
    for (const [query, field] of cases) {
      const res = await sys.http.get(`${base}?${query}`, BJ());
      expect({ query, status: res.status, fields: res.status === 400 ? fieldsOf(res) : res.body }).toEqual({ query, status: 400, fields: [field] });
    }
    const reversed = await sys.http.get(`${base}?from=2023-09-20&to=2023-09-17`, BJ());
    expect(reversed.status).toBe(400);
    expect(fieldsOf(reversed)).toEqual(['to']);
  });

  it('only parties see the activities', async () => {
    expect((await sys.http.get(base, sys.token('MOE', 'recipient'))).status).toBe(403);
    expect((await sys.http.get(`${base}/stats`, sys.token('MOE', 'recipient'))).status).toBe(403);
    expect((await sys.http.get(base, sys.token('CAST', 'secretariat'))).status).toBe(200);
  });
});

describe('bulk import', () => {
  const rows = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      title: `${prefix} 第${i + 1}场`,
      category: i % 3 === 0 ? ONLINE : REGIONAL,
      startsAt: shanghaiIso(opensMs + 300_000 + (i % 200) * 1000),
      endsAt: shanghaiIso(opensMs + 400_000 + (i % 200) * 1000),
      ...(i % 3 === 0 ? { onlineUrl: `https://www.kepuri.cn/live/gd-${i}` } : { place: `广州市第${i + 1}中学` }),
      expectedAudience: 100 + i,
    }));

  it('imports a CSV (quoted fields, an organizer column of its own) in one batch', async () => {
    const given = rows(30, '广东CSV');
    given[4].title = '“科学，就在身边”, 广州站';
    const csv = '\ufeff' + toCsv(given.map((r) => ({ ...r, organizer: 'GD_CAST' })), [...HEADER, 'organizer']);
    const res = await csvPost(`${base}/import`, csv, GD());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ imported: 30, batch: expect.stringMatching(/^[0-9a-f-]{36}$/), repeated: false });
    const [{ n }] = await sys.db.query('SELECT count(*)::int AS n FROM campaign_events WHERE import_batch = $1 AND organizer = $2 AND region = $3', [
      res.body.batch,
      'GD_CAST',
      'GD',
    ]);
    expect(n).toBe(30);
    const listed = await sys.http.get(`${base}?organizer=GD_CAST&pageSize=500`, GD());
    expect(listed.body.items.map((a: any) => a.title)).toContain('“科学，就在身边”, 广州站');
  });

  it('imports JSON', async () => {
    const before = await stored('GD_CAST');
    const res = await sys.http.post(`${base}/import`, { rows: rows(50, '广东JSON') }, GD());
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(50);
    expect(await stored('GD_CAST')).toBe(before + 50);
  });

  it('the same upload sent twice with one Idempotency-Key is imported once', async () => {
    const before = await stored('GD_CAST');
    const send = (key: string) =>
      sys.http.raw(`${base}/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${GD()}`, 'idempotency-key': key },
        body: JSON.stringify({ rows: rows(20, '广东重发') }),
      });
    const key = `gd-upload-${Date.now()}`;
    const [first, second] = await Promise.all([send(key), send(key)]); // a retry racing the original
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([first.body.repeated, second.body.repeated].sort()).toEqual([false, true]);
    expect(second.body.batch).toBe(first.body.batch);
    expect(await stored('GD_CAST')).toBe(before + 20);
    expect((await send('a key with spaces')).status).toBe(400);
    expect(await stored('GD_CAST')).toBe(before + 20);
  });

  it('two bad rows among 50 are both named, and nothing is stored (JSON and CSV)', async () => {
    const before = await stored();
    const given = rows(50, '广东坏行');
    given[12].category = '不存在的类别';
    given[37].endsAt = shanghaiIso(closesMs + 60_000);
    const json = await sys.http.post(`${base}/import`, { rows: given }, GD());
    expect(json.status).toBe(400);
    expect(json.body.fields).toEqual([
      { field: 'rows.12.category', message: expect.stringContaining('不存在的类别') },
      { field: 'rows.37.endsAt', message: expect.stringContaining(closesAt) },
    ]);
    expect(json.body.message).toMatch(/^2 of 50 rows are invalid; nothing was imported/);

    const csv = await csvPost(`${base}/import`, toCsv(given), GD());
    expect(csv.status).toBe(400);
    expect(fieldsOf(csv)).toEqual(['rows.12.category', 'rows.37.endsAt']);
    // The header is line 1: rows.12 is line 14.
    expect(csv.body.fields[0].message).toMatch(/^line 14: /);
    expect(csv.body.fields[1].message).toMatch(/^line 39: /);
    expect(await stored()).toBe(before);
  });

  it('bad files and bodies are named; another body, a non-party or another content type are refused', async () => {
    const before = await stored();
    const one = toCsv(rows(1, '广东'));
    const unknownColumn = await csvPost(`${base}/import`, one.replace('expectedAudience', 'audience'), GD());
    expect(unknownColumn.status).toBe(400);
    expect(fieldsOf(unknownColumn)).toEqual(['header.6']);
    const missingColumn = await csvPost(`${base}/import`, 'title,category\n讲座,各省区域活动\n', GD());
    expect(missingColumn.status).toBe(400);
    expect(fieldsOf(missingColumn)).toEqual(['header']);
    const ragged = await csvPost(`${base}/import`, `${one}讲座,各省区域活动\n`, GD());
    expect(ragged.status).toBe(400);
    expect(ragged.body.fields).toEqual([{ field: 'rows.1', message: expect.stringContaining('line 3') }]);
    const unclosed = await csvPost(`${base}/import`, `${one}"讲座,各省区域活动\n`, GD());
    expect(unclosed.status).toBe(400);
    expect(fieldsOf(unclosed)).toEqual(['body']);
    const empty = await sys.http.post(`${base}/import`, { rows: [] }, GD());
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toEqual(['rows']);
    const junk = await sys.http.post(`${base}/import`, { rows: [42, { ...rows(1, 'x')[0], budget: 1 }], extra: true }, GD());
    expect(junk.status).toBe(400);
    expect(fieldsOf(junk)).toEqual(['extra']);
    const badRows = await sys.http.post(`${base}/import`, { rows: [42, { ...rows(1, 'x')[0], budget: 1 }] }, GD());
    expect(badRows.status).toBe(400);
    expect(fieldsOf(badRows)).toEqual(['rows.0', 'rows.1.budget']);

    const forOther = await sys.http.post(`${base}/import`, { rows: rows(3, '代报').map((r, i) => (i === 2 ? { ...r, organizer: 'HA_CAST' } : r)) }, GD());
    expect(forOther.status).toBe(403);
    expect(fieldsOf(forOther)).toEqual(['rows.2.organizer']);
    expect((await sys.http.post(`${base}/import`, { rows: rows(3, '非当事方') }, sys.token('MOE', 'recipient'))).status).toBe(403);
    const plain = await csvPost(`${base}/import`, one, GD(), 'text/plain');
    expect(plain.status).toBe(415);
    expect(await stored()).toBe(before);
  });

  it('takes 50,000 rows in one request (over the 1 MB limit of other routes), and refuses one more', async () => {
    const big = rows(50_000, '广东大批量');
    const csv = toCsv(big);
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const before = await stored('GD_CAST');
    const started = Date.now();
    const res = await csvPost(`${base}/import`, csv, GD());
    const ms = Date.now() - started;
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(50_000);
    expect(await stored('GD_CAST')).toBe(before + 50_000);
     
    console.log(`imported 50,000 CSV rows in ${ms} ms (${Math.round(50_000 / (ms / 1000))} rows/s, over HTTP)`);

    const tooMany = await csvPost(`${base}/import`, toCsv(rows(50_001, '太多')), GD());
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany)).toEqual(['rows']);
    expect(await stored('GD_CAST')).toBe(before + 50_000);
  });
});

describe('results', () => {
  it('only the organizer adds them, only after the activity ended; they can be replaced', async () => {
    const endsMs = Date.now() + 4000;
    const reg = await sys.http.post(base, activity({ title: '开幕式科普快闪', startsAt: opensAt, endsAt: shanghaiIso(endsMs) }), BJ());
    expect(reg.status).toBe(201);
    const path = `${base}/${reg.body.id}/results`;
    const results = {
      photos: ['https://img.example.cn/kpr/1.jpg', 'https://img.example.cn/kpr/2.jpg'],
      videos: ['https://v.example.cn/kpr/1'],
      news: ['https://news.example.cn/2023/09/17/kpr.html'],
      participants: 860,
      summary: '快闪活动在北京科学中心举行，860名观众参与。',
    };

    const tooEarly = await sys.http.put(path, results, BJ());
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.message).toContain(new Date(endsMs).toISOString());
    await new Promise((r) => setTimeout(r, Math.max(0, endsMs - Date.now()) + 300));

    const other = await sys.http.put(path, results, HA());
    expect(other.status).toBe(403);
    const bad = await sys.http.put(path, { ...results, photos: ['ftp://x', 'nope'], participants: -1, summary: undefined }, BJ());
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['photos', 'participants', 'summary']));

    const put = await sys.http.put(path, results, BJ());
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: reg.body.id, results, resultsAt: expect.any(String) });
    const again = await sys.http.put(path, { participants: 900, summary: '更正：900名观众参与。' }, BJ());
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual({ photos: [], videos: [], news: [], participants: 900, summary: '更正：900名观众参与。' });
    const got = await sys.http.get(`${base}/${reg.body.id}`, BJ());
    expect(got.body.results.participants).toBe(900);

    expect((await sys.http.put(`${base}/999999999999/results`, results, BJ())).status).toBe(404);
    expect((await sys.http.put(`${base}/abc/results`, results, BJ())).status).toBe(404);
  });
});

describe('stats', () => {
  it('counts by category, region and campaign agree with the listing', async () => {
    const res = await sys.http.get(`${base}/stats`, sys.token('CAST', 'secretariat'));
    expect(res.status).toBe(200);
    const total = await stored();
    expect(res.body.total).toBe(total);
    expect(res.body.withResults).toBe(1);
    expect(res.body.byCampaign).toEqual([{ campaignId: id, title: expect.stringContaining('活动测试'), count: total }]);

    const count = async (q: string) => (await sys.http.get(`${base}?pageSize=1&${q}`, BJ())).body.total;
    for (const c of CATEGORIES) {
      expect(res.body.byCategory).toContainEqual({ category: c, count: await count(`category=${encodeURIComponent(c)}`) });
    }
    expect(res.body.byCategory.reduce((s: number, c: any) => s + c.count, 0)).toBe(total);
    const region = (r: string) => res.body.byRegion.find((x: any) => x.region === r);
    expect(region('BJ')).toEqual({ region: 'BJ', regionName: '北京市', count: await stored('BJ_CAST') });
    expect(region('HA')).toEqual({ region: 'HA', regionName: '河南省', count: 5 });
    expect(region('GD')).toEqual({ region: 'GD', regionName: '广东省', count: 30 + 20 + 50 + 50_000 });
    expect(region('CN')).toEqual({ region: 'CN', regionName: '全国', count: 2 });
    expect(res.body.byRegion[0].region).toBe('GD');

    const cascaded = await sys.http.get(`${base}/stats?cascade=true`, BJ());
    expect(cascaded.status).toBe(200);
    expect(cascaded.body.total).toBeGreaterThanOrEqual(total);
    const filtered = await sys.http.get(`${base}/stats?organizer=HA_CAST`, BJ());
    expect(filtered.body.total).toBe(5);
    expect((await sys.http.get(`${base}/stats?cascade=yes`, BJ())).status).toBe(400);
  });
});

describe('the cascade: a relay (转发) and its activities roll up', () => {
  let child: string;
  let childBase: string;
  let childClosesAt: string;
  beforeAll(async () => {
    // Henan relays the notice to its cities, closing ten seconds before the national campaign.
    const relay = await issueCampaign(
      sys,
      {
        title: `活动测试（河南） ${Date.now()}`,
        leadAgency: 'HA_CAST',
        coSigners: ['HA_EDU'],
        coSignDueAt: shanghaiIso(t0 + OFFSETS.closes - 20_000),
        docNumberPrefix: '活动测试豫发',
        body: '各省辖市、济源示范区科协：请按通知要求组织开展活动。',
        recipients: { main: ['各省辖市、济源示范区科协'], cc: [] },
        categories: [REGIONAL, '银龄跨越数字鸿沟专项行动'],
        milestones: { summaryDueAt: shanghaiIso(t0 + OFFSETS.summaryDue - 10_000), closesAt: shanghaiIso(t0 + OFFSETS.closes - 10_000) },
      },
      `/api/v1/campaigns/${id}/relays`,
    );
    child = relay.id;
    childBase = `/api/v1/campaigns/${child}/activities`;
    childClosesAt = (await sys.http.get(`/api/v1/campaigns/${child}`, sys.token('HA_CAST', 'secretariat'))).body.milestones.closesAt;
    await untilPhase(sys, child, 'publication-open');
  });

  it('a city registers under its province’s relay, in the relay’s own categories and window, not under the national notice', async () => {
    const zz = sys.token('HA_ZZ_CAST', 'recipient');
    const one = await sys.http.post(childBase, activity({ title: '郑州银龄智能手机课堂', category: '银龄跨越数字鸿沟专项行动', place: '郑州市科技馆' }), zz);
    expect(one.status).toBe(201);
    expect(one.body).toMatchObject({ campaignId: child, organizer: 'HA_ZZ_CAST', region: 'HA_ZZ' });
    const more = await sys.http.post(`${childBase}/import`, { rows: [activity({ title: '郑州科普市集（二）' }), activity({ title: '郑州科学之夜' })] }, zz);
    expect(more.status).toBe(201);
    expect(more.body.imported).toBe(2);

    // The relay closes earlier than the national campaign: its own milestones bound its activities.
    const late = await sys.http.post(childBase, activity({ endsAt: shanghaiIso(Date.parse(childClosesAt) + 5000) }), zz);
    expect(late.status).toBe(400);
    expect(late.body.fields).toEqual([{ field: 'endsAt', message: expect.stringContaining(childClosesAt) }]);
    // The national categories are not the relay's.
    expect(fieldsOf(await sys.http.post(childBase, activity({ category: YOUTH }), zz))).toEqual(['category']);
    // A city is not a recipient of the national notice.
    expect((await sys.http.post(base, activity(), zz)).status).toBe(403);
  });

  it('cascade=true lists and counts the relay’s activities under the national campaign; a province filter takes in its cities', async () => {
    const lead = sys.token('CAST', 'secretariat');
    const flat = await sys.http.get(`${base}?region=HA&pageSize=500`, lead);
    expect(flat.body.total).toBe(5);
    const deep = await sys.http.get(`${base}?region=HA&pageSize=500&cascade=true`, lead);
    expect(deep.body.total).toBe(8);
    expect(deep.body.items.filter((a: any) => a.campaignId === child).map((a: any) => a.region)).toEqual(['HA_ZZ', 'HA_ZZ', 'HA_ZZ']);
    // The national lead reads the relay's own list too (it leads the campaign above it).
    expect((await sys.http.get(childBase, lead)).body.total).toBe(3);

    const stats = await sys.http.get(`${base}/stats?cascade=true`, lead);
    expect(stats.status).toBe(200);
    const nationalTotal = await stored();
    expect(stats.body.total).toBe(nationalTotal + 3);
    expect(stats.body.byCampaign).toEqual([
      { campaignId: id, title: expect.any(String), count: nationalTotal },
      { campaignId: child, title: expect.stringContaining('河南'), count: 3 },
    ]);
    expect(stats.body.byRegion).toContainEqual({ region: 'HA_ZZ', regionName: '郑州市', count: 3 });
    expect(stats.body.byCategory).toContainEqual({ category: '银龄跨越数字鸿沟专项行动', count: 1 });
    const flatStats = await sys.http.get(`${base}/stats`, lead);
    expect(flatStats.body.total).toBe(nationalTotal);
    expect(flatStats.body.byRegion.find((r: any) => r.region === 'HA_ZZ')).toBeUndefined();
  });
});
