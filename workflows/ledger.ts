/**
 * The campaign's audit log as the workflow writes it, and the rule that keeps the workflow state,
 * the log and the read model in step:
 *
 * - One change at a time. Updates, timers and the year's loop all change the campaign; each change
 *   runs inside `exclusive()`, in arrival order (the lock of Temporal's safe-message-handlers
 *   sample, as a promise chain), so it sees every earlier change and audit entries are numbered
 *   without gaps.
 * - A command (an Update) is written first and applied only once written. If PostgreSQL refuses
 *   the write for good (activities/failures.ts says which failures those are) nothing changes: a
 *   `command.refused` entry takes the place in the chain, the lead's secretariat is told, and the
 *   caller's Update fails with COMMAND_FAILED — promptly, instead of a retry loop that would hold
 *   every later decision on the campaign behind it.
 * - Something that happened (a deadline passed, a phase began) is applied first: time does not go
 *   back. If its entry cannot be written, `entry.unrecorded` takes the place.
 * - A side activity that fails for good (a message, a sweep, a plan) is noted as `activity.failed`
 *   and told to the lead; the process goes on.
 *
 * Only failures retrying cannot fix reach this code: activities retry without limit, so any
 * ActivityFailure a workflow sees is a non-retryable one.
 *
 * In a run started with the `answer-in-one-task` patch the writes are local activities inside the
 * workflow task that answers (workflows/README.md): a write answers where its entries went, which
 * is past where the history says the chain ends only after a task that wrote and never completed
 * (its entries are then superseded, libs/db appendAuditEntries); commands that arrived together may
 * be written together (commandsTogether).
 */
import { ActivityFailure, ApplicationFailure, log, proxyActivities, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { Activities, AuditEvent } from '@activities';
import { COMMAND_FAILED } from '@temporal/messages';
import { LOCAL_ACTIVITY, SHORT_ACTIVITY } from '@temporal/timeouts';

const { recordEntry, notify } = proxyActivities<Activities>(SHORT_ACTIVITY);
/** The same writes as local activities, inside the workflow task (a run started with the `answer-in-one-task` patch). */
export const local = proxyLocalActivities<Activities>(LOCAL_ACTIVITY);

export const nowIso = (): string => new Date().toISOString();

/** An audit entry before it is written; its time is the moment of writing (workflow time). */
export type Entry = Omit<AuditEvent, 'at'>;

/**
 * Writes `event` as audit entry `seq`, with whatever projection goes with it, in one transaction.
 * A write from a local activity answers where the entry went (`lastSeq`): past `seq` when it found
 * entries of a workflow task that never completed (libs/db appendAuditEntries).
 */
export type Write = (seq: number, event: AuditEvent) => Promise<unknown>;

/** Writes several entries from `seq` on in one transaction; answers where the last went. */
export type WriteMany = (seq: number, events: AuditEvent[]) => Promise<{ lastSeq: number }>;

/** Where the last entry of a write went: what it answered, or where it was asked to go. */
function lastSeqOf(written: unknown, asked: number): number {
  const lastSeq = (written as { lastSeq?: unknown } | null)?.lastSeq;
  return typeof lastSeq === 'number' ? lastSeq : asked;
}

/** What failed, as the activity reported it (activities/failures.ts PermanentFailureType, scrubbed message). */
export interface Failure {
  type: string;
  message: string;
}

/**
 * The failure of an activity that failed for good, or null for any other error (rethrow it). An
 * ordinary activity's failure arrives as an ActivityFailure around its cause; a local activity's as
 * the ApplicationFailure itself. Only activity calls are passed through here (outcome()).
 */
export function permanentFailure(err: unknown): Failure | null {
  if (err instanceof ApplicationFailure) return { type: err.type ?? 'ApplicationFailure', message: err.message };
  if (!(err instanceof ActivityFailure)) return null;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) return { type: cause.type ?? 'ApplicationFailure', message: cause.message };
  return { type: cause?.name ?? 'ActivityFailure', message: cause?.message ?? err.message };
}

/** An activity's result, or how it failed for good; other errors are rethrown. */
export async function outcome<T>(call: Promise<T>): Promise<{ value: T; failure?: undefined } | { failure: Failure }> {
  try {
    return { value: await call };
  } catch (err) {
    const failure = permanentFailure(err);
    if (!failure) throw err;
    return { failure };
  }
}

/** The Update failure for a command that could not be carried out: nothing changed. */
export function commandFailed(what: string, failure: Failure): ApplicationFailure {
  return ApplicationFailure.create({
    type: COMMAND_FAILED,
    message: `${what} could not be carried out, so nothing changed: ${failure.message}`,
    details: [failure],
    nonRetryable: true,
  });
}

export class Ledger {
  /**
   * Settles when the last queued change has finished. Four lines instead of async-mutex (which the
   * sample uses): workflow code imports nothing but the Temporal API and our pure code, so nothing
   * else has to be vetted for determinism — and a chain that never stays rejected is all this needs.
   */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly campaignId: string,
    /** The last audit entry written (0 before the first). */
    private lastSeq: number,
    private readonly leadAgency: string,
    /** Notes of failures written by local activities, as the run's changes are (the `answer-in-one-task` patch). */
    private readonly writesLocally = false,
  ) {}

  /** The sequence number of the last entry written: what a continued run carries on from. */
  get seq(): number {
    return this.lastSeq;
  }

  /** Runs `change` once every change queued before it has finished (failed or not). */
  exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.tail.then(change);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * A command: `write` first, `apply` once written. On a failure for good nothing is applied, the
   * refusal is noted, and this throws COMMAND_FAILED for the Update. Call inside exclusive().
   */
  async command(entry: Entry, write: Write, apply: () => void): Promise<void> {
    const failure = await this.append(entry, write);
    if (failure) {
      await this.note(
        { type: 'command.refused', actor: entry.actor, data: { command: entry.type, error: failure } },
        `${entry.type} by ${entry.actor} was refused: it could not be recorded (${failure.message})`,
      );
      throw commandFailed(entry.type, failure);
    }
    apply();
  }

  /**
   * Commands that arrived together, written in one transaction (a group commit): `apply` once all
   * are written. Answers the failure without noting it — the caller then carries them out one at a
   * time, so a command that cannot be recorded is refused alone. Call inside exclusive().
   */
  async commandsTogether(entries: Entry[], write: WriteMany, apply: () => void): Promise<Failure | null> {
    const failure = await this.appendAll(entries, write);
    if (!failure) apply();
    return failure;
  }

  /** Something that happened: `apply`, then `write`; a failed write is noted in its place. Call inside exclusive(). */
  async event(entry: Entry, write: Write, apply: () => void = () => undefined): Promise<void> {
    apply();
    const failure = await this.append(entry, write);
    if (failure) {
      await this.note(
        { type: 'entry.unrecorded', actor: 'system', data: { entry: entry.type, error: failure } },
        `${entry.type} happened but could not be recorded: ${failure.message}`,
      );
    }
  }

  /** An activity that failed for good: noted, and told to the lead. Call inside exclusive(). */
  async failed(activity: string, failure: Failure, consequence: string): Promise<void> {
    await this.note(
      { type: 'activity.failed', actor: 'system', data: { activity, consequence, error: failure } },
      `${activity} failed and will not be retried (${failure.message}): ${consequence}`,
    );
  }

  /** Writes entry lastSeq+1; only a written entry advances the sequence, so a failure leaves no gap. */
  private append(entry: Entry, write: Write): Promise<Failure | null> {
    return this.appendAll([entry], (seq, [event]) => write(seq, event));
  }

  /** Writes the entries from lastSeq+1 on, stamped now; the sequence advances to where the last went. */
  private async appendAll(entries: Entry[], write: (seq: number, events: AuditEvent[]) => Promise<unknown>): Promise<Failure | null> {
    const seq = this.lastSeq + 1;
    const at = nowIso();
    const result = await outcome(write(seq, entries.map((entry) => ({ ...entry, at }))));
    if (result.failure) return result.failure;
    this.lastSeq = lastSeqOf(result.value, seq + entries.length - 1);
    return null;
  }

  /**
   * A failure in the audit log (its own entry, no projection) and in the outbox for the lead's
   * secretariat. Both carry only the failure's type and scrubbed message, never the input that
   * caused it; should even they fail, the worker log is all that is left, and the process goes on.
   */
  private async note(entry: Entry, reason: string): Promise<void> {
    const at = nowIso();
    const campaignId = this.campaignId;
    const recorded = await this.append(entry, (seq, event) => (this.writesLocally ? local.recordChange({ campaignId, seq, events: [event] }) : recordEntry({ campaignId, seq, event })));
    if (recorded) log.error('a failure could not be recorded in the audit log either', { campaignId, entry, failure: recorded });
    const key = `${campaignId}:failure:${uuid4()}`;
    // The facts of a failure are its text: built here from the scrubbed error, never from the input.
    const notifications = [{ key, agency: this.leadAgency, role: 'secretariat' as const, kind: 'failure' as const, data: { text: reason }, at }];
    const told = await outcome((this.writesLocally ? local.notify : notify)({ campaignId, notifications }));
    if (told.failure) log.error('the lead could not be told of a failure', { campaignId, reason, failure: told.failure });
  }
}
