/**
 * The lead's changes in flight (issue 12) in the workflow-logic tier: the campaign workflow on
 * Temporal's time-skipping server with the recording fakes of test/support/fake-activities.ts (the
 * calendar activity is the real one). 加签, 减签, a moved deadline and 手动催办, each recorded
 * once and in order; the history it leaves is the replay fixture `co-sign-changes.json`
 * (RECORD_HISTORIES=1 npx jest test/co-sign-changes-workflow).
 */
import { type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { campaignCalendar } from '@activities/year.activities';
import type { CoSignState } from '@domain/co-sign';
import {
  addSignerUpdate,
  type CampaignWorkflowInput,
  campaignWorkflowId,
  decideUpdate,
  moveCoSignDeadlineUpdate,
  removeSignerUpdate,
  signOffUpdate,
  stateQuery,
  urgeUpdate,
} from '@temporal/messages';
import { fakeActivities } from './support/fake-activities';
import { settled } from './support/settled';
import { eventually } from './support/system';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SHA1 = '1'.repeat(64);
const LEAD = 'cast-secretariat';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: process.env.TEMPORAL_TEST_SERVER_PATH! } },
  });
});

afterAll(async () => {
  await env?.teardown();
});

async function refusal(update: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await update.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
}

describe('co-signing changed in flight, with the activities faked', () => {
  it('adds, removes, moves the deadline and urges: each recorded once, in order, told to whom it concerns; the escalation follows the deadline', async () => {
    const fake = fakeActivities();
    const taskQueue = `changes-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { codePath: process.env.WORKFLOW_BUNDLE_PATH! }, activities: fake.activities });
    const t0 = await env.currentTimeMs();
    const input: CampaignWorkflowInput = {
      setup: {
        campaignId: randomUUID(),
        leadAgency: 'CAST',
        coSigners: ['CPD', 'CAC', 'MOE'],
        mode: 'parallel',
        dueAt: new Date(t0 + 7 * DAY).toISOString(),
        docNumberPrefix: '变更发',
        year: 2026,
        noticeSha256: SHA1,
        // no automatic reminders before the deadlines: what is asserted here is the lead's doing
        urging: { firstAfterMs: 30 * DAY, everyMs: 30 * DAY },
      },
      launchedBy: LEAD,
    };
    const id = input.setup.campaignId;
    const approve = (h: WorkflowHandle, agency: string) => h.executeUpdate(decideUpdate, { args: [{ agency, decision: 'approve', noticeSha256: SHA1, by: `${agency}-signer` }] });

    await worker.runUntil(async () => {
      const h = await env.client.workflow.start('campaignWorkflow', { taskQueue, workflowId: campaignWorkflowId(id), args: [input] });
      try {
        await approve(h, 'CPD');

        // 加签 at position 2: asked at once.
        expect((await refusal(h.executeUpdate(addSignerUpdate, { args: [{ agency: 'CAST', by: LEAD }] }))).type).toBe('LEAD_IS_NOT_A_CO_SIGNER');
        expect((await refusal(h.executeUpdate(addSignerUpdate, { args: [{ agency: 'MOE', by: LEAD }] }))).type).toBe('ALREADY_A_CO_SIGNER');
        const added = await h.executeUpdate(addSignerUpdate, { args: [{ agency: 'MOST', order: 2, by: LEAD }] });
        expect(added).toMatchObject({ agency: 'MOST', order: 2, phase: 'co-signing', askedAt: expect.any(String) });

        // 减签 of CAC, with the reason it is told.
        expect((await refusal(h.executeUpdate(removeSignerUpdate, { args: [{ agency: 'CAST', reason: 'x', by: LEAD }] }))).type).toBe('LEAD_IS_NOT_A_CO_SIGNER');
        await h.executeUpdate(removeSignerUpdate, { args: [{ agency: 'CAC', reason: '不涉及该单位职责', by: LEAD }] });
        let state: CoSignState = await h.query(stateQuery);
        expect(state.signers.map((s) => `${s.order}:${s.agency}:${s.status}`)).toEqual(['1:CPD:approved', '2:MOST:pending', '3:MOE:pending']);
        expect((await refusal(approve(h, 'CAC'))).type).toBe('NOT_A_CO_SIGNER');

        // The deadline moves from day 7 to day 10: MOST and MOE are told.
        const now = await env.currentTimeMs();
        expect((await refusal(h.executeUpdate(moveCoSignDeadlineUpdate, { args: [{ dueAt: new Date(now - HOUR).toISOString(), by: LEAD }] }))).type).toBe('INVALID_DEADLINE');
        const due = new Date(t0 + 10 * DAY).toISOString();
        expect(await h.executeUpdate(moveCoSignDeadlineUpdate, { args: [{ dueAt: due, by: LEAD }] })).toEqual({ dueAt: due, from: input.setup.dueAt, told: ['MOST', 'MOE'], auditSeq: 5 });

        // 催办 of everyone pending, then of MOE again the same working day: refused, with when.
        const urged = await h.executeUpdate(urgeUpdate, { args: [{ message: '请尽快反馈', by: LEAD }] });
        expect(urged).toMatchObject({ urged: ['MOST', 'MOE'], skipped: [] });
        const day = campaignCalendar(0).workingDay(Date.parse(urged.at));
        const again = await refusal(h.executeUpdate(urgeUpdate, { args: [{ agency: 'MOE', by: LEAD }] }));
        expect(again.type).toBe('URGED_TODAY');
        expect(again.details?.[0]).toMatchObject({ nextAt: new Date(day.nextStartsAt).toISOString() });
        expect((await refusal(h.executeUpdate(urgeUpdate, { args: [{ agency: 'CPD', by: LEAD }] }))).type).toBe('ALREADY_DECIDED');
        // The next working day, MOE may be urged again.
        await settled(env.client, h.workflowId);
        await env.sleep(day.nextStartsAt - (await env.currentTimeMs()) + 60_000);
        expect((await h.executeUpdate(urgeUpdate, { args: [{ agency: 'MOE', by: LEAD }] })).urged).toEqual(['MOE']);

        // Past the old deadline: no escalation; past the new one: one.
        await settled(env.client, h.workflowId);
        await env.sleep(t0 + 7 * DAY + HOUR - (await env.currentTimeMs()));
        state = await h.query(stateQuery);
        expect(state.escalatedAt).toBeNull();
        await env.sleep(t0 + 10 * DAY + HOUR - (await env.currentTimeMs()));
        await eventually(async () => expect((await h.query(stateQuery)).escalatedAt).not.toBeNull());

        await approve(h, 'MOST');
        await approve(h, 'MOE');
        const issued = await h.executeUpdate(signOffUpdate, { args: [{ noticeSha256: SHA1, by: LEAD }] });
        expect(issued.docNumber).toMatch(/^变更发〔\d{4}〕1号$/);
        expect(await h.result()).toMatchObject({ phase: 'issued' });
        if (process.env.RECORD_HISTORIES === '1') writeFileSync(join(__dirname, 'fixtures', 'histories', 'co-sign-changes.json'), JSON.stringify(await h.fetchHistory(), null, 1));
      } finally {
        await h.terminate('test over').catch(() => undefined);
      }
    });

    const entries = fake.entries(id);
    expect(entries.map((e) => e.type)).toEqual([
      'campaign.launched',
      'co-sign.decided',
      'co-sign.signer-added',
      'co-sign.signer-removed',
      'co-sign.deadline-moved',
      'co-sign.urged',
      'co-sign.urged',
      'co-sign.escalated',
      'co-sign.decided',
      'co-sign.decided',
      'sign-off',
      'issued',
    ]);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(entries[3]).toMatchObject({ actor: LEAD, data: { agency: 'CAC', reason: '不涉及该单位职责', status: 'pending' } });
    expect(entries[5].data).toEqual({ agencies: ['MOST', 'MOE'], message: '请尽快反馈', skipped: [] });
    expect(entries[7].data).toEqual({ outstanding: ['MOST', 'MOE'] });

    const told = fake.messages(id).map((m) => `${m.kind} ${m.agency}`);
    expect(told).toEqual(
      expect.arrayContaining([
        'co-sign-request MOST',
        'co-sign-removed CAC',
        'co-sign-deadline-moved MOST',
        'co-sign-deadline-moved MOE',
        'co-sign-urge MOST',
        'co-sign-urge MOE',
        'escalation CAST',
        'ready-for-sign-off CAST',
        'issued MOST',
      ]),
    );
    expect(told.filter((m) => m === 'co-sign-urge MOE')).toHaveLength(2);
    expect(told).not.toContain('issued CAC');
    const escalation = fake.messages(id).find((m) => m.kind === 'escalation')!;
    expect(escalation.data).toMatchObject({ dueAt: new Date(t0 + 10 * DAY).toISOString() });
    expect(fake.messages(id).find((m) => m.kind === 'co-sign-urge')!.data).toMatchObject({ message: '请尽快反馈', version: 1 });
  });
});
