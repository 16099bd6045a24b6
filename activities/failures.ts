/**
 * Which activity failures retrying can fix, decided in one place for every activity.
 *
 * Temporal retries a failed activity until it succeeds. That is right for a database restart or a
 * dropped connection, and wrong for a write PostgreSQL refuses because of what it writes: a NUL
 * character or a lone surrogate in a comment (`invalid input syntax for type json`), a number past
 * `int` (`integer out of range`), a date a pure rule cannot handle. Those fail the same way on
 * every attempt, and a workflow waiting on them waits forever — with every later decision on the
 * campaign queued behind it. They are reported as non-retryable ApplicationFailures instead, and
 * the workflow refuses the command or notes the failure and goes on.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { sqlState } from '@db/sql';
import { storableText } from '@domain/text';
import { AuditChainError } from '@db/audit/audit.queries';
import { HEARTBEAT_EVERY_MS } from '@temporal/timeouts';

/**
 * Failure types of activities that must not be retried. The workflow reads them from
 * `ActivityFailure.cause`; the message never carries the offending input, only what was wrong.
 */
export type PermanentFailureType =
  /** PostgreSQL SQLSTATE class 22: the value cannot be stored (bad text, number out of range…). */
  | 'DATA_EXCEPTION'
  /** SQLSTATE class 23 that the activity did not expect (its own idempotency conflicts are handled where they occur). */
  | 'INTEGRITY_VIOLATION'
  /** A pure rule refused its input (libs/domain throws RangeError on impossible input, e.g. the calendar on year 10000). */
  | 'IMPOSSIBLE_INPUT'
  /** The audit chain itself is inconsistent: an entry is missing, or a different one holds the sequence number. */
  | 'AUDIT_CHAIN';

/** SQLSTATE classes retrying cannot fix: 22 data exception, 23 integrity constraint violation. */
const PERMANENT_SQLSTATE_CLASSES: Record<string, PermanentFailureType> = { '22': 'DATA_EXCEPTION', '23': 'INTEGRITY_VIOLATION' };

/**
 * Text that is safe to put into history, the audit log and a message: no NUL, no lone surrogate,
 * not too long. Error messages are built from input sometimes (`invalid input syntax for type
 * integer: "…"`), and a failure that cannot be stored would only fail again one level up.
 */
export function scrub(text: string, max = 300): string {
  const clean = storableText(text);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The failure to report for `err`: non-retryable when retrying cannot fix it, otherwise `err` itself. */
export function classify(err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err; // decided where it was thrown
  if (err instanceof AuditChainError) return auditChainFailure(scrub(err.message));
  const state = sqlState(err);
  const type = state ? PERMANENT_SQLSTATE_CLASSES[state.slice(0, 2)] : err instanceof RangeError ? 'IMPOSSIBLE_INPUT' : undefined;
  if (!type) return err;
  return ApplicationFailure.create({
    type,
    message: scrub(`${(err as Error).message}${state ? ` (SQLSTATE ${state})` : ''}`),
    details: state ? [{ sqlState: state }] : [],
    nonRetryable: true,
  });
}

/** A non-retryable failure of the audit chain (libs/db's appendAuditEntry throws AuditChainError). */
export function auditChainFailure(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'AUDIT_CHAIN' satisfies PermanentFailureType, message, nonRetryable: true });
}

type AnyActivity = (...args: any[]) => Promise<unknown>;

/**
 * Wraps every activity: it heartbeats while it runs (so a worker that dies mid-activity is noticed
 * within the heartbeat timeout, libs/temporal/src/timeouts.ts) unless it runs as a local activity,
 * and its failures are classified.
 */
export function supervised<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: unknown[]) => {
      const ctx = Context.current();
      // A local activity runs inside its workflow task, which the worker keeps alive instead.
      const beat = ctx.info.isLocal ? undefined : setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await fn(...args);
      } catch (err) {
        throw classify(err);
      } finally {
        clearInterval(beat);
      }
    };
  }
  return wrapped as T;
}
