import type { Client } from '@temporalio/client';
import { dispatcherWorkflowId, wakeDispatcherSignal } from './messages';

/**
 * Wakes the notification dispatcher, starting it if it is not running (signal-with-start): what
 * every writer of the outbox calls after writing. Cheap (one RPC) and idempotent: a dispatcher
 * already awake merely looks once more.
 */
export async function wakeDispatcher(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.signalWithStart('dispatcherWorkflow', {
    workflowId: dispatcherWorkflowId(taskQueue),
    taskQueue,
    args: [],
    signal: wakeDispatcherSignal,
    signalArgs: [],
  });
}

/**
 * How long an outbox writer's wake waits: every wake asked for meanwhile is the same one.
 *
 * Woken at once, the dispatcher's workflow task and its dispatch activity ran beside the workflow
 * task that wrote the messages — a withdrawal, a sign-off — and that task's Update was answered
 * later for it (issue 12's bench: a withdrawal straight to the workflow 27 → 17 ms, a sign-off
 * through the API 51 → 36 ms). The messages are in the outbox, and the inbox, the moment they are
 * written; their delivery starts this much later, and a burst of writers wakes the dispatcher once.
 */
export const WAKE_AFTER_MS = 25;

/**
 * `wake`, called once `windowMs` after the first call of a window; every call in the window shares
 * that one call's outcome. A call after it has begun starts the next window, so a write that lands
 * while the dispatcher is already looking still gets a wake of its own. The timer does not keep
 * the process alive: a wake lost at shutdown is made good at the next start (the worker wakes the
 * dispatcher when it starts).
 */
export function coalesced(wake: () => Promise<void>, windowMs = WAKE_AFTER_MS): () => Promise<void> {
  let next: Promise<void> | null = null;
  return () =>
    (next ??= new Promise<void>((resolve) => setTimeout(resolve, windowMs).unref()).then(() => {
      next = null;
      return wake();
    }));
}
