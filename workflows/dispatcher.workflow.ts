/**
 * The notification dispatcher: takes what the campaigns wrote to the outbox to people, through
 * the delivery channels (activities/delivery). One per deployment, started and woken by whoever
 * writes to the outbox (libs/temporal/src/dispatcher-client.ts).
 *
 * Each round is ONE activity however many messages there are: it plans new notifications into
 * deliveries and sends what is due (set-based, bounded batches). The retry schedule lives in
 * PostgreSQL (each delivery's next_attempt_at) and this workflow's timer is the clock that honours
 * it: a webhook failing for a day, or an SMTP server down for an hour, is retried durably, across
 * worker restarts, without a timer in any process's memory. Idle, with nothing pending, the
 * workflow waits a minute for a wake and ends; its history stays short (continue-as-new after
 * ROUNDS_PER_RUN rounds).
 */
import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '@activities';
import { wakeDispatcherSignal } from '@temporal/messages';
import { SET_BASED_ACTIVITY } from '@temporal/timeouts';

const { dispatch } = proxyActivities<Activities>(SET_BASED_ACTIVITY);

/** Rounds before continuing as new: ~10 events each. */
export const ROUNDS_PER_RUN = 200;

/** How long an idle dispatcher waits for a wake before it ends. */
export const IDLE_MS = 60_000;

export async function dispatcherWorkflow(): Promise<void> {
  let woken = false;
  setHandler(wakeDispatcherSignal, () => {
    woken = true;
  });
  for (let round = 0; round < ROUNDS_PER_RUN && !workflowInfo().continueAsNewSuggested; round++) {
    woken = false;
    const r = await dispatch({ now: new Date().toISOString() });
    if (r.more || woken) continue;
    const wait = r.nextDueAt === null ? IDLE_MS : Date.parse(r.nextDueAt) - Date.now();
    if (wait > 0) await condition(() => woken, wait);
    // Nothing pending and nobody woke it: end. The next write starts a new run.
    if (!woken && r.nextDueAt === null) return;
  }
  await continueAsNew<typeof dispatcherWorkflow>();
}
