/**
 * Comments (意见) on passages of the notice, over HTTP against the real system: co-signers comment
 * on passages of version 1 without deciding, the lead answers and marks one resolved, who may do
 * each, the bad inputs; the lead revises, and the open comments are carried to version 2 — one
 * moved with its passage, one whose passage was edited away (stale) — while the resolved one stays
 * with version 1; after sign-off no new comment or reply is taken.
 */
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

const V1 = '各有关单位：\n一、时间和主题\n定于9月17日至23日集中开展。\n二、活动内容\n围绕卫生健康、安全生产等热点问题开展科普。\n请各省科协组织开展，各省科协于10月10日前报送总结。\n';
// Version 2: a paragraph inserted at the top (everything after it moves), the dates edited away.
const V2 = V1.replace('各有关单位：\n', '各有关单位：\n为深入贯彻落实科学技术普及法，现将有关事项通知如下。\n').replace('定于9月17日至23日集中开展。', '集中活动时间另行通知。');

let sys: TestSystem;
let id: string;
const lead = () => sys.token('CAST', 'secretariat');
const signer = (agency: string) => sys.token(agency, 'signer');
const url = (rest = '') => `/api/v1/campaigns/${id}/notice/comments${rest}`;
const cp = (s: string) => Array.from(s);
/** The passage of `text` where `quote` occurs (the n-th time), offsets in code points. */
function passage(text: string, quote: string, nth = 0) {
  let from = 0;
  for (let k = 0; ; k++) {
    const unit = text.indexOf(quote, from);
    if (unit < 0) throw new Error(`${quote} not in text`);
    if (k === nth) {
      const start = cp(text.slice(0, unit)).length;
      return { start, end: start + cp(quote).length, quote };
    }
    from = unit + 1;
  }
}
const fields = (res: { body: { fields?: { field: string }[] } }) => (res.body.fields ?? []).map((f) => f.field).sort();

/** Who was told what of comments, from the lead's outbox view. */
async function told(kind: string) {
  const res = await sys.http.get(`/api/v1/campaigns/${id}/notifications?kind=${kind}`, lead());
  return res.body.entries.map((e: { to: { agency: string; role: string }; reason: string }) => ({ to: `${e.to.agency}/${e.to.role}`, reason: e.reason }));
}

let safety: string; // CAC's comment on 安全生产 (resolved before the revision)
let dates: string; // CPD's on the dates (edited away in v2)
let health: string; // CPD's on 卫生健康 (moved in v2)
let second: string; // MOE's on the second 各省科协 (a repeated passage)

beforeAll(async () => {
  sys = await startSystem();
  const launched = await sys.http.post(
    '/api/v1/campaigns',
    { ...smallDefinition({ title: '意见测试通知', docNumberPrefix: '意见测试发', coSigners: ['CPD', 'CAC', 'MOE'], body: V1 }), rebaseTo: shanghaiDate(1) },
    lead(),
  );
  expect(launched.status).toBe(201);
  id = launched.body.id;
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

describe('co-signers comment on passages of version 1', () => {
  it('a co-signer’s signer comments on a passage without deciding; the lead’s secretariat is told', async () => {
    const res = await sys.http.post(url(), { version: 1, ...passage(V1, '安全生产'), text: '建议补充网络安全科普内容。' }, signer('CAC'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      version: 1,
      ...passage(V1, '安全生产'),
      text: '建议补充网络安全科普内容。',
      agency: 'CAC',
      by: 'cac-signer',
      status: 'open',
      resolvedAt: null,
      anchor: { version: 1, ...{ start: passage(V1, '安全生产').start, end: passage(V1, '安全生产').end } },
      stale: false,
      replies: [],
    });
    safety = res.body.id;
    expect(await told('notice-comment')).toEqual([{ to: 'CAST/secretariat', reason: 'CAC commented on “安全生产” of version 1: 建议补充网络安全科普内容。' }]);
    // Not a decision: CAC is still pending.
    const c = await sys.http.get(`/api/v1/campaigns/${id}`, lead());
    expect(c.body.coSign.signers.find((s: { agency: string }) => s.agency === 'CAC').status).toBe('pending');
  });

  it('a co-signer’s secretariat comments too; a repeated passage is told apart by its offsets', async () => {
    const a = await sys.http.post(url(), { version: 1, ...passage(V1, '定于9月17日至23日集中开展。'), text: '时间请与各地再核实。' }, sys.token('CPD', 'secretariat'));
    const b = await sys.http.post(url(), { version: 1, ...passage(V1, '卫生健康'), text: '建议写作“健康中国”。' }, signer('CPD'));
    const c = await sys.http.post(url(), { version: 1, ...passage(V1, '各省科协', 1), text: '报送主体请写明。' }, signer('MOE'));
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    [dates, health, second] = [a.body.id, b.body.id, c.body.id];
    expect(c.body.start).toBe(passage(V1, '各省科协', 1).start);
    expect(c.body.start).not.toBe(passage(V1, '各省科协', 0).start);
  });

  it('the lead, every co-signer and the platform’s admin read all of them; a recipient, a non-party and no token do not', async () => {
    for (const token of [lead(), signer('CPD'), signer('MOE'), sys.token('CAC', 'secretariat'), sys.token('CAST', 'admin')]) {
      const res = await sys.http.get(url(), token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ campaignId: id, version: 1, currentVersion: 1, offsetUnit: 'code-point', counts: { open: 4, resolved: 0, stale: 0 } });
      expect(res.body.comments.map((x: { id: string }) => x.id)).toEqual([safety, dates, health, second]);
    }
    expect((await sys.http.get(url(), sys.token('HA_CAST', 'recipient'))).status).toBe(403);
    expect((await sys.http.get(url(), sys.token('HA_CAST', 'secretariat'))).status).toBe(403);
    expect((await sys.http.get(url(), sys.token('GD_ST', 'signer'))).status).toBe(403);
    expect((await sys.http.get(url())).status).toBe(401);
  });

  it('only a co-signer comments: not the lead, not another agency, not a recipient desk', async () => {
    const body = { version: 1, ...passage(V1, '科普'), text: '意见' };
    expect((await sys.http.post(url(), body, lead())).status).toBe(403);
    expect((await sys.http.post(url(), body, signer('GD_ST'))).status).toBe(403);
    expect((await sys.http.post(url(), body, sys.token('HA_CAST', 'recipient'))).status).toBe(403);
    expect((await sys.http.post(url(), body, sys.token('CAC', 'recipient'))).status).toBe(403);
    expect((await sys.http.get(url(), lead())).body.comments).toHaveLength(4);
  });

  it('bad inputs: a 400 naming the field, and nothing stored', async () => {
    const ok = { version: 1, ...passage(V1, '安全生产'), text: '意见' };
    const n = cp(V1).length;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...ok, quote: '生产安全' }, ['quote']],
      [{ ...ok, start: ok.start + 1, end: ok.end + 1 }, ['quote']],
      [{ ...ok, start: n, end: n + 1 }, ['end', 'start']],
      [{ ...ok, end: n + 5 }, ['end']],
      [{ ...ok, end: ok.start }, ['end']],
      [{ ...ok, start: -1 }, ['start']],
      [{ ...ok, start: 1.5 }, ['start']],
      [{ ...ok, start: '3' }, ['start']],
      [{ ...ok, version: 9 }, ['version']],
      [{ ...ok, version: 0 }, ['version']],
      [{ ...ok, text: '' }, ['text']],
      [{ ...ok, text: '   ' }, ['text']],
      [{ ...ok, text: '意见\u0000' }, ['text']],
      [{ ...ok, quote: '安全\u0000生产' }, ['quote']],
      [{ ...ok, text: 'x'.repeat(4001) }, ['text']],
      [{ ...ok, extra: 1 }, ['extra']],
      [{ version: 1, text: '意见' }, ['end', 'quote', 'start']],
    ];
    for (const [body, expected] of cases) {
      const res = await sys.http.post(url(), body, signer('CAC'));
      expect({ body, status: res.status, fields: fields(res) }).toEqual({ body, status: 400, fields: expected });
    }
    expect((await sys.http.get(url(), lead())).body.comments).toHaveLength(4);
    expect((await sys.http.get(url('?version=x'), lead())).status).toBe(400);
    expect((await sys.http.get(url('?version=2'), lead())).status).toBe(404);
  });
});

describe('answers: replies and resolution', () => {
  it('the lead’s secretariat replies; the commenting agency is told, in the role it commented in', async () => {
    const res = await sys.http.post(url(`/${safety}/replies`), { text: '拟在第二部分补充。' }, lead());
    expect(res.status).toBe(201);
    expect(res.body.replies).toEqual([expect.objectContaining({ agency: 'CAST', by: 'cast-secretariat', text: '拟在第二部分补充。' })]);
    const cpd = await sys.http.post(url(`/${dates}/replies`), { text: '已与各地核实。' }, lead());
    expect(cpd.status).toBe(201);
    expect(await told('notice-comment-answered')).toEqual([
      { to: 'CAC/signer', reason: 'the lead answered your comment on “安全生产” of version 1: 拟在第二部分补充。' },
      { to: 'CPD/secretariat', reason: 'the lead answered your comment on “定于9月17日至23日集中开展。” of version 1: 已与各地核实。' },
    ]);
  });

  it('the commenting agency follows up, and the lead is told; another co-signer may not reply to it', async () => {
    const res = await sys.http.post(url(`/${safety}/replies`), { text: '可参照去年的表述。' }, sys.token('CAC', 'secretariat'));
    expect(res.status).toBe(201);
    expect(res.body.replies.map((r: { agency: string }) => r.agency)).toEqual(['CAST', 'CAC']);
    expect((await told('notice-comment')).at(-1)).toEqual({ to: 'CAST/secretariat', reason: 'CAC followed up on its comment on “安全生产” of version 1: 可参照去年的表述。' });
    expect((await sys.http.post(url(`/${safety}/replies`), { text: '同意' }, signer('CPD'))).status).toBe(403);
    expect((await sys.http.post(url(`/${safety}/replies`), { text: '同意' }, signer('CAST'))).status).toBe(403);
    expect((await sys.http.post(url(`/${safety}/replies`), { text: '同意' }, sys.token('HA_CAST', 'recipient'))).status).toBe(403);
    expect((await sys.http.post(url(`/${safety}/replies`), { text: '同意' }, signer('GD_ST'))).status).toBe(403);
  });

  it('bad replies: empty, NUL, unknown fields (400); an unknown comment (404)', async () => {
    for (const [body, expected] of [
      [{ text: '' }, ['text']],
      [{ text: '\u0000' }, ['text']],
      [{}, ['text']],
      [{ text: '好', resolved: true }, ['resolved']],
    ] as [Record<string, unknown>, string[]][]) {
      const res = await sys.http.post(url(`/${safety}/replies`), body, lead());
      expect({ body, status: res.status, fields: fields(res) }).toEqual({ body, status: 400, fields: expected });
    }
    expect((await sys.http.post(url('/00000000-0000-4000-8000-000000000000/replies'), { text: '好' }, lead())).status).toBe(404);
    expect((await sys.http.post(url('/not-a-comment/replies'), { text: '好' }, lead())).status).toBe(404);
    expect((await sys.http.post(url('/00000000-0000-4000-8000-000000000000/resolve'), {}, lead())).status).toBe(404);
  });

  it('only the lead’s secretariat marks a comment resolved; the commenter is told; then it takes no more', async () => {
    expect((await sys.http.post(url(`/${safety}/resolve`), {}, sys.token('CAC', 'secretariat'))).status).toBe(403);
    expect((await sys.http.post(url(`/${safety}/resolve`), {}, signer('CAC'))).status).toBe(403);
    expect((await sys.http.post(url(`/${safety}/resolve`), {}, sys.token('CAST', 'admin'))).status).toBe(403);
    const res = await sys.http.post(url(`/${safety}/resolve`), { text: '已采纳，见第2稿。' }, lead());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolvedBy: 'cast-secretariat' });
    expect(res.body.replies.at(-1)).toMatchObject({ agency: 'CAST', text: '已采纳，见第2稿。' });
    expect((await told('notice-comment-answered')).at(-1)).toEqual({ to: 'CAC/signer', reason: 'the lead marked resolved your comment on “安全生产” of version 1: 已采纳，见第2稿。' });
    const again = await sys.http.post(url(`/${safety}/resolve`), {}, lead());
    expect([again.status, again.body.error]).toEqual([409, 'COMMENT_RESOLVED']);
    const reply = await sys.http.post(url(`/${safety}/replies`), { text: '还有一点' }, signer('CAC'));
    expect([reply.status, reply.body.error]).toEqual([409, 'COMMENT_RESOLVED']);
  });
});

describe('carried to the next version', () => {
  it('after a revision, version 2 shows the open comments where their passages are now, or stale; the resolved one stays with version 1', async () => {
    const rev = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: V2, note: '补充依据，时间另行通知' }, lead());
    expect(rev.status).toBe(201);
    const view = await eventually(async () => {
      const res = await sys.http.get(url(), signer('CPD'));
      expect(res.body.version).toBe(2);
      return res.body;
    });
    expect(view).toMatchObject({ currentVersion: 2, counts: { open: 3, resolved: 0, stale: 1 } });
    const byId = Object.fromEntries(view.comments.map((x: { id: string }) => [x.id, x]));
    expect(Object.keys(byId).sort()).toEqual([dates, health, second].sort());
    // Moved: the same passage, further down.
    const moved = passage(V2, '卫生健康');
    expect(byId[health]).toMatchObject({ version: 1, ...passage(V1, '卫生健康'), anchor: { version: 2, start: moved.start, end: moved.end }, stale: false });
    expect(moved.start).toBeGreaterThan(passage(V1, '卫生健康').start);
    // The repeated passage: still the second occurrence.
    expect(byId[second].anchor).toEqual({ version: 2, start: passage(V2, '各省科协', 1).start, end: passage(V2, '各省科协', 1).end });
    // Edited away: kept, marked stale, with its quote and its replies.
    expect(byId[dates]).toMatchObject({ anchor: null, stale: true, quote: '定于9月17日至23日集中开展。', status: 'open' });
    expect(byId[dates].replies).toHaveLength(1);
    // Version 1's own view keeps all four, the resolved one included, anchored in version 1.
    const v1 = (await sys.http.get(url('?version=1'), lead())).body;
    expect(v1).toMatchObject({ version: 1, currentVersion: 2, counts: { open: 3, resolved: 1, stale: 0 } });
    expect(v1.comments.find((x: { id: string }) => x.id === safety)).toMatchObject({ status: 'resolved', anchor: { version: 1 } });
  });

  it('a comment on version 2 is checked against version 2’s text; a carried one is answered as before', async () => {
    const p = passage(V2, '科学技术普及法');
    expect((await sys.http.post(url(), { version: 2, ...p, text: '请写全称。' }, signer('MOE'))).status).toBe(201);
    const wrong = await sys.http.post(url(), { version: 1, ...p, text: '请写全称。' }, signer('MOE'));
    expect([wrong.status, fields(wrong)]).toEqual([400, ['quote']]);
    expect((await sys.http.post(url(`/${health}/replies`), { text: '已改。' }, lead())).status).toBe(201);
    expect((await sys.http.get(url(), lead())).body.counts).toEqual({ open: 4, resolved: 0, stale: 1 });
  });
});

describe('after sign-off', () => {
  it('no new comment or reply (409); the lead may still close what is open; the audit chain is untouched and verifies', async () => {
    const notice = await eventually(async () => {
      const res = await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead());
      expect(res.body.version).toBe(2);
      return res.body;
    });
    for (const agency of ['CPD', 'CAC', 'MOE']) {
      const res = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: notice.sha256 }, signer(agency));
      expect(res.status).toBe(200);
    }
    const signed = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: notice.sha256 }, lead());
    expect(signed.status).toBe(200);
    const late = await sys.http.post(url(), { version: 2, ...passage(V2, '卫生健康'), text: '还有意见' }, signer('CPD'));
    expect([late.status, late.body.error]).toEqual([409, 'WRONG_PHASE']);
    const reply = await sys.http.post(url(`/${health}/replies`), { text: '好' }, signer('CPD'));
    expect([reply.status, reply.body.error]).toEqual([409, 'WRONG_PHASE']);
    expect((await sys.http.post(url(`/${dates}/resolve`), {}, lead())).status).toBe(200);
    const audit = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body;
    expect(audit.verified).toBe(true);
    expect(audit.entries.some((e: { type: string }) => /comment/i.test(e.type))).toBe(false);
  });
});
