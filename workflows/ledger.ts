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
 *
 * In a run started with the `answer-then-record` patch, co-signing's changes are recorded after
 * they are answered (record()): checked to be storable, applied, answered in the workflow task that
 * received them, and written by ordinary activities in the order they were answered — the history
 * holds the Update, and with it the change, before anyone is told; the write is scheduled in the
 * same task or, behind another write, re-derived from the history by any worker that replays it.
 * Every other write waits for those before it (settled()), so the chain keeps its order.
 */
import { ActivityFailure, ApplicationFailure, log, proxyActivities, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { Activities, AuditEvent, RecordChangeInput } from '@activities';
import { findTextProblems } from '@domain/text';
import { COMMAND_FAILED } from '@temporal/messages';
import { LOCAL_ACTIVITY, SHORT_ACTIVITY } from '@temporal/timeouts';

const { recordEntry, recordChange, notify } = proxyActivities<Activities>(SHORT_ACTIVITY);
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

/**
 * A change answered and not yet written (the `answer-then-record` patch): recordChange's input but
 * for where it goes — its entries, stamped when it was answered, and what is written with them.
 */
type Unwritten = Omit<RecordChangeInput, 'campaignId' | 'seq'>;

/** What record() writes with a change's entries; the notice version is stamped with them. */
export type Recorded = Omit<Unwritten, 'events' | 'noticeVersion'> & { noticeVersion?: Omit<NonNullable<RecordChangeInput['noticeVersion']>, 'at'> };

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

  /** Changes answered and not yet written, in the order they were answered (record()). */
  private readonly unwritten: Unwritten[] = [];
  /** The sequence number the last of them will have. */
  private lastQueued = 0;
  /** Settles when `unwritten` is empty; null while nothing is being written. */
  private writing: Promise<void> | null = null;

  /** The sequence number of the last entry written: what a continued run carries on from (after settled()). */
  get seq(): number {
    return this.lastSeq;
  }

  /** The sequence number of the last entry answered: written, or queued to be (record()). */
  get answered(): number {
    return Math.max(this.lastQueued, this.lastSeq);
  }

  /** Settles once every change answered before it is written (record()); at once when none waits. */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /**
   * A command recorded after it is answered (the `answer-then-record` patch). Refused with
   * COMMAND_FAILED, and nothing changes, if its text could not be stored; otherwise applied at
   * once and queued for writing in the order of answering (`answered` is then the sequence number
   * its last entry will have). Call inside exclusive().
   */
  async record(entries: Entry[], { state, noticeVersion, notifications }: Recorded, apply: () => void): Promise<void> {
    const problem = unstorable(entries, notifications ?? []);
    if (problem) {
      const failure: Failure = { type: 'DATA_EXCEPTION', message: `${problem.field} cannot be stored: it ${problem.message}` };
      await this.note(
        { type: 'command.refused', actor: entries[0].actor, data: { command: entries[0].type, error: failure } },
        `${entries[0].type} by ${entries[0].actor} was refused: it could not be recorded (${failure.message})`,
      );
      throw commandFailed(entries[0].type, failure);
    }
    apply();
    const at = nowIso();
    this.unwritten.push({ events: entries.map((entry) => ({ ...entry, at })), state, noticeVersion: noticeVersion && { ...noticeVersion, at }, notifications });
    this.lastQueued = this.answered + entries.length;
    this.writing ??= this.writeUnwritten();
  }

  /**
   * Writes the queued changes, oldest first, each with the projection of the state it left; those
   * queued while one is written go together next (one transaction, the last state). A write that
   * fails for good is retried change by change, and one that still fails is noted in its place
   * (`entry.unrecorded`): it was answered, so it stands.
   */
  private async writeUnwritten(): Promise<void> {
    while (this.unwritten.length) {
      const batch = takeBatch(this.unwritten);
      const failure = await this.appendAll(
        batch.flatMap((u) => u.events),
        (seq, events) => recordChange({ campaignId: this.campaignId, seq, events, ...merged(batch) }),
        false,
      );
      if (!failure) continue;
      if (batch.length === 1) {
        await this.unrecorded(batch[0], failure);
        continue;
      }
      for (const u of batch) {
        const alone = await this.appendAll(u.events, (seq, events) => recordChange({ campaignId: this.campaignId, seq, events, ...merged([u]) }), false);
        if (alone) await this.unrecorded(u, alone);
      }
    }
    this.writing = null;
  }

  private unrecorded(u: Unwritten, failure: Failure): Promise<void> {
    const types = u.events.map((e) => e.type).join(', ');
    return this.note({ type: 'entry.unrecorded', actor: 'system', data: { entry: types, error: failure } }, `${types} was answered but could not be recorded: ${failure.message}`, false);
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

  /**
   * Writes the entries from lastSeq+1 on, stamped now (unless stamped already), once every change
   * answered before them is written — unless they are the writing of those (`afterAnswered` false);
   * the sequence advances to where the last went.
   */
  private async appendAll(
    entries: readonly (Entry & { at?: string })[],
    write: (seq: number, events: AuditEvent[]) => Promise<unknown>,
    afterAnswered = true,
  ): Promise<Failure | null> {
    if (afterAnswered && this.writing) await this.settled(); // only then: a run that never records after answering runs exactly as before
    const seq = this.lastSeq + 1;
    const at = nowIso();
    const result = await outcome(write(seq, entries.map((entry) => ({ ...entry, at: entry.at ?? at }))));
    if (result.failure) return result.failure;
    this.lastSeq = lastSeqOf(result.value, seq + entries.length - 1);
    return null;
  }

  /**
   * A failure in the audit log (its own entry, no projection) and in the outbox for the lead's
   * secretariat. Both carry only the failure's type and scrubbed message, never the input that
   * caused it; should even they fail, the worker log is all that is left, and the process goes on.
   */
  private async note(entry: Entry, reason: string, afterAnswered = true): Promise<void> {
    const at = nowIso();
    const campaignId = this.campaignId;
    const recorded = await this.appendAll(
      [entry],
      (seq, [event]) => (this.writesLocally ? local.recordChange({ campaignId, seq, events: [event] }) : recordEntry({ campaignId, seq, event })),
      afterAnswered,
    );
    if (recorded) log.error('a failure could not be recorded in the audit log either', { campaignId, entry, failure: recorded });
    const key = `${campaignId}:failure:${uuid4()}`;
    // The facts of a failure are its text: built here from the scrubbed error, never from the input.
    const notifications = [{ key, agency: this.leadAgency, role: 'secretariat' as const, kind: 'failure' as const, data: { text: reason }, at }];
    const told = await outcome((this.writesLocally ? local.notify : notify)({ campaignId, notifications }));
    if (told.failure) log.error('the lead could not be told of a failure', { campaignId, reason, failure: told.failure });
  }
}

/**
 * The first text of a command that could not be stored, named as the request names it: its actor
 * (`by`), then what its entries and its messages say (the field rules of libs/domain/src/text.ts).
 */
export function unstorable(entries: Entry[], notifications: NonNullable<RecordChangeInput['notifications']>) {
  const problems = [...entries.map((e) => findTextProblems(e.actor, 'by', 1)), ...[...entries, ...notifications].map((e) => findTextProblems(e.data ?? {}, '', 1))];
  return problems.flat()[0];
}

/**
 * The changes to write together next: the oldest, and those after it up to the next one that made
 * a notice version (recordChange writes at most one).
 */
function takeBatch(queue: Unwritten[]): Unwritten[] {
  let n = 1;
  let versions = queue[0].noticeVersion ? 1 : 0;
  while (n < queue.length && versions + (queue[n].noticeVersion ? 1 : 0) <= 1) versions += queue[n++].noticeVersion ? 1 : 0;
  return queue.splice(0, n);
}

/** What changes written together write besides their entries: the last state, the notice version, every message. */
function merged(batch: Unwritten[]): Omit<Unwritten, 'events'> {
  const state = [...batch].reverse().find((u) => u.state)?.state;
  const noticeVersion = batch.find((u) => u.noticeVersion)?.noticeVersion;
  const notifications = batch.flatMap((u) => u.notifications ?? []);
  return { state, noticeVersion, notifications: notifications.length ? notifications : undefined };
}
