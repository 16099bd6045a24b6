/**
 * Bad input gets a clear 4xx naming the field and changes nothing; an agency never acts for another.
 */
import { issuedSmallCampaign, shanghaiIso, untilPhase } from './support/campaign';
import { seedDefinition, smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

let sys: TestSystem;
let lead: string;
beforeAll(async () => {
  sys = await startSystem();
  lead = sys.token('CAST', 'secretariat');
});
afterAll(async () => {
  await sys?.close();
});

// Every launch of this spec carries its own title, so "nothing stored" is counted among this spec's
// campaigns only: other specs launch campaigns in parallel jest workers.
const TITLE = `坏输入测试 ${Date.now()}`;
const launchable = (over: Record<string, unknown> = {}): Record<string, any> => ({
  ...smallDefinition({ title: TITLE, docNumberPrefix: '坏输入发' }),
  rebaseTo: shanghaiDate(1),
  ...over,
});
const campaignCount = async () => Number((await sys.db.query('SELECT count(*)::int AS n FROM campaigns WHERE title = $1', [TITLE]))[0].n);
const fieldsOf = (res: { body: any }) => res.body.fields.map((f: any) => f.field);

describe('launching with bad definitions', () => {
  let before: number;
  beforeEach(async () => {
    before = await campaignCount();
  });
  afterEach(async () => {
    expect(await campaignCount()).toBe(before); // nothing stored
  });

  it('malformed JSON is a 400', async () => {
    const res = await sys.http.raw('/api/v1/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${lead}` },
      body: '{"title": "x",',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('MALFORMED_JSON');
  });

  it('unknown fields are named', async () => {
    const res = await sys.http.post('/api/v1/campaigns', launchable({ budget: 100, milestones: { ...smallDefinition().milestones, extra: 1 } }), lead);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['budget', 'milestones.extra']));
    expect(res.body.fields.find((f: any) => f.field === 'budget').message).toBe('unknown field');
  });

  it('missing and mistyped fields are named', async () => {
    const { title: _t, ...noTitle } = launchable();
    const res = await sys.http.post('/api/v1/campaigns', { ...noTitle, year: 'twenty', coSignMode: 'whenever', coSignDueAt: '2023-08-02' }, lead);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['title', 'year', 'coSignMode', 'coSignDueAt']));
  });

  it('unknown and duplicate agency codes, and the lead among its co-signers, are named by position', async () => {
    const unknown = await sys.http.post('/api/v1/campaigns', launchable({ coSigners: ['CPD', 'NOSUCH'] }), lead);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'coSigners.1', message: 'unknown agency code NOSUCH' }]);
    const dup = await sys.http.post('/api/v1/campaigns', launchable({ coSigners: ['CPD', 'CPD'] }), lead);
    expect(dup.status).toBe(400);
    expect(fieldsOf(dup)).toEqual(['coSigners']);
    const self = await sys.http.post('/api/v1/campaigns', launchable({ coSigners: ['CPD', 'CAST'] }), lead);
    expect(self.status).toBe(400);
    expect(self.body.fields).toEqual([{ field: 'coSigners.1', message: expect.stringContaining('lead agency') }]);
  });

  it('deadlines in the past are a 400 unless rebased', async () => {
    const res = await sys.http.post('/api/v1/campaigns', smallDefinition({ title: TITLE }), lead);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['coSignDueAt', 'milestones.summaryDueAt']));
    expect(res.body.message).toContain('rebaseTo');
    const badRebase = await sys.http.post('/api/v1/campaigns', launchable({ rebaseTo: '2026/12/01' }), lead);
    expect(badRebase.status).toBe(400);
    expect(fieldsOf(badRebase)).toEqual(['rebaseTo']);
  });

  it('milestones out of order are named', async () => {
    const m = smallDefinition().milestones;
    const res = await sys.http.post('/api/v1/campaigns', launchable({ milestones: { ...m, summaryDueAt: '2023-09-01T00:00:00+08:00' } }), lead);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toContain('milestones.summaryDueAt');
  });

  it('a body over the limit is a 413', async () => {
    const res = await sys.http.post('/api/v1/campaigns', launchable({ body: '科'.repeat(600_000) }), lead);
    expect(res.status).toBe(413);
  });

  it('a notice text over the field limit is a 400 naming body', async () => {
    const res = await sys.http.post('/api/v1/campaigns', launchable({ body: 'x'.repeat(200_001) }), lead);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(['body']);
  });

  it('no token or a bad one is a 401; a valid token without the role, or for another lead, is a 403', async () => {
    expect((await sys.http.post('/api/v1/campaigns', launchable())).status).toBe(401);
    expect((await sys.http.post('/api/v1/campaigns', launchable(), 'not.a.jwt')).status).toBe(401);
    const forged = lead.slice(0, -4) + (lead.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await sys.http.post('/api/v1/campaigns', launchable(), forged)).status).toBe(401);
    expect((await sys.http.post('/api/v1/campaigns', launchable(), sys.token('CAST', 'signer'))).status).toBe(403);
    const other = await sys.http.post('/api/v1/campaigns', launchable(), sys.token('MOE', 'secretariat'));
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('leadAgency');
  });
});

describe('acting on a campaign', () => {
  let id: string;
  let sha: string;
  beforeAll(async () => {
    const res = await sys.http.post('/api/v1/campaigns', launchable({ coSigners: ['CPD', 'CAC'] }), lead);
    expect(res.status).toBe(201);
    id = res.body.id;
    sha = res.body.notice.sha256;
  });

  const decide = (body: Record<string, unknown>, token: string) => sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, body, token);

  it('an unknown campaign is a 404', async () => {
    expect((await sys.http.get('/api/v1/campaigns/00000000-0000-4000-8000-000000000000', lead)).status).toBe(404);
    expect((await sys.http.get('/api/v1/campaigns/not-a-uuid', lead)).status).toBe(404);
    expect((await sys.http.post('/api/v1/campaigns/00000000-0000-4000-8000-000000000000/sign-off', { noticeSha256: sha }, lead)).status).toBe(404);
  });

  it('a signer decides only for its own agency', async () => {
    const res = await decide({ decision: 'approve', noticeSha256: sha, agency: 'CAC' }, sys.token('CPD', 'signer'));
    expect(res.status).toBe(403);
    expect(res.body.fields).toEqual([]);
    expect(res.body.message).toContain('CAC');
    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body;
    expect(c.coSign.signers.every((s: any) => s.status === 'pending')).toBe(true);
  });

  it('an agency that is not a co-signer cannot decide; a secretariat without the signer role cannot either', async () => {
    expect((await decide({ decision: 'approve', noticeSha256: sha }, sys.token('MOE', 'signer'))).status).toBe(403);
    expect((await decide({ decision: 'approve', noticeSha256: sha }, sys.token('CPD', 'secretariat'))).status).toBe(403);
  });

  it('bad decision bodies are named', async () => {
    const res = await decide({ decision: 'maybe', noticeSha256: 'abc' }, sys.token('CPD', 'signer'));
    expect(res.status).toBe(400);
    expect(fieldsOf(res).sort()).toEqual(['decision', 'noticeSha256']);
  });

  it('an agency that is not a party cannot read the campaign', async () => {
    expect((await sys.http.get(`/api/v1/campaigns/${id}`, sys.token('MOE', 'signer'))).status).toBe(403);
    expect((await sys.http.get(`/api/v1/campaigns/${id}/audit`, sys.token('MOE', 'signer'))).status).toBe(403);
    const mine = (await sys.http.get('/api/v1/campaigns', sys.token('MOE', 'signer'))).body.map((c: any) => c.id);
    expect(mine).not.toContain(id);
    expect((await sys.http.get('/api/v1/campaigns', sys.token('CPD', 'signer'))).body.map((c: any) => c.id)).toContain(id);
  });

  it('only the lead revises, and an identical text is a 409 naming body', async () => {
    expect((await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: 'new' }, sys.token('CPD', 'secretariat'))).status).toBe(403);
    const same = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: smallDefinition().body }, lead);
    expect(same.status).toBe(409);
    expect(fieldsOf(same)).toEqual(['body']);
    const empty = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: '' }, lead);
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toEqual(['body']);
  });

  it('only an admin sets a document number sequence, to a positive number', async () => {
    const path = `/api/v1/doc-number-sequences/${encodeURIComponent('坏输入发')}/2026`;
    expect((await sys.http.put(path, { nextNumber: 5 }, lead)).status).toBe(403);
    const bad = await sys.http.put(path, { nextNumber: 0 }, sys.token('CAST', 'admin'));
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['nextNumber']);
    const badYear = await sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent('坏输入发')}/twenty`, { nextNumber: 5 }, sys.token('CAST', 'admin'));
    expect(badYear.status).toBe(400);
    expect(fieldsOf(badYear)).toEqual(['year']);
  });
});

describe('the Henan seed', () => {
  it('launches with a warning that its header and signature block disagree (工商联)', async () => {
    const res = await sys.http.post('/api/v1/campaigns', { ...seedDefinition('henan-2023'), rebaseTo: shanghaiDate(2) }, sys.token('HA_CAST', 'secretariat'));
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([{ field: 'headerIssuers', message: expect.stringContaining('HA_FIC') }]);
    const c = (await sys.http.get(`/api/v1/campaigns/${res.body.id}`, sys.token('HA_CAST', 'secretariat'))).body;
    expect(c.coSign.signers).toHaveLength(19);
    expect(c.warnings).toEqual(res.body.warnings);
  });
});

/**
 * The examples of "No input can hurt a campaign", one by one. The classes behind them are proven
 * for every endpoint by bad-input-classes.e2e-spec.ts; these read as the issue does.
 */
describe('the examples the issue names', () => {
  const DAY = 86_400_000;
  const SUFFIX = `${Date.now() % 1_000_000}`;
  let issued: { id: string; sha256: string };
  let parent: { summaryDueAt: string; closesAt: string; publicationOpensAt: string; concentratedWeek: { startsAt: string; endsAt: string } };
  const count = async (sql: string, args: unknown[]) => Number((await sys.db.query(sql, args))[0].n);
  const trail = async (id: string) => ({
    audit: await count('SELECT count(*)::int AS n FROM audit_log WHERE campaign_id = $1', [id]),
    told: await count('SELECT count(*)::int AS n FROM notifications WHERE campaign_id = $1', [id]),
  });
  beforeAll(async () => {
    issued = await issuedSmallCampaign(
      sys,
      { title: `${TITLE} 已发`, docNumberPrefix: `坏例${SUFFIX}发`, coSigners: ['CPD'], categories: ['各省区域活动'] },
      { opens: 3000, weekStarts: 10 * DAY, weekEnds: 12 * DAY, summaryDue: 30 * DAY, closes: 60 * DAY },
    );
    parent = (await sys.http.get(`/api/v1/campaigns/${issued.id}`, lead)).body.milestones;
  });

  it('a rejection comment, a revision note, a withdrawal reason with NUL or a lone surrogate are 400s naming the field; the campaign is untouched', async () => {
    const res = await sys.http.post('/api/v1/campaigns', launchable({ coSigners: ['CPD'], docNumberPrefix: '坏输入发' }), lead);
    expect(res.status).toBe(201);
    const id = res.body.id;
    // The launch answers before the workflow has recorded it (campaign.launched, the co-sign requests).
    const before = await eventually(async () => {
      const t = await trail(id);
      expect(t.audit).toBeGreaterThan(0);
      expect(t.told).toBeGreaterThan(0);
      return t;
    });
    for (const comment of ['理由\u0000', '理由\ud800']) {
      const r = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'reject', noticeSha256: res.body.notice.sha256, comment }, sys.token('CPD', 'signer'));
      expect(r.status).toBe(400);
      expect(r.body.fields).toEqual([{ field: 'comment', message: expect.stringMatching(/U\+(0000|D800) at character 3/) }]);
    }
    const note = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: '新的正文', note: '说明\u0000' }, lead);
    expect(note.status).toBe(400);
    expect(fieldsOf(note)).toEqual(['note']);
    const reason = await sys.http.post(`/api/v1/campaigns/${id}/withdraw`, { reason: '撤回\ud800' }, lead);
    expect(reason.status).toBe(400);
    expect(fieldsOf(reason)).toEqual(['reason']);
    expect(await trail(id)).toEqual(before);
    expect((await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body.phase).toBe('co-signing');
  });

  it('a sequence beyond what storage holds is a 400, never a 500 or a silent accept', async () => {
    const path = `/api/v1/doc-number-sequences/${encodeURIComponent('坏输入发')}/2026`;
    for (const nextNumber of [2147483648, 1e15, 1_000_000]) {
      const r = await sys.http.put(path, { nextNumber }, sys.token('CAST', 'admin'));
      expect(r.status).toBe(400);
      expect(fieldsOf(r)).toEqual(['nextNumber']);
    }
  });

  it('dates that do not exist or that the calendar cannot hold are 400s: a milestone in 9999 at -14:00, rebaseTo 2027-13-01, from=0000-01-01', async () => {
    const m = smallDefinition().milestones;
    const far = await sys.http.post('/api/v1/campaigns', launchable({ milestones: { ...m, closesAt: '9999-12-31T23:59:59-14:00' } }), lead);
    expect(far.status).toBe(400);
    expect(far.body.fields).toEqual([{ field: 'milestones.closesAt', message: expect.stringContaining('between the years 2000 and 2099') }]);
    const feb30 = await sys.http.post('/api/v1/campaigns', launchable({ coSignDueAt: '2027-02-30T00:00:00+08:00' }), lead);
    expect(fieldsOf(feb30)).toEqual(['coSignDueAt']);
    const rebase = await sys.http.post('/api/v1/campaigns', launchable({ rebaseTo: '2027-13-01' }), lead);
    expect(rebase.status).toBe(400);
    expect(fieldsOf(rebase)).toEqual(['rebaseTo']);
    // A rebase that carries the dates out of the calendar's years is named too (after the shift).
    const beyond = await sys.http.post('/api/v1/campaigns', launchable({ rebaseTo: '2099-12-01' }), lead);
    expect(beyond.status).toBe(400);
    expect(fieldsOf(beyond)).toContain('milestones.closesAt');
    for (const q of ['from=0000-01-01', 'to=9999-12-31T23:59:59-14:00', 'page=100000000000000000000']) {
      for (const what of ['activities', 'activities/stats']) {
        if (what.endsWith('stats') && q.startsWith('page')) continue;
        const r = await sys.http.get(`/api/v1/campaigns/${issued.id}/${what}?${q}`, lead);
        expect(r.status).toBe(400);
        expect(fieldsOf(r)).toEqual([q.split('=')[0]]);
      }
    }
  });

  it('a launch without recipients, with recipients: [], or whose 主送 reaches nobody but the lead, and a relay without milestones, are 400s naming the field', async () => {
    const { recipients: _r, ...without } = launchable();
    const none = await sys.http.post('/api/v1/campaigns', without, lead);
    expect(none.status).toBe(400);
    expect(none.body.fields).toEqual([{ field: 'recipients', message: 'recipients is required' }]);
    const list = await sys.http.post('/api/v1/campaigns', launchable({ recipients: [] }), lead);
    expect(list.status).toBe(400);
    expect(fieldsOf(list)).toEqual(['recipients']);
    const empty = await sys.http.post('/api/v1/campaigns', launchable({ recipients: { main: [], cc: [] } }), lead);
    expect(fieldsOf(empty)).toEqual(['recipients.main']);
    const self = await sys.http.post('/api/v1/campaigns', launchable({ recipients: { main: ['CAST'], cc: ['BJ_CAST'] } }), lead);
    expect(self.status).toBe(400);
    expect(self.body.fields).toEqual([{ field: 'recipients.main', message: expect.stringContaining('no body other than the lead') }]);
    const relay = await sys.http.post(`/api/v1/campaigns/${issued.id}/relays`, { ...smallDefinition({ leadAgency: 'HA_CAST', milestones: undefined }) }, sys.token('HA_CAST', 'secretariat'));
    expect(relay.status).toBe(400);
    expect(relay.body.fields).toEqual([{ field: 'milestones', message: 'milestones is required' }]);
  });

  it('a relay whose 主送 resolves to no body at all is a 400 naming recipients.main, and nothing is launched', async () => {
    const ha = sys.token('HA_CAST', 'secretariat');
    const before = await count('SELECT count(*)::int AS n FROM campaigns WHERE parent_id = $1', [issued.id]);
    const shift = (iso: string, days: number) => shanghaiIso(Date.parse(iso) + days * DAY);
    const res = await sys.http.post(
      `/api/v1/campaigns/${issued.id}/relays`,
      {
        ...smallDefinition({ leadAgency: 'HA_CAST', coSigners: ['HA_CPD'], docNumberPrefix: `坏例豫${SUFFIX}发`, recipients: { main: ['HA_CAST'], cc: [] } }),
        year: undefined,
        coSignDueAt: shift(parent.summaryDueAt, -20),
        milestones: { summaryDueAt: shift(parent.summaryDueAt, -1), closesAt: parent.closesAt },
      },
      ha,
    );
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'recipients.main', message: expect.stringContaining('no body other than the lead') }]);
    expect(await count('SELECT count(*)::int AS n FROM campaigns WHERE parent_id = $1', [issued.id])).toBe(before);
  });

  it('a summary without text answers one message for that one field', async () => {
    const r = await sys.http.post(`/api/v1/campaigns/${issued.id}/summaries`, {}, sys.token('HA_CAST', 'recipient'));
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: 'text', message: 'text is required' }]);
    const blank = await sys.http.post(`/api/v1/campaigns/${issued.id}/summaries`, { text: '   ' }, sys.token('HA_CAST', 'recipient'));
    expect(blank.body.fields).toEqual([{ field: 'text', message: 'text must not be blank' }]);
  });

  it('moving milestones: {}, null, a week in an array are 400s; a move to where they are records and tells nothing', async () => {
    const move = (body: string) =>
      sys.http.raw(`/api/v1/campaigns/${issued.id}/milestones`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${lead}` }, body });
    const before = await trail(issued.id);
    const nothing = await move('{}');
    expect(nothing.status).toBe(400);
    expect(nothing.body.fields).toEqual([{ field: 'body', message: expect.stringContaining('name at least one milestone') }]);
    const nulled = await move('{"summaryDueAt":null}');
    expect(nulled.status).toBe(400);
    expect(nulled.body.fields).toEqual([{ field: 'summaryDueAt', message: 'summaryDueAt must not be null' }]);
    const wrapped = await move(JSON.stringify({ concentratedWeek: [parent.concentratedWeek] }));
    expect(wrapped.status).toBe(400);
    expect(fieldsOf(wrapped)).toEqual(['concentratedWeek']);
    const emptyWeek = await move('{"concentratedWeek":{}}');
    expect(fieldsOf(emptyWeek)).toEqual(['concentratedWeek']);
    // The same instant, even written in another offset, is no move.
    const utc = new Date(Date.parse(parent.summaryDueAt)).toISOString();
    const same = await move(JSON.stringify({ summaryDueAt: utc, closesAt: parent.closesAt }));
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ unchanged: true, milestones: { summaryDueAt: parent.summaryDueAt } });
    expect(await trail(issued.id)).toEqual(before);
  });

  it('an unknown field is refused on an endpoint that takes no body: publish with a publishAt publishes nothing', async () => {
    const r = await sys.http.post(`/api/v1/campaigns/${issued.id}/commendations/publish`, { publishAt: shanghaiIso(Date.now() + DAY) }, lead);
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: 'publishAt', message: expect.stringContaining('unknown field') }]);
    expect((await sys.http.get(`/api/v1/campaigns/${issued.id}/commendations`, lead)).body.publishedAt).toBeNull();
  });

  it('a receipt sent as text/plain is a 415, and nothing is acknowledged', async () => {
    const r = await sys.http.raw(`/api/v1/campaigns/${issued.id}/receipts`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${sys.token('HA_CAST', 'recipient')}` },
      body: '{"agency":"HA_CAST"}',
    });
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE', fields: [{ field: 'content-type' }] });
    expect(await count('SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND acknowledged_at IS NOT NULL', [issued.id])).toBe(0);
  });

  it('an Idempotency-Key reused with different rows is a 422 saying so; the same rows again are a repeat', async () => {
    await untilPhase(sys, issued.id, 'publication-open');
    const opens = Date.parse(parent.publicationOpensAt);
    const row = (title: string) => ({ title, category: '各省区域活动', startsAt: shanghaiIso(opens + 3600_000), endsAt: shanghaiIso(opens + 7200_000), place: '郑州' });
    const upload = (rows: unknown[], key: string) =>
      sys.http.raw(`/api/v1/campaigns/${issued.id}/activities/import`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${sys.token('HA_CAST', 'recipient')}` },
        body: JSON.stringify({ rows }),
      });
    const key = `key-${SUFFIX}`;
    const first = await upload([row('第一批')], key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ imported: 1, repeated: false });
    const again = await upload([row('第一批')], key);
    expect(again.body).toMatchObject({ imported: 1, repeated: true, batch: first.body.batch });
    const other = await upload([row('第二批'), row('第三批')], key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED', fields: [{ field: 'idempotency-key' }] });
    expect(await count('SELECT count(*)::int AS n FROM campaign_events WHERE campaign_id = $1', [issued.id])).toBe(1);
  });

  it('a prefix belongs to its agency: another agency’s admin cannot set its sequence, nor its lead launch under it', async () => {
    const haAdmin = sys.token('HA_CAST', 'admin');
    const put = (prefix: string, token: string) => sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent(prefix)}/2098`, { nextNumber: 3 }, token);
    const cast = await put('科协发', haAdmin);
    expect(cast.status).toBe(403);
    expect(cast.body.message).toContain('科协发 belongs to CAST');
    expect((await put('豫科协发', haAdmin)).status).toBe(200); // its own
    expect((await put('豫科协发', sys.token('CAST', 'admin'))).status).toBe(200); // the platform's
    expect((await put('豫科协发', sys.token('BJ_CAST', 'admin'))).status).toBe(403);
    // A new prefix is claimed by the first agency that uses it; then it is theirs.
    const mine = `京坏例${SUFFIX}发`;
    expect((await put(mine, sys.token('BJ_CAST', 'admin'))).status).toBe(200);
    expect((await put(mine, haAdmin)).status).toBe(403);
    const prefixes = (await sys.http.get('/api/v1/doc-number-prefixes', haAdmin)).body;
    expect(prefixes).toEqual(expect.arrayContaining([expect.objectContaining({ prefix: '科协发', agency: 'CAST' }), expect.objectContaining({ prefix: mine, agency: 'BJ_CAST' })]));
    // A launch under another agency's prefix is refused before anything is stored.
    const launched = await sys.http.post('/api/v1/campaigns', { ...seedDefinition('henan-2023'), docNumberPrefix: '科协发', rebaseTo: shanghaiDate(2) }, sys.token('HA_CAST', 'secretariat'));
    expect(launched.status).toBe(403);
    expect(launched.body.fields).toEqual([{ field: 'docNumberPrefix', message: 'belongs to CAST' }]);
    // Platform administration is the platform agency's: another agency's admin imports no bodies and reads only its own campaigns.
    const csv = 'code,name,level,region\nBADIN_X,坏输入单位,municipal,HA_X\n';
    const imported = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${haAdmin}` }, body: csv });
    expect(imported.status).toBe(403);
    expect((await sys.http.get(`/api/v1/campaigns/${issued.id}/audit`, sys.token('MOE', 'admin'))).status).toBe(403);
    expect((await sys.http.get('/api/v1/campaigns', sys.token('MOE', 'admin'))).body.map((c: any) => c.id)).not.toContain(issued.id);
    // Only the platform's admins say which agency a prefix belongs to.
    expect((await sys.http.put(`/api/v1/doc-number-prefixes/${encodeURIComponent(mine)}`, { agency: 'HA_CAST' }, haAdmin)).status).toBe(403);
    const moved = await sys.http.put(`/api/v1/doc-number-prefixes/${encodeURIComponent(mine)}`, { agency: 'TJ_CAST' }, sys.token('CAST', 'admin'));
    expect(moved.status).toBe(200);
    expect((await put(mine, sys.token('TJ_CAST', 'admin'))).status).toBe(200);
  });

  it('JSON nested thousands of levels deep is a 400 naming body, not a stack overflow', async () => {
    const deep = `{"title":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const r = await sys.http.raw('/api/v1/campaigns', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${lead}` }, body: deep });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: 'body', message: expect.stringContaining('nested deeper than') }]);
  });

  it('a path that does not decode, and a CSV cell that is a spreadsheet formula, are 4xx in the error shape', async () => {
    const r = await sys.http.get('/api/v1/campaigns/%E0%A4%A', lead);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body).toMatchObject({ statusCode: r.status, error: expect.any(String), fields: expect.any(Array) });
    const csv = 'code,name,level,region\nBADIN_F,"=HYPERLINK(""http://x"")",municipal,HA_X\n';
    const formula = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${sys.token('CAST', 'admin')}` }, body: csv });
    expect(formula.status).toBe(400);
    expect(formula.body.fields).toEqual([{ field: 'rows.0.name', message: expect.stringContaining('spreadsheets read as a formula') }]);
  });
});
