/**
 * Bad input gets a clear 4xx naming the field and changes nothing; an agency never acts for another.
 */
import { seedDefinition, smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { shanghaiDate, startSystem } from './support/system';

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
