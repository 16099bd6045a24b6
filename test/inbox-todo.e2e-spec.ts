/**
 * The to-do list (待办) and the inbox (收件箱) over HTTP with real tokens, on a real campaign: a
 * co-signer finds its co-sign request in the inbox and the decision on its to-do list, which is
 * gone once it decided; the lead finds the sign-off; after issuance a 主送 recipient finds the
 * notice to acknowledge, acknowledges, and it is gone. Marking read changes the unread count; a
 * body reads and marks only its own inbox; bad query parameters are a 400 naming the field.
 *
 * The campaign's timeline lies days ahead: nothing moves by itself while the spec runs.
 */
import { shanghaiIso, timeline } from './support/campaign';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, startSystem } from './support/system';

jest.setTimeout(180_000);

const DAY = 24 * 3600_000;
const SUFFIX = String(Date.now() % 1_000_000);
const TITLE = `待办与收件箱测试 ${SUFFIX}`;
const PREFIX = `待办测${SUFFIX}发`;

let sys: TestSystem;
let id: string;
let sha: string;
let coSignDueAt: string;

const CPD = () => sys.token('CPD', 'signer');
const CAC = () => sys.token('CAC', 'signer');
const CAST = () => sys.token('CAST', 'secretariat');
const HA = () => sys.token('HA_CAST', 'recipient');
/** A body that has no part in the campaign, holding every role. */
const STRANGER = () => sys.token('MOE', 'secretariat', 'signer', 'recipient', 'admin');

const inbox = (token: string, query = '') => sys.http.get(`/api/v1/inbox?campaign=${id}${query}`, token);
/** The caller's to-do items of this spec's campaign (parallel specs have campaigns of their own). */
const todo = async (token: string) => {
  const r = await sys.http.get('/api/v1/todo', token);
  expect(r.status).toBe(200);
  return (r.body.items as any[]).filter((t) => t.campaign.id === id);
};
const fields = (r: { body: any }) => (r.body.fields as { field: string }[]).map((f) => f.field);

beforeAll(async () => {
  sys = await startSystem();
  const base = Date.now();
  coSignDueAt = shanghaiIso(base + 5 * DAY);
  const launched = await sys.http.post(
    '/api/v1/campaigns',
    smallDefinition({
      title: TITLE,
      docNumberPrefix: PREFIX,
      coSigners: ['CPD', 'CAC'],
      coSignDueAt,
      milestones: timeline({ opens: 7 * DAY, weekStarts: 8 * DAY, weekEnds: 9 * DAY, summaryDue: 20 * DAY, closes: 40 * DAY }, base),
    }),
    CAST(),
  );
  expect(launched.status).toBe(201);
  id = launched.body.id;
  sha = launched.body.notice.sha256;
});
afterAll(async () => {
  await sys?.close();
});

describe('a co-signer', () => {
  let requestId: string;

  it('finds the co-sign request in its inbox, unread, with the campaign', async () => {
    const r = await eventually(async () => {
      const got = await inbox(CPD());
      expect(got.body.total).toBe(1);
      return got;
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 1, unread: 1, page: 1, pageSize: 50 });
    const [item] = r.body.items;
    expect(item).toEqual({
      id: expect.stringMatching(/^\d+$/),
      kind: 'co-sign-request',
      role: 'signer',
      campaign: { id, title: TITLE, docNumber: null },
      // Worded in Chinese from its facts, as the mail is.
      subject: expect.stringMatching(new RegExp(`^【会签】请于.+前会签《${TITLE}》$`)),
      text: expect.stringContaining(`《${TITLE}》（第1稿）已送贵单位会签`),
      reason: expect.stringContaining('please co-sign notice version 1'),
      data: expect.objectContaining({ version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
      readAt: null,
    });
    requestId = item.id;
    const en = await sys.http.get('/api/v1/inbox?lang=en', CPD());
    expect(en.body.items[0].subject).not.toMatch(/[会签]/);
    // The same body's recipient desk does not read what was addressed to its signer.
    expect((await inbox(sys.token('CPD', 'recipient'))).body).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('finds the decision on its to-do list, due when co-signing is due', async () => {
    const items = await eventually(async () => {
      const got = await todo(CPD());
      expect(got).toHaveLength(1);
      return got;
    });
    expect(items).toEqual([
      { kind: 'co-sign', campaign: { id, title: TITLE, docNumber: null }, action: '会签', dueAt: new Date(coSignDueAt).toISOString(), path: `/api/v1/campaigns/${id}/notice` },
    ]);
    // A recipient desk's list has no co-signing on it.
    expect(await todo(sys.token('CPD', 'recipient'))).toEqual([]);
  });

  it('another body sees none of it and cannot mark it read: 404 naming the id, nothing marked', async () => {
    expect((await inbox(STRANGER())).body).toMatchObject({ total: 0, unread: 0, items: [] });
    expect(await todo(STRANGER())).toEqual([]);
    const foreign = await sys.http.post('/api/v1/inbox/read', { ids: [requestId] }, STRANGER());
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: expect.stringContaining(requestId) });
    expect(fields(foreign)).toEqual(['ids.0']);
    // Not even its own body's other desk; and with one of them foreign, none of a list is marked.
    expect((await sys.http.post('/api/v1/inbox/read', { ids: [requestId] }, sys.token('CPD', 'recipient'))).status).toBe(404);
    const mixed = await sys.http.post('/api/v1/inbox/read', { ids: [requestId, '999999999999999999'] }, CPD());
    expect(mixed.status).toBe(404);
    expect(fields(mixed)).toEqual(['ids.1']);
    expect(mixed.body.message).toContain('999999999999999999');
    expect((await inbox(CPD())).body).toMatchObject({ total: 1, unread: 1 });
  });

  it('marks it read: unread drops, the unread filter follows', async () => {
    const marked = await sys.http.post('/api/v1/inbox/read', { ids: [requestId] }, CPD());
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ marked: 1 });
    const after = await inbox(CPD());
    expect(after.body).toMatchObject({ total: 1, unread: 0 });
    expect(after.body.items[0].readAt).toEqual(expect.stringMatching(/Z$/));
    expect((await inbox(CPD(), '&unread=true')).body).toMatchObject({ total: 0, unread: 0, items: [] });
    expect((await inbox(CPD(), '&unread=false')).body).toMatchObject({ total: 1, unread: 0 });
    // Again: nothing new is marked, and that is no error.
    expect((await sys.http.post('/api/v1/inbox/read', { ids: [requestId] }, CPD())).body).toEqual({ marked: 0 });
  });

  it('decides, and the decision is gone from its to-do list', async () => {
    const decided = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, CPD());
    expect(decided.status).toBe(200);
    await eventually(async () => expect(await todo(CPD())).toEqual([]));
    // CAC has not decided yet: its item is still there.
    expect((await todo(CAC())).map((t) => t.kind)).toEqual(['co-sign']);
  });
});

describe('the lead and a 主送 recipient', () => {
  it('the lead finds the sign-off once everyone approved', async () => {
    expect((await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, CAC())).status).toBe(200);
    const items = await eventually(async () => {
      const got = await todo(CAST());
      expect(got).toHaveLength(1);
      return got;
    });
    expect(items).toEqual([{ kind: 'sign-off', campaign: { id, title: TITLE, docNumber: null }, action: '签发', dueAt: null, path: `/api/v1/campaigns/${id}/notice` }]);
    await eventually(async () => expect((await inbox(CAST(), '&kind=ready-for-sign-off')).body.total).toBe(1));
  });

  it('after issuance, a 主送 recipient finds the notice to acknowledge, acknowledges, and it is gone', async () => {
    const signed = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: sha }, CAST());
    expect(signed.status).toBe(200);
    const docNumber = signed.body.docNumber as string;
    await eventually(async () => expect(await todo(CAST())).toEqual([]));
    const delivered = await eventually(async () => {
      const got = await inbox(HA(), '&kind=notice-delivered');
      expect(got.body.total).toBe(1);
      return got;
    });
    expect(delivered.body.items[0]).toMatchObject({ kind: 'notice-delivered', role: 'recipient', campaign: { id, title: TITLE, docNumber }, data: { docNumber }, readAt: null });
    expect(await todo(HA())).toEqual([
      { kind: 'acknowledge', campaign: { id, title: TITLE, docNumber }, action: '签收', dueAt: null, path: `/api/v1/campaigns/${id}/notice` },
    ]);
    expect((await sys.http.post(`/api/v1/campaigns/${id}/receipts`, {}, HA())).status).toBe(200);
    expect(await todo(HA())).toEqual([]);
    // The inbox keeps what was said; the to-do list only what is still to do.
    expect((await inbox(HA())).body.total).toBe(1);
    // Another 主送 body that has not acknowledged still has it.
    expect((await todo(sys.token('BJ_CAST', 'recipient'))).map((t) => t.kind)).toEqual(['acknowledge']);
    // The stranger still sees nothing of the campaign.
    expect((await inbox(STRANGER())).body.total).toBe(0);
    expect(await todo(STRANGER())).toEqual([]);
  });

  it('filters by kind (one or several) and campaign; an administrator reads every role of its own body', async () => {
    const admin = sys.token('CPD', 'admin');
    const all = (await inbox(admin)).body;
    expect(all.items.map((n: any) => n.kind).sort()).toEqual(['co-sign-request', 'issued']);
    expect(all).toMatchObject({ total: 2, unread: 1 });
    expect((await inbox(admin, '&kind=issued')).body).toMatchObject({ total: 1, unread: 1, items: [expect.objectContaining({ kind: 'issued', role: 'signer' })] });
    expect((await inbox(admin, '&kind=issued,co-sign-request')).body.total).toBe(2);
    expect((await inbox(admin, '&kind=issued&kind=co-sign-request')).body.total).toBe(2);
    expect((await inbox(admin, '&kind=notice-delivered')).body.total).toBe(0);
    expect((await inbox(admin, '&pageSize=1&page=2')).body).toMatchObject({ total: 2, unread: 1, page: 2, pageSize: 1, items: [expect.objectContaining({ kind: 'co-sign-request' })] });
    // Without the campaign filter, the inbox reaches across campaigns: this campaign's are in it.
    const everything = await sys.http.get('/api/v1/inbox?kind=issued&pageSize=500', admin);
    expect(everything.body.items.some((n: any) => n.campaign?.id === id)).toBe(true);
  });
});

describe('bad input', () => {
  const get = (query: string) => sys.http.get(`/api/v1/inbox?${query}`, CPD());

  it.each([
    ['kind=co-sign', 'kind'],
    ['kind=issued,nonsense', 'kind'],
    ['kind=', 'kind'],
    ['campaign=not-a-uuid', 'campaign'],
    ['unread=yes', 'unread'],
    ['page=0', 'page'],
    ['pageSize=501', 'pageSize'],
    ['zz=1', 'zz'],
  ])('GET /inbox?%s is a 400 naming %s', async (query, field) => {
    const r = await get(query);
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual([field]);
  });

  it('an unknown kind is named in the message', async () => {
    expect((await get('kind=issued,nonsense')).body.message).toMatch(/"nonsense" is not one/);
  });

  it.each([
    ['an empty list', { ids: [] }, 'ids'],
    ['not a list', { ids: 'abc' }, 'ids'],
    ['no ids', {}, 'ids'],
    ['an id that is not digits', { ids: ['12', 'abc'] }, 'ids.1'],
    ['a number, not a string', { ids: [12] }, 'ids.0'],
    ['id 0', { ids: ['0'] }, 'ids.0'],
    ['an id beyond bigint', { ids: ['1'.repeat(19)] }, 'ids.0'],
    ['501 ids', { ids: Array.from({ length: 501 }, (_, i) => String(i + 1)) }, 'ids'],
    ['an unknown field', { ids: ['1'], also: true }, 'also'],
  ])('POST /inbox/read with %s is a 400 naming %s', async (_what, body, field) => {
    const r = await sys.http.post('/api/v1/inbox/read', body, CPD());
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual([field]);
  });

  it('needs a token', async () => {
    expect((await sys.http.get('/api/v1/inbox')).status).toBe(401);
    expect((await sys.http.get('/api/v1/todo')).status).toBe(401);
  });
});
