/**
 * The co-signing (会签) rules as a pure state machine. The campaign workflow holds a `CoSignState`
 * and changes it only through these functions, so the rules are unit-tested without Temporal and
 * the workflow stays a thin, deterministic shell. No I/O, no clocks: callers pass `now`.
 */

export type CoSignMode = 'parallel' | 'sequential';
export type Phase = 'co-signing' | 'awaiting-sign-off' | 'issued' | 'withdrawn';
export type SignerStatus = 'pending' | 'approved' | 'rejected';
export type Decision = 'approve' | 'reject';

export interface Signer {
  agency: string;
  /** 1-based position in the signature order. */
  order: number;
  status: SignerStatus;
  comment: string | null;
  decidedAt: string | null;
  /** The text hash the decision was made on (null while pending). */
  noticeSha256: string | null;
  /** When the current round asked this agency; null while a sequential round has not reached it. */
  askedAt: string | null;
  /** Reminder slots already used in the current round. */
  remindersSent: number;
}

export interface Urging {
  firstAfterMs: number;
  everyMs: number;
}

export interface CoSignState {
  campaignId: string;
  leadAgency: string;
  mode: CoSignMode;
  dueAt: string;
  docNumberPrefix: string;
  year: number;
  urging: Urging;
  phase: Phase;
  notice: { version: number; sha256: string };
  signers: Signer[];
  signOff: { by: string; at: string; noticeSha256: string } | null;
  docNumber: string | null;
  issuedAt: string | null;
  withdrawal: { by: string; at: string; reason: string } | null;
  escalatedAt: string | null;
}

export const DEFAULT_URGING: Urging = { firstAfterMs: 2 * 24 * 3600_000, everyMs: 2 * 24 * 3600_000 };

/** Rule violations. The workflow turns them into non-retryable ApplicationFailures of this type. */
export type CoSignErrorCode =
  | 'WRONG_PHASE'
  | 'STALE_NOTICE'
  | 'NOT_A_CO_SIGNER'
  | 'NOT_YOUR_TURN'
  | 'CONFLICTING_DECISION'
  | 'REASON_REQUIRED'
  | 'SAME_TEXT';

export class CoSignRuleError extends Error {
  constructor(
    readonly code: CoSignErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoSignRuleError';
  }
}

export interface CoSignSetup {
  campaignId: string;
  leadAgency: string;
  coSigners: string[];
  mode: CoSignMode;
  dueAt: string;
  docNumberPrefix: string;
  year: number;
  noticeSha256: string;
  urging?: Partial<Urging>;
}

export function initialState(setup: CoSignSetup, now: string): CoSignState {
  const state: CoSignState = {
    campaignId: setup.campaignId,
    leadAgency: setup.leadAgency,
    mode: setup.mode,
    dueAt: setup.dueAt,
    docNumberPrefix: setup.docNumberPrefix,
    year: setup.year,
    urging: { ...DEFAULT_URGING, ...(setup.urging ?? {}) },
    phase: 'co-signing',
    notice: { version: 1, sha256: setup.noticeSha256 },
    signers: setup.coSigners.map((agency, i) => ({
      agency,
      order: i + 1,
      status: 'pending',
      comment: null,
      decidedAt: null,
      noticeSha256: null,
      askedAt: null,
      remindersSent: 0,
    })),
    signOff: null,
    docNumber: null,
    issuedAt: null,
    withdrawal: null,
    escalatedAt: null,
  };
  askRound(state, now);
  return state;
}

/** Whose turn it is in sequential mode: the first in signature order not yet approved. */
export function currentTurn(state: CoSignState): Signer | undefined {
  return state.signers.find((s) => s.status !== 'approved');
}

/** The agencies asked at the start of a round: everyone in parallel, the first in sequential. */
function askRound(state: CoSignState, now: string): string[] {
  for (const s of state.signers) {
    s.status = 'pending';
    s.comment = null;
    s.decidedAt = null;
    s.noticeSha256 = null;
    s.askedAt = null;
    s.remindersSent = 0;
  }
  const asked = state.mode === 'parallel' ? state.signers : state.signers.slice(0, 1);
  for (const s of asked) s.askedAt = now;
  return asked.map((s) => s.agency);
}

export function isOpen(phase: Phase): boolean {
  return phase === 'co-signing' || phase === 'awaiting-sign-off';
}

export interface DecisionCommand {
  agency: string;
  decision: Decision;
  noticeSha256: string;
  comment?: string | null;
}

/** True when this exact decision on this exact text is already recorded: repeat it, change nothing. */
export function isRepeatedDecision(state: CoSignState, cmd: DecisionCommand): boolean {
  const s = state.signers.find((x) => x.agency === cmd.agency);
  return (
    !!s &&
    s.noticeSha256 === cmd.noticeSha256 &&
    cmd.noticeSha256 === state.notice.sha256 &&
    s.status === (cmd.decision === 'approve' ? 'approved' : 'rejected')
  );
}

/** Throws a CoSignRuleError if the decision may not be taken now; used as the Update validator. */
export function checkDecision(state: CoSignState, cmd: DecisionCommand): void {
  const signer = state.signers.find((s) => s.agency === cmd.agency);
  if (!signer) throw new CoSignRuleError('NOT_A_CO_SIGNER', `${cmd.agency} is not a co-signer of this notice`);
  if (isRepeatedDecision(state, cmd)) return;
  if (!isOpen(state.phase)) throw new CoSignRuleError('WRONG_PHASE', `co-signing is over: the notice is ${state.phase}`);
  if (cmd.noticeSha256 !== state.notice.sha256) {
    throw new CoSignRuleError(
      'STALE_NOTICE',
      `noticeSha256 does not match the current text (version ${state.notice.version}, sha256 ${state.notice.sha256})`,
    );
  }
  if (signer.status !== 'pending') {
    throw new CoSignRuleError(
      'CONFLICTING_DECISION',
      `${cmd.agency} already ${signer.status} this text; a different decision needs a new revision`,
    );
  }
  if (state.mode === 'sequential' && currentTurn(state)?.agency !== cmd.agency) {
    throw new CoSignRuleError(
      'NOT_YOUR_TURN',
      `sequential co-signing: it is ${currentTurn(state)?.agency ?? 'nobody'}'s turn, not ${cmd.agency}'s`,
    );
  }
  if (cmd.decision === 'reject' && !cmd.comment?.trim()) {
    throw new CoSignRuleError('REASON_REQUIRED', 'comment: a rejection must give a reason');
  }
}

export interface DecisionOutcome {
  /** Agencies newly asked (the next one in sequential mode). */
  asked: string[];
  /** True when this decision completed co-signing: the lead may sign off. */
  allApproved: boolean;
}

export function applyDecision(state: CoSignState, cmd: DecisionCommand, now: string): DecisionOutcome {
  checkDecision(state, cmd);
  const signer = state.signers.find((s) => s.agency === cmd.agency)!;
  signer.status = cmd.decision === 'approve' ? 'approved' : 'rejected';
  signer.comment = cmd.comment?.trim() || null;
  signer.decidedAt = now;
  signer.noticeSha256 = cmd.noticeSha256;
  const asked: string[] = [];
  if (state.signers.every((s) => s.status === 'approved')) {
    state.phase = 'awaiting-sign-off';
    return { asked, allApproved: true };
  }
  if (state.mode === 'sequential' && signer.status === 'approved') {
    const next = currentTurn(state);
    if (next && next.askedAt === null) {
      next.askedAt = now;
      asked.push(next.agency);
    }
  }
  return { asked, allApproved: false };
}

/** Open and not already signed off: once the lead has signed, only issuance follows. */
function checkChangeable(state: CoSignState, what: string): void {
  if (!isOpen(state.phase)) throw new CoSignRuleError('WRONG_PHASE', `the notice is ${state.phase}; it can no longer be ${what}`);
  if (state.signOff) throw new CoSignRuleError('WRONG_PHASE', `the notice has been signed off and is being issued; it can no longer be ${what}`);
}

export function checkRevision(state: CoSignState, sha256: string): void {
  checkChangeable(state, 'revised');
  if (sha256 === state.notice.sha256) throw new CoSignRuleError('SAME_TEXT', 'body: the text is identical to the current version');
}

/** A new text from the lead: every decision on older text is void and the round starts again. */
export function applyRevision(state: CoSignState, sha256: string, now: string): { version: number; asked: string[] } {
  checkRevision(state, sha256);
  state.notice = { version: state.notice.version + 1, sha256 };
  state.phase = 'co-signing';
  return { version: state.notice.version, asked: askRound(state, now) };
}

export function checkSignOff(state: CoSignState, noticeSha256: string): void {
  if (state.signOff) throw new CoSignRuleError('WRONG_PHASE', 'the notice has already been signed off');
  if (state.phase !== 'awaiting-sign-off') {
    const pending = state.signers.filter((s) => s.status !== 'approved').map((s) => s.agency);
    throw new CoSignRuleError(
      'WRONG_PHASE',
      state.phase === 'co-signing'
        ? `co-signing is not complete: waiting for ${pending.join(', ')}`
        : `the notice is ${state.phase}`,
    );
  }
  if (noticeSha256 !== state.notice.sha256) {
    throw new CoSignRuleError('STALE_NOTICE', `noticeSha256 does not match the approved text (${state.notice.sha256})`);
  }
}

export function checkWithdraw(state: CoSignState): void {
  checkChangeable(state, 'withdrawn');
}

/** Agencies that still owe a decision on the current text and have been asked. */
export function pendingAsked(state: CoSignState): Signer[] {
  return state.signers.filter((s) => s.status === 'pending' && s.askedAt !== null);
}

/** The k-th reminder slot (0-based) for a signer asked at askedAt. */
function slot(askedAtMs: number, urging: Urging, k: number): number {
  return askedAtMs + urging.firstAfterMs + k * urging.everyMs;
}

/** When this signer's next reminder is due, or null if none is (decided, not asked, or past the deadline). */
export function nextReminderAt(state: CoSignState, signer: Signer): number | null {
  if (state.phase !== 'co-signing' || signer.status !== 'pending' || signer.askedAt === null) return null;
  const at = slot(Date.parse(signer.askedAt), state.urging, signer.remindersSent);
  return at < Date.parse(state.dueAt) ? at : null;
}

/** The next instant the workflow must wake for: a reminder or the deadline escalation. */
export function nextWakeAt(state: CoSignState): number | null {
  const times = state.signers.map((s) => nextReminderAt(state, s)).filter((t): t is number => t !== null);
  if (state.phase === 'co-signing' && state.escalatedAt === null) times.push(Date.parse(state.dueAt));
  return times.length ? Math.min(...times) : null;
}

export interface Reminder {
  agency: string;
  /** 1-based number of this reminder in the current round. */
  number: number;
  /** Whole days since the co-signer was asked. */
  days: number;
  /** The English text workflows/v1/ still sends (the current workflow records the facts instead). */
  reason: string;
}

/**
 * Takes the reminders due at `nowMs` and marks their slots used. A signer whose several slots
 * passed while nobody was watching (a worker outage) gets one reminder, not a burst.
 */
export function takeDueReminders(state: CoSignState, nowMs: number): Reminder[] {
  const due: Reminder[] = [];
  const dueAtMs = Date.parse(state.dueAt);
  for (const s of state.signers) {
    const at = nextReminderAt(state, s);
    if (at === null || at > nowMs) continue;
    const asked = Date.parse(s.askedAt!);
    while (slot(asked, state.urging, s.remindersSent) <= nowMs && slot(asked, state.urging, s.remindersSent) < dueAtMs) {
      s.remindersSent++;
    }
    const days = Math.floor((nowMs - asked) / (24 * 3600_000));
    due.push({
      agency: s.agency,
      number: s.remindersSent,
      days,
      reason: `no decision on notice version ${state.notice.version} ${days} day(s) after being asked; co-sign due ${state.dueAt}`,
    });
  }
  return due;
}

/** At the deadline, with co-signing still open, the lead's secretariat is alerted once. */
export function takeEscalation(state: CoSignState, nowMs: number, now: string): string[] | null {
  if (state.phase !== 'co-signing' || state.escalatedAt !== null || nowMs < Date.parse(state.dueAt)) return null;
  state.escalatedAt = now;
  return state.signers.filter((s) => s.status !== 'approved').map((s) => s.agency);
}
