/**
 * The whole 2023 national year, rebased to today, from issuance to close, on the time-skipping test
 * server: the real API and worker run against it; `env.sleep()` moves workflow time through the
 * months while the users' HTTP calls happen in between.
 *
 * A rehearsal keeps 2023's working-day calendar (its days are shifted back by calendarShiftDays),
 * so the 2023 Mid-Autumn / National Day holiday (09-29 … 10-06) and its 调休 Saturday 10-07 fall
 * right before the 10-10 summary deadline exactly as they did.
 */
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { privateDatabase } from '@db/spec-support';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayInfo, shanghaiYmd } from '@domain/calendar';
import { issueCampaign } from './support/campaign';
import { seedDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let sys: TestSystem;
let database: { url: string; drop(): Promise<void> };
let connection: Connection;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
  });
  // A database of its own: the notification dispatcher on this server's skipped clock would
  // otherwise work through every other spec's outbox, and the server holds its clock while it does.
  database = await privateDatabase();
  sys = await startSystem({ TEMPORAL_ADDRESS: env.address, DATABASE_URL: database.url });
  connection = await Connection.connect({ address: env.address });
});

afterAll(async () => {
  await connection?.close();
  await sys?.close();
  await env?.teardown();
  await database?.drop();
});

const sleepUntil = async (ms: number) => {
  const now = await env.currentTimeMs();
  if (ms > now) await env.sleep(ms - now);
};

interface Sent {
  agency: string;
  kind: string;
  at: Date;
  reason: string;
}

describe('the 2023 national campaign, rehearsed over a whole year', () => {
  const lead = () => sys.token('CAST', 'secretariat');
  let id: string;
  let shift: number;
  let m: { publicationOpensAt: string; concentratedWeek: { startsAt: string; endsAt: string }; summaryDueAt: string; closesAt: string };
  let firstRunId: string;
  /** The rehearsed (2023) calendar date of an instant. */
  const original = (at: Date | number) => shanghaiYmd(new Date(at).getTime() - shift * DAY);
  const phase = async () => (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body.phase;
  const sent = async (kinds: string[]): Promise<Sent[]> =>
    (
      await sys.db.query(`SELECT agency, kind, created_at AS at, reason FROM notifications WHERE campaign_id = $1 AND kind = ANY($2) ORDER BY created_at, agency`, [id, kinds])
    ).map((r: any) => ({ ...r, at: new Date(r.at) }));
  // Pending on purpose: they never acknowledge / report, so they are urged and chased.
  const NEVER_ACK = ['BJ_CAST', 'GD_SZ_CAST', 'XPCC_CAST'];
  const NEVER_REPORTS = 'BJ_CAST';
  const REPORTS_LATE = 'SH_CAST';

  it('is launched (rebased to start tomorrow), co-signed by all 21 and issued', async () => {
    const def = { ...seedDefinition('national-2023'), docNumberPrefix: '科协年度发', rebaseTo: shanghaiDate(1, await env.currentTimeMs()) };
    const issued = await issueCampaign(sys, def);
    id = issued.id;
    expect(issued.docNumber).toMatch(/^科协年度发〔\d{4}〕1号$/);
    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
    shift = c.calendarShiftDays;
    m = c.milestones;
    expect(original(Date.parse(m.summaryDueAt))).toBe('2023-10-10');
    expect(c.warnings.map((w: any) => w.field)).not.toContain('milestones.summaryDueAt'); // 2023-10-10 was a Tuesday
    firstRunId = (await new Client({ connection }).workflow.getHandle(c.workflowId).describe()).runId;
  });

  it('distributes to all 1,012 主送 and 10 抄送 bodies; the 主送 acknowledge for themselves', async () => {
    await eventually(async () => {
      const r = await sys.http.get(`/api/v1/campaigns/${id}/recipients?pageSize=1`, lead());
      expect(r.body.counts).toMatchObject({ main: 1012, cc: 10, delivered: 1022 });
    });
    const all = (await sys.http.get(`/api/v1/campaigns/${id}/recipients?role=main&pageSize=500&page=1`, lead())).body.items
      .concat((await sys.http.get(`/api/v1/campaigns/${id}/recipients?role=main&pageSize=500&page=2`, lead())).body.items)
      .concat((await sys.http.get(`/api/v1/campaigns/${id}/recipients?role=main&pageSize=500&page=3`, lead())).body.items)
      .map((r: any) => r.agency as string);
    expect(new Set(all).size).toBe(1012);
    const acking = all.filter((a: string) => !NEVER_ACK.includes(a));
    for (let i = 0; i < acking.length; i += 24) {
      const batch = await Promise.all(acking.slice(i, i + 24).map((a: string) => sys.http.post(`/api/v1/campaigns/${id}/receipts`, {}, sys.token(a, 'recipient'))));
      expect(batch.map((b) => b.status)).toEqual(batch.map(() => 200));
    }
    const pending = await sys.http.get(`/api/v1/campaigns/${id}/recipients?state=pending`, lead());
    expect(pending.body.items.map((r: any) => r.agency).sort()).toEqual([...NEVER_ACK].sort());
  });

  it('opens the publication window on its date, having urged only the unacknowledged, at 09:00 on working days', async () => {
    await sleepUntil(Date.parse(m.publicationOpensAt) + HOUR);
    await eventually(async () => expect(await phase()).toBe('publication-open'));
    const urged = await sent(['ack-reminder']);
    expect(new Set(urged.map((u) => u.agency))).toEqual(new Set(NEVER_ACK));
    for (const u of urged) {
      expect(dayInfo(original(u.at)).working).toBe(true);
      expect(new Date(u.at.getTime() + 8 * HOUR).toISOString().slice(11, 16)).toBe('09:00');
    }
    // Every two working days: 2023-08-01 … 08-18 holds 14 working days.
    const perBody = urged.filter((u) => u.agency === 'BJ_CAST').length;
    expect(perBody).toBeGreaterThanOrEqual(6);
    expect(perBody).toBeLessThanOrEqual(8);
    const opened = await sent(['phase']);
    expect(opened.filter((n) => n.reason.startsWith('the publication window is open')).length).toBe(1022);
  });

  let activityId: string;
  it('an organizer registers an activity once the window is open; results it does not add are asked for', async () => {
    const open = Date.parse(m.publicationOpensAt);
    const iso = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00');
    const res = await sys.http.post(
      `/api/v1/campaigns/${id}/activities`,
      { title: '河南省科普日启动仪式（彩排）', category: '各省区域活动', startsAt: iso(open + 2 * HOUR), endsAt: iso(open + 4 * HOUR), place: '郑州市', expectedAudience: 500 },
      sys.token('HA_CAST', 'recipient'),
    );
    expect(res.status).toBe(201);
    activityId = res.body.id;
    await sleepUntil(Date.parse(m.concentratedWeek.startsAt) + HOUR);
    await eventually(async () => expect(await phase()).toBe('concentrated-week'));
    const asked = await sent(['results-reminder']);
    expect(asked.map((a) => a.agency)).toEqual(['HA_CAST', 'HA_CAST', 'HA_CAST']); // at most three times
    expect(asked[0].reason).toContain('河南省科普日启动仪式');
  });

  it('moves to reporting after the week; reporting units submit on time', async () => {
    await sleepUntil(Date.parse(m.concentratedWeek.endsAt) + HOUR);
    await eventually(async () => expect(await phase()).toBe('reporting'));
    const units = (await sys.http.get(`/api/v1/campaigns/${id}/recipients?reporting=true&pageSize=500`, lead())).body.items.map((r: any) => r.agency as string);
    expect(units).toHaveLength(31 + 1 + 120); // provincial 科协, the Corps' 科协, national societies
    const onTime = units.filter((u: string) => u !== NEVER_REPORTS && u !== REPORTS_LATE);
    for (let i = 0; i < onTime.length; i += 24) {
      const batch = await Promise.all(
        onTime.slice(i, i + 24).map((u: string) =>
          sys.http.post(`/api/v1/campaigns/${id}/summaries`, { text: `${u} 2023年全国科普日活动总结`, figures: { activities: 12, participants: 3400 } }, sys.token(u, 'recipient')),
        ),
      );
      expect(batch.map((b) => [b.status, b.body.late])).toEqual(batch.map(() => [201, false]));
    }
  });

  it('urges the missing 7, 3 and 1 working days before 10-10 — around the National Day holiday — and never on a holiday', async () => {
    await sleepUntil(Date.parse(m.summaryDueAt) - HOUR);
    expect(await phase()).toBe('reporting');
    const before = await sent(['summary-reminder']);
    expect(new Set(before.map((b) => b.agency))).toEqual(new Set([NEVER_REPORTS, REPORTS_LATE]));
    // 10-09 (Mon) is 1 working day before; 10-07 (the 调休 Saturday) is 3; 09-25 is 7 (09-29 … 10-06 are holidays).
    expect([...new Set(before.map((b) => original(b.at)))]).toEqual(['2023-09-25', '2023-10-07', '2023-10-09']);
    const anyReminder = await sent(['ack-reminder', 'results-reminder', 'summary-reminder']);
    const days = new Set(anyReminder.map((r) => original(r.at)));
    for (const d of ['2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06']) expect(days.has(d)).toBe(false);
    expect(days.has('2023-10-07')).toBe(true); // a Saturday, made a working day
  });

  it('after the deadline: commendation phase, a late summary is accepted and marked late, the missing one is chased', async () => {
    await sleepUntil(Date.parse(m.summaryDueAt) + HOUR);
    await eventually(async () => expect(await phase()).toBe('commendation'));
    const late = await sys.http.post(`/api/v1/campaigns/${id}/summaries`, { text: '上海市科协活动总结（迟报）' }, sys.token(REPORTS_LATE, 'recipient'));
    expect(late.status).toBe(201);
    expect(late.body.late).toBe(true);
    await sleepUntil(Date.parse(m.summaryDueAt) + 10 * DAY);
    const chased = await sent(['summary-overdue']);
    expect(new Set(chased.map((c) => c.agency))).toEqual(new Set([NEVER_REPORTS]));
    // 10-10 … 10-19 holds 8 working days (10-14/15 and nothing else off).
    expect(chased.map((c) => original(c.at))).toEqual(['2023-10-10', '2023-10-11', '2023-10-12', '2023-10-13', '2023-10-16', '2023-10-17', '2023-10-18', '2023-10-19']);
    // The lead's secretariat was told once, at the first sweep after the deadline, who had not reported.
    const escalated = await sent(['escalation']);
    expect(escalated.map((e) => [e.agency, original(e.at)])).toEqual([['CAST', '2023-10-10']]);
    expect(escalated[0].reason).toMatch(/1 reporting unit\(s\) have not reported: BJ_CAST$/);
    // The same over the API: the lead reads every reminder; a body only what was sent to it.
    const overdue = await sys.http.get(`/api/v1/campaigns/${id}/reminders?kind=summary-overdue&pageSize=5`, lead());
    expect([overdue.body.total, overdue.body.entries.length]).toEqual([8, 5]);
    const own = await sys.http.get(`/api/v1/campaigns/${id}/reminders`, sys.token(NEVER_REPORTS, 'recipient'));
    expect(new Set(own.body.entries.map((e: any) => e.to.agency))).toEqual(new Set([NEVER_REPORTS]));
    expect(new Set(own.body.entries.map((e: any) => e.kind))).toEqual(new Set(['ack-reminder', 'summary-reminder', 'summary-overdue']));
    expect((await sys.http.get(`/api/v1/campaigns/${id}/notifications?agency=${REPORTS_LATE}`, sys.token(NEVER_REPORTS, 'recipient'))).status).toBe(403);
    expect((await sys.http.get(`/api/v1/campaigns/${id}/notifications?pageSize=0`, lead())).status).toBe(400);
    const matrix = (await sys.http.get(`/api/v1/campaigns/${id}/summaries`, lead())).body;
    expect(matrix.counts).toMatchObject({ units: 152, onTime: 150, late: 1, missing: 1 });
  });

  it('closes at the year’s end: the workflow completes after continuing as new, with bounded history; everything stays readable', async () => {
    await sleepUntil(Date.parse(m.closesAt) + HOUR);
    const client = new Client({ connection });
    const handle = client.workflow.getHandle(`campaign-${id}`);
    expect(await handle.result()).toMatchObject({ phase: 'closed', docNumber: expect.stringMatching(/^科协年度发/) });
    expect(await phase()).toBe('closed');
    const last = await handle.describe();
    expect(last.runId).not.toBe(firstRunId); // the year continued as new at least once
    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeLessThan(5000);
    const first = await client.workflow.getHandle(`campaign-${id}`, firstRunId).fetchHistory();
    expect(first.events!.length).toBeLessThan(5000);
    if (process.env.RECORD_HISTORIES === '1') {
      writeFileSync(join(__dirname, 'fixtures', 'histories', 'campaign-year-national-2023.json'), JSON.stringify(first, null, 1));
    }
    const phases = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body;
    expect(phases.verified).toBe(true);
    expect(phases.entries.filter((e: any) => e.type === 'phase.entered').map((e: any) => e.data.phase)).toEqual([
      'publication-open',
      'concentrated-week',
      'reporting',
      'commendation',
      'closed',
    ]);
    // Closed campaigns keep everything queryable; nothing more is accepted.
    expect((await sys.http.get(`/api/v1/campaigns/${id}/activities`, lead())).body.total).toBe(1);
    const after = await sys.http.post(`/api/v1/campaigns/${id}/summaries`, { text: '太晚了' }, sys.token(NEVER_REPORTS, 'recipient'));
    expect(after.status).toBe(409);
    const results = await sys.http.put(
      `/api/v1/campaigns/${id}/activities/${activityId}/results`,
      { photos: [], videos: [], news: [], participants: 480, summary: '启动仪式顺利举行' },
      sys.token('HA_CAST', 'recipient'),
    );
    expect(results.status).toBe(409);
    expect(results.body.message).toMatch(/closed/);
  });
});
