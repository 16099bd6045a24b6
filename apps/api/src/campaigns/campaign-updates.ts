/**
 * Every Update this API sends to a campaign's workflow goes through here: one at a time per
 * campaign, in the order the requests came, and decisions that arrive while another Update to the
 * same campaign is in flight go together as one `coSign.decideAll`.
 *
 * Why not simply send each request's Update at once: the workflow carries out one change at a time
 * anyway (workflows/ledger.ts), so parallel Updates to one campaign only wait there — and on the
 * server, which keeps a registry of in-flight Updates per workflow and delivers them in speculative
 * workflow tasks. Twenty co-signers approving the same morning made twenty concurrent Updates, and
 * the server aborted and retried most of them (`workflow update was aborted`, the worker's `Task
 * not found`): about 2.5 s each. Here the first is sent at once and the other nineteen wait for it
 * and go as one Update, recorded in one transaction: each answers within about two Updates' time.
 * A decision alone is sent as `coSign.decide`, exactly as before; nothing waits on a timer.
 *
 * Decisions announce themselves before their checks (expectDecision: the campaign read, the agency's
 * steps): a decision ready while others to the same campaign are still being checked in this
 * process waits for them — each is milliseconds from ready or refused — and they go as one Update
 * instead of the first alone and the rest after it (issue 12's twenty at once: a whole Update less).
 *
 * This holds per API process; with several, each sends its own line and the workflow still takes
 * them one at a time.
 *
 * An answer that says through which audit entry it will be recorded (a run that records after it
 * answers) is noted in AnsweredWrites (recorded.ts) and passed on without it: this process reads
 * that campaign only once it is written.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/client';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { campaignIdOf, type DecideInput, decideAllUpdate, type DecideResult, decideUpdate } from '@temporal/messages';
import { TEMPORAL_CLIENT } from '@temporal/temporal-client.module';
import { AnsweredWrites } from './recorded';

/** A request waiting for its turn: an Update of its own, or a decision that may go with others. */
type Waiting =
  | { kind: 'update'; run: () => Promise<unknown>; resolve: (value: unknown) => void; reject: (err: unknown) => void }
  | { kind: 'decision'; cmd: DecideInput; resolve: (value: DecideResult) => void; reject: (err: unknown) => void };

@Injectable()
export class CampaignUpdates {
  /** Per workflow id: the requests not yet sent. A workflow id is here while one of its Updates is in flight. */
  private readonly lines = new Map<string, Waiting[]>();
  /** Per campaign: decisions announced (expectDecision) and neither sent nor refused yet. */
  private readonly expected = new Map<string, number>();
  /** Per campaign: the workflow id of its line, while that line waits for the decisions expected before its first turn. */
  private readonly holding = new Map<string, string>();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly writes: AnsweredWrites,
  ) {}

  /** Sends `arg` as Update `def` when the campaign's earlier Updates have been answered. */
  send<Ret, Arg>(workflowId: string, def: { name: string } & UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    return new Promise<Ret>((resolve, reject) => {
      const run = () => this.temporal.workflow.getHandle(workflowId).executeUpdate(def, { args: [arg] });
      this.enqueue(workflowId, { kind: 'update', run, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /**
   * A co-signing decision: sent alone as `coSign.decide` when nothing is in flight, otherwise with
   * every decision that waits beside it. A refusal fails as `coSign.decide` would have failed
   * (WorkflowUpdateFailedError around the workflow's ApplicationFailure), so callers map it the same way.
   */
  decide(workflowId: string, cmd: DecideInput, announced?: Announced): Promise<DecideResult> {
    const answer = new Promise<DecideResult>((resolve, reject) => this.enqueue(workflowId, { kind: 'decision', cmd, resolve, reject }, announced ? 1 : 0));
    announced?.done();
    return answer;
  }

  /**
   * A decision on `campaignId` is being checked and will come to decide() — or not: `done()` once
   * it is sent or refused (decide() calls it; calling it again does nothing). Until then, a decision
   * to the same campaign with nothing in flight waits for it, to go together.
   */
  expectDecision(campaignId: string): Announced {
    const id = campaignId.toLowerCase();
    this.expected.set(id, (this.expected.get(id) ?? 0) + 1);
    let done = false;
    return {
      done: () => {
        if (done) return;
        done = true;
        const left = this.expected.get(id)! - 1;
        if (left) return void this.expected.set(id, left);
        this.expected.delete(id);
        const workflowId = this.holding.get(id);
        if (workflowId === undefined) return;
        this.holding.delete(id);
        void this.run(workflowId, nextTurn(this.lines.get(workflowId)!));
      },
    };
  }

  /** `own`: the request is one of the decisions expected on its campaign (1), or not (0). */
  private enqueue(workflowId: string, request: Waiting, own = 0): void {
    const line = this.lines.get(workflowId);
    if (line) {
      line.push(request);
      return;
    }
    const campaignId = campaignIdOf(workflowId);
    if (request.kind === 'decision' && (this.expected.get(campaignId) ?? 0) > own) {
      // Others are being checked: this one waits for them, and all go together (expectDecision).
      this.lines.set(workflowId, [request]);
      this.holding.set(campaignId, workflowId);
      return;
    }
    this.lines.set(workflowId, []);
    void this.run(workflowId, [request]);
  }

  /** Sends `turn`, then the next turn from the line, until the line is empty. */
  private async run(workflowId: string, turn: Waiting[]): Promise<void> {
    for (;;) {
      await this.sendTurn(workflowId, turn);
      const line = this.lines.get(workflowId)!;
      if (!line.length) {
        this.lines.delete(workflowId);
        return;
      }
      turn = nextTurn(line);
    }
  }

  private async sendTurn(workflowId: string, turn: Waiting[]): Promise<void> {
    const first = turn[0];
    const taken = <T>(answer: T): T => this.writes.take(campaignIdOf(workflowId), answer);
    try {
      if (first.kind === 'update') {
        first.resolve(taken(await first.run()));
        return;
      }
      const decisions = turn as Extract<Waiting, { kind: 'decision' }>[];
      const handle = this.temporal.workflow.getHandle(workflowId);
      if (decisions.length === 1) {
        first.resolve(taken(await handle.executeUpdate(decideUpdate, { args: [decisions[0].cmd] })));
        return;
      }
      const outcomes = await handle.executeUpdate(decideAllUpdate, { args: [decisions.map((d) => d.cmd)] }).catch((err: unknown) => {
        if (!lacksHandler(err, decideAllUpdate.name)) throw err;
        return null;
      });
      if (!outcomes) {
        // A run begun before coSign.decideAll (workflows/v1) refuses it unseen: each goes alone, in order.
        for (const d of decisions) await handle.executeUpdate(decideUpdate, { args: [d.cmd] }).then(d.resolve, d.reject);
        return;
      }
      decisions.forEach((d, i) => {
        const o = outcomes[i];
        if ('result' in o) d.resolve(taken(o.result));
        else d.reject(new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ ...o.failure, nonRetryable: true })));
      });
    } catch (err) {
      for (const w of turn) w.reject(err);
    }
  }
}

/** A decision announced to the line before its checks (CampaignUpdates.expectDecision). */
export interface Announced {
  done(): void;
}

/** Takes the next turn off a line: the first request, and if it is a decision, every decision right behind it. */
function nextTurn(line: Waiting[]): Waiting[] {
  const other = line.findIndex((w) => w.kind !== 'decision');
  return line.splice(0, line[0].kind === 'update' ? 1 : other === -1 ? line.length : other);
}

/** The workflow has no handler for Update `name` (the SDK refuses it before anything is written). */
function lacksHandler(err: unknown, name: string): boolean {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.message === `No registered handler for update: ${name}`;
}
