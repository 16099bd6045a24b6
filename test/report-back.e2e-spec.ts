/**
 * Report-back (总结报送) and commendation (表扬 / 推荐), over HTTP against the real system with real
 * tokens: a small national campaign whose reporting units are the provincial 科协, and Henan's relay
 * of it (河南省科协 with 河南省教育厅, to the city 科协). The timeline is real time: the phases
 * follow in seconds, so the steps below run in order and share the two campaigns.
 */
import type { Issued, TimelineOffsets } from './support/campaign';
import { issueCampaign, issuedSmallCampaign, shanghaiIso, untilPhase } from './support/campaign';
import type { TestSystem } from './support/system';
import { eventually, startSystem } from './support/system';

const S = 1000;
/** The national campaign's timeline; the relay reports at +16 s, before the national +22 s. */
const OFFSETS: TimelineOffsets = { opens: 8 * S, weekStarts: 9 * S, weekEnds: 10 * S, summaryDue: 22 * S, closes: 600 * S };
const CHILD_SUMMARY_DUE = 16 * S;
const CATEGORY = '各省区域活动';
const TITLE = `总结报送测试 ${Date.now()}`;

let sys: TestSystem;
let base: number;
let parent: Issued;
let child: Issued;

const summaries = (id: string) => `/api/v1/campaigns/${id}/summaries`;
const nominations = (id: string) => `/api/v1/campaigns/${id}/nominations`;
const fieldsOf = (res: { body: any }) => (res.body.fields ?? []).map((f: any) => f.field);
const as = (agency: string, ...roles: Parameters<TestSystem['token']>[1][]) => sys.token(agency, ...roles);
const storedRevisions = async (campaignId: string, unit: string) =>
  Number((await sys.db.query('SELECT count(*)::int AS n FROM summary_reports WHERE campaign_id = $1 AND unit = $2', [campaignId, unit]))[0].n);
const poolSize = async (campaignId: string) => Number((await sys.db.query('SELECT count(*)::int AS n FROM nominations WHERE campaign_id = $1', [campaignId]))[0].n);

beforeAll(async () => {
  sys = await startSystem();
  base = Date.now();
  parent = await issuedSmallCampaign(
    sys,
    {
      title: TITLE,
      docNumberPrefix: '总结测试发',
      recipients: { main: ['各省、自治区、直辖市科协'], cc: [] },
      reportingUnits: ['各省、自治区、直辖市科协'],
      categories: [CATEGORY],
    },
    OFFSETS,
  );
  // Henan relays it (转发) as its own joint notice, reporting before the national deadline.
  child = await issueCampaign(
    sys,
    {
      title: `${TITLE}（河南）`,
      leadAgency: 'HA_CAST',
      coSigners: ['HA_EDU'],
      coSignDueAt: shanghaiIso(base + OFFSETS.closes - 20 * S),
      docNumberPrefix: '总结测试豫发',
      body: '各省辖市、济源示范区科协：请按通知要求开展活动并于截止日前提交工作总结。',
      recipients: { main: ['各省辖市、济源示范区科协'], cc: [] },
      reportingUnits: ['各省辖市、济源示范区科协'],
      categories: [CATEGORY],
      milestones: { summaryDueAt: shanghaiIso(base + CHILD_SUMMARY_DUE), closesAt: shanghaiIso(base + OFFSETS.closes - 10 * S) },
    },
    `/api/v1/campaigns/${parent.id}/relays`,
  );
}, 60_000);
afterAll(async () => {
  await sys?.close();
});

// Activities (活动) registered through the activities API, then nominated.
let parentActivityId: string;
let childActivityId: string;

async function registerActivity(campaignId: string, organizer: string, title: string): Promise<string> {
  const res = await sys.http.post(
    `/api/v1/campaigns/${campaignId}/activities`,
    {
      title,
      category: CATEGORY,
      startsAt: shanghaiIso(base + OFFSETS.weekStarts + 60 * S),
      endsAt: shanghaiIso(base + OFFSETS.weekStarts + 120 * S),
      place: '郑州市科技馆',
    },
    as(organizer, 'recipient'),
  );
  if (res.status !== 201) throw new Error(`activity registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return String(res.body.id);
}

describe('report-back (总结报送)', () => {
  it('a reporting unit submits on time; each submission is a revision and earlier ones are kept', async () => {
    const bj = as('BJ_CAST', 'recipient');
    const first = await sys.http.post(
      summaries(parent.id),
      { text: '北京市科协2023年全国科普日活动总结：…', figures: { activities: 120, participants: 35000 }, links: ['https://www.kepuri.cn/bj/2023'] },
      bj,
    );
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ unit: 'BJ_CAST', revision: 1, late: false, submittedAt: expect.any(String), summaryDueAt: expect.any(String) });

    const second = await sys.http.post(summaries(parent.id), { unit: 'BJ_CAST', text: '北京市科协总结（修订）', figures: { activities: 125 } }, bj);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ unit: 'BJ_CAST', revision: 2, late: false });

    const read = await sys.http.get(`${summaries(parent.id)}/BJ_CAST`, bj);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('on-time');
    expect(read.body.latest).toMatchObject({ revision: 2, text: '北京市科协总结（修订）', figures: { activities: 125 }, links: [], late: false });
    expect(read.body.revisions.map((r: any) => r.revision)).toEqual([2, 1]);
    expect(await storedRevisions(parent.id, 'BJ_CAST')).toBe(2);
  });

  it('concurrent submissions of one unit get consecutive revisions, none lost', async () => {
    const gd = as('GD_CAST', 'recipient');
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => sys.http.post(summaries(parent.id), { text: `广东省科协总结 第${i}稿` }, gd)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.revision).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await storedRevisions(parent.id, 'GD_CAST')).toBe(5);
  });

  it('an agency never reports for another, and only reporting units report', async () => {
    const forOther = await sys.http.post(summaries(parent.id), { unit: 'BJ_CAST', text: '代报' }, as('SH_CAST', 'recipient'));
    expect(forOther.status).toBe(403);
    expect(forOther.body.message).toContain('BJ_CAST');

    const coSigner = await sys.http.post(summaries(parent.id), { text: '中央宣传部总结' }, as('CPD', 'secretariat'));
    expect(coSigner.status).toBe(403);
    expect(coSigner.body.message).toContain('CPD');
    expect(coSigner.body.message).toContain('not a reporting unit');

    const outsider = await sys.http.post(summaries(parent.id), { text: '河南省教育厅总结' }, as('HA_EDU', 'secretariat'));
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toContain('HA_EDU');

    const signerRole = await sys.http.post(summaries(parent.id), { text: 'x' }, as('SH_CAST', 'signer'));
    expect(signerRole.status).toBe(403);

    expect(await storedRevisions(parent.id, 'BJ_CAST')).toBe(2);
  });

  it('bad figures and links are 400s naming each field, and nothing is stored', async () => {
    const sh = as('SH_CAST', 'recipient');
    const bad = await sys.http.post(
      summaries(parent.id),
      { text: '上海市科协总结', figures: { activities: -1, participants: 'many', 'bad key': 3, ok: 7 }, links: ['https://ok.example.cn/a', 'not a url', 'ftp://x.cn/f'] },
      sh,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    expect(fieldsOf(bad)).toEqual(['figures.activities', 'figures.participants', 'figures.bad key', 'links.1', 'links.2']);

    const notObject = await sys.http.post(summaries(parent.id), { text: '上海', figures: [1, 2] }, sh);
    expect(notObject.status).toBe(400);
    expect(fieldsOf(notObject)).toEqual(['figures']);

    const tooMany = await sys.http.post(summaries(parent.id), { text: '上海', links: Array.from({ length: 51 }, (_, i) => `https://x.cn/${i}`) }, sh);
    expect(tooMany.status).toBe(400);
    expect(fieldsOf(tooMany)).toEqual(['links']);

    const blank = await sys.http.post(summaries(parent.id), { text: '   ', extra: 1 }, sh);
    expect(blank.status).toBe(400);
    expect(fieldsOf(blank)).toEqual(expect.arrayContaining(['text', 'extra']));

    const long = await sys.http.post(summaries(parent.id), { text: '长'.repeat(20_001) }, sh);
    expect(long.status).toBe(400);
    expect(fieldsOf(long)).toEqual(['text']);

    expect(await storedRevisions(parent.id, 'SH_CAST')).toBe(0);
  });

  it('nothing is nominated or published before the summary deadline', async () => {
    const lead = as('CAST', 'secretariat');
    const early = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'BJ_CAST', citation: '组织有序' }, lead);
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('WRONG_PHASE');
    const publish = await sys.http.post(`/api/v1/campaigns/${parent.id}/commendations/publish`, {}, lead);
    expect(publish.status).toBe(409);
    expect(publish.body.error).toBe('WRONG_PHASE');
    expect(await poolSize(parent.id)).toBe(0);
  });

  it('organizers register activities once the publication window opens', async () => {
    await untilPhase(sys, parent.id, 'publication-open');
    parentActivityId = await registerActivity(parent.id, 'BJ_CAST', '北京科学嘉年华');
    await untilPhase(sys, child.id, 'publication-open');
    childActivityId = await registerActivity(child.id, 'HA_ZZ_CAST', '郑州市银龄跨越数字鸿沟科普行动');
  });

  it('after the deadline a summary is still accepted and marked late; a unit that was on time stays on time', async () => {
    await untilPhase(sys, parent.id, 'commendation', 40_000);
    const late = await sys.http.post(summaries(parent.id), { text: '河南省科协总结（逾期）', figures: { activities: 800 } }, as('HA_CAST', 'secretariat'));
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ unit: 'HA_CAST', revision: 1, late: true });

    const revised = await sys.http.post(summaries(parent.id), { text: '北京市科协总结（补充）' }, as('BJ_CAST', 'recipient'));
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ unit: 'BJ_CAST', revision: 3, late: true });

    const stored = await sys.db.query(`SELECT unit, revision, late FROM summary_reports WHERE campaign_id = $1 AND unit IN ('BJ_CAST', 'HA_CAST') ORDER BY unit, revision`, [parent.id]);
    expect(stored).toEqual([
      { unit: 'BJ_CAST', revision: 1, late: false },
      { unit: 'BJ_CAST', revision: 2, late: false },
      { unit: 'BJ_CAST', revision: 3, late: true },
      { unit: 'HA_CAST', revision: 1, late: true },
    ]);
  });

  it('the matrix counts on time, late and missing; a reporting unit sees only its own row', async () => {
    const all = await sys.http.get(summaries(parent.id), as('CAST', 'secretariat'));
    expect(all.status).toBe(200);
    const units: any[] = all.body.units;
    expect(units.length).toBeGreaterThanOrEqual(31);
    expect(units.map((u) => u.unit)).toEqual(expect.arrayContaining(['BJ_CAST', 'HA_CAST', 'SH_CAST']));
    expect(all.body.counts).toEqual({ units: units.length, onTime: 2, late: 1, missing: units.length - 3 });
    expect(Date.parse(all.body.summaryDueAt)).toBeGreaterThan(base + OFFSETS.weekEnds);
    const row = (code: string) => units.find((u) => u.unit === code);
    expect(row('BJ_CAST')).toMatchObject({ status: 'on-time', revision: 3, name: expect.any(String), region: 'BJ', submittedAt: expect.any(String) });
    expect(row('HA_CAST')).toMatchObject({ status: 'late', revision: 1 });
    expect(row('GD_CAST')).toMatchObject({ status: 'on-time', revision: 5 });
    expect(row('SH_CAST')).toMatchObject({ status: 'missing', revision: null, submittedAt: null });

    const onlyLate = await sys.http.get(`${summaries(parent.id)}?status=late`, as('CAST', 'secretariat'));
    expect(onlyLate.body.units.map((u: any) => u.unit)).toEqual(['HA_CAST']);
    const badFilter = await sys.http.get(`${summaries(parent.id)}?status=soon`, as('CAST', 'secretariat'));
    expect(badFilter.status).toBe(400);
    expect(fieldsOf(badFilter)).toEqual(['status']);

    // Co-signers are on the organizer side too.
    const coSigner = await sys.http.get(summaries(parent.id), as('CPD', 'signer'));
    expect(coSigner.body.units).toHaveLength(units.length);

    const own = await sys.http.get(summaries(parent.id), as('SH_CAST', 'recipient'));
    expect(own.status).toBe(200);
    expect(own.body.units).toEqual([expect.objectContaining({ unit: 'SH_CAST', status: 'missing' })]);
    expect(own.body.counts).toEqual({ units: 1, onTime: 0, late: 0, missing: 1 });

    expect((await sys.http.get(`${summaries(parent.id)}/BJ_CAST`, as('SH_CAST', 'recipient'))).status).toBe(403);
    expect((await sys.http.get(summaries(parent.id), as('HA_EDU', 'secretariat'))).status).toBe(403);
    const lateOne = await sys.http.get(`${summaries(parent.id)}/HA_CAST`, as('CAST', 'secretariat'));
    expect(lateOne.body).toMatchObject({ status: 'late', latest: { revision: 1, late: true, figures: { activities: 800 } } });
  });
});

describe('commendation (表扬 / 推荐)', () => {
  const childPool: Record<string, string> = {};
  const parentPool: Record<string, string> = {};

  it('the relay nominates, decides and recommends its best upward; they appear in the parent’s pool marked with their source', async () => {
    await untilPhase(sys, child.id, 'commendation');
    const haLead = as('HA_CAST', 'secretariat');
    const unit = await sys.http.post(nominations(child.id), { kind: 'unit', unit: 'HA_ZZ_CAST', citation: '活动组织有序、服务基层有效' }, haLead);
    expect(unit.status).toBe(201);
    expect(unit.body).toMatchObject({ kind: 'unit', unit: 'HA_ZZ_CAST', unitName: expect.any(String), status: 'nominated', source: null });
    childPool.unit = unit.body.id;
    const person = await sys.http.post(nominations(child.id), { kind: 'individual', person: '李二静', unit: 'HA_CAST', citation: '组织协调' }, haLead);
    expect(person.status).toBe(201);
    childPool.person = person.body.id;
    const activity = await sys.http.post(nominations(child.id), { kind: 'activity', activityId: childActivityId, citation: '影响大、关注多、反映好' }, haLead);
    expect(activity.status).toBe(201);
    expect(activity.body).toMatchObject({ kind: 'activity', unit: 'HA_ZZ_CAST', activityId: childActivityId, activityTitle: '郑州市银龄跨越数字鸿沟科普行动' });
    childPool.activity = activity.body.id;
    for (const nid of [childPool.unit, childPool.activity]) {
      const d = await sys.http.post(`${nominations(child.id)}/${nid}/decision`, { decision: 'commend' }, haLead);
      expect(d.status).toBe(200);
      expect(d.body).toMatchObject({ id: nid, status: 'commended', decision: { by: expect.any(String), at: expect.any(String), note: null } });
    }

    const recommendations = `/api/v1/campaigns/${child.id}/recommendations`;
    // Only commended ones go up, named by position.
    const notCommended = await sys.http.post(recommendations, { nominationIds: [childPool.unit, childPool.person] }, haLead);
    expect(notCommended.status).toBe(400);
    expect(notCommended.body.fields).toEqual([{ field: 'nominationIds.1', message: expect.stringContaining('not commended') }]);
    const badIds = await sys.http.post(recommendations, { nominationIds: ['nope', childPool.unit, childPool.unit] }, haLead);
    expect(badIds.status).toBe(400);
    expect(fieldsOf(badIds)).toEqual(['nominationIds.0']);
    const empty = await sys.http.post(recommendations, { nominationIds: [] }, haLead);
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty)).toEqual(['nominationIds']);
    // Only the relay's lead recommends.
    expect((await sys.http.post(recommendations, { nominationIds: [childPool.unit] }, as('HA_EDU', 'secretariat'))).status).toBe(403);

    const ids = [childPool.unit, childPool.activity];
    const up = await sys.http.post(recommendations, { nominationIds: ids }, haLead);
    expect(up.status).toBe(201);
    expect(up.body.recommended).toHaveLength(2);
    expect(up.body.recommended[0]).toMatchObject({
      kind: 'unit',
      unit: 'HA_ZZ_CAST',
      status: 'nominated',
      citation: '活动组织有序、服务基层有效',
      source: { campaignId: child.id, nominationId: childPool.unit, leadAgency: 'HA_CAST', docNumber: child.docNumber, title: expect.any(String) },
    });
    expect(up.body.recommended[1]).toMatchObject({ kind: 'activity', unit: 'HA_ZZ_CAST', activityId: childActivityId, source: { campaignId: child.id, nominationId: childPool.activity } });
    parentPool.recommendedUnit = up.body.recommended[0].id;
    parentPool.recommendedActivity = up.body.recommended[1].id;

    // Repeating is harmless: the same ones, 200, no second message.
    const again = await sys.http.post(recommendations, { nominationIds: ids }, haLead);
    expect(again.status).toBe(200);
    expect(again.body.recommended.map((n: any) => n.id)).toEqual(up.body.recommended.map((n: any) => n.id));

    const told = await sys.http.get(`/api/v1/campaigns/${parent.id}/notifications`, as('CAST', 'secretariat'));
    const recs = told.body.entries.filter((e: any) => e.kind === 'recommendation');
    expect(recs).toEqual([expect.objectContaining({ to: { agency: 'CAST', role: 'secretariat' }, reason: expect.stringContaining('HA_CAST') })]);

    // The top of the cascade has nobody to recommend to.
    const top = await sys.http.post(`/api/v1/campaigns/${parent.id}/recommendations`, { nominationIds: [childPool.unit] }, as('CAST', 'secretariat'));
    expect(top.status).toBe(409);
    expect(top.body.error).toBe('NOT_A_RELAY');
  });

  it('the lead nominates units, individuals and activities; every nominee must belong to the campaign', async () => {
    const lead = as('CAST', 'secretariat');
    const before = await poolSize(parent.id);

    const notLead = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'BJ_CAST', citation: '组织有序' }, as('CPD', 'secretariat'));
    expect(notLead.status).toBe(403);
    const recipientRole = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'BJ_CAST', citation: '组织有序' }, as('CAST', 'recipient'));
    expect(recipientRole.status).toBe(403);

    const unknown = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'NOSUCH', citation: 'x' }, lead);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([{ field: 'unit', message: 'unknown agency code NOSUCH' }]);
    const stranger = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'HA_ZZ_EDU', citation: 'x' }, lead);
    expect(stranger.status).toBe(400);
    expect(fieldsOf(stranger)).toEqual(['unit']);
    const noPerson = await sys.http.post(nominations(parent.id), { kind: 'individual', unit: 'BJ_CAST', citation: 'x' }, lead);
    expect(noPerson.status).toBe(400);
    expect(fieldsOf(noPerson)).toEqual(['person']);
    const noActivity = await sys.http.post(nominations(parent.id), { kind: 'activity', activityId: '999999999', citation: 'x' }, lead);
    expect(noActivity.status).toBe(400);
    expect(fieldsOf(noActivity)).toEqual(['activityId']);
    const badShape = await sys.http.post(nominations(parent.id), { kind: 'team', citation: '' }, lead);
    expect(badShape.status).toBe(400);
    expect(fieldsOf(badShape)).toEqual(expect.arrayContaining(['kind', 'citation']));
    expect(await poolSize(parent.id)).toBe(before);

    const unit = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'HA_CAST', citation: '活动组织有序、服务基层有效' }, lead);
    expect(unit.status).toBe(201);
    expect(unit.body).toEqual({
      id: expect.any(String),
      kind: 'unit',
      unit: 'HA_CAST',
      unitName: expect.any(String),
      person: null,
      activityId: null,
      activityTitle: null,
      citation: '活动组织有序、服务基层有效',
      status: 'nominated',
      nominatedBy: expect.any(String),
      decision: null,
      source: null,
      createdAt: expect.any(String),
    });
    parentPool.unit = unit.body.id;

    // A body of a relay below (Henan's city 科协) can be nominated at the top too.
    const cityUnit = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'HA_XX_CAST', citation: '基层科普' }, lead);
    expect(cityUnit.status).toBe(201);
    parentPool.cityUnit = cityUnit.body.id;

    const person = await sys.http.post(nominations(parent.id), { kind: 'individual', person: '张三', unit: 'BJ_CAST', citation: '科学家进校园' }, lead);
    expect(person.status).toBe(201);
    expect(person.body).toMatchObject({ kind: 'individual', person: '张三', unit: 'BJ_CAST' });
    parentPool.person = person.body.id;

    // The id may come as a number or a string; a relay's activity may be nominated at the top too.
    const activity = await sys.http.post(nominations(parent.id), { kind: 'activity', activityId: Number(parentActivityId), citation: '北京科学嘉年华' }, lead);
    expect(activity.status).toBe(201);
    expect(activity.body).toMatchObject({ kind: 'activity', unit: 'BJ_CAST', person: null, activityId: parentActivityId, activityTitle: '北京科学嘉年华' });
    parentPool.activity = activity.body.id;
    const wrongOrganizer = await sys.http.post(nominations(parent.id), { kind: 'activity', activityId: parentActivityId, unit: 'SH_CAST', citation: 'x' }, lead);
    expect(wrongOrganizer.status).toBe(400);
    expect(fieldsOf(wrongOrganizer)).toEqual(['unit']);

    const pool = await sys.http.get(nominations(parent.id), lead);
    expect(pool.status).toBe(200);
    expect(pool.body.publishedAt).toBeNull();
    const byId = new Map(pool.body.items.map((n: any) => [n.id, n]));
    for (const id of Object.values(parentPool)) expect(byId.has(id)).toBe(true);
    expect((byId.get(parentPool.recommendedUnit) as any).source).toMatchObject({ campaignId: child.id });
    expect((byId.get(parentPool.unit) as any).source).toBeNull();
    // The relay's lead is a recipient here, not an organizer: no look into the national pool.
    expect((await sys.http.get(nominations(parent.id), as('HA_CAST', 'secretariat'))).status).toBe(403);
    // The national lead may look into the relay's pool (an ancestor's lead).
    expect((await sys.http.get(nominations(child.id), lead)).status).toBe(200);
  });

  it('decides, then publishes the list once; afterwards it no longer changes', async () => {
    const lead = as('CAST', 'secretariat');
    const publishPath = `/api/v1/campaigns/${parent.id}/commendations/publish`;
    const nothing = await sys.http.post(publishPath, {}, lead);
    expect(nothing.status).toBe(409);
    expect(nothing.body.error).toBe('NOTHING_COMMENDED');

    expect((await sys.http.post(`${nominations(parent.id)}/${parentPool.unit}/decision`, { decision: 'commend' }, as('CPD', 'secretariat'))).status).toBe(403);
    expect((await sys.http.post(`${nominations(parent.id)}/${childPool.unit}/decision`, { decision: 'commend' }, lead)).status).toBe(404);
    const badDecision = await sys.http.post(`${nominations(parent.id)}/${parentPool.unit}/decision`, { decision: 'maybe' }, lead);
    expect(badDecision.status).toBe(400);
    expect(fieldsOf(badDecision)).toEqual(['decision']);

    const commend = [parentPool.unit, parentPool.person, parentPool.recommendedUnit];
    const decline = [parentPool.cityUnit, parentPool.activity, parentPool.recommendedActivity];
    // Minds may change until publication: commend the city 科协 first, then decline it.
    expect((await sys.http.post(`${nominations(parent.id)}/${parentPool.cityUnit}/decision`, { decision: 'commend' }, lead)).status).toBe(200);
    for (const nid of commend) {
      const r = await sys.http.post(`${nominations(parent.id)}/${nid}/decision`, { decision: 'commend', note: '同意' }, lead);
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('commended');
    }
    for (const nid of decline) {
      const r = await sys.http.post(`${nominations(parent.id)}/${nid}/decision`, { decision: 'decline' }, lead);
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('declined');
    }

    const beforePublication = await sys.http.get(`/api/v1/campaigns/${parent.id}/commendations`, as('BJ_CAST', 'recipient'));
    expect(beforePublication.body).toEqual({ publishedAt: null, items: [] });

    expect((await sys.http.post(publishPath, {}, as('CPD', 'secretariat'))).status).toBe(403);
    // Two publications at once: the workflow accepts one and refuses the other.
    const both = await Promise.all([sys.http.post(publishPath, {}, lead), sys.http.post(publishPath, {}, lead)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const published = both.find((r) => r.status === 200)!;
    expect(both.find((r) => r.status === 409)!.body.error).toBe('ALREADY_PUBLISHED');
    expect(published.body.publishedAt).toEqual(expect.any(String));
    expect(published.body.commended.map((n: any) => n.id).sort()).toEqual([...commend].sort());

    // Every recipient is told (the workflow writes the outbox).
    await eventually(async () => {
      const told = await sys.http.get(`/api/v1/campaigns/${parent.id}/notifications`, lead);
      const entries = told.body.entries.filter((e: any) => e.kind === 'commendations-published');
      expect(entries.map((e: any) => e.to.agency)).toEqual(expect.arrayContaining(['BJ_CAST', 'HA_CAST', 'SH_CAST']));
    });

    const twice = await sys.http.post(publishPath, {}, lead);
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('ALREADY_PUBLISHED');
    const lateNomination = await sys.http.post(nominations(parent.id), { kind: 'unit', unit: 'SH_CAST', citation: '补报' }, lead);
    expect(lateNomination.status).toBe(409);
    const lateDecision = await sys.http.post(`${nominations(parent.id)}/${parentPool.cityUnit}/decision`, { decision: 'commend' }, lead);
    expect(lateDecision.status).toBe(409);
    const lateRecommendation = await sys.http.post(`/api/v1/campaigns/${child.id}/recommendations`, { nominationIds: [childPool.unit] }, as('HA_CAST', 'secretariat'));
    expect(lateRecommendation.status).toBe(409);
    expect(lateRecommendation.body.error).toBe('ALREADY_PUBLISHED');

    const list = await sys.http.get(`/api/v1/campaigns/${parent.id}/commendations`, as('BJ_CAST', 'recipient'));
    expect(list.status).toBe(200);
    expect(list.body.publishedAt).toBe(published.body.publishedAt);
    expect(list.body.items.map((n: any) => n.id).sort()).toEqual([...commend].sort());
    expect(list.body.items.find((n: any) => n.id === parentPool.recommendedUnit).source).toMatchObject({ campaignId: child.id, leadAgency: 'HA_CAST' });
    expect((await sys.http.get(`/api/v1/campaigns/${parent.id}/commendations`, as('HA_ZZ_EDU', 'recipient'))).status).toBe(403);
  });
});
