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
  /** The lead's last manual urge (手动催办) of this co-signer; absent in states from before it existed. */
  urgedAt?: string | null;
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
  /** Co-signers removed in flight (减签), oldest first; absent in states from before it existed. */
  removed?: RemovedSigner[];
  /**
   * How many in-flight changes (加签, 减签, deadline moves, urges) were made: keys their messages,
   * so a co-signer removed and added again is asked again. Absent (0) before any.
   */
  amendments?: number;
  /** How many times the deadline moved: keys the escalation at a moved deadline. Absent (0) before any. */
  deadlineMoves?: number;
}

/** A co-signer removed by the lead (减签): its decision no longer counts. */
export interface RemovedSigner {
  agency: string;
  /** Its status when it was removed (a decision it had made no longer counts). */
  status: SignerStatus;
  removedAt: string;
  by: string;
  reason: string;
  /** The notice version it was removed at. */
  version: number;
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
  | 'SAME_TEXT'
  // in-flight changes by the lead (加签, 减签, the deadline, 催办)
  | 'ALREADY_A_CO_SIGNER'
  | 'LEAD_IS_NOT_A_CO_SIGNER'
  | 'INVALID_ORDER'
  | 'LAST_CO_SIGNER'
  | 'INVALID_DEADLINE'
  | 'ALREADY_DECIDED'
  | 'NOT_ASKED_YET'
  | 'NOBODY_TO_URGE'
  | 'URGED_TODAY';

export class CoSignRuleError extends Error {
  constructor(
    readonly code: CoSignErrorCode,
    message: string,
    /** What a caller needs besides the message (URGED_TODAY: when the next urge is possible). */
    readonly details?: Record<string, unknown>,
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


/** A co-signer not yet asked, with no decision: at launch, and when the lead adds one (加签). */
function pendingSigner(agency: string, order: number): Signer {
  return { agency, order, status: 'pending', comment: null, decidedAt: null, noticeSha256: null, askedAt: null, remindersSent: 0 };
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
    signers: setup.coSigners.map((agency, i) => pendingSigner(agency, i + 1)),
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

// ---------------------------------------------------------------------------------------------
// In flight, before sign-off, by the lead's secretariat: add a co-signer (加签), remove one (减签),
// move the deadline, urge (手动催办). Each is open only while the notice is open and not signed
// off (checkChangeable); each counts in `amendments`, which keys the messages it sends.

export interface AddSignerCommand {
  agency: string;
  /** 1-based position in the signature order; default: last. */
  order?: number | null;
}

/** The signature order is the array's order; positions follow it (1…n) after every change. */
function renumber(state: CoSignState): void {
  state.signers.forEach((s, i) => (s.order = i + 1));
}

function amend(state: CoSignState): number {
  state.amendments = (state.amendments ?? 0) + 1;
  return state.amendments;
}

/** Whether the directory knows the agency is the API's question; these are the campaign's. */
export function checkAddSigner(state: CoSignState, cmd: AddSignerCommand): void {
  checkChangeable(state, 'given another co-signer');
  if (cmd.agency === state.leadAgency) {
    throw new CoSignRuleError('LEAD_IS_NOT_A_CO_SIGNER', `agency: ${cmd.agency} leads this notice; the lead does not co-sign its own notice`);
  }
  if (state.signers.some((s) => s.agency === cmd.agency)) {
    throw new CoSignRuleError('ALREADY_A_CO_SIGNER', `agency: ${cmd.agency} is already a co-signer of this notice`);
  }
  const last = state.signers.length + 1;
  if (cmd.order !== undefined && cmd.order !== null && (!Number.isInteger(cmd.order) || cmd.order < 1 || cmd.order > last)) {
    throw new CoSignRuleError('INVALID_ORDER', `order: must be a whole number from 1 to ${last} (the signature order has ${state.signers.length} co-signers)`);
  }
}

/**
 * 加签: the agency joins the signature order at `order` (default last) and is asked at once — in
 * sequential mode when its place is the current turn (whoever had the turn then waits for it; the
 * request it had stands), else when its turn comes. A notice awaiting sign-off waits for it again.
 * Its reminders run from now, by the same cadence.
 */
export function applyAddSigner(state: CoSignState, cmd: AddSignerCommand, now: string): { order: number; asked: string[] } {
  checkAddSigner(state, cmd);
  const order = cmd.order ?? state.signers.length + 1;
  const added: Signer = { ...pendingSigner(cmd.agency, order), urgedAt: null };
  state.signers.splice(order - 1, 0, added);
  renumber(state);
  amend(state);
  if (state.phase === 'awaiting-sign-off') state.phase = 'co-signing';
  const asked: string[] = [];
  if (state.mode === 'parallel' || currentTurn(state) === added) {
    added.askedAt = now;
    asked.push(added.agency);
    if (state.mode === 'sequential') {
      for (const s of state.signers) {
        if (s !== added && s.status === 'pending' && s.askedAt !== null) {
          s.askedAt = null;
          s.remindersSent = 0;
        }
      }
    }
  }
  return { order, asked };
}

export interface RemoveSignerCommand {
  agency: string;
  reason: string;
  by: string;
}

export function checkRemoveSigner(state: CoSignState, cmd: Pick<RemoveSignerCommand, 'agency' | 'reason'>): void {
  checkChangeable(state, 'relieved of a co-signer');
  if (cmd.agency === state.leadAgency) {
    throw new CoSignRuleError('LEAD_IS_NOT_A_CO_SIGNER', `agency: ${cmd.agency} leads this notice and is not a co-signer; it cannot be removed`);
  }
  if (!state.signers.some((s) => s.agency === cmd.agency)) {
    throw new CoSignRuleError('NOT_A_CO_SIGNER', `agency: ${cmd.agency} is not a co-signer of this notice`);
  }
  if (state.signers.length === 1) {
    throw new CoSignRuleError('LAST_CO_SIGNER', `agency: ${cmd.agency} is the only co-signer; a joint notice needs at least one (add another first)`);
  }
  if (!cmd.reason?.trim()) throw new CoSignRuleError('REASON_REQUIRED', 'reason: a removal must give a reason');
}

export interface RemovalOutcome {
  removed: RemovedSigner;
  /** Asked now: in sequential mode, the next in order when the removed one had the turn. */
  asked: string[];
  /** True when the removal completed co-signing: everyone left has approved, the lead may sign off. */
  allApproved: boolean;
}

/** 减签: the co-signer leaves the signature order; whatever it decided no longer counts. */
export function applyRemoveSigner(state: CoSignState, cmd: RemoveSignerCommand, now: string): RemovalOutcome {
  checkRemoveSigner(state, cmd);
  const i = state.signers.findIndex((s) => s.agency === cmd.agency);
  const [gone] = state.signers.splice(i, 1);
  renumber(state);
  amend(state);
  const removed: RemovedSigner = { agency: gone.agency, status: gone.status, removedAt: now, by: cmd.by, reason: cmd.reason.trim(), version: state.notice.version };
  state.removed = [...(state.removed ?? []), removed];
  const asked: string[] = [];
  if (state.signers.every((s) => s.status === 'approved')) {
    const completed = state.phase === 'co-signing';
    state.phase = 'awaiting-sign-off';
    return { removed, asked, allApproved: completed };
  }
  if (state.mode === 'sequential') {
    const next = currentTurn(state);
    if (next && next.askedAt === null) {
      next.askedAt = now;
      asked.push(next.agency);
    }
  }
  return { removed, asked, allApproved: false };
}

/** A new deadline: in the future (workflow time) and not the one already set. */
export function checkMoveDeadline(state: CoSignState, dueAt: string, nowMs: number): void {
  checkChangeable(state, 'given another deadline');
  const t = Date.parse(dueAt);
  if (!Number.isFinite(t)) throw new CoSignRuleError('INVALID_DEADLINE', 'dueAt: must be a date-time with an offset');
  if (t <= nowMs) throw new CoSignRuleError('INVALID_DEADLINE', `dueAt: must be in the future (it is ${new Date(nowMs).toISOString()} now)`);
  if (t === Date.parse(state.dueAt)) throw new CoSignRuleError('INVALID_DEADLINE', `dueAt: co-signing is already due at ${state.dueAt}`);
}

/**
 * Moves the co-signing deadline, later or earlier. The cadence follows it: reminders run on the
 * same slots up to the new deadline (slots that passed before the move are not made up), and the
 * escalation is raised at the new deadline — again, if the old one had passed. Everyone asked and
 * still pending is told (`told`).
 */
export function applyMoveDeadline(state: CoSignState, dueAt: string, nowMs: number): { from: string; told: string[] } {
  checkMoveDeadline(state, dueAt, nowMs);
  const from = state.dueAt;
  state.dueAt = dueAt;
  state.deadlineMoves = (state.deadlineMoves ?? 0) + 1;
  amend(state);
  state.escalatedAt = null;
  for (const s of state.signers) {
    if (s.status !== 'pending' || s.askedAt === null) continue;
    const asked = Date.parse(s.askedAt);
    while (slot(asked, state.urging, s.remindersSent) <= nowMs) s.remindersSent++;
  }
  return { from, told: pendingAsked(state).map((s) => s.agency) };
}

/** Whom an urge is for: the named co-signer, or (none named) everyone asked and still pending. */
export interface UrgeCommand {
  agency?: string | null;
}

/**
 * The working day an urge counts in, as epoch ms: from 00:00 (Asia/Shanghai) of the latest working
 * day on or before the urge's date to 00:00 of the next working day. A weekend or holiday belongs
 * to the working day before it. Computed from the calendar by an activity, never in workflow code.
 */
export interface WorkingDayWindow {
  startsAt: number;
  nextStartsAt: number;
}

/** Throws unless somebody may be urged now (the once-a-working-day limit is applyUrge's: it needs the calendar). */
export function urgeTargets(state: CoSignState, cmd: UrgeCommand): Signer[] {
  checkChangeable(state, 'urged');
  if (cmd.agency) {
    const s = state.signers.find((x) => x.agency === cmd.agency);
    if (!s) throw new CoSignRuleError('NOT_A_CO_SIGNER', `agency: ${cmd.agency} is not a co-signer of this notice`);
    if (s.status !== 'pending') {
      throw new CoSignRuleError('ALREADY_DECIDED', `agency: ${cmd.agency} has already ${s.status} version ${state.notice.version}; there is nothing to urge`);
    }
    if (s.askedAt === null) throw new CoSignRuleError('NOT_ASKED_YET', `agency: sequential co-signing: it is not ${cmd.agency}'s turn yet`);
    return [s];
  }
  const pending = pendingAsked(state);
  if (!pending.length) throw new CoSignRuleError('NOBODY_TO_URGE', 'agency: no co-signer is waiting to decide; there is nobody to urge');
  return pending;
}

export interface UrgeOutcome {
  urged: string[];
  /** Named-less urges skip whoever was urged in this working day already. */
  skipped: { agency: string; nextAt: string }[];
}

/**
 * 手动催办: at most once per co-signer per working day (`window`, the working day `now` is in).
 * A named co-signer urged already, or everyone pending urged already, is URGED_TODAY with
 * `details.nextAt` (ISO) and `details.retryAfterSeconds` (from nowMs).
 */
export function applyUrge(state: CoSignState, cmd: UrgeCommand, window: WorkingDayWindow, now: string): UrgeOutcome {
  const targets = urgeTargets(state, cmd);
  const nextAt = new Date(window.nextStartsAt).toISOString();
  const urged: string[] = [];
  const skipped: { agency: string; nextAt: string }[] = [];
  for (const s of targets) {
    if (s.urgedAt && Date.parse(s.urgedAt) >= window.startsAt) skipped.push({ agency: s.agency, nextAt });
    else urged.push(s.agency);
  }
  if (!urged.length) {
    const who = cmd.agency ? cmd.agency : `every pending co-signer (${skipped.map((x) => x.agency).join(', ')})`;
    throw new CoSignRuleError('URGED_TODAY', `agency: ${who} was already urged this working day; the next urge is possible from ${nextAt}`, {
      nextAt,
      retryAfterSeconds: Math.max(1, Math.ceil((window.nextStartsAt - Date.parse(now)) / 1000)),
    });
  }
  for (const s of state.signers) if (urged.includes(s.agency)) s.urgedAt = now;
  amend(state);
  return { urged, skipped };
}

/** Whole days since a co-signer was asked (what a reminder says). */
export function daysSinceAsked(signer: Signer, nowMs: number): number {
  return signer.askedAt === null ? 0 : Math.floor((nowMs - Date.parse(signer.askedAt)) / (24 * 3600_000));
}
