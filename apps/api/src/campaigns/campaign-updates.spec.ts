/**
 * The API's line of Updates per campaign (campaign-updates.ts), against a recording stand-in for
 * the Temporal client: what is sent, in which order, and what each caller gets. The workflow's side
 * of coSign.decideAll is proven on Temporal (test/campaign-workflow.spec.ts) and over HTTP
 * (test/co-signing.e2e-spec.ts: twenty approvals at once).
 */
import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { DecideInput, DecideOutcome } from '@temporal/messages';
import type { DataSource } from 'typeorm';
import { CampaignUpdates } from './campaign-updates';
import { AnsweredWrites } from './recorded';

/** The line never reads; AnsweredWrites only reads when asked whether a campaign is written (not here). */
const noDatabase = {} as DataSource;

const SHA = 'a'.repeat(64);
const cmd = (agency: string): DecideInput => ({ agency, decision: 'approve', noticeSha256: SHA, comment: null, by: `${agency}-signer` });
const answer = (agency: string) => ({ agency, status: 'approved' as const, noticeSha256: SHA, decidedAt: '2026-11-30T00:00:00.000Z', repeated: false });

interface Sent {
  workflowId: string;
  name: string;
  arg: unknown;
}

/** A client whose Updates answer after a tick, as `respond` says; every Update sent is in `sent`, and how many were in flight at most. */
function fakeClient(respond: (s: Sent) => unknown) {
  const sent: Sent[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const client = {
    workflow: {
      getHandle: (workflowId: string) => ({
        executeUpdate: async (def: { name: string }, opts: { args: unknown[] }) => {
          const s = { workflowId, name: def.name, arg: opts.args[0] };
          sent.push(s);
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          try {
            await new Promise((resolve) => setTimeout(resolve, 5));
            const r = respond(s);
            if (r instanceof Error) throw r;
            return r;
          } finally {
            inFlight--;
          }
        },
      }),
    },
  } as unknown as Client;
  return { client, sent, mostInFlight: () => mostInFlight };
}

const failed = (type: string, message: string) => new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true }));

describe('CampaignUpdates: one Update at a time per campaign, decisions waiting together', () => {
  it('a decision alone goes as coSign.decide', async () => {
    const fake = fakeClient((s) => answer((s.arg as DecideInput).agency));
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    expect(await updates.decide('campaign-1', cmd('CPD'))).toEqual(answer('CPD'));
    expect(fake.sent.map((s) => s.name)).toEqual(['coSign.decide']);
  });

  it('decisions arriving while one is in flight go together as coSign.decideAll; each caller gets its own outcome, a refusal as the error coSign.decide throws', async () => {
    const fake = fakeClient((s) =>
      s.name === 'coSign.decide'
        ? answer((s.arg as DecideInput).agency)
        : (s.arg as DecideInput[]).map((c): DecideOutcome => (c.agency === 'CAC' ? { failure: { type: 'STALE_NOTICE', message: 'stale' } } : { result: answer(c.agency) })),
    );
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    const results = await Promise.allSettled(['CPD', 'CAC', 'MOE', 'MOST'].map((a) => updates.decide('campaign-1', cmd(a))));
    expect(fake.sent.map((s) => [s.name, Array.isArray(s.arg) ? s.arg.map((c: DecideInput) => c.agency) : (s.arg as DecideInput).agency])).toEqual([
      ['coSign.decide', 'CPD'],
      ['coSign.decideAll', ['CAC', 'MOE', 'MOST']],
    ]);
    expect(fake.mostInFlight()).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const refusal = (results[1] as PromiseRejectedResult).reason as WorkflowUpdateFailedError;
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refusal.cause).toBeInstanceOf(ApplicationFailure);
    expect((refusal.cause as ApplicationFailure).type).toBe('STALE_NOTICE');
  });

  it('a decision ready while others to its campaign are still being checked waits for them: all go as one coSign.decideAll', async () => {
    const fake = fakeClient((s) => (s.arg as DecideInput[]).map((c) => ({ result: answer(c.agency) })));
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    // Three requests announced before their checks (the campaign read); they finish in another order.
    const [cpd, cac, moe] = ['CPD', 'CAC', 'MOE'].map(() => updates.expectDecision('C1'));
    const answers = [updates.decide('campaign-c1', cmd('CAC'), cac)];
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.sent).toEqual([]); // held for the other two
    answers.push(updates.decide('campaign-c1', cmd('MOE'), moe), updates.decide('campaign-c1', cmd('CPD'), cpd));
    expect((await Promise.all(answers)).map((a) => a.agency)).toEqual(['CAC', 'MOE', 'CPD']);
    expect(fake.sent.map((s) => [s.name, (s.arg as DecideInput[]).map((c) => c.agency)])).toEqual([['coSign.decideAll', ['CAC', 'MOE', 'CPD']]]);
  });

  it('a decision held for another whose check refused it goes alone once that one is done; a decision not announced is not held', async () => {
    const fake = fakeClient((s) => answer((s.arg as DecideInput).agency));
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    const [cpd, cac] = ['CPD', 'CAC'].map(() => updates.expectDecision('c1'));
    const held = updates.decide('campaign-c1', cmd('CPD'), cpd);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fake.sent).toEqual([]);
    cac.done(); // CAC's request was refused by its checks (a 403, say): nothing more to wait for
    cac.done(); // and saying so twice changes nothing
    expect(await held).toEqual(answer('CPD'));
    // An internal step's decision is not announced: with nothing in flight it goes at once, even while another is being checked.
    updates.expectDecision('c1');
    expect(await updates.decide('campaign-c1', cmd('MOE'))).toEqual(answer('MOE'));
    expect(fake.sent.map((s) => [s.name, (s.arg as DecideInput).agency])).toEqual([
      ['coSign.decide', 'CPD'],
      ['coSign.decide', 'MOE'],
    ]);
  });

  it('other Updates keep their place in the line and go alone; campaigns do not wait for each other', async () => {
    const fake = fakeClient((s) => (s.name === 'coSign.decideAll' ? (s.arg as DecideInput[]).map((c) => ({ result: answer(c.agency) })) : { ok: s.name }));
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    const revise = { name: 'notice.revise' } as Parameters<CampaignUpdates['send']>[1];
    await Promise.all([
      updates.decide('campaign-1', cmd('CPD')),
      updates.decide('campaign-1', cmd('CAC')),
      updates.send('campaign-1', revise, { sha256: SHA }),
      updates.decide('campaign-1', cmd('MOE')),
      updates.decide('campaign-1', cmd('MOST')),
      updates.decide('campaign-2', cmd('CPD')),
    ]);
    expect(fake.sent.filter((s) => s.workflowId === 'campaign-1').map((s) => s.name)).toEqual(['coSign.decide', 'coSign.decide', 'notice.revise', 'coSign.decideAll']);
    expect(fake.sent[1]).toMatchObject({ workflowId: 'campaign-2', name: 'coSign.decide' });
  });

  it('a run that has no coSign.decideAll (begun on workflows/v1) gets the waiting decisions one by one, in order', async () => {
    const fake = fakeClient((s) => (s.name === 'coSign.decideAll' ? failed('', 'No registered handler for update: coSign.decideAll') : answer((s.arg as DecideInput).agency)));
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    const results = await Promise.all(['CPD', 'CAC', 'MOE'].map((a) => updates.decide('campaign-1', cmd(a))));
    expect(results.map((r) => r.agency)).toEqual(['CPD', 'CAC', 'MOE']);
    expect(fake.sent.map((s) => s.name)).toEqual(['coSign.decide', 'coSign.decideAll', 'coSign.decide', 'coSign.decide']);
  });

  it('an Update that fails fails its callers, and the line goes on', async () => {
    const fake = fakeClient((s) => (s.name === 'coSign.decideAll' ? new Error('unavailable') : answer((s.arg as DecideInput).agency)));
    const updates = new CampaignUpdates(fake.client, new AnsweredWrites(noDatabase));
    const results = await Promise.allSettled(['CPD', 'CAC', 'MOE'].map((a) => updates.decide('campaign-1', cmd(a))));
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value.agency))).toEqual(['CPD', 'unavailable', 'unavailable']);
    expect(await updates.decide('campaign-1', cmd('MOST'))).toEqual(answer('MOST'));
  });

  it('an answer through an audit entry not yet written (answer-then-record) is passed on without it, and remembered for its campaign', async () => {
    const fake = fakeClient((s) =>
      s.name === 'coSign.decideAll'
        ? (s.arg as DecideInput[]).map((d, i): DecideOutcome => ({ result: { ...answer(d.agency), auditSeq: 10 + i } as ReturnType<typeof answer> }))
        : { ...answer((s.arg as DecideInput).agency), auditSeq: 7 },
    );
    const writes = new AnsweredWrites(noDatabase);
    const updates = new CampaignUpdates(fake.client, writes);
    const all = await Promise.all([updates.decide('campaign-c1', cmd('CPD')), updates.decide('campaign-c1', cmd('MOE')), updates.decide('campaign-c1', cmd('MOST'))]);
    expect(all).toEqual([answer('CPD'), answer('MOE'), answer('MOST')]);
    expect((writes as unknown as { answered: Map<string, number> }).answered).toEqual(new Map([['c1', 11]]));
  });
});
