/**
 * GET /api/v1/campaigns/:id/notice/versions/:a/diff/:b over the real system: a campaign launched,
 * its notice revised twice by the lead (each revision with its note), the diffs between its
 * versions read by a co-signer; who may read them, and the bad inputs.
 */
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { shanghaiDate, startSystem } from './support/system';

let sys: TestSystem;
let id: string;
const V1 = '各有关单位：\n\n一、时间和主题\n定于9月17日至23日集中开展。\n围绕卫生健康、安全生产等热点问题开展科普。\n';
const V2 = V1.replace('安全生产', '安全生产、网络安全');
const V3 = `${V2}\n联系人：王晓萌\n`;
const diff = (a: string | number, b: string | number, token = sys.token('CPD', 'signer')) => sys.http.get(`/api/v1/campaigns/${id}/notice/versions/${a}/diff/${b}`, token);

beforeAll(async () => {
  sys = await startSystem();
  const lead = sys.token('CAST', 'secretariat');
  const launched = await sys.http.post('/api/v1/campaigns', { ...smallDefinition({ title: '差异测试通知', docNumberPrefix: '差异测试发', body: V1 }), rebaseTo: shanghaiDate(1) }, lead);
  expect(launched.status).toBe(201);
  id = launched.body.id;
  for (const [body, note] of [[V2, '采纳中央网信办意见：补充网络安全'], [V3, '补充联系人']]) {
    const rev = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body, note }, lead);
    expect(rev.status).toBe(201);
  }
}, 120_000);
afterAll(async () => {
  await sys?.close();
});

describe('the diff between versions of the notice', () => {
  it('1 → 2: the phrase added within its line, character by character, with the revision’s note', async () => {
    const res = await diff(1, 2);
    expect(res.status).toBe(200);
    const notice = (await sys.http.get(`/api/v1/campaigns/${id}/notice`, sys.token('CPD', 'signer'))).body;
    expect(res.body.from).toEqual(notice.versions[0]);
    expect(res.body.to).toEqual(notice.versions[1]);
    expect(res.body.to.note).toBe('采纳中央网信办意见：补充网络安全');
    expect(res.body.notes).toEqual([{ version: 2, note: '采纳中央网信办意见：补充网络安全', createdBy: notice.versions[1].createdBy, createdAt: notice.versions[1].createdAt }]);
    expect(res.body.identical).toBe(false);
    expect(res.body.stats).toEqual({ added: 0, removed: 0, changed: 1, same: 4 });
    expect(res.body.lines[4]).toEqual({
      op: 'changed',
      a: 5,
      b: 5,
      parts: [
        { op: 'same', text: '围绕卫生健康、安全生产' },
        { op: 'added', text: '、网络安全' },
        { op: 'same', text: '等热点问题开展科普。' },
      ],
    });
  });

  it('1 → 3: both revisions’ notes; 3 → 1 reads backwards; a version with itself is identical', async () => {
    const forward = await diff(1, 3);
    expect(forward.body.notes.map((n: { note: string }) => n.note)).toEqual(['采纳中央网信办意见：补充网络安全', '补充联系人']);
    expect(forward.body.stats).toEqual({ added: 2, removed: 0, changed: 1, same: 4 });
    expect(forward.body.lines.slice(-2)).toEqual([
      { op: 'added', b: 6, text: '' },
      { op: 'added', b: 7, text: '联系人：王晓萌' },
    ]);
    const back = await diff(3, 1);
    expect(back.body.stats).toEqual({ added: 0, removed: 2, changed: 1, same: 4 });
    expect(back.body.notes).toEqual(forward.body.notes);
    const same = await diff(2, 2);
    expect(same.body).toMatchObject({ identical: true, notes: [], stats: { added: 0, removed: 0, changed: 0, same: 5 } });
  });

  it('is for the campaign’s parties, as the notice is', async () => {
    expect((await diff(1, 2, sys.token('CAST', 'secretariat'))).status).toBe(200);
    expect((await diff(1, 2, sys.token('GD_ST', 'secretariat'))).status).toBe(403);
    expect((await sys.http.get(`/api/v1/campaigns/${id}/notice/versions/1/diff/2`)).status).toBe(401);
  });
});

describe('bad input', () => {
  it('a version that does not exist: 404', async () => {
    for (const [a, b] of [[1, 4], [4, 1], [999999999, 2]]) {
      const res = await diff(a, b);
      expect(res.status).toBe(404);
    }
    expect((await sys.http.get('/api/v1/campaigns/00000000-0000-4000-8000-000000000000/notice/versions/1/diff/2', sys.token('CAST', 'admin'))).status).toBe(404);
  });

  it('a version that is not a whole number from 1: 400 naming a or b (or both)', async () => {
    const cases: [string, string, string[]][] = [
      ['x', '2', ['a']],
      ['1', '1.5', ['b']],
      ['-1', '2', ['a']],
      ['1e3', '0x10', ['a', 'b']],
      ['1', '9999999999', ['b']],
      ['%00', '2', ['a']],
      ['0', '1', ['a']],
    ];
    for (const [a, b, fields] of cases) {
      const res = await diff(a, b);
      expect({ a, b, status: res.status, fields: res.body.fields.map((f: { field: string }) => f.field) }).toEqual({ a, b, status: 400, fields });
    }
  });
});
