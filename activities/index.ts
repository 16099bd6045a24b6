import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { RecordChangeInput } from './co-sign.activities';
import { createCoSignActivities } from './co-sign.activities';
import type { DeliveryChannel } from './delivery';
import { createDeliveryActivities } from './delivery';
import { supervised } from './failures';
import { createYearActivities } from './year.activities';

export * from './co-sign.activities';
export * from './year.activities';
export type { DispatchInput, DispatchResult } from './delivery';
export type { PermanentFailureType } from './failures';

export interface ActivityDeps {
  dataSource: DataSource;
  /** The delivery channels (activities/delivery: createChannels); none, and nothing is sent. */
  channels?: readonly DeliveryChannel[];
  /** Wakes the notification dispatcher after something was written to the outbox (libs/temporal/src/dispatcher-client.ts). */
  wakeDispatcher?: () => Promise<void>;
}

/** The activities that write to the outbox (for a change, when it has messages): the dispatcher is woken after each. */
const WRITES_OUTBOX: Record<string, (input: unknown) => boolean> = {
  notify: () => true,
  notifyAudience: () => true,
  distribute: () => true,
  sweepReminders: () => true,
  recordChange: (input) => !!(input as RecordChangeInput).notifications?.length,
};

/**
 * Every activity the worker registers, built from its dependencies (STYLE: a factory). Each one
 * heartbeats while it runs and reports failures retrying cannot fix as non-retryable
 * (activities/failures.ts): one place decides that for all of them.
 */
export function createActivities(deps: ActivityDeps) {
  return supervised(
    waking(
      {
        ...createCoSignActivities(deps.dataSource),
        ...createYearActivities(deps.dataSource),
        ...createDeliveryActivities({ dataSource: deps.dataSource, channels: deps.channels ?? [] }),
      },
      deps.wakeDispatcher,
    ),
  );
}

/**
 * After an activity that writes to the outbox, wake the dispatcher. Not awaited by the workflow's
 * step: the write is committed whether or not the wake arrives, and a lost wake is made good by the
 * next one (every sweep, every message, the worker's start).
 */
function waking<T extends Record<string, (...args: any[]) => Promise<unknown>>>(activities: T, wake: (() => Promise<void>) | undefined): T {
  if (!wake) return activities;
  const out: Record<string, (...args: any[]) => Promise<unknown>> = { ...activities };
  for (const [name, writes] of Object.entries(WRITES_OUTBOX)) {
    const fn = activities[name];
    out[name] = async (...args: unknown[]) => {
      const result = await fn(...args);
      if (writes(args[0])) void wake().catch((err: Error) => log.warn('could not wake the notification dispatcher', { error: err.message }));
      return result;
    };
  }
  return out as T;
}

export type Activities = ReturnType<typeof createActivities>;
