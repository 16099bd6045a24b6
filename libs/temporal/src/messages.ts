/**
 * What the API and the campaign workflow say to each other: workflow id scheme, Updates, the
 * Query, and their payload types. Imported by both sides; pure (no Node built-ins) because the
 * workflow bundle includes it.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CoSignSetup, CoSignState, Decision } from '@domain/co-sign';
import type { Milestones, YearPhase, YearUrging } from '@domain/year';

export const DEFAULT_TASK_QUEUE = 'joint-notices';

export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

/** The campaign a workflow id of campaignWorkflowId() belongs to. */
export function campaignIdOf(workflowId: string): string {
  return workflowId.replace(/^campaign-/, '');
}

export interface CampaignWorkflowInput {
  setup: CoSignSetup;
  /** Who launched it (JWT sub), for the audit log. */
  launchedBy: string;
  /**
   * The year after issuance (distribution, phases, reminders). Absent in workflows started before
   * the year existed: those complete at issuance, as they always did.
   */
  year?: YearSetup;
  /** Present when the workflow continued as new: the state and audit position to carry on from. */
  carried?: { state: CoSignState; auditSeq: number; year?: YearState };
  /**
   * Continue as new once a run's history has this many events, besides whenever Temporal suggests
   * it. Unset in production (Temporal suggests it after thousands of events); tests lower it to
   * see a run continue as new in seconds.
   */
  continueAsNewAfterEvents?: number;
}

export interface YearSetup {
  milestones: Milestones;
  /** Whole days a rehearsal was shifted by (rebaseTo): its calendar is its original year's. */
  shiftDays: number;
  urging: YearUrging;
}

export interface YearState {
  phase: YearPhase;
  milestones: Milestones;
  distributed: boolean;
  /** The working-day morning of the last reminder sweep (epoch ms). */
  lastSweepAt: number | null;
  commendationsPublishedAt: string | null;
  /** How many times the lead moved milestones: keys each move's messages. */
  milestoneMoves: number;
}

export interface CampaignOutcome {
  phase: CoSignState['phase'] | YearPhase;
  docNumber: string | null;
  issuedAt: string | null;
}

export interface DecideInput {
  agency: string;
  decision: Decision;
  noticeSha256: string;
  comment?: string | null;
  by: string;
}
export interface DecideResult {
  agency: string;
  status: 'approved' | 'rejected';
  noticeSha256: string;
  decidedAt: string;
  /** True when the same decision was already recorded: nothing changed. */
  repeated: boolean;
}

/**
 * One decision of a `coSign.decideAll` batch: its answer, or why it was refused — the failure
 * `coSign.decide` would have failed with (a rule's type, or COMMAND_FAILED), so each caller gets
 * exactly what it would have got alone.
 */
export type DecideOutcome = { result: DecideResult } | { failure: { type: string; message: string; details?: unknown[] } };

export interface ReviseInput {
  sha256: string;
  note?: string | null;
  by: string;
}
export interface ReviseResult {
  version: number;
  sha256: string;
}

export interface SignOffInput {
  noticeSha256: string;
  by: string;
}
export interface SignOffResult {
  docNumber: string;
  issuedAt: string;
}

export interface WithdrawInput {
  reason: string;
  by: string;
}

/**
 * The Update failure type when the workflow could not carry a command out for a reason no retry
 * can fix — its audit entry could not be written (PostgreSQL refused the text), no document number
 * could be given, the calendar cannot plan the new timeline. Nothing changed; the audit log has a
 * `command.refused` or `activity.failed` entry and the lead's secretariat a `failure` message.
 * Every other Update failure type is a rule (libs/domain/src/co-sign.ts CoSignErrorCode, the year's
 * WRONG_PHASE / INVALID_MILESTONES / ALREADY_PUBLISHED).
 */
export const COMMAND_FAILED = 'COMMAND_FAILED';

/**
 * What a co-signing Update's answer carries besides its result in a run that records after it
 * answers (workflows/ledger.ts, the `answer-then-record` patch): the sequence number of the audit
 * entry through which the answer is recorded once written. The API reads that campaign only once
 * its audit log reaches it (apps/api/src/campaigns/recorded.ts), and does not pass it on.
 */
export interface Answered {
  auditSeq?: number;
}

export const decideUpdate = defineUpdate<DecideResult, [DecideInput]>('coSign.decide');
/**
 * Decisions that reached the API while an Update to the same campaign was in flight, sent as one
 * (apps/api/src/campaigns/campaign-updates.ts): recorded together, answered one outcome each, in order.
 */
export const decideAllUpdate = defineUpdate<DecideOutcome[], [DecideInput[]]>('coSign.decideAll');
export const reviseUpdate = defineUpdate<ReviseResult, [ReviseInput]>('notice.revise');
export const signOffUpdate = defineUpdate<SignOffResult, [SignOffInput]>('signOff');
export const withdrawUpdate = defineUpdate<{ phase: 'withdrawn' }, [WithdrawInput]>('withdraw');
export const stateQuery = defineQuery<CoSignState>('state');
/**
 * An Update whose handler does nothing: what an Update costs on this server with no work in it —
 * the floor `npm run bench` measures every command against (issue 12). Changes nothing, answers
 * with the workflow's time.
 */
export const pingUpdate = defineUpdate<{ at: string }, []>('ping');

/** 加签: `order` is the 1-based position in the signature order (default last). */
export interface AddSignerInput {
  agency: string;
  order?: number | null;
  by: string;
}
export interface AddSignerResult {
  agency: string;
  order: number;
  /** When it was asked; null in sequential mode until its turn comes. */
  askedAt: string | null;
  phase: CoSignState['phase'];
}

/** 减签, with the reason the removed co-signer is told. */
export interface RemoveSignerInput {
  agency: string;
  reason: string;
  by: string;
}
export interface RemoveSignerResult {
  agency: string;
  removedAt: string;
  phase: CoSignState['phase'];
}

export interface MoveCoSignDeadlineInput {
  dueAt: string;
  by: string;
}
export interface MoveCoSignDeadlineResult {
  dueAt: string;
  from: string;
  /** The co-signers still pending, told of the new deadline. */
  told: string[];
}

/** 手动催办: one pending co-signer (`agency`) or every one pending; `message` goes with it. */
export interface UrgeInput {
  agency?: string | null;
  message?: string | null;
  by: string;
}
export interface UrgeResult {
  urged: string[];
  /** Not urged: urged in this working day already (an urge of everyone pending skips them). */
  skipped: { agency: string; nextAt: string }[];
  at: string;
}

export const addSignerUpdate = defineUpdate<AddSignerResult, [AddSignerInput]>('coSign.addSigner');
export const removeSignerUpdate = defineUpdate<RemoveSignerResult, [RemoveSignerInput]>('coSign.removeSigner');
export const moveCoSignDeadlineUpdate = defineUpdate<MoveCoSignDeadlineResult, [MoveCoSignDeadlineInput]>('coSign.moveDeadline');
export const urgeUpdate = defineUpdate<UrgeResult, [UrgeInput]>('coSign.urge');

export interface MoveMilestonesInput {
  milestones: Milestones;
  /** The parent's and the relays' timelines as the API read them, so the validator checks the same bounds. */
  parent: Milestones | null;
  children: { id: string; title: string; milestones: Milestones }[];
  by: string;
}
export interface PublishCommendationsInput {
  commended: number;
  by: string;
}

export const moveMilestonesUpdate = defineUpdate<{ milestones: Milestones; phase: YearPhase }, [MoveMilestonesInput]>('milestones.move');
export const publishCommendationsUpdate = defineUpdate<{ publishedAt: string }, [PublishCommendationsInput]>('commendations.publish');
export const yearQuery = defineQuery<YearState | null>('year');

/**
 * The notification dispatcher (workflows/dispatcher.workflow.ts): one per deployment (task queue).
 * Whoever writes to the outbox wakes it with signal-with-start; idle, it ends, and the next wake
 * starts it again.
 */
export function dispatcherWorkflowId(taskQueue: string): string {
  return `notification-dispatcher-${taskQueue}`;
}

/** Something was written to the outbox, or a delivery was asked for again: dispatch now. */
export const wakeDispatcherSignal = defineSignal('wake');
