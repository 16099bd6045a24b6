/**
 * The people of each body (contacts) over HTTP with real tokens: read by the body's own people,
 * kept by its secretariat, imported from CSV by the platform's administrators (all rows or none,
 * row errors named; the same file again changes nothing). The seed notices' contact lines are
 * there for CAST and HA_CAST.
 */
import type { TestSystem } from './support/system';
import { startIsolatedSystem } from './support/system';

let sys: TestSystem;
// Two bodies of this spec's own (imported below), on a database of its own: two cities under 河南
// would change what 河南's group phrases (各省辖市…) resolve to in every other spec's directory.
const TAG = `${Date.now() % 1_000_000}`.padStart(6, '0');
const A = `CT${TAG}_A`;
const B = `CT${TAG}_B`;
const admin = () => sys.token('CAST', 'admin');
const csv = (token: string, body: string, contentType = 'text/csv') =>
  sys.http.raw('/api/v1/contacts/import', { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${token}` }, body });
const contactsOf = (code: string) => sys.http.get(`/api/v1/agencies/${code}/contacts`, admin());
const stored = async () => (await sys.db.query('SELECT id, agency, name, email, phone, roles, updated_at FROM contacts WHERE agency IN ($1, $2) ORDER BY id', [A, B])) as unknown[];
const fieldsOf = (res: { body: any }) => res.body.fields.map((f: any) => f.field);

beforeAll(async () => {
  sys = await startIsolatedSystem();
  const bodies = [
    'code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion',
    `${A},联系人测试甲单位${TAG},甲单位,municipal,CAST,CT${TAG}A,甲市,city,HA_CAST,HA`,
    `${B},联系人测试乙单位${TAG},乙单位,municipal,CAST,CT${TAG}B,乙市,city,HA_CAST,HA`,
  ].join('\n');
  const imported = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${admin()}` }, body: bodies });
  expect(imported.status).toBe(201);
});
afterAll(async () => {
  await sys?.close();
});

describe('reading a body’s contacts', () => {
  it('lists the contact lines of the seed notices for CAST and HA_CAST', async () => {
    const cast = await sys.http.get('/api/v1/agencies/CAST/contacts', sys.token('CAST', 'secretariat'));
    expect(cast.status).toBe(200);
    expect(cast.body.slice(0, 4)).toEqual([
      { id: '6f1c0a5e-2c64-4d71-9a51-000000000001', agency: 'CAST', name: '王晓萌', roles: ['secretariat'], email: 'kepuri@cast.org.cn', phone: '010-68512519', language: 'zh-CN', channels: ['email'], createdAt: expect.any(String), updatedAt: expect.any(String) },
      expect.objectContaining({ name: '刘天扬', email: 'kepuri@cast.org.cn', phone: '010-68512519' }),
      expect.objectContaining({ name: '蒙昌乐', email: null, phone: '010-63589586' }),
      expect.objectContaining({ name: '赵婷婷', email: null, phone: '010-68526217' }),
    ]);
    const henan = await sys.http.get('/api/v1/agencies/HA_CAST/contacts', sys.token('HA_CAST', 'signer'));
    expect(henan.status).toBe(200);
    expect(henan.body.slice(0, 2).map((c: any) => [c.name, c.email, c.phone])).toEqual([
      ['李二静', 'henankepu@163.com', '0371-65709215'],
      ['高汶静', 'henankepu@163.com', '0371-65707550'],
    ]);
    // Any of the body's own people, and the platform's administrators.
    expect((await sys.http.get('/api/v1/agencies/HA_CAST/contacts', sys.token('HA_CAST', 'recipient'))).status).toBe(200);
    expect((await sys.http.get('/api/v1/agencies/HA_CAST/contacts', admin())).body).toEqual(henan.body);
  });

  it('is refused to other bodies (403), even their administrators; an unknown body is a 404', async () => {
    const other = await sys.http.get('/api/v1/agencies/HA_CAST/contacts', sys.token('MOE', 'secretariat'));
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN', fields: [] });
    expect((await sys.http.get('/api/v1/agencies/HA_CAST/contacts', sys.token('MOE', 'admin'))).status).toBe(403);
    expect((await sys.http.get('/api/v1/agencies/CAST/contacts', sys.token('HA_CAST', 'secretariat'))).status).toBe(403);
    expect((await sys.http.get('/api/v1/agencies/NO_SUCH_BODY/contacts', admin())).status).toBe(404);
    expect((await sys.http.get('/api/v1/agencies/lower-case/contacts', admin())).status).toBe(404);
    expect((await sys.http.get('/api/v1/agencies/HA_CAST/contacts')).status).toBe(401);
  });
});

describe('a body’s secretariat keeps its contacts', () => {
  const secA = () => sys.token(A, 'secretariat');
  const person = { name: '张三', roles: ['signer', 'secretariat'], email: 'zhangsan@example.org', phone: '0371-65709215' };

  it('adds, reads, replaces and removes one of its own', async () => {
    const created = await sys.http.post(`/api/v1/agencies/${A}/contacts`, person, secA());
    expect(created.status).toBe(201);
    const c = created.body;
    expect(c).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      agency: A,
      name: '张三',
      roles: ['secretariat', 'signer'],
      email: 'zhangsan@example.org',
      phone: '0371-65709215',
      language: 'zh-CN',
      channels: ['email'],
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: c.createdAt,
    });
    expect((await sys.http.get(`/api/v1/agencies/${A}/contacts`, sys.token(A, 'signer'))).body).toEqual([c]);

    const replaced = await sys.http.put(`/api/v1/agencies/${A}/contacts/${c.id}`, { name: '张三', roles: ['recipient'], email: null, language: 'en', channels: [] }, secA());
    expect(replaced.status).toBe(200);
    // A replacement: what is left out (phone) takes its default; no channels means the inbox only.
    expect(replaced.body).toEqual({ ...c, roles: ['recipient'], email: null, phone: null, language: 'en', channels: [], updatedAt: expect.any(String) });
    expect((await contactsOf(A)).body).toEqual([replaced.body]);

    const removed = await sys.http.delete(`/api/v1/agencies/${A}/contacts/${c.id}`, secA());
    expect([removed.status, removed.body]).toEqual([204, null]);
    expect((await contactsOf(A)).body).toEqual([]);
    expect((await sys.http.delete(`/api/v1/agencies/${A}/contacts/${c.id}`, secA())).status).toBe(404);
    expect((await sys.http.put(`/api/v1/agencies/${A}/contacts/${c.id}`, person, secA())).status).toBe(404);
    expect((await sys.http.put(`/api/v1/agencies/${A}/contacts/not-a-uuid`, person, secA())).status).toBe(404);
  });

  it('another body’s secretariat, a signer, another body’s administrator cannot write (403); an id of another body is a 404, untouched', async () => {
    const mine = (await sys.http.post(`/api/v1/agencies/${A}/contacts`, { ...person, name: '李四' }, secA())).body;
    const before = await stored();

    const secB = sys.token(B, 'secretariat');
    expect((await sys.http.post(`/api/v1/agencies/${A}/contacts`, person, secB)).status).toBe(403);
    expect((await sys.http.put(`/api/v1/agencies/${A}/contacts/${mine.id}`, person, secB)).status).toBe(403);
    expect((await sys.http.delete(`/api/v1/agencies/${A}/contacts/${mine.id}`, secB)).status).toBe(403);
    // B's secretariat naming A's contact under its own body: not found, and A's contact stays.
    expect((await sys.http.put(`/api/v1/agencies/${B}/contacts/${mine.id}`, person, secB)).status).toBe(404);
    expect((await sys.http.delete(`/api/v1/agencies/${B}/contacts/${mine.id}`, secB)).status).toBe(404);
    // The body's own signer and recipient desk read, but do not keep, its contacts.
    const signer = await sys.http.post(`/api/v1/agencies/${A}/contacts`, person, sys.token(A, 'signer'));
    expect(signer.status).toBe(403);
    expect((await sys.http.delete(`/api/v1/agencies/${A}/contacts/${mine.id}`, sys.token(A, 'recipient'))).status).toBe(403);
    // An administrator of another body (or of this one, without the secretariat role) is not the platform's.
    expect((await sys.http.post(`/api/v1/agencies/${A}/contacts`, person, sys.token('MOE', 'admin'))).status).toBe(403);
    expect((await sys.http.post(`/api/v1/agencies/${A}/contacts`, person, sys.token(A, 'admin'))).status).toBe(403);
    expect((await sys.http.post(`/api/v1/agencies/NO_SUCH_BODY/contacts`, person, secB)).status).toBe(404);
    expect(await stored()).toEqual(before);

    // The platform's administrators keep every body's contacts.
    const byAdmin = await sys.http.put(`/api/v1/agencies/${A}/contacts/${mine.id}`, { ...person, name: '李四', phone: '010-1' }, admin());
    expect([byAdmin.status, byAdmin.body.phone]).toEqual([200, '010-1']);
    expect((await sys.http.delete(`/api/v1/agencies/${A}/contacts/${mine.id}`, admin())).status).toBe(204);
  });

  it('refuses bad fields with a 400 naming each, storing nothing', async () => {
    const before = await stored();
    const post = (body: Record<string, unknown>) => sys.http.post(`/api/v1/agencies/${A}/contacts`, body, secA());
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...person, email: 'zhangsan@example' }, ['email']],
      [{ ...person, email: 'zhang san@example.org' }, ['email']],
      [{ ...person, roles: ['secretariat', 'boss'] }, ['roles']],
      [{ ...person, roles: [] }, ['roles']],
      [{ ...person, language: 'fr' }, ['language']],
      [{ ...person, channels: ['sms'] }, ['channels']],
      [{ ...person, phone: '请致电办公室' }, ['phone']],
      [{ ...person, name: '' }, ['name']],
      [{ ...person, name: '张\u0000三' }, ['name']],
      [{ ...person, name: '张三\u202e' }, ['name']],
      [{ ...person, phone: '010\r68512519' }, ['phone']],
      [{ roles: ['secretariat'] }, ['name']],
      [{ ...person, agency: B }, ['agency']],
    ];
    for (const [body, fields] of cases) {
      const res = await post(body);
      expect({ body, status: res.status, fields: fieldsOf(res) }).toEqual({ body, status: 400, fields });
    }
    const bad = await post({ ...person, email: 'zhangsan@example' });
    expect(bad.body.fields).toEqual([{ field: 'email', message: expect.stringContaining('e-mail address') }]);
    expect(await stored()).toEqual(before);
  });
});

describe('the platform’s administrators import contacts from CSV', () => {
  const HEADER = 'agency,name,roles,email,phone,language';
  const good = [
    HEADER,
    `${A},王五,secretariat|signer,wangwu@example.org,0371-65709215,`,
    `${A},赵六,recipient,,0371-65709216,en`,
    `${B},孙七,reporting-unit,sunqi@example.org,,zh-CN`,
  ].join('\n');

  it('only the platform’s administrators import; the body must be CSV', async () => {
    expect((await csv(sys.token(A, 'secretariat'), good)).status).toBe(403);
    expect((await csv(sys.token('MOE', 'admin'), good)).status).toBe(403);
    expect((await csv(sys.token('CAST', 'secretariat'), good)).status).toBe(403);
    expect((await csv(admin(), good, 'text/plain')).status).toBe(415);
  });

  it('refuses the whole file when a row is bad, naming each row and field, and stores nothing', async () => {
    const before = await stored();
    const bad = await csv(
      admin(),
      [
        HEADER,
        `${A},王五,secretariat,wangwu@example.org,,`,
        `${A},赵六,recipient,zhaoliu@@example.org,,`,
        `${B},孙七,boss,,,`,
        `NO_SUCH_BODY,周八,signer,,,`,
        `${B},,signer,,,de`,
      ].join('\n'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    expect(fieldsOf(bad)).toEqual(['rows.1.email', 'rows.2.roles', 'rows.3.agency', 'rows.4.name', 'rows.4.language']);
    expect(bad.body.fields[0].message).toMatch(/^line 3: email must be an e-mail address/);
    expect(bad.body.fields[2].message).toBe('line 5: agency NO_SUCH_BODY is not in the directory');
    expect(await stored()).toEqual(before);

    const header = await csv(admin(), `agency,name,roles,fax\n${A},王五,secretariat,1\n`);
    expect([header.status, fieldsOf(header)]).toEqual([400, ['header.3']]);
    const formula = await csv(admin(), `${HEADER}\n${A},=1+1,secretariat,,,\n`);
    expect([formula.status, fieldsOf(formula)]).toEqual([400, ['rows.0.name']]);
    expect(await stored()).toEqual(before);
  });

  it('stores every row; the same file again changes nothing; a changed row updates its person', async () => {
    const first = await csv(admin(), good);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });
    const a = (await contactsOf(A)).body;
    expect(a.map((c: any) => [c.name, c.roles, c.email, c.phone, c.language, c.channels])).toEqual(
      expect.arrayContaining([
        ['王五', ['secretariat', 'signer'], 'wangwu@example.org', '0371-65709215', 'zh-CN', ['email']],
        ['赵六', ['recipient'], null, '0371-65709216', 'en', ['email']],
      ]),
    );
    expect((await contactsOf(B)).body.map((c: any) => [c.name, c.roles])).toEqual([['孙七', ['reporting-unit']]]);

    const before = await stored();
    const again = await csv(admin(), good);
    expect(again.body).toEqual({ rows: 3, inserted: 0, updated: 0, unchanged: 3 });
    expect(await stored()).toEqual(before); // not even updated_at moved

    // The same people with one phone changed, written differently (upper-case e-mail, roles reordered, a channels column).
    const changed = await csv(
      admin(),
      [
        `${HEADER},channels`,
        `${A},王五,signer|secretariat,WANGWU@example.org,0371-65709215,zh-CN,email`,
        `${A},赵六,recipient,,0371-65709299,en,`,
        `${B},孙七,reporting-unit,sunqi@example.org,,,email`,
      ].join('\r\n'),
    );
    expect(changed.body).toEqual({ rows: 3, inserted: 0, updated: 2, unchanged: 1 });
    const after = (await contactsOf(A)).body;
    expect(after).toHaveLength(a.length);
    expect(after.find((c: any) => c.name === '赵六')).toMatchObject({ id: a.find((c: any) => c.name === '赵六').id, phone: '0371-65709299' });
    expect(after.find((c: any) => c.name === '王五')).toMatchObject({ id: a.find((c: any) => c.name === '王五').id, email: 'WANGWU@example.org' });
  });
});
