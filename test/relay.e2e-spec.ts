/**
 * Relay down the levels (转发), end to end over HTTP: the national notice is issued, 河南省科协
 * relays it as 豫科协发〔YYYY〕50号 with its own co-signers, recipients and an earlier deadline,
 * 郑州市科协 relays Henan's in turn, and the tree rolls the three levels up. Deadline checks,
 * milestone moves against parent and children, acknowledgements — each with who may do it.
 */
import { issueCampaign, issuedSmallCampaign, shanghaiIso, untilPhase } from './support/campaign';
import { seedDefinition, smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

const DAY = 24 * 3600_000;
const shift = (iso: string, days: number) => {
  const t = new Date(Date.parse(iso) + days * DAY + 8 * 3600_000).toISOString();
  return t.replace(/\.\d{3}Z$/, '+08:00');
};

describe('national → Henan → Zhengzhou', () => {
  const national = seedDefinition('national-2023');
  const henan = seedDefinition('henan-2023');
  const cast = () => sys.token('CAST', 'secretariat');
  const haCast = () => sys.token('HA_CAST', 'secretariat');
  // Each spec numbers under prefixes of its own: specs run in parallel on one database.
  const suffix = String(Date.now() % 100000);
  const nationalPrefix = `科协转发测${suffix}发`;
  const henanPrefix = `豫科协测${suffix}发`;
  let nationalId: string;
  let henanId: string;
  let year: number;

  it('a relay of a notice that is not issued yet is refused', async () => {
    const launched = await sys.http.post('/api/v1/campaigns', { ...national, docNumberPrefix: nationalPrefix, rebaseTo: shanghaiDate(1) }, cast());
    expect(launched.status).toBe(201);
    nationalId = launched.body.id;
    expect(launched.body.recipients).toMatchObject({ main: 1012, cc: 10, reporting: 152, openEnded: ['各有关单位'] });
    const early = await sys.http.post(`/api/v1/campaigns/${nationalId}/relays`, { ...henan, docNumberPrefix: henanPrefix, rebaseWithParent: true }, haCast());
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/not been issued/);
  });

  it('the national notice is issued and delivered to its recipients', async () => {
    const sha = (await sys.http.get(`/api/v1/campaigns/${nationalId}/notice`, cast())).body.sha256;
    await Promise.all(
      national.coSigners.map((a: string) => sys.http.post(`/api/v1/campaigns/${nationalId}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token(a, 'signer'))),
    );
    const signed = await sys.http.post(`/api/v1/campaigns/${nationalId}/sign-off`, { noticeSha256: sha }, cast());
    expect(signed.status).toBe(200);
    year = Number(/〔(\d{4})〕/.exec(signed.body.docNumber)![1]);
    await eventually(async () => {
      const r = await sys.http.get(`/api/v1/campaigns/${nationalId}/recipients?pageSize=1`, cast());
      expect(r.body.counts.delivered).toBe(1022);
    });
  });

  it('acknowledgement: a body acknowledges for itself only; 抄送 bodies have nothing to acknowledge', async () => {
    const mine = await sys.http.post(`/api/v1/campaigns/${nationalId}/receipts`, {}, sys.token('HA_CAST', 'recipient'));
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ agency: 'HA_CAST', repeated: false, acknowledgedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect((await sys.http.post(`/api/v1/campaigns/${nationalId}/receipts`, {}, sys.token('HA_CAST', 'recipient'))).body.repeated).toBe(true);
    const forOther = await sys.http.post(`/api/v1/campaigns/${nationalId}/receipts`, { agency: 'BJ_CAST' }, sys.token('HA_CAST', 'recipient'));
    expect(forOther.status).toBe(403);
    const copied = await sys.http.post(`/api/v1/campaigns/${nationalId}/receipts`, {}, sys.token('SP_THU', 'recipient'));
    expect(copied.status).toBe(409);
    const stranger = await sys.http.post(`/api/v1/campaigns/${nationalId}/receipts`, {}, sys.token('HA_ZZ_CAST', 'recipient'));
    expect(stranger.status).toBe(403);
    const bad = await sys.http.post(`/api/v1/campaigns/${nationalId}/receipts`, { agency: 'not a code' }, sys.token('HA_CAST', 'recipient'));
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('agency');
    // What the lead sees, and what a recipient sees: only its own row.
    const acked = await sys.http.get(`/api/v1/campaigns/${nationalId}/recipients?state=acknowledged`, cast());
    expect(acked.body.items.map((r: any) => r.agency)).toEqual(['HA_CAST']);
    const own = await sys.http.get(`/api/v1/campaigns/${nationalId}/recipients`, sys.token('BJ_CAST', 'recipient'));
    expect(own.body.items.map((r: any) => r.agency)).toEqual(['BJ_CAST']);
    const henanBodies = await sys.http.get(`/api/v1/campaigns/${nationalId}/recipients?region=HA&pageSize=100`, cast());
    expect(henanBodies.body.total).toBe(19); // Henan's 19 departments named by the national 主送 line
  });

  it('only a 主送 recipient’s own secretariat relays, inside the parent’s timeline', async () => {
    const relay = (body: Record<string, unknown>, token = haCast()) => sys.http.post(`/api/v1/campaigns/${nationalId}/relays`, body, token);
    const base = { ...henan, docNumberPrefix: henanPrefix, rebaseWithParent: true };
    // Henan's summary deadline (09-28) is twelve days before the national one (10-10); one after it is refused.
    const late = await relay({ ...base, milestones: { ...henan.milestones, summaryDueAt: '2023-10-12T00:00:00+08:00' } });
    expect(late.status).toBe(400);
    expect(late.body.fields.map((f: any) => f.field)).toContain('milestones.summaryDueAt');
    expect(late.body.message).toMatch(/before the parent's summary deadline/);
    const otherWeek = await relay({ ...base, milestones: { ...henan.milestones, concentratedWeek: { startsAt: '2023-09-18T00:00:00+08:00', endsAt: '2023-09-24T23:59:59+08:00' } } });
    expect(otherWeek.status).toBe(400);
    expect(otherWeek.body.fields[0].field).toBe('milestones.concentratedWeek.startsAt');
    const closesLater = await relay({ ...base, milestones: { ...henan.milestones, closesAt: '2024-01-31T00:00:00+08:00' } });
    expect(closesLater.status).toBe(400);
    expect(closesLater.body.fields.map((f: any) => f.field)).toContain('milestones.closesAt');
    expect((await relay(base, sys.token('HA_CAST', 'recipient'))).status).toBe(403); // a role, not a secretariat
    expect((await relay({ ...base, leadAgency: 'BJ_CAST' })).status).toBe(403); // for another body
    expect((await relay({ ...base, leadAgency: 'SP_THU' }, sys.token('SP_THU', 'secretariat'))).status).toBe(403); // 抄送 only
    expect((await relay({ ...base, milestones: { summaryDueAt: 'soon' } })).status).toBe(400);
    expect((await sys.db.query('SELECT count(*)::int AS n FROM campaigns WHERE parent_id = $1', [nationalId]))[0].n).toBe(0);
  });

  it('Henan relays with its own co-signers and recipients, inheriting theme and week; the header mismatch is flagged', async () => {
    // The admin sets where 豫科协发 stands this year: the next number is 50.
    const seq = await sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent(henanPrefix)}/${year}`, { nextNumber: 50 }, sys.token('CAST', 'admin'));
    expect(seq.status).toBe(200);
    const { theme, ...withoutTheme } = henan;
    const relay = await sys.http.post(
      `/api/v1/campaigns/${nationalId}/relays`,
      { ...withoutTheme, docNumberPrefix: henanPrefix, rebaseWithParent: true, milestones: { summaryDueAt: henan.milestones.summaryDueAt, closesAt: henan.milestones.closesAt } },
      haCast(),
    );
    expect(relay.status).toBe(201);
    henanId = relay.body.id;
    expect(relay.body.parentId).toBe(nationalId);
    // 主送: the 18 cities × 19 departments + the provincial societies; the open-ended 各有关单位 is noted.
    expect(relay.body.recipients.main).toBeGreaterThan(342);
    expect(relay.body.warnings.map((w: any) => w.message).join(' ')).toMatch(/header names HA_FIC/);
    const child = (await sys.http.get(`/api/v1/campaigns/${henanId}`, haCast())).body;
    const parent = (await sys.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body;
    expect(child.theme).toBe(theme);
    expect(child.milestones.concentratedWeek).toEqual(parent.milestones.concentratedWeek);
    expect(child.milestones.publicationOpensAt).toBe(parent.milestones.publicationOpensAt);
    expect(Date.parse(parent.milestones.summaryDueAt) - Date.parse(child.milestones.summaryDueAt)).toBe(12 * DAY);
    // A second relay by the same body is refused; the parent's lead was told.
    const again = await sys.http.post(`/api/v1/campaigns/${nationalId}/relays`, { ...henan, docNumberPrefix: henanPrefix, rebaseWithParent: true }, haCast());
    expect(again.status).toBe(409);
    const told = (await sys.http.get(`/api/v1/campaigns/${nationalId}/notifications?kind=relay-launched`, cast())).body.entries;
    expect(told).toEqual([expect.objectContaining({ to: { agency: 'CAST', role: 'secretariat' } })]);
    const relayed = await sys.http.get(`/api/v1/campaigns/${nationalId}/recipients?state=relayed`, cast());
    expect(relayed.body.items).toEqual([expect.objectContaining({ agency: 'HA_CAST', relayCampaignId: henanId })]);
  });

  it('Henan’s notice goes through its own co-signing and is numbered 豫科协发〔YYYY〕50号', async () => {
    const sha = (await sys.http.get(`/api/v1/campaigns/${henanId}/notice`, haCast())).body.sha256;
    // A national co-signer has no say in Henan's notice.
    expect((await sys.http.post(`/api/v1/campaigns/${henanId}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token('MOE', 'signer'))).status).toBe(403);
    for (const a of henan.coSigners as string[]) {
      expect((await sys.http.post(`/api/v1/campaigns/${henanId}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token(a, 'signer'))).status).toBe(200);
    }
    const signed = await sys.http.post(`/api/v1/campaigns/${henanId}/sign-off`, { noticeSha256: sha }, haCast());
    expect(signed.status).toBe(200);
    expect(signed.body.docNumber).toBe(`${henanPrefix}〔${year}〕50号`);
  });

  let zzId: string;
  it('a third level: 郑州市科协 relays Henan’s notice to its districts (imported by an administrator from CSV)', async () => {
    const csv = [
      'code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion',
      'HA_ZZ_JS_CAST,郑州市金水区科学技术协会,金水区科协,municipal,CAST,HA_ZZ_JS,金水区,city,HA_ZZ_CAST,HA_ZZ',
      'HA_ZZ_EQ_CAST,郑州市二七区科学技术协会,二七区科协,municipal,CAST,HA_ZZ_EQ,二七区,city,HA_ZZ_CAST,HA_ZZ',
    ].join('\n');
    const headers = (token: string) => ({ 'content-type': 'text/csv', authorization: `Bearer ${token}` });
    const notAdmin = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: headers(haCast()), body: csv });
    expect(notAdmin.status).toBe(403);
    const bad = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: headers(sys.token('CAST', 'admin')), body: csv + '\nlower,名,名,galactic,CAST,HA_ZZ_X,x,city,,' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(['rows.2.code', 'rows.2.level']);
    expect((await sys.db.query(`SELECT count(*)::int AS n FROM agencies WHERE code LIKE 'HA_ZZ_%_CAST' AND source = 'import'`))[0].n).toBe(0);
    const ok = await sys.http.raw('/api/v1/agencies/import', { method: 'POST', headers: headers(sys.token('CAST', 'admin')), body: csv });
    expect([ok.status, ok.body.imported]).toEqual([201, 2]);

    const henanCampaign = (await sys.http.get(`/api/v1/campaigns/${henanId}`, haCast())).body;
    const zz = sys.token('HA_ZZ_CAST', 'secretariat');
    const launched = await sys.http.post(
      `/api/v1/campaigns/${henanId}/relays`,
      {
        title: '关于举办2023年郑州市全国科普日活动的通知',
        leadAgency: 'HA_ZZ_CAST',
        coSigners: ['HA_ZZ_EDU'],
        coSignDueAt: shift(henanCampaign.milestones.summaryDueAt, -20),
        docNumberPrefix: `郑科协测${suffix}发`,
        body: '各县（市、区）科协：现将《关于举办2023年河南省全国科普日活动的通知》转发给你们，请结合实际认真贯彻落实。',
        recipients: { main: ['HA_ZZ_JS_CAST', '郑州市二七区科学技术协会'], cc: [] },
        reportingUnits: ['HA_ZZ_JS_CAST', 'HA_ZZ_EQ_CAST'],
        categories: ['地方主场活动'],
        milestones: { summaryDueAt: shift(henanCampaign.milestones.summaryDueAt, -3), closesAt: henanCampaign.milestones.closesAt },
      },
      zz,
    );
    expect(launched.status).toBe(201);
    zzId = launched.body.id;
    expect(launched.body.recipients).toMatchObject({ main: 2, reporting: 2 });
  });

  it('the tree rolls the three levels up to the national campaign', async () => {
    const tree = await sys.http.get(`/api/v1/campaigns/${nationalId}/tree`, cast());
    expect(tree.status).toBe(200);
    expect(tree.body).toMatchObject({ id: nationalId, children: [{ id: henanId, leadAgency: 'HA_CAST', children: [{ id: zzId, leadAgency: 'HA_ZZ_CAST' }] }] });
    expect(tree.body.rollup.campaigns).toBe(3);
    expect(tree.body.rollup.recipients).toBe(1022 + tree.body.children[0].recipients.main + 2);
    expect(tree.body.rollup.acknowledged).toBe(1);
    // The parent's lead may look down; a city's secretariat sees its own subtree, not the national one.
    expect((await sys.http.get(`/api/v1/campaigns/${zzId}`, cast())).status).toBe(200);
    expect((await sys.http.get(`/api/v1/campaigns/${nationalId}/tree`, sys.token('HA_ZZ_EDU', 'signer'))).status).toBe(403);
  });

  it('milestone moves are checked against the parent and the children; those affected are told', async () => {
    const move = (id: string, body: Record<string, unknown>, token: string) => sys.http.raw(`/api/v1/campaigns/${id}/milestones`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const parent = (await sys.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body.milestones;
    const child = (await sys.http.get(`/api/v1/campaigns/${henanId}`, haCast())).body.milestones;
    // National brings its deadline before Henan's: Henan could no longer roll up in time.
    const tooEarly = await move(nationalId, { summaryDueAt: shift(child.summaryDueAt, -1) }, cast());
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.message).toMatch(/relay/);
    // Henan moves past the national deadline: refused, naming the field.
    const tooLate = await move(henanId, { summaryDueAt: shift(parent.summaryDueAt, 1) }, haCast());
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.fields[0].field).toBe('milestones.summaryDueAt');
    expect((await move(nationalId, { summaryDueAt: 'tomorrow' }, cast())).status).toBe(400);
    expect((await move(nationalId, { summaryDueAt: shift(parent.summaryDueAt, 2) }, haCast())).status).toBe(403);
    // National gives everyone two more days.
    const later = shift(parent.summaryDueAt, 2);
    const ok = await move(nationalId, { summaryDueAt: later }, cast());
    expect(ok.status).toBe(200);
    expect(ok.body.milestones.summaryDueAt).toBe(later);
    expect(ok.body.warnings).toEqual([]); // 2023-10-12 was a Thursday
    expect((await sys.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body.milestones.summaryDueAt).toBe(later);
    await eventually(async () => {
      const told = (await sys.db.query(`SELECT agency FROM notifications WHERE campaign_id = $1 AND kind = 'milestones-moved'`, [nationalId])).map((r: any) => r.agency);
      // Every recipient, the relay's lead among them (HA_CAST is told once, not twice).
      expect(told).toHaveLength(1022);
      expect(told).toContain('HA_CAST');
    });
    // Moved onto a weekend (of the rehearsed year): accepted, and flagged like at launch.
    const saturday = await move(nationalId, { summaryDueAt: shift(parent.summaryDueAt, 4) }, cast());
    expect(saturday.status).toBe(200);
    expect(saturday.body.warnings).toEqual([{ field: 'milestones.summaryDueAt', message: expect.stringMatching(/2023-10-14 is a Saturday/) }]);
    // The week moves a day: Henan keeps the week its notice printed, and the lead is told so.
    const week = await move(nationalId, { concentratedWeek: { startsAt: shift(parent.concentratedWeek.startsAt, 1), endsAt: shift(parent.concentratedWeek.endsAt, 1) } }, cast());
    expect(week.status).toBe(200);
    expect(week.body.warnings).toEqual([{ field: 'milestones.concentratedWeek', message: expect.stringContaining(henanId) }]);

  });
});

describe('a relay that starts after the parent’s window opened (Henan printed four days late)', () => {
  it('inherits the open window and still fits; its year begins where the parent already is', async () => {
    const suffix = String(Date.now() % 100000);
    const parent = await issuedSmallCampaign(
      sys,
      { docNumberPrefix: `迟转发测${suffix}发`, recipients: { main: ['各省、自治区、直辖市科协'], cc: [] } },
      { opens: 3_000, weekStarts: 120_000, weekEnds: 180_000, summaryDue: 400_000, closes: 600_000 },
    );
    await untilPhase(sys, parent.id, 'publication-open');
    const pm = (await sys.http.get(`/api/v1/campaigns/${parent.id}`, sys.token('CAST', 'secretariat'))).body.milestones;
    const relay = await issueCampaign(
      sys,
      {
        title: '关于举办2023年北京市全国科普日活动的通知（测试）',
        leadAgency: 'BJ_CAST',
        coSigners: ['BJ_EDU'],
        coSignDueAt: shift(pm.concentratedWeek.startsAt, 0),
        docNumberPrefix: `京科协测${suffix}发`,
        body: '各有关单位：现将全国科普日活动通知转发给你们，请认真贯彻落实。',
        recipients: { main: ['BJ_ST', 'BJ_EDU'], cc: [] },
        reportingUnits: ['BJ_ST'],
        categories: ['北京市主场活动'],
        milestones: { summaryDueAt: shanghaiIso(Date.parse(pm.summaryDueAt) - 60_000), closesAt: pm.closesAt },
      },
      `/api/v1/campaigns/${parent.id}/relays`,
    );
    const child = (await sys.http.get(`/api/v1/campaigns/${relay.id}`, sys.token('BJ_CAST', 'secretariat'))).body;
    expect(child.parentId).toBe(parent.id);
    expect(child.milestones.publicationOpensAt).toBe(pm.publicationOpensAt);
    expect(Date.parse(child.milestones.publicationOpensAt)).toBeLessThan(Date.now());
    // Issued inside an open window: the relay's year starts in the publication phase at once.
    await untilPhase(sys, relay.id, 'publication-open');
  });
});

describe('launch-time warnings from the working-day calendar', () => {
  it('a summary deadline on a public holiday is flagged (judged on the calendar of the year it was written for)', async () => {
    const def = smallDefinition({
      docNumberPrefix: '假日测试发',
      milestones: { ...smallDefinition().milestones, summaryDueAt: '2023-10-02T00:00:00+08:00' },
    });
    const res = await sys.http.post('/api/v1/campaigns', { ...def, rebaseTo: shanghaiDate(1) }, sys.token('CAST', 'secretariat'));
    expect(res.status).toBe(201);
    const warning = res.body.warnings.find((w: any) => w.field === 'milestones.summaryDueAt');
    expect(warning.message).toMatch(/2023-10-02 is a public holiday/);
    expect(res.body.warnings.find((w: any) => w.field === 'coSignDueAt')).toBeUndefined(); // 2023-08-02 was a Wednesday
  });
});
