/**
 * Internal sign-off (内部审签) and 转办 inside a co-signing agency over HTTP, with real accounts
 * (made by the platform's admin, logged in: each token's `sub` is the person's login): 教育部
 * configures 经办 → 处室负责人 (或签 of two) → 分管领导; each step is taken by its people, a wrong
 * person is a 403, a step returns with a reason, an item is passed to a colleague (never to another
 * agency's person), and the last approve is MOE's decision on the hash the steps were taken on.
 * The lead sees 内部流转中 and the step, never the comments; a revision starts the steps again; an
 * agency without steps decides as before. On a database of its own: MOE's steps would change how
 * MOE decides in every other spec.
 */
import { privateDatabase } from '@db/spec-support';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { shanghaiDate, startSystem } from './support/system';

let sys: TestSystem;
let db: Awaited<ReturnType<typeof privateDatabase>>;
const TAG = `${Date.now() % 1_000_000}`;
const PASSWORD = 'correct horse battery staple';
const login = (who: string) => `${who}.${TAG}`;
const people = {
  secretariat: { agency: 'MOE', roles: ['secretariat'], name: '教育部办公厅' },
  clerk: { agency: 'MOE', roles: ['signer'], name: '张经办' },
  chief: { agency: 'MOE', roles: ['signer'], name: '李处长' },
  deputy: { agency: 'MOE', roles: ['signer'], name: '王副处长' },
  vp: { agency: 'MOE', roles: ['signer'], name: '赵司长' },
  colleague: { agency: 'MOE', roles: ['signer'], name: '钱科员' },
  stranger: { agency: 'CAC', roles: ['signer'], name: '孙网信' },
} as const;
type Person = keyof typeof people;
const tokens = {} as Record<Person, string>;

const admin = () => sys.token('CAST', 'admin');
const lead = () => sys.token('CAST', 'secretariat');
const stepsPath = '/api/v1/agencies/MOE/internal-steps';
const STEPS = () => [
  { name: '经办', mode: 'any', people: [login('clerk')] },
  { name: '处室负责人', mode: 'any', people: [login('chief'), login('deputy')] },
  { name: '分管领导', mode: 'any', people: [login('vp')] },
];
let id: string;
let v1: string;
const internal = (who: Person) => sys.http.get(`/api/v1/campaigns/${id}/co-sign/internal`, tokens[who]);
const step = (who: Person, json: Record<string, unknown>) => sys.http.post(`/api/v1/campaigns/${id}/co-sign/internal/steps`, json, tokens[who]);
const campaign = async () => (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
const moeOf = (c: any) => c.coSign.signers.find((s: any) => s.agency === 'MOE');

beforeAll(async () => {
  db = await privateDatabase();
  sys = await startSystem({ DATABASE_URL: db.url });
  for (const [who, p] of Object.entries(people)) {
    const made = await sys.http.post('/api/v1/users', { login: login(who), name: p.name, agency: p.agency, roles: p.roles, password: PASSWORD }, admin());
    expect(made.status).toBe(201);
    const session = await sys.http.post('/api/v1/auth/login', { login: login(who), password: PASSWORD });
    expect(session.status).toBe(200);
    tokens[who as Person] = session.body.accessToken;
  }
  const me = await sys.http.get('/api/v1/me', tokens.clerk);
  expect(me.body).toMatchObject({ sub: login('clerk'), agency: 'MOE' });
}, 120_000);
afterAll(async () => {
  await sys?.close();
  await db?.drop();
});

describe('an agency’s internal steps', () => {
  it('none at first; its secretariat sets 经办 → 处室负责人 (或签 of two) → 分管领导', async () => {
    expect((await sys.http.get(stepsPath, tokens.clerk)).body).toMatchObject({ agency: 'MOE', steps: [] });
    const put = await sys.http.put(stepsPath, { steps: STEPS() }, tokens.secretariat);
    expect(put.status).toBe(200);
    expect(put.body.steps).toEqual([
      { name: '经办', mode: 'any', people: [{ login: login('clerk'), name: '张经办' }] },
      { name: '处室负责人', mode: 'any', people: [{ login: login('chief'), name: '李处长' }, { login: login('deputy'), name: '王副处长' }] },
      { name: '分管领导', mode: 'any', people: [{ login: login('vp'), name: '赵司长' }] },
    ]);
    expect(put.body.updatedBy).toBe(login('secretariat'));
    expect((await sys.http.get(stepsPath, tokens.vp)).body.steps).toEqual(put.body.steps);
  });

  it('bad steps are 400s naming the field', async () => {
    const other = await sys.http.put(stepsPath, { steps: [{ name: '经办', mode: 'any', people: [login('stranger')] }] }, tokens.secretariat);
    expect(other.status).toBe(400);
    expect(other.body.fields).toEqual([{ field: 'steps.0.people.0', message: `${login('stranger')} is not an active account of MOE` }]);
    const twice = await sys.http.put(
      stepsPath,
      { steps: [{ name: '经办', mode: 'any', people: [login('clerk')] }, { name: '经办', mode: 'all', people: [] }] },
      tokens.secretariat,
    );
    expect(twice.status).toBe(400);
    expect(twice.body.fields.map((f: any) => f.field)).toEqual(['steps.1.name', 'steps.1.people']);
    const mode = await sys.http.put(stepsPath, { steps: [{ name: '经办', mode: '或签', people: [login('clerk')] }] }, tokens.secretariat);
    expect(mode.status).toBe(400);
    expect(mode.body.fields[0].field).toMatch(/^steps\.0\.mode/);
    const unknown = await sys.http.put(stepsPath, { steps: [], extra: 1 }, tokens.secretariat);
    expect(unknown.status).toBe(400);
    expect((await sys.http.put(stepsPath, {}, tokens.secretariat)).body.fields[0].field).toBe('steps');
  });

  it('kept by its own secretariat or admin, and the platform’s admin; read by its own people', async () => {
    expect((await sys.http.put(stepsPath, { steps: STEPS() }, tokens.clerk)).status).toBe(403);
    expect((await sys.http.put(stepsPath, { steps: STEPS() }, sys.token('CAC', 'secretariat'))).status).toBe(403);
    expect((await sys.http.get(stepsPath, tokens.stranger)).status).toBe(403);
    expect((await sys.http.get('/api/v1/agencies/NOPE/internal-steps', admin())).status).toBe(404);
    // An empty list is no steps; the platform's admin puts them back.
    expect((await sys.http.put(stepsPath, { steps: [] }, sys.token('MOE', 'admin'))).body.steps).toEqual([]);
    expect((await sys.http.put(stepsPath, { steps: STEPS() }, admin())).status).toBe(200);
  });
});

describe('an item of 教育部 through its steps', () => {
  it('the lead launches with MOE and CAC as co-signers; the lead sees MOE 内部流转中 at 经办', async () => {
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ title: '内部审签测试通知', coSigners: ['MOE', 'CAC'], docNumberPrefix: `内审${TAG}发` }), rebaseTo: shanghaiDate(1) },
      lead(),
    );
    expect(res.status).toBe(201);
    id = res.body.id;
    v1 = res.body.notice.sha256;
    const c = await campaign();
    expect(moeOf(c)).toMatchObject({ status: 'pending', internal: { step: '经办', index: 0, of: 3, at: moeOf(c).askedAt } });
    expect(c.coSign.signers.find((s: any) => s.agency === 'CAC').internal).toBeNull();
  });

  it('MOE’s own view: the steps, where it stands, what the caller may do', async () => {
    const res = await internal('clerk');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      agency: 'MOE',
      hasSteps: true,
      notice: { version: 1, sha256: v1 },
      steps: [{ name: '经办', state: 'current' }, { name: '处室负责人', state: 'waiting' }, { name: '分管领导', state: 'waiting' }],
      current: { index: 0, name: '经办', holders: [{ login: login('clerk'), name: '张经办' }] },
      history: [],
      actions: ['approve', 'transfer'],
    });
    expect((await internal('vp')).body.actions).toEqual([]);
    // Another agency sees nothing of it; the lead is no co-signer.
    expect((await sys.http.get(`/api/v1/campaigns/${id}/co-sign/internal`, lead())).status).toBe(403);
  });

  it('a direct decision by MOE’s signer is refused: the steps must be taken', async () => {
    const res = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v1 }, sys.token('MOE', 'signer'));
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('INTERNAL_STEPS_REQUIRED');
  });

  it('a person not in the current step is a 403 (the 分管领导 before the 经办)', async () => {
    const res = await step('vp', { action: 'approve' });
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('经办');
    // CAC co-signs without steps (its signer decides); NHC is no co-signer at all.
    expect((await step('stranger', { action: 'approve' })).body.error).toBe('WRONG_STEP');
    expect((await sys.http.post(`/api/v1/campaigns/${id}/co-sign/internal/steps`, { action: 'approve' }, sys.token('NHC', 'signer'))).status).toBe(403);
    expect((await step('clerk', { action: 'sign' })).status).toBe(400);
    expect((await step('clerk', { action: 'approve', noticeSha256: 'f'.repeat(64) })).body.error).toBe('STALE_NOTICE');
  });

  it('转办: the clerk passes the item to a colleague; to another agency’s person is refused', async () => {
    expect((await step('clerk', { action: 'transfer', to: login('stranger') })).status).toBe(403);
    const unknown = await step('clerk', { action: 'transfer', to: 'nobody.here' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe('to');
    expect((await step('clerk', { action: 'transfer' })).body.fields[0].field).toBe('to');
    const moved = await step('clerk', { action: 'transfer', to: login('colleague'), comment: '请钱科员起草意见' });
    expect(moved.status).toBe(200);
    expect(moved.body.current.holders).toEqual([{ login: login('colleague'), name: '钱科员' }]);
    expect((await step('clerk', { action: 'approve' })).status).toBe(403);
  });

  it('the colleague drafts the opinion (经办); the 处室负责人 returns it with a reason; approved again', async () => {
    const drafted = await step('colleague', { action: 'approve', comment: '拟同意，建议补充校园科普内容' });
    expect(drafted.status).toBe(200);
    expect(drafted.body.current).toMatchObject({ name: '处室负责人' });
    expect((await internal('deputy')).body.actions).toEqual(['approve', 'return', 'transfer']);

    const bare = await step('chief', { action: 'return' });
    expect(bare.status).toBe(400);
    expect(bare.body.fields).toEqual([{ field: 'comment', message: 'returning it needs a reason' }]);
    const back = await step('chief', { action: 'return', comment: '意见请写明依据' });
    expect(back.status).toBe(200);
    expect(back.body.current).toMatchObject({ index: 0, name: '经办', holders: [{ login: login('colleague') }] });
    expect(moeOf(await campaign()).internal).toMatchObject({ step: '经办', at: back.body.current.since });

    expect((await step('colleague', { action: 'approve', comment: '依据《全民科学素质行动规划纲要》，拟同意' })).status).toBe(200);
    // 或签: either of the two takes it; the other then may not.
    const taken = await step('deputy', { action: 'approve', comment: '同意，报分管领导' });
    expect(taken.status).toBe(200);
    expect(taken.body.current).toMatchObject({ name: '分管领导' });
    expect((await step('chief', { action: 'approve' })).status).toBe(403);
  });

  it('the lead sees 内部流转中 at 分管领导, and none of the comments', async () => {
    const c = await campaign();
    expect(moeOf(c)).toMatchObject({ status: 'pending', comment: null, internal: { step: '分管领导', index: 2, of: 3 } });
    const everything = JSON.stringify(c);
    for (const said of ['依据', '同意，报分管领导', '钱科员', login('colleague')]) expect(everything).not.toContain(said);
    expect(JSON.stringify((await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body)).not.toContain('依据');
  });

  it('MOE’s history: who took what, with their comments, on which version', async () => {
    const res = await internal('vp');
    expect(res.body.history.map((h: any) => [h.stepName, h.by.login, h.action, h.comment, h.to?.login ?? null])).toEqual([
      ['经办', login('clerk'), 'transfer', '请钱科员起草意见', login('colleague')],
      ['经办', login('colleague'), 'approve', '拟同意，建议补充校园科普内容', null],
      ['处室负责人', login('chief'), 'return', '意见请写明依据', null],
      ['经办', login('colleague'), 'approve', '依据《全民科学素质行动规划纲要》，拟同意', null],
      ['处室负责人', login('deputy'), 'approve', '同意，报分管领导', null],
    ]);
    expect(res.body.actions).toEqual(['approve', 'return', 'transfer', 'reject']);
  });

  it('a revision meanwhile: the steps start again on the new version', async () => {
    const notice = (await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead())).body;
    const rev = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: `${notice.body}\n（修订）`, note: '补充' }, lead());
    expect(rev.status).toBe(201);
    // What the 分管领导 read was version 1: stale.
    const stale = await step('vp', { action: 'approve', noticeSha256: v1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('STALE_NOTICE');
    const view = (await internal('clerk')).body;
    expect(view).toMatchObject({ notice: { version: 2, sha256: rev.body.sha256 }, current: { index: 0, name: '经办' }, history: [] });
    expect(moeOf(await campaign()).internal).toMatchObject({ step: '经办', index: 0 });
    v1 = rev.body.sha256;
  });

  it('through the steps again; the 分管领导’s approve is MOE’s decision on the hash', async () => {
    expect((await step('clerk', { action: 'approve', comment: '拟同意' })).status).toBe(200);
    expect((await step('chief', { action: 'approve', comment: '同意' })).status).toBe(200);
    const decided = await step('vp', { action: 'approve', comment: '同意会签', noticeSha256: v1 });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      current: null,
      decision: { decision: 'approve', by: login('vp'), comment: '同意会签' },
      signer: { status: 'approved', noticeSha256: v1 },
      actions: [],
    });
    expect(decided.body.steps.map((s: any) => s.state)).toEqual(['done', 'done', 'done']);
    const c = await campaign();
    expect(moeOf(c)).toMatchObject({ status: 'approved', noticeSha256: v1, comment: '同意会签', internal: null });
    const audit = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body.entries;
    expect(audit.filter((e: any) => e.actor === login('vp')).length).toBeGreaterThan(0);
    expect((await step('vp', { action: 'approve' })).status).toBe(409);
  });

  it('an agency without steps decides as before (CAC’s signer); the lead signs off', async () => {
    const res = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v1 }, sys.token('CAC', 'signer'));
    expect(res.status).toBe(200);
    expect((await sys.http.get(`/api/v1/campaigns/${id}/co-sign/internal`, tokens.stranger)).body).toMatchObject({ hasSteps: false, steps: [], actions: [] });
    expect((await step('stranger', { action: 'approve' })).status).toBe(409);
    const signed = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v1 }, lead());
    expect(signed.status).toBe(200);
  });
});

describe('the last step’s 不同意', () => {
  it('is MOE’s rejection with its reason', async () => {
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ title: '内部审签不同意测试', coSigners: ['MOE'], docNumberPrefix: `内审乙${TAG}发` }), rebaseTo: shanghaiDate(1) },
      lead(),
    );
    id = res.body.id;
    await step('clerk', { action: 'approve' });
    expect((await step('chief', { action: 'reject', comment: '不同意' })).status).toBe(409);
    await step('chief', { action: 'approve' });
    expect((await step('vp', { action: 'reject' })).body.fields[0].field).toBe('comment');
    const rejected = await step('vp', { action: 'reject', comment: '请删去与教育部职责无关的内容' });
    expect(rejected.status).toBe(200);
    expect(moeOf(await campaign())).toMatchObject({ status: 'rejected', comment: '请删去与教育部职责无关的内容', internal: null });
  });
});
