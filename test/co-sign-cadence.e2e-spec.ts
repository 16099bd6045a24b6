/**
 * Urging (催办) and escalation over days, proven on the time-skipping test server: the real API and
 * worker run against it; `env.sleep()` moves workflow time forward while HTTP calls happen at
 * real time in between. Reminders: first after 2 days, then every 2 days, none after the deadline;
 * at the deadline the lead's secretariat is alerted once. "Nothing else happened" is asserted once
 * the workflow has settled (its history shows it reacted to everything delivered), never after a
 * pause of wall-clock time. The co-signing loop's own continue-as-new is in campaign-workflow.spec.ts.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { privateDatabase } from '@db/spec-support';
import { type CoSignState, nextReminderAt, nextWakeAt } from '@domain/co-sign';
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
  // A database of its own: the notification dispatcher on this server's skipped clock would
  // otherwise work through every other spec's outbox, and the server holds its clock while it does.
  database = await privateDatabase();
  sys = await startSystem({ TEMPORAL_ADDRESS: env.address, DATABASE_URL: database.url });
});

afterAll(async () => {
  await sys?.close();
  await env?.teardown();
  await database?.drop();
});

const reminders = async (id: string) =>
  (await sys.http.get(`/api/v1/campaigns/${id}/reminders`, sys.token('CAST', 'secretariat'))).body.entries as {
    to: { agency: string; role: string };
    kind: string;
    reason: string;
    at: string;
  }[];

/** The workflow has reacted to everything delivered (test/support/settled.ts). */
const settled = (workflowId: string) => settledOn(env.client, workflowId);

describe('the co-sign cadence', () => {
  it('reminds whoever is still pending every 2 days until the deadline, then escalates once', async () => {
    const lead = sys.token('CAST', 'secretariat');
    // rebased so the co-sign deadline is 7 days away (18:00 Beijing time)
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ coSigners: ['CPD', 'CAC', 'MOE'], docNumberPrefix: '催办发' }), rebaseTo: shanghaiDate(7) },
      lead,
    );
    expect(res.status).toBe(201);
    const { id, workflowId } = res.body;
    const sha = res.body.notice.sha256;
    const campaign = async () => (await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body;
    const askedAt = Date.parse((await eventually(async () => {
      const c = await campaign();
      expect(c.coSign.signers[0].askedAt).not.toBeNull();
      return c;
    })).coSign.signers[0].askedAt);
    const dueAt = Date.parse((await campaign()).coSign.dueAt);
    expect(dueAt - askedAt).toBeGreaterThan(6 * DAY);
    expect(dueAt - askedAt).toBeLessThan(8 * DAY);

    const decide = (agency: string) =>
      sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token(agency, 'signer'));
    expect((await decide('CPD')).status).toBe(200);

    await settled(workflowId);
    await env.sleep(DAY);
    await settled(workflowId);
    expect(await reminders(id)).toEqual([]); // nothing before 2 days

    await env.sleep(DAY + HOUR);
    const first = await eventually(async () => {
      const r = await reminders(id);
      expect(r).toHaveLength(2);
      return r;
    });
    expect(first.map((r) => [r.to.agency, r.to.role, r.kind])).toEqual([
      ['CAC', 'signer', 'reminder'],
      ['MOE', 'signer', 'reminder'],
    ]);
    expect(Date.parse(first[0].at) - askedAt).toBeGreaterThanOrEqual(2 * DAY); // on the slot, in workflow time
    expect(Date.parse(first[0].at) - askedAt).toBeLessThan(2 * DAY + 60_000);
    expect(first[0].reason).toMatch(/^reminder 1: no decision on notice version 1 2 day\(s\) after being asked/);

    expect((await decide('CAC')).status).toBe(200); // CAC acts; only MOE is chased from now on

    await settled(workflowId);
    await env.sleep(2 * DAY);
    await eventually(async () => expect(await reminders(id)).toHaveLength(3));
    await env.sleep(2 * DAY);
    await eventually(async () => expect(await reminders(id)).toHaveLength(4));
    // past the deadline: one escalation to the lead's secretariat, and no more reminders
    await env.sleep(dueAt - askedAt - 6 * DAY + HOUR);
    const all = await eventually(async () => {
      const r = await reminders(id);
      expect(r).toHaveLength(5);
      return r;
    });
    await env.sleep(6 * DAY);
    await settled(workflowId);
    expect(await reminders(id)).toHaveLength(5);
    // …and nothing more can come on its own: the workflow has no reminder or escalation left to wake for.
    const after: CoSignState = await env.client.workflow.getHandle(workflowId).query(stateQuery);
    expect(after.escalatedAt).not.toBeNull();
    expect(nextWakeAt(after)).toBeNull();

    expect(all.map((r) => [r.to.agency, r.kind])).toEqual([
      ['CAC', 'reminder'],
      ['MOE', 'reminder'],
      ['MOE', 'reminder'],
      ['MOE', 'reminder'],
      ['CAST', 'escalation'],
    ]);
    expect(all.slice(1, 4).map((r) => Math.round((Date.parse(r.at) - askedAt) / 60_000) / (24 * 60))).toEqual([2, 4, 6]);
    expect(all[4].to.role).toBe('secretariat');
    expect(Date.parse(all[4].at) - dueAt).toBeGreaterThanOrEqual(0);
    expect(Date.parse(all[4].at) - dueAt).toBeLessThan(60_000);
    expect(all[4].reason).toContain('still outstanding: MOE');
    expect((await campaign()).coSign.escalatedAt).toBe(all[4].at);

    // late approval still completes co-signing; the audit log recorded the escalation
    expect((await decide('MOE')).status).toBe(200);
    await eventually(async () => expect((await campaign()).phase).toBe('awaiting-sign-off'));
    const audit = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead)).body;
    expect(audit.verified).toBe(true);
    expect(audit.entries.map((e: any) => e.type)).toContain('co-sign.escalated');
  });

  it('a revision restarts the cadence for everyone from the new ask', async () => {
    const lead = sys.token('CAST', 'secretariat');
    // the test server's clock is ahead of the wall clock after the first test: rebase from it
    const serverNow = await env.currentTimeMs();
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ coSigners: ['CPD'], docNumberPrefix: '催办二发' }), rebaseTo: shanghaiDate(10, serverNow) },
      lead,
    );
    const { id, workflowId } = res.body;
    await eventually(async () => expect((await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead)).body.versions).toHaveLength(1));
    await env.sleep(2 * DAY + HOUR);
    await eventually(async () => expect(await reminders(id)).toHaveLength(1));
    await env.sleep(HOUR); // day 2 + 2h: revise
    const rev = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: '修订后的正文' }, lead);
    expect(rev.status).toBe(201);
    await settled(workflowId);
    await env.sleep(DAY + 23 * HOUR); // day 4 + 1h: past the old cadence's slot (day 4), before the new one's (day 4 + 2h)
    await settled(workflowId);
    expect(await reminders(id)).toHaveLength(1);
    // The workflow's next reminder is the new round's first, 2 days after the revision asked again.
    const state: CoSignState = await env.client.workflow.getHandle(workflowId).query(stateQuery);
    expect(state.signers[0].remindersSent).toBe(0);
    expect(nextReminderAt(state, state.signers[0])).toBe(Date.parse(state.signers[0].askedAt!) + 2 * DAY);
    expect(nextReminderAt(state, state.signers[0])!).toBeGreaterThan(await env.currentTimeMs());
    await env.sleep(2 * HOUR); // day 4 + 3h: past 2 days after the revision
    const r = await eventually(async () => {
      const all = await reminders(id);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(r[1].reason).toMatch(/notice version 2/);
  });
});
