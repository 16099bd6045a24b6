/**
 * Co-signing changed in flight, over days, on the time-skipping test server (the real API and
 * worker against it, as test/co-sign-cadence.e2e-spec.ts): a moved deadline moves the escalation
 * with it, and 手动催办 is limited to once per co-signer per working day — on the calendar of the
 * year a rehearsal was written for.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { campaignCalendar } from '@activities/year.activities';
import { privateDatabase } from '@db/spec-support';
import { type CoSignState, nextWakeAt } from '@domain/co-sign';
import { stateQuery } from '@temporal/messages';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';
import { settled as settledOn } from './support/settled';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let sys: TestSystem;
let database: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
  });
  // A database of its own: the dispatcher on this server's skipped clock would work through every other spec's outbox.
  database = await privateDatabase();
  sys = await startSystem({ TEMPORAL_ADDRESS: env.address, DATABASE_URL: database.url });
});

afterAll(async () => {
  await sys?.close();
  await env?.teardown();
  await database?.drop();
});

const lead = () => sys.token('CAST', 'secretariat');
const reminders = async (id: string) =>
  (await sys.http.get(`/api/v1/campaigns/${id}/reminders`, lead())).body.entries as { to: { agency: string }; kind: string; reason: string; at: string }[];

/** The workflow has reacted to everything delivered (test/support/settled.ts). */
const settled = (workflowId: string) => settledOn(env.client, workflowId);

async function launch(coSigners: string[], prefix: string, days: number) {
  const serverNow = await env.currentTimeMs();
  const res = await sys.http.post('/api/v1/campaigns', { ...smallDefinition({ coSigners, docNumberPrefix: prefix }), rebaseTo: shanghaiDate(days, serverNow) }, lead());
  expect(res.status).toBe(201);
  const { id, workflowId } = res.body as { id: string; workflowId: string };
  const c = await eventually(async () => {
    const got = (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
    expect(got.coSign.signers[0].askedAt).not.toBeNull();
    return got;
  });
  return { id, workflowId, dueAt: Date.parse(c.coSign.dueAt), shiftDays: c.calendarShiftDays as number };
}

describe('co-signing changed in flight, over days', () => {
  it('a deadline moved 3 days later: no escalation at the old one, one at the new one', async () => {
    const { id, workflowId, dueAt } = await launch(['CPD', 'CAC'], '改期发', 7);
    const newDue = new Date(dueAt + 3 * DAY).toISOString();
    const moved = await sys.http.patch(`/api/v1/campaigns/${id}/co-sign`, { dueAt: newDue }, lead());
    expect(moved.status).toBe(200);
    expect(moved.body.told).toEqual(['CPD', 'CAC']);

    await settled(workflowId);
    await env.sleep(dueAt + HOUR - (await env.currentTimeMs()));
    await settled(workflowId);
    expect((await reminders(id)).filter((r) => r.kind === 'escalation')).toEqual([]);
    const state: CoSignState = await env.client.workflow.getHandle(workflowId).query(stateQuery);
    expect(state.escalatedAt).toBeNull();
    expect(nextWakeAt(state)).toBeLessThanOrEqual(Date.parse(newDue));

    await env.sleep(Date.parse(newDue) + HOUR - (await env.currentTimeMs()));
    const escalations = await eventually(async () => {
      const e = (await reminders(id)).filter((r) => r.kind === 'escalation');
      expect(e).toHaveLength(1);
      return e;
    });
    expect(escalations[0].reason).toBe(`co-sign deadline ${newDue} passed; still outstanding: CPD, CAC`);
    expect(Date.parse(escalations[0].at) - Date.parse(newDue)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(escalations[0].at) - Date.parse(newDue)).toBeLessThan(60_000);
    // the cadence ran to the new deadline: the reminders of days 8 and 10 came too (every 2 days from the ask)
    const last = (await reminders(id)).filter((r) => r.kind === 'reminder').at(-1)!;
    expect(Date.parse(last.at)).toBeGreaterThan(dueAt);
  });

  it('an urge is once per co-signer per working day of the rehearsed calendar: a second is a 429 until the next working day begins', async () => {
    const { id, workflowId, shiftDays } = await launch(['CPD', 'CAC'], '催办限发', 10);
    const urge = (agency: string) => sys.http.post(`/api/v1/campaigns/${id}/co-sign/urge`, { agency, message: '请尽快会签' }, lead());
    const first = await urge('CPD');
    expect(first.status).toBe(200);
    const day = campaignCalendar(shiftDays).workingDay(Date.parse(first.body.at));
    const second = await urge('CPD');
    expect([second.status, second.body.error]).toEqual([429, 'URGED_TODAY']);
    expect(second.body.message).toContain(`the next urge is possible from ${new Date(day.nextStartsAt).toISOString()}`);
    // another co-signer is not limited by CPD's urge
    expect((await urge('CAC')).status).toBe(200);

    // ten minutes before the next working day begins: still the same working day
    await settled(workflowId);
    await env.sleep(day.nextStartsAt - 10 * 60_000 - (await env.currentTimeMs()));
    expect((await urge('CPD')).status).toBe(429);
    // the next working day
    await env.sleep(11 * 60_000);
    const next = await urge('CPD');
    expect(next.status).toBe(200);
    expect(Date.parse(next.body.at)).toBeGreaterThanOrEqual(day.nextStartsAt);
    const urges = (await reminders(id)).filter((r) => r.kind === 'co-sign-urge');
    expect(urges.map((r) => r.to.agency)).toEqual(['CPD', 'CAC', 'CPD']);
  });
});
