/**
 * Calendar feeds over HTTP, as a calendar application meets them: a body's people create a feed
 * with their bearer token, the feed's URL alone (no bearer) answers iCalendar, which node-ical —
 * a maintained parser — reads back into the deadlines of a real issued campaign: summaries, dates,
 * alarms, UIDs that stay put, and a SEQUENCE that rises when the lead moves a milestone. Feeds are
 * per body, revocable, and never show their token again.
 */
import * as nodeIcal from 'node-ical';
import type { VEvent } from 'node-ical';
import { shanghaiYmd } from '@domain/calendar';
import { issueCampaign } from './support/campaign';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startIsolatedSystem } from './support/system';

let sys: TestSystem;
beforeAll(async () => {
  // A database of its own: 河南省科协's feed holds every campaign it is party to, and parallel
  // specs launch campaigns that concern it between two fetches.
  sys = await startIsolatedSystem();
});
afterAll(async () => {
  await sys?.close();
});

const DAY = 24 * 3600_000;
const SUFFIX = String(Date.now() % 100000);
const TITLE = `日程测试通知${SUFFIX}`;
const DRAFT_TITLE = `日程会签中通知${SUFFIX}`;

/** The feed's path from the URL the API handed out (its host is config.publicUrl), and its token. */
const pathOf = (url: string) => new URL(url).pathname;
const tokenOf = (url: string) => /\/calendar\/([^/]+)\.ics$/.exec(url)![1];

/** Fetches a feed with no bearer token and parses it; the events by UID. */
async function fetchFeed(path: string): Promise<{ raw: string; events: Map<string, VEvent>; contentType: string | null }> {
  const res = await fetch(`${sys.url}${path}`);
  expect(res.status).toBe(200);
  const raw = await res.text();
  const parsed = nodeIcal.sync.parseICS(raw);
  const events = new Map<string, VEvent>();
  for (const c of Object.values(parsed)) if (c?.type === 'VEVENT') events.set(c.uid, c);
  return { raw, events, contentType: res.headers.get('content-type') };
}

/** The local calendar date node-ical gives an all-day (VALUE=DATE) start or end. */
const ymdOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const mine = (events: Map<string, VEvent>, campaignId: string) => [...events.values()].filter((e) => e.uid.startsWith(`${campaignId}.`));
const uid = (campaignId: string, kind: string) => `${campaignId}.${kind}@joint-notices`;

describe('calendar feeds', () => {
  const cast = () => sys.token('CAST', 'secretariat');
  const haCast = () => sys.token('HA_CAST', 'recipient');
  let id: string;
  let draftId: string;
  let docNumber: string;
  let milestones: { publicationOpensAt: string; concentratedWeek: { startsAt: string; endsAt: string }; summaryDueAt: string; closesAt: string };
  let haFeed: { id: string; url: string };
  let first: Map<string, VEvent>;

  it('a campaign is issued to 各省科协 (HA_CAST among them, a reporting unit); another stays in co-signing', async () => {
    const issued = await issueCampaign(
      sys,
      smallDefinition({ title: TITLE, docNumberPrefix: `日程测${SUFFIX}发`, reportingUnits: ['各省、自治区、直辖市科协'], rebaseTo: shanghaiDate(1) }),
    );
    id = issued.id;
    docNumber = issued.docNumber;
    milestones = (await sys.http.get(`/api/v1/campaigns/${id}`, cast())).body.milestones;
    await eventually(async () => {
      const r = await sys.http.get(`/api/v1/campaigns/${id}/recipients`, haCast());
      expect(r.body.items[0]).toMatchObject({ agency: 'HA_CAST', deliveredAt: expect.any(String) });
    });
    const draft = await sys.http.post('/api/v1/campaigns', smallDefinition({ title: DRAFT_TITLE, docNumberPrefix: `日程会测${SUFFIX}发`, coSigners: ['CPD'], rebaseTo: shanghaiDate(2) }), cast());
    expect(draft.status).toBe(201);
    draftId = draft.body.id;
  });

  it('a body’s people create a feed for their own agency: 201 { id, url }, the URL on the public address', async () => {
    const res = await sys.http.post('/api/v1/calendar-feeds', {}, haCast());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'url']);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.url).toMatch(new RegExp(`^${sys.config.publicUrl.replace(/[.]/g, '\\.')}/api/v1/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    haFeed = res.body;
    // Nothing but the hash is stored.
    const token = tokenOf(haFeed.url);
    const [stored] = await sys.db.query(`SELECT * FROM calendar_feeds WHERE id = $1`, [haFeed.id]);
    expect(stored).toMatchObject({ agency: 'HA_CAST', created_by: 'ha_cast-recipient', revoked_at: null });
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('the feed answers iCalendar without a bearer token: the campaign’s deadlines for a 主送 reporting unit, in zh-CN, with alarms', async () => {
    const { raw, events, contentType } = await fetchFeed(pathOf(haFeed.url));
    expect(contentType).toBe('text/calendar; charset=utf-8');
    expect(raw.startsWith('BEGIN:VCALENDAR')).toBe(true);
    first = events;
    const ours = mine(events, id);
    expect(ours.map((e) => e.uid).sort()).toEqual(['acknowledgement', 'close', 'concentrated-week', 'publication-window', 'summary-due'].map((k) => uid(id, k)).sort());
    expect(mine(events, draftId)).toEqual([]); // a recipient sees nothing of a notice not yet issued
    const e = (kind: string) => events.get(uid(id, kind))!;
    expect(e('summary-due').summary).toBe(`总结报送截止：《${TITLE}》`);
    expect(e('concentrated-week').summary).toBe(`集中活动周：《${TITLE}》`);
    expect(e('publication-window').summary).toBe(`活动发布期：《${TITLE}》`);
    expect(e('acknowledgement').summary).toBe(`签收：《${TITLE}》`);
    expect(e('close').summary).toBe(`活动结束：《${TITLE}》`);

    // A deadline is its instant; the week and the window are whole Beijing days, the end exclusive.
    expect(e('summary-due').datetype).toBe('date-time');
    expect(e('summary-due').start.getTime()).toBe(Date.parse(milestones.summaryDueAt));
    expect(e('close').start.getTime()).toBe(Date.parse(milestones.closesAt));
    const week = e('concentrated-week');
    expect(week.datetype).toBe('date');
    expect(ymdOf(week.start)).toBe(shanghaiYmd(Date.parse(milestones.concentratedWeek.startsAt)));
    expect(ymdOf(week.end!)).toBe(shanghaiYmd(Date.parse(milestones.concentratedWeek.endsAt) + DAY));
    const window = e('publication-window');
    expect(ymdOf(window.start)).toBe(shanghaiYmd(Date.parse(milestones.publicationOpensAt)));
    expect(ymdOf(window.end!)).toBe(shanghaiYmd(Date.parse(milestones.concentratedWeek.startsAt)));
    // No deadline for acknowledgement exists: it stands on the window's opening.
    expect(e('acknowledgement').start.getTime()).toBe(Date.parse(milestones.publicationOpensAt));

    expect(e('summary-due').alarms!.map((a) => [a.action, a.trigger])).toEqual([
      ['DISPLAY', '-P1D'],
      ['DISPLAY', '-PT1H'],
    ]);
    expect(week.alarms!.map((a) => [a.action, a.trigger])).toEqual([['DISPLAY', '-PT15H']]);
    const description = String(e('summary-due').description);
    expect(description).toContain(`发文字号：${docNumber}`);
    expect(description).toContain(`${sys.config.publicUrl}/campaigns/${id}`);
    // node-ical gives the URL with its VALUE=URI parameter.
    const url = e('summary-due').url as unknown as string | { val: string };
    expect(typeof url === 'string' ? url : url.val).toBe(`${sys.config.publicUrl}/campaigns/${id}`);
    for (const ev of ours) expect(Number(ev.sequence)).toBe(0);
  });

  it('fetched again, the same UIDs', async () => {
    const again = await fetchFeed(pathOf(haFeed.url));
    expect([...again.events.keys()].sort()).toEqual([...first.keys()].sort());
  });

  it('after the lead moves the summary deadline, that event’s SEQUENCE is higher and its date moved; the others stay', async () => {
    const later = new Date(Date.parse(milestones.summaryDueAt) + DAY + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
    const moved = await sys.http.patch(`/api/v1/campaigns/${id}/milestones`, { summaryDueAt: later }, cast());
    expect(moved.status).toBe(200);
    await eventually(async () => {
      const { events } = await fetchFeed(pathOf(haFeed.url));
      const due = events.get(uid(id, 'summary-due'))!;
      expect(Number(due.sequence)).toBeGreaterThan(Number(first.get(uid(id, 'summary-due'))!.sequence));
      expect(due.start.getTime()).toBe(Date.parse(later));
      expect(Number(events.get(uid(id, 'concentrated-week'))!.sequence)).toBe(0);
      expect(Number(events.get(uid(id, 'close'))!.sequence)).toBe(0);
    });
  });

  it('once HA_CAST acknowledges, the acknowledgement leaves its feed', async () => {
    expect((await sys.http.post(`/api/v1/campaigns/${id}/receipts`, {}, haCast())).status).toBe(200);
    const { events } = await fetchFeed(pathOf(haFeed.url));
    expect(events.has(uid(id, 'acknowledgement'))).toBe(false);
    expect(events.has(uid(id, 'summary-due'))).toBe(true);
  });

  it('each body sees what concerns it: a co-signer its co-sign deadline; a body outside either campaign neither', async () => {
    const cpd = await sys.http.post('/api/v1/calendar-feeds', {}, sys.token('CPD', 'signer'));
    expect(cpd.status).toBe(201);
    const { events } = await fetchFeed(pathOf(cpd.body.url));
    const coSign = events.get(uid(draftId, 'co-sign-due'))!;
    expect(coSign.summary).toBe(`会签截止：《${DRAFT_TITLE}》`);
    const draft = (await sys.http.get(`/api/v1/campaigns/${draftId}`, cast())).body;
    expect(coSign.start.getTime()).toBe(Date.parse(draft.coSign.dueAt));
    expect(String(coSign.description)).toContain('尚未编号');
    // CPD co-signed the issued one: it sees its year, but neither acknowledgement nor summaries.
    expect(mine(events, id).map((e) => e.uid).sort()).toEqual(['close', 'concentrated-week', 'publication-window'].map((k) => uid(id, k)).sort());

    const most = await sys.http.post('/api/v1/calendar-feeds', {}, sys.token('MOST', 'secretariat'));
    const other = await fetchFeed(pathOf(most.body.url));
    expect(mine(other.events, id)).toEqual([]);
    expect(mine(other.events, draftId)).toEqual([]);
  });

  it('lists the agency’s own feeds, never their tokens; another agency’s feed cannot be revoked (404)', async () => {
    const list = await sys.http.get('/api/v1/calendar-feeds', haCast());
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: any) => f.id)).toContain(haFeed.id);
    expect(list.body.items.every((f: any) => f.agency === 'HA_CAST')).toBe(true);
    const token = tokenOf(haFeed.url);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(list.body.items.find((f: any) => f.id === haFeed.id)).toEqual({ id: haFeed.id, agency: 'HA_CAST', createdBy: 'ha_cast-recipient', createdAt: expect.any(String) });
    const others = await sys.http.get('/api/v1/calendar-feeds', sys.token('BJ_CAST', 'secretariat'));
    expect(others.body.items.map((f: any) => f.id)).not.toContain(haFeed.id);
    expect((await sys.http.delete(`/api/v1/calendar-feeds/${haFeed.id}`, sys.token('BJ_CAST', 'secretariat'))).status).toBe(404);
    await fetchFeed(pathOf(haFeed.url)); // still in force
  });

  it('revoked, the URL answers 404 — the same answer as a token that never existed', async () => {
    const revoked = await sys.http.delete(`/api/v1/calendar-feeds/${haFeed.id}`, sys.token('HA_CAST', 'secretariat'));
    expect(revoked.status).toBe(204);
    const gone = await sys.http.get(pathOf(haFeed.url));
    expect(gone.status).toBe(404);
    const never = await sys.http.get(`/api/v1/calendar/${'A'.repeat(43)}.ics`);
    const garbage = await sys.http.get('/api/v1/calendar/not-a-token.ics');
    expect([never.status, garbage.status]).toEqual([404, 404]);
    expect(never.body).toEqual(gone.body);
    expect(garbage.body).toEqual(gone.body);
    expect(JSON.stringify(gone.body)).not.toContain(tokenOf(haFeed.url));
    expect((await sys.http.delete(`/api/v1/calendar-feeds/${haFeed.id}`, sys.token('HA_CAST', 'secretariat'))).status).toBe(404);
    const list = await sys.http.get('/api/v1/calendar-feeds', haCast());
    expect(list.body.items.map((f: any) => f.id)).not.toContain(haFeed.id);
  });

  it('the route reads `<token>.ics` whatever base64url characters the token holds, and nothing else', async () => {
    // Feeds until the tokens seen hold both '-' and '_' (43 random characters of 64 each: a few feeds
    // nearly always, 40 beyond doubt), each read through the route.
    const tokens: string[] = [];
    for (let i = 0; i < 40 && !(tokens.some((t) => t.includes('-')) && tokens.some((t) => t.includes('_'))); i++) {
      const r = await sys.http.post('/api/v1/calendar-feeds', {}, sys.token('HA_CAST', 'secretariat'));
      tokens.push(tokenOf(r.body.url));
      const ok = await fetch(`${sys.url}${pathOf(r.body.url)}`);
      expect(ok.status).toBe(200);
      await ok.text();
    }
    expect(tokens.some((t) => t.includes('-')) && tokens.some((t) => t.includes('_'))).toBe(true);
    expect((await sys.http.get(`/api/v1/calendar/${tokens[0]}`)).status).toBe(404);
    expect((await sys.http.get(`/api/v1/calendar/${tokens[0]}.ics.ics`)).status).toBe(404);
  });

  it('no bearer is needed for the feed, and the other endpoints still want one (401); bad ids are 400s naming the field', async () => {
    expect((await sys.http.post('/api/v1/calendar-feeds', {})).status).toBe(401);
    expect((await sys.http.get('/api/v1/calendar-feeds')).status).toBe(401);
    expect((await sys.http.delete(`/api/v1/calendar-feeds/${haFeed.id}`)).status).toBe(401);
    expect((await sys.http.get(`/api/v1/campaigns/${id}`)).status).toBe(401);
    const bad = await sys.http.delete('/api/v1/calendar-feeds/not-a-uuid', haCast());
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field)).toEqual(['id']);
    const body = await sys.http.post('/api/v1/calendar-feeds', { agency: 'BJ_CAST' }, haCast());
    expect(body.status).toBe(400);
    expect(body.body.fields.map((f: any) => f.field)).toEqual(['agency']);
    const page = await sys.http.get('/api/v1/calendar-feeds?pageSize=0', haCast());
    expect(page.status).toBe(400);
    expect(page.body.fields.map((f: any) => f.field)).toEqual(['pageSize']);
    const control = await sys.http.get('/api/v1/calendar/a%00b.ics');
    expect(control.status).toBe(400);
    expect(control.body.fields.map((f: any) => f.field)).toEqual(['token']);
    // The OpenAPI document has the route as clients call it (and the bad-input spec walks it).
    const doc = (await sys.http.get('/api/docs-json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/calendar-feeds', '/api/v1/calendar-feeds/{id}', '/api/v1/calendar/{token}.ics']));
    expect(doc.paths['/api/v1/calendar/{token}.ics'].get.security ?? []).toEqual([]);
    // An agency outside the directory has nothing to follow.
    expect((await sys.http.post('/api/v1/calendar-feeds', {}, sys.token('NOT_IN_DIRECTORY', 'recipient'))).status).toBe(403);
  });
});
