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
