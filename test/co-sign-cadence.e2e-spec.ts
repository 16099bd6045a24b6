/**
 * Urging (催办) and escalation over days, proven on the time-skipping test server: the real API and
 * worker run against it; `env.sleep()` moves workflow time forward while HTTP calls happen at
 * real time in between. Reminders: first after 2 days, then every 2 days, none after the deadline;
 * at the deadline the lead's secretariat is alerted once.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { CoSignState } from '@domain/co-sign';
import type { CampaignWorkflowInput } from '@temporal/messages';
import { stateQuery } from '@temporal/messages';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let env: TestWorkflowEnvironment;
let sys: TestSystem;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
  });
  sys = await startSystem({ TEMPORAL_ADDRESS: env.address });
});

afterAll(async () => {
  await sys?.close();
  await env?.teardown();
});

const reminders = async (id: string) =>
  (await sys.http.get(`/api/v1/campaigns/${id}/reminders`, sys.token('CAST', 'secretariat'))).body.entries as {
    to: { agency: string; role: string };
    kind: string;
    reason: string;
    at: string;
  }[];

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
    const { id } = res.body;
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

    await env.sleep(DAY);
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
    await new Promise((r) => setTimeout(r, 500));
    expect(await reminders(id)).toHaveLength(5);

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
    const { id } = res.body;
    await eventually(async () => expect((await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead)).body.versions).toHaveLength(1));
    await env.sleep(2 * DAY + HOUR);
    await eventually(async () => expect(await reminders(id)).toHaveLength(1));
    await env.sleep(HOUR); // day 2 + 2h: revise
    const rev = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: '修订后的正文' }, lead);
    expect(rev.status).toBe(201);
    await env.sleep(DAY + 23 * HOUR); // day 4 + 1h: past the old cadence's slot (day 4), before the new one's (day 4 + 2h)
    await new Promise((r) => setTimeout(r, 500));
    expect(await reminders(id)).toHaveLength(1);
    await env.sleep(2 * HOUR); // day 4 + 3h: past 2 days after the revision
    const r = await eventually(async () => {
      const all = await reminders(id);
      expect(all).toHaveLength(2);
      return all;
    });
    expect(r[1].reason).toMatch(/notice version 2/);
  });

  it('a continued run (continue-as-new) carries the state, the cadence and the audit chain on', async () => {
    // Temporal asks for continue-as-new only after thousands of events; this starts the next run
    // exactly as continueAsNew would, with the carried input, after ending the first one.
    const lead = sys.token('CAST', 'secretariat');
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ coSigners: ['CPD', 'CAC'], docNumberPrefix: '续跑发' }), rebaseTo: shanghaiDate(10, await env.currentTimeMs()) },
      lead,
    );
    const { id, workflowId } = res.body;
    const sha = res.body.notice.sha256;
    const decide = (agency: string) =>
      sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token(agency, 'signer'));
    expect((await decide('CPD')).status).toBe(200);

    const first = env.client.workflow.getHandle(workflowId);
    const state: CoSignState = await first.query(stateQuery);
    const auditSeq = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead)).body.entries.length;
    expect(auditSeq).toBe(2);
    await first.terminate('test: replaced by a continued run');
    const carried: CampaignWorkflowInput = {
      setup: {
        campaignId: id,
        leadAgency: state.leadAgency,
        coSigners: state.signers.map((s) => s.agency),
        mode: state.mode,
        dueAt: state.dueAt,
        docNumberPrefix: state.docNumberPrefix,
        year: state.year,
        noticeSha256: state.notice.sha256,
      },
      launchedBy: 'cast-secretariat',
      carried: { state, auditSeq },
    };
    await env.client.workflow.start('campaignWorkflow', { taskQueue: sys.config.temporal.taskQueue, workflowId, args: [carried] });

    await env.sleep(2 * DAY + HOUR);
    const r = await eventually(async () => {
      const all = await reminders(id);
      expect(all).toHaveLength(1);
      return all;
    });
    expect(r[0].to.agency).toBe('CAC'); // CPD's approval was carried over

    expect((await decide('CAC')).status).toBe(200);
    await eventually(async () => expect((await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body.phase).toBe('awaiting-sign-off'));
    const audit = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead)).body;
    expect(audit.verified).toBe(true);
    expect(audit.entries.map((e: any) => e.type)).toEqual(['campaign.launched', 'co-sign.decided', 'co-sign.decided']);
  });
});
