/**
 * How long things may take, and how fast a lost worker is noticed — the numbers in one place,
 * because they only work together. Pure constants: the workflow bundle imports this file.
 *
 * Liveness. Every activity heartbeats every HEARTBEAT_EVERY_MS while it runs (the wrapper in
 * activities/index.ts), the worker sends heartbeats at most every WORKER_TIMING's throttle, and
 * the server gives up on an attempt after `heartbeatTimeout` without one. A worker killed in the
 * middle of an activity (kill -9, OOM, a lost host) is therefore noticed within 5 s, and the
 * activity runs again on another worker after the 1 s retry interval. Before, a write lost that
 * way waited out its 30 s start-to-close timeout: a sign-off in flight at a kill finished more
 * than 30 s after the restart. An activity that finishes within a second (almost all of them)
 * sends no heartbeat at all.
 *
 * Upper bounds. `startToCloseTimeout` only bounds an attempt that is alive (it heartbeats) but
 * stuck — a lock held by someone else, a pool with no free connection. Generous, because a
 * retried attempt only queues behind the same lock; it is not what makes recovery fast.
 *
 * Retries. Unlimited, 1 s growing to 1 min: a database restart or a network blip heals by itself.
 * A failure retrying cannot fix (PostgreSQL data exceptions, unexpected integrity violations,
 * impossible input to a pure rule) is reported as non-retryable by the same wrapper, and the
 * workflow deals with it instead (workflows/README.md, "When a write fails for good").
 */
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';

/** How often a running activity tells the server it is alive. */
export const HEARTBEAT_EVERY_MS = 1_000;

const retry: ActivityOptions['retry'] = { initialInterval: '1 second', maximumInterval: '1 minute' };

/**
 * One short transaction or pure computation: the audit entry and projection, the outbox, the
 * document number, the plan of working mornings. Milliseconds when all is well; a minute covers
 * a queue for the connection pool or the numbering lock under a burst of issuances.
 */
export const SHORT_ACTIVITY: ActivityOptions = { startToCloseTimeout: '1 minute', heartbeatTimeout: '5 seconds', retry };

/**
 * A campaign's change written inside the workflow task that answers its Update (workflows/ledger.ts):
 * the same short transaction as SHORT_ACTIVITY, run by the worker that holds the task, so the answer
 * waits for one transaction instead of two activity round trips through the server. No heartbeat:
 * the worker keeps the workflow task alive while it runs, and a worker that dies takes the task with
 * it — the task is retried (after the workflow task timeout) and the write with it. Retried like the
 * others; past the one-minute local retry threshold the SDK waits on a durable timer instead.
 */
export const LOCAL_ACTIVITY: LocalActivityOptions = { startToCloseTimeout: '1 minute', retry };

/**
 * The set-based statements over a whole campaign: distribution to every recipient, the morning
 * reminder sweep, a message to an audience. 0.2–0.5 s at the real size (README, Benchmark);
 * ten minutes leaves room for ten times that on a loaded database.
 */
export const SET_BASED_ACTIVITY: ActivityOptions = { startToCloseTimeout: '10 minutes', heartbeatTimeout: '5 seconds', retry };

/**
 * Worker options the numbers above rely on (apps/worker spreads them into Worker.create).
 *
 * - maxHeartbeatThrottleInterval: by default the SDK sends heartbeats at most every 0.8 ×
 *   heartbeatTimeout (4 s of 5), leaving a 1 s margin on a loaded machine; 1 s keeps 4 s.
 * - stickyQueueScheduleToStartTimeout: after a crash, the workflow tasks of the runs the dead
 *   worker had cached wait on its sticky queue this long before any worker may take them (10 s
 *   by default). 3 s: a live worker that is merely busy then replays a run it already had in
 *   cache — cheap for histories this size — instead of the whole system waiting 10 s.
 */
export const WORKER_TIMING = {
  maxHeartbeatThrottleInterval: '1 second',
  stickyQueueScheduleToStartTimeout: '3 seconds',
} as const;
