/**
 * Waiting for a workflow on the time-skipping test server to settle, before reading what it did or
 * moving time on.
 */
import type { Client } from '@temporalio/client';
import { eventually } from './system';

/**
 * Waits until the workflow has reacted to everything the server delivered: no workflow task and no
 * activity outstanding in its history. After that, a count that has not grown did not grow — it is
 * not waiting on a worker that lags.
 *
 * Call it before env.sleep() after a command: a co-signing command is answered before its write
 * (workflows/README.md, answer-then-record), and time skipped while that write is in flight can
 * time it out on the test server, which then stops skipping time (every later sleep waits in real
 * time; seen under load in test/campaign-workflow.spec.ts).
 */
export async function settled(client: Client, workflowId: string): Promise<void> {
  await eventually(async () => {
    const { events } = await client.workflow.getHandle(workflowId).fetchHistory();
    let workflowTask = false;
    const activities = new Set<number>();
    for (const e of events ?? []) {
      if (e.workflowTaskScheduledEventAttributes) workflowTask = true;
      if (e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes) workflowTask = false;
      if (e.activityTaskScheduledEventAttributes) activities.add(Number(e.eventId));
      const done = e.activityTaskCompletedEventAttributes ?? e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes ?? e.activityTaskCanceledEventAttributes;
      if (done) activities.delete(Number(done.scheduledEventId));
    }
    expect({ workflowTask, activities: activities.size }).toEqual({ workflowTask: false, activities: 0 });
  });
}
