/**
 * The campaign workflow, one per campaign (`campaign-<id>`), from draft to close. First stage:
 * co-signing (会签) → sign-off (签发) → numbering and issue (编号印发), or withdrawal (撤回); after
 * issuance, the year (campaign-year.ts).
 *
 * The workflow state is the source of truth for the process; activities project it into
 * PostgreSQL and append the hash-chained audit log. Every change goes through the ledger
 * (ledger.ts): one at a time, and a command is recorded before it is applied, so a write that
 * fails for good refuses the command and leaves the campaign as it was.
 *
 * Deterministic: the rules live in libs/domain/src/co-sign.ts (pure), time is workflow time, and
 * the notice text itself never enters history (only its SHA-256).
 */
import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities, NotificationInput } from '@activities';
import * as rules from '@domain/co-sign';
import type { NotificationFacts, NotificationKind } from '@domain/messages';
import {
  type AddSignerInput,
  type AddSignerResult,
  addSignerUpdate,
  type CampaignOutcome,
  type CampaignWorkflowInput,
  decideAllUpdate,
  type DecideInput,
  type Answered,
  type DecideOutcome,
  decideUpdate,
  type DecideResult,
  type MoveCoSignDeadlineInput,
  type MoveCoSignDeadlineResult,
  moveCoSignDeadlineUpdate,
  type RemoveSignerInput,
  type RemoveSignerResult,
  removeSignerUpdate,
  type ReviseInput,
  type ReviseResult,
  reviseUpdate,
  type SignOffInput,
  type SignOffResult,
  signOffUpdate,
  stateQuery,
  type UrgeInput,
  type UrgeResult,
  urgeUpdate,
  type WithdrawInput,
  withdrawUpdate,
  pingUpdate,
} from '@temporal/messages';
import { SHORT_ACTIVITY } from '@temporal/timeouts';
import { historyIsLong, runYear } from './campaign-year';
import { commandFailed, type Entry, Ledger, local, nowIso, outcome, unstorable } from './ledger';
import { campaignWorkflowV1 } from './v1/campaign.workflow';

const ordinary = proxyActivities<Activities>(SHORT_ACTIVITY);

/** patched() id: runs started before it replay on, and finish on, workflows/v1/ (see workflows/README.md). */
export const RECORD_THEN_APPLY_PATCH = 'record-then-apply';

/**
 * patched() id of the lead's changes in flight (加签, 减签, the deadline, 手动催办; issue 12): marks
 * the first such change in a run's history, where new commands begin (see changeInFlight).
 */
export const CO_SIGN_CHANGES_PATCH = 'co-sign-changes';

/**
 * patched() id (issue 12): a run started with it answers an Update in the workflow task that
 * received it — the change's audit entries, projection and messages are one local activity, and
 * decisions that arrive together are written together. Decided once at the start of a run, like
 * RECORD_THEN_APPLY_PATCH: a run begun before it keeps its ordinary activities to the end.
 */
export const ANSWER_IN_ONE_TASK_PATCH = 'answer-in-one-task';

/**
 * patched() id (issue 12): a run started with it answers a co-signing command before writing it —
 * checked, applied and answered in the workflow task that received it, then written by ordinary
 * activities in the order answered (Ledger.record). Decided once at the start of a run, and only in
 * a run that also writes locally (ANSWER_IN_ONE_TASK_PATCH): its events are written as there.
 */
export const ANSWER_THEN_RECORD_PATCH = 'answer-then-record';

/**
 * patched() id (issue 12): in a run that records after answering, decisions sent together
 * (coSign.decideAll) are answered as one change of many entries, queued once and written in one
 * transaction — before it, each was queued alone, the first written by itself. Asked where it
 * applies: histories without its marker keep doing it one by one.
 */
export const DECISIONS_TOGETHER_PATCH = 'decisions-together';

/**
 * patched() id (issue 12): the urging loop wakes for a change only when it moves the next reminder
 * or the deadline's escalation (rules.nextWakeAt) — before, every decision woke it, cancelled its
 * timer and started the same one again, in the task that answers. Decided once at the start of a run.
 */
export const WAKE_WHEN_DUE_PATCH = 'wake-when-due';

/** What the handlers and the urging loop share. */
interface Campaign {
  input: CampaignWorkflowInput;
  id: string;
  state: rules.CoSignState;
  ledger: Ledger;
  /** Bumped on every change, so the urging loop recomputes when to wake next. */
  changes: number;
  /** The sign-off being issued: a repeated sign-off of the same text gets the same number. */
  issuing: { noticeSha256: string; result: Promise<SignOffResult> } | null;
  /** Writes are local activities inside the answering workflow task (ANSWER_IN_ONE_TASK_PATCH). */
  local: boolean;
  /** Commands are answered, then written (ANSWER_THEN_RECORD_PATCH; only in a local run). */
  deferred: boolean;
  /** The activities as this run calls them: local ones in a local run, ordinary ones before. */
  acts: typeof ordinary;
  /** The urging loop wakes for a change only when it moves the next wake-up (WAKE_WHEN_DUE_PATCH). */
  wakeWhenDue: boolean;
}

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignOutcome> {
  // Decided once, at the start of the run: a run that began on the old code stays on it.
  if (!patched(RECORD_THEN_APPLY_PATCH)) return campaignWorkflowV1(input);
  const writesLocally = patched(ANSWER_IN_ONE_TASK_PATCH);
  const deferred = writesLocally && patched(ANSWER_THEN_RECORD_PATCH);
  const wakeWhenDue = deferred && patched(WAKE_WHEN_DUE_PATCH);

  const state = input.carried?.state ?? rules.initialState(input.setup, nowIso());
  const c: Campaign = {
    input,
    id: input.setup.campaignId,
    state,
    ledger: new Ledger(input.setup.campaignId, input.carried?.auditSeq ?? 0, state.leadAgency, writesLocally),
    changes: 0,
    issuing: null,
    local: writesLocally,
    deferred,
    acts: writesLocally ? local : ordinary,
    wakeWhenDue,
  };
  // Takes the ledger before any Update handler can: the launch is entry 1.
  const launched = input.carried ? null : launch(c);

  setHandler(stateQuery, () => c.state);
  setHandler(pingUpdate, () => ({ at: nowIso() }));
  setHandler(decideUpdate, (cmd) => answered(c, decide(c, cmd)), { validator: (cmd) => guard(() => rules.checkDecision(c.state, cmd)) });
  // No validator: each decision is checked in its turn, and a refused one is that decision's outcome.
  setHandler(decideAllUpdate, (cmds) =>
    c.deferred ? decideAll(c, cmds).then((outcomes) => outcomes.map((o) => ('result' in o ? { result: { ...o.result, auditSeq: c.ledger.answered } } : o))) : decideAll(c, cmds),
  );
  setHandler(reviseUpdate, (cmd) => answered(c, revise(c, cmd)), { validator: ({ sha256 }) => guard(() => rules.checkRevision(c.state, sha256)) });
  setHandler(signOffUpdate, (cmd) => answered(c, signOff(c, cmd)), {
    validator: ({ noticeSha256 }) => {
      if (c.state.signOff?.noticeSha256 === noticeSha256 || c.issuing?.noticeSha256 === noticeSha256) return; // answered as before
      guard(() => rules.checkSignOff(c.state, noticeSha256));
    },
  });
  setHandler(withdrawUpdate, (cmd) => answered(c, withdraw(c, cmd)), { validator: (_cmd) => guard(() => rules.checkWithdraw(c.state)) });
  setHandler(addSignerUpdate, (cmd) => answered(c, addSigner(c, cmd)), { validator: (cmd) => guard(() => rules.checkAddSigner(c.state, cmd)) });
  setHandler(removeSignerUpdate, (cmd) => answered(c, removeSigner(c, cmd)), { validator: (cmd) => guard(() => rules.checkRemoveSigner(c.state, cmd)) });
  setHandler(moveCoSignDeadlineUpdate, (cmd) => answered(c, moveDeadline(c, cmd)), { validator: ({ dueAt }) => guard(() => rules.checkMoveDeadline(c.state, dueAt, Date.now())) });
  setHandler(urgeUpdate, (cmd) => answered(c, urge(c, cmd)), { validator: (cmd) => guard(() => rules.urgeTargets(c.state, cmd)) });

  await launched;
  await urgeUntilDecided(c);
  await condition(allHandlersFinished);
  // What was answered is written before the run goes on to its year, continues or ends.
  await c.ledger.settled();

  const { docNumber, issuedAt } = c.state;
  if (c.state.phase === 'issued' && input.year) {
    const year = await runYear({
      campaignId: c.id,
      docNumber: docNumber!,
      issuedAt: issuedAt!,
      setup: input.year,
      carried: input.carried?.year,
      ledger: c.ledger,
      continueAsNewAfterEvents: input.continueAsNewAfterEvents,
      continueAsNew: async (y) => {
        await c.ledger.settled();
        return continueAsNew<typeof campaignWorkflow>({ ...input, carried: { state: c.state, auditSeq: c.ledger.seq, year: y } });
      },
    });
    return { phase: year.phase, docNumber, issuedAt };
  }
  return { phase: c.state.phase, docNumber, issuedAt };
}

/**
 * A command's answer; in a run that records after answering, with the audit entry through which
 * it is recorded once written (Answered): at least its own, as the ledger stands when it answers.
 */
function answered<T extends object>(c: Campaign, result: Promise<T>): Promise<T & Answered> {
  // Before, the handler's own promise, untouched: a run's commands keep the order they were recorded in.
  return c.deferred ? result.then((value) => ({ ...value, auditSeq: c.ledger.answered })) : result;
}

/** Records the launch and asks the first co-signers (everyone in parallel mode, the first in sequential). */
async function launch(c: Campaign): Promise<void> {
  const { setup, launchedBy } = c.input;
  const asked = await c.ledger.exclusive(() =>
    happened(
      c,
      {
        type: 'campaign.launched',
        actor: launchedBy,
        data: { leadAgency: setup.leadAgency, coSigners: setup.coSigners, mode: setup.mode, dueAt: setup.dueAt, noticeSha256: setup.noticeSha256 },
      },
      c.state,
      { noticeVersion: { version: 1, sha256: setup.noticeSha256, note: null, by: launchedBy }, messages: asks(c.state, rules.pendingAsked(c.state).map((s) => s.agency), 'co-sign-request') },
    ),
  );
  await send(c, asked);
}

/** A co-signer approves or rejects the current text; a rejection gives its reason. */
async function decide(c: Campaign, cmd: DecideInput): Promise<DecideResult> {
  if (c.local) {
    const [outcome] = await c.ledger.exclusive(() => recordDecisions(c, [cmd]));
    if (outcome.error) throw outcome.error;
    return outcome.result;
  }
  const { result, messages } = await c.ledger.exclusive(() => decideNow(c, cmd));
  await send(c, messages);
  return result;
}

/**
 * Decisions sent together (coSign.decideAll): in a local run written together, otherwise one after
 * another as coSign.decide writes them. One outcome each, in order; a refusal is that decision's.
 */
async function decideAll(c: Campaign, cmds: DecideInput[]): Promise<DecideOutcome[]> {
  if (c.local) return (await c.ledger.exclusive(() => recordDecisions(c, cmds))).map(({ result, error }) => (error ? { failure: refusalOf(error) } : { result: result! }));
  const outcomes: DecideOutcome[] = [];
  for (const cmd of cmds) {
    try {
      outcomes.push({ result: await decide(c, cmd) });
    } catch (err) {
      outcomes.push({ failure: refusalOf(refused(err).error) });
    }
  }
  return outcomes;
}

/** A decision on `state`: the answer, and the change it makes (none when it repeats one already recorded). */
function decision(state: rules.CoSignState, cmd: DecideInput): { result: DecideResult; change?: { entry: Entry; next: rules.CoSignState; messages: NotificationInput[] } } {
  const answer = (s: rules.Signer, repeated: boolean): DecideResult => ({
    agency: s.agency,
    status: s.status as DecideResult['status'],
    noticeSha256: s.noticeSha256!,
    decidedAt: s.decidedAt!,
    repeated,
  });
  if (rules.isRepeatedDecision(state, cmd)) return { result: answer(signer(state, cmd.agency), true) };
  const next = copy(state);
  const decided = guard(() => rules.applyDecision(next, cmd, nowIso()));
  const s = signer(next, cmd.agency);
  // The messages are stamped with the moment of the decision, and sent once it is recorded.
  const v = next.notice.version;
  const messages = asks(next, decided.asked, 'co-sign-request');
  if (s.status === 'rejected') {
    messages.push(message(next, next.leadAgency, 'secretariat', 'rejection', amended(next, `rejection:${cmd.agency}:v${v}`), { agency: cmd.agency, version: v, comment: s.comment ?? '' }));
  }
  if (decided.allApproved) {
    messages.push(message(next, next.leadAgency, 'secretariat', 'ready-for-sign-off', amended(next, `ready:v${v}`), { version: v, signers: next.signers.length }));
  }
  const entry = { type: 'co-sign.decided', actor: cmd.by, data: { agency: cmd.agency, decision: cmd.decision, noticeSha256: cmd.noticeSha256, comment: s.comment } };
  return { result: answer(s, false), change: { entry, next, messages } };
}

/** One decision, recorded alone. Call inside exclusive(): the messages still to send are returned. */
async function decideNow(c: Campaign, cmd: DecideInput): Promise<{ result: DecideResult; messages: NotificationInput[] }> {
  const { result, change } = decision(c.state, cmd);
  if (!change) return { result, messages: [] };
  return { result, messages: await commit(c, change.entry, change.next, { messages: change.messages }) };
}

/** A decision's answer, or its refusal: the error coSign.decide throws. */
type Decided = { result: DecideResult; error?: undefined } | { result?: undefined; error: ApplicationFailure };

/**
 * Decisions in a local run, in one turn of the ledger: each computed on the state its predecessors
 * left (speculatively: nothing is the state until written), then all written in one transaction and
 * applied — twenty co-signers approving the same morning are one write, not twenty. If that write
 * fails for good, each is carried out alone as coSign.decide would, so only a decision that cannot
 * be recorded is refused. In a run that records after answering (DECISIONS_TOGETHER_PATCH), they
 * are applied and answered at once and queued as one change. Never throws a refusal: each is its
 * decision's outcome.
 */
async function recordDecisions(c: Campaign, cmds: DecideInput[]): Promise<Decided[]> {
  const oneByOne = async (): Promise<Decided[]> => {
    const one: Decided[] = [];
    for (const cmd of cmds) {
      try {
        one.push({ result: (await decideNow(c, cmd)).result });
      } catch (err) {
        one.push(refused(err));
      }
    }
    return one;
  };
  // Recorded after answering, before DECISIONS_TOGETHER_PATCH: each queued alone, the ledger writes them together.
  if (cmds.length === 1 || (c.deferred && !patched(DECISIONS_TOGETHER_PATCH))) return oneByOne();

  let state = c.state;
  const decided = cmds.map((cmd) => {
    try {
      const d = decision(state, cmd);
      if (d.change) state = d.change.next;
      return d;
    } catch (err) {
      return refused(err);
    }
  });
  const changes = decided.flatMap((d) => ('change' in d && d.change ? [d.change] : []));
  const answers = decided.map((d): Decided => ('error' in d ? d : { result: d.result }));
  if (!changes.length) return answers;
  const next = state;
  const entries = changes.map((ch) => ch.entry);
  const notifications = changes.flatMap((ch) => ch.messages);
  if (c.deferred) {
    // Answered together and queued as one change; a text that cannot be stored refuses its own decision alone.
    if (unstorable(entries, notifications)) return oneByOne();
    await c.ledger.record(entries, { state: next, notifications }, () => become(c, next));
    return answers;
  }
  const failure = await c.ledger.commandsTogether(
    entries,
    (seq, events) => local.recordChange({ campaignId: c.id, seq, events, state: next, notifications }),
    () => become(c, next),
  );
  if (!failure) return answers;
  return oneByOne();
}

/** A refused decision: its ApplicationFailure (a rule's, or COMMAND_FAILED); anything else is a bug and fails the task. */
function refused(err: unknown): { error: ApplicationFailure } {
  if (!(err instanceof ApplicationFailure)) throw err;
  return { error: err };
}

/** A refusal as a coSign.decideAll outcome says it. */
function refusalOf(err: ApplicationFailure): Extract<DecideOutcome, { failure: unknown }>['failure'] {
  return { type: err.type ?? 'ApplicationFailure', message: err.message, details: err.details?.length ? [...err.details] : undefined };
}

/** The lead revises the text: a new version, every earlier decision void, everyone asked again. */
async function revise(c: Campaign, { sha256, note, by }: ReviseInput): Promise<ReviseResult> {
  const { version, messages } = await c.ledger.exclusive(async () => {
    const next = copy(c.state);
    const { version, asked } = guard(() => rules.applyRevision(next, sha256, nowIso()));
    const messages = await commit(c, { type: 'notice.revised', actor: by, data: { version, sha256, note: note ?? null } }, next, {
      noticeVersion: { version, sha256, note: note ?? null, by },
      messages: asks(next, asked, 'revision'),
    });
    return { version, messages };
  });
  await send(c, messages);
  return { version, sha256 };
}

/** The lead signs off the approved text; it is numbered and issued. The same sign-off again gets the same answer. */
function signOff(c: Campaign, { noticeSha256, by }: SignOffInput): Promise<SignOffResult> {
  if (c.issuing?.noticeSha256 === noticeSha256) return c.issuing.result;
  const result = issue(c, noticeSha256, by);
  c.issuing = { noticeSha256, result };
  // A sign-off that could not be carried out may be made again.
  result.catch(() => {
    if (c.issuing?.result === result) c.issuing = null;
  });
  return result;
}

async function issue(c: Campaign, noticeSha256: string, by: string): Promise<SignOffResult> {
  const { result, messages } = await c.ledger.exclusive(async () => {
    guard(() => rules.checkSignOff(c.state, noticeSha256));
    const at = nowIso();
    const signed = copy(c.state);
    signed.signOff = { by, at, noticeSha256 };
    const signOffEntry: Entry = { type: 'sign-off', actor: by, data: { noticeSha256 } };
    const number = () => outcome(c.acts.issueDocNumber({ campaignId: c.id, prefix: c.state.docNumberPrefix, at }));

    // A local run numbers first (the number is the campaign's once given: asking again answers it),
    // then records the sign-off and the issue in one transaction. A worker killed in between leaves
    // no entry behind for the retried task to supersede. Should that write fail for good, the
    // sign-off is recorded alone as below, and refused if even that cannot be written.
    const early = c.local ? await number() : null;
    if (early && !early.failure && c.deferred) {
      const done = issuedWith(signed, early.value);
      await c.ledger.record([signOffEntry, done.entry], { state: done.state, notifications: done.messages }, () => become(c, done.state));
      return { result: done.result, messages: [] };
    }
    if (early && !early.failure) {
      const done = issuedWith(signed, early.value);
      const failure = await c.ledger.commandsTogether(
        [signOffEntry, done.entry],
        (seq, events) => local.recordChange({ campaignId: c.id, seq, events, state: done.state, notifications: done.messages }),
        () => become(c, done.state),
      );
      if (!failure) return { result: done.result, messages: [] };
    }

    await commit(c, signOffEntry, signed);
    const numbered = early?.failure ? early : await number();
    if (numbered.failure) {
      // No number could be given (the sequence is exhausted, say): the sign-off is void, and the
      // lead may sign off again once the cause is fixed.
      await c.ledger.failed('issueDocNumber', numbered.failure, 'the notice was not numbered; the sign-off is void');
      const voided = copy(c.state);
      voided.signOff = null;
      await happened(c, { type: 'sign-off.voided', actor: 'system', data: { noticeSha256 } }, voided);
      throw commandFailed('sign-off', numbered.failure);
    }
    // The number is given (and stored with the campaign): from here on it is a fact, not a command.
    const done = issuedWith(c.state, numbered.value);
    const messages = await happened(c, done.entry, done.state, { messages: done.messages });
    return { result: done.result, messages };
  });
  await send(c, messages);
  return result;
}

/** The signed-off state numbered and issued: its entry, the state, who is told, the answer. */
function issuedWith(signed: rules.CoSignState, { docNumber, issuedAt }: { docNumber: string; issuedAt: string }) {
  const issued = copy(signed);
  Object.assign(issued, { docNumber, issuedAt, phase: 'issued' });
  const messages = [
    message(issued, issued.leadAgency, 'secretariat', 'issued', `issued:${issued.leadAgency}`, { docNumber }),
    ...issued.signers.map((s) => message(issued, s.agency, 'signer', 'issued', `issued:${s.agency}`, { docNumber })),
  ];
  const entry: Entry = { type: 'issued', actor: 'system', data: { docNumber, issuedAt, noticeSha256: signed.signOff!.noticeSha256 } };
  return { entry, state: issued, messages, result: { docNumber, issuedAt } };
}

/** The lead withdraws the notice; the co-signers still asked are told. */
async function withdraw(c: Campaign, { reason, by }: WithdrawInput): Promise<{ phase: 'withdrawn' }> {
  const messages = await c.ledger.exclusive(async () => {
    guard(() => rules.checkWithdraw(c.state));
    const informed = rules.pendingAsked(c.state).map((s) => s.agency);
    const next = copy(c.state);
    next.withdrawal = { by, at: nowIso(), reason };
    next.phase = 'withdrawn';
    const messages = informed.map((agency) => message(next, agency, 'signer', 'withdrawn', `withdrawn:${agency}`, { reason }));
    return commit(c, { type: 'withdrawn', actor: by, data: { reason, informed } }, next, { messages });
  });
  await send(c, messages);
  return { phase: 'withdrawn' };
}

/**
 * The lead's changes in flight (issue 12) run on code that older runs never had: the first in a
 * run's history writes the patch marker. Rejected Updates leave no trace in history, so a history
 * recorded before these handlers existed never reaches here; the marker is what lets a later
 * change to them be versioned in turn (workflows/README.md).
 */
function changeInFlight(): void {
  if (!patched(CO_SIGN_CHANGES_PATCH)) {
    throw ApplicationFailure.create({ type: 'WRONG_PHASE', message: 'this campaign’s history predates changes in flight', nonRetryable: true });
  }
}

/** 加签: the agency joins the signature order and is asked (at once, or in sequential mode when its turn comes). */
async function addSigner(c: Campaign, cmd: AddSignerInput): Promise<AddSignerResult> {
  changeInFlight();
  const { result, messages } = await c.ledger.exclusive(async () => {
    const next = copy(c.state);
    const { order, asked } = guard(() => rules.applyAddSigner(next, { agency: cmd.agency, order: cmd.order }, nowIso()));
    const { version, sha256 } = next.notice;
    const messages = asked.map((agency) =>
      message(next, agency, 'signer', 'co-sign-request', `co-sign-request:${agency}:v${version}:a${next.amendments}`, { version, sha256, dueAt: next.dueAt }),
    );
    const unsent = await commit(c, { type: 'co-sign.signer-added', actor: cmd.by, data: { agency: cmd.agency, order, asked: asked.includes(cmd.agency) } }, next, { messages });
    const s = signer(next, cmd.agency);
    return { result: { agency: s.agency, order: s.order, askedAt: s.askedAt, phase: next.phase }, messages: unsent };
  });
  await send(c, messages);
  return result;
}

/** 减签: the co-signer leaves the signature order and is told why; its decision no longer counts. */
async function removeSigner(c: Campaign, cmd: RemoveSignerInput): Promise<RemoveSignerResult> {
  changeInFlight();
  const { result, messages } = await c.ledger.exclusive(async () => {
    const next = copy(c.state);
    const out = guard(() => rules.applyRemoveSigner(next, cmd, nowIso()));
    const v = next.notice.version;
    const n = next.amendments;
    const messages = [
      message(next, cmd.agency, 'signer', 'co-sign-removed', `co-sign-removed:${cmd.agency}:a${n}`, { version: v, reason: out.removed.reason }),
      ...asks(next, out.asked, 'co-sign-request'),
    ];
    if (out.allApproved) {
      messages.push(message(next, next.leadAgency, 'secretariat', 'ready-for-sign-off', `ready:v${v}:a${n}`, { version: v, signers: next.signers.length }));
    }
    const unsent = await commit(
      c,
      { type: 'co-sign.signer-removed', actor: cmd.by, data: { agency: cmd.agency, reason: out.removed.reason, status: out.removed.status, version: v } },
      next,
      { messages },
    );
    return { result: { agency: cmd.agency, removedAt: out.removed.removedAt, phase: next.phase }, messages: unsent };
  });
  await send(c, messages);
  return result;
}

/** The co-signing deadline moves; everyone still pending is told, and the urging loop wakes for the new one. */
async function moveDeadline(c: Campaign, cmd: MoveCoSignDeadlineInput): Promise<MoveCoSignDeadlineResult> {
  changeInFlight();
  const { result, messages } = await c.ledger.exclusive(async () => {
    const next = copy(c.state);
    const { from, told } = guard(() => rules.applyMoveDeadline(next, cmd.dueAt, Date.now()));
    const v = next.notice.version;
    const messages = told.map((agency) =>
      message(next, agency, 'signer', 'co-sign-deadline-moved', `co-sign-deadline:${agency}:d${next.deadlineMoves}`, { version: v, from, dueAt: next.dueAt }),
    );
    const unsent = await commit(c, { type: 'co-sign.deadline-moved', actor: cmd.by, data: { from, dueAt: next.dueAt, told } }, next, { messages });
    return { result: { dueAt: next.dueAt, from, told }, messages: unsent };
  });
  await send(c, messages);
  return result;
}

/**
 * 手动催办: the named co-signer, or everyone asked and pending, at most once each per working day
 * (Asia/Shanghai, the campaign's calendar — a rehearsal's shifted one). The working day is asked of
 * an activity, so a calendar update never changes a recorded history.
 */
async function urge(c: Campaign, cmd: UrgeInput): Promise<UrgeResult> {
  changeInFlight();
  const { result, messages } = await c.ledger.exclusive(async () => {
    guard(() => rules.urgeTargets(c.state, cmd));
    const at = nowIso();
    const window = await c.acts.workingDayOf({ at, shiftDays: c.input.year?.shiftDays ?? 0 });
    const next = copy(c.state);
    const { urged, skipped } = guard(() => rules.applyUrge(next, cmd, window, at));
    const nowMs = Date.parse(at);
    const text = cmd.message?.trim() || null;
    const v = next.notice.version;
    const messages = urged.map((agency) =>
      message(next, agency, 'signer', 'co-sign-urge', `co-sign-urge:${agency}:a${next.amendments}`, {
        version: v,
        days: rules.daysSinceAsked(signer(next, agency), nowMs),
        dueAt: next.dueAt,
        message: text,
      }),
    );
    const unsent = await commit(c, { type: 'co-sign.urged', actor: cmd.by, data: { agencies: urged, message: text, skipped: skipped.map((x) => x.agency) } }, next, { messages });
    return { result: { urged, skipped, at }, messages: unsent };
  });
  await send(c, messages);
  return result;
}

/**
 * Urging (催办): wakes for the next reminder or the deadline, or when anything changes, until
 * co-signing is over (issued or withdrawn). Continues as new when the history grows long.
 */
async function urgeUntilDecided(c: Campaign): Promise<void> {
  while (rules.isOpen(c.state.phase)) {
    const wakeAt = rules.nextWakeAt(c.state);
    let seen = c.changes;
    const woken = c.wakeWhenDue
      ? () => {
          if (!rules.isOpen(c.state.phase)) return true;
          if (c.changes === seen) return false;
          // Looked at once per change: nothing falls due before wakeAt unless the change moved it.
          seen = c.changes;
          return rules.nextWakeAt(c.state) !== wakeAt;
        }
      : () => c.changes !== seen || !rules.isOpen(c.state.phase);
    if (wakeAt === null) await condition(woken);
    else await condition(woken, Math.max(1, wakeAt - Date.now()));
    if (!rules.isOpen(c.state.phase)) break;

    await send(c, await c.ledger.exclusive(() => remindAndEscalate(c)));

    if (historyIsLong(c.input.continueAsNewAfterEvents)) {
      await condition(allHandlersFinished);
      // A sign-off finishes in this run (its handler is done by now, so the phase says how it ended).
      if (rules.isOpen(c.state.phase) && !c.state.signOff) {
        await c.ledger.settled();
        await continueAsNew<typeof campaignWorkflow>({ ...c.input, carried: { state: c.state, auditSeq: c.ledger.seq } });
      }
    }
  }
}

/** The reminders now due, and the escalation once the deadline has passed: the messages to send. */
async function remindAndEscalate(c: Campaign): Promise<NotificationInput[]> {
  const nowMs = Date.now();
  const v = c.state.notice.version;
  // Which reminder slots are used is bookkeeping for the next wake-up, not an audited change.
  const out = rules.takeDueReminders(c.state, nowMs).map((r) =>
    message(c.state, r.agency, 'signer', 'reminder', `reminder:${r.agency}:v${v}:${r.number}`, { number: r.number, version: v, days: r.days, dueAt: c.state.dueAt }),
  );
  const next = copy(c.state);
  const outstanding = rules.takeEscalation(next, nowMs, nowIso());
  if (outstanding) {
    // Told as of the moment it was escalated (escalatedAt), not when the entry was written.
    // Once per deadline: a moved deadline escalates again (its own key; the first keeps the key it always had).
    const key = next.deadlineMoves ? `escalation:d${next.deadlineMoves}` : 'escalation';
    const escalation = message(next, next.leadAgency, 'secretariat', 'escalation', key, { subject: 'co-sign', dueAt: c.state.dueAt, outstanding });
    return [...out, ...(await happened(c, { type: 'co-sign.escalated', actor: 'system', data: { outstanding } }, next, { messages: [escalation] }))];
  }
  return out;
}

type NoticeVersion = { version: number; sha256: string; note: string | null; by: string };

/** What a change writes besides its entry and projection: the notice version it made, the messages it sends. */
interface Writes {
  noticeVersion?: NoticeVersion;
  messages?: NotificationInput[];
}

/**
 * A command on `next` (a copy of the state with the change): recorded, then it becomes the state —
 * or, in a run that records after answering, it becomes the state and is queued to be recorded.
 * Answers the messages still to send (send() them once out of exclusive()): in a local run they
 * were written with the entry, in one transaction; before, they follow it.
 */
async function commit(c: Campaign, entry: Entry, next: rules.CoSignState, writes: Writes = {}): Promise<NotificationInput[]> {
  if (c.deferred) {
    await c.ledger.record([entry], { state: next, noticeVersion: writes.noticeVersion, notifications: writes.messages }, () => become(c, next));
    return [];
  }
  await c.ledger.command(entry, writeWith(c, next, writes), () => become(c, next));
  return c.local ? [] : (writes.messages ?? []);
}

/** Something that happened, on `next`: it becomes the state, then it is recorded. Answers the messages still to send, as commit(). */
async function happened(c: Campaign, entry: Entry, next: rules.CoSignState, writes: Writes = {}): Promise<NotificationInput[]> {
  await c.ledger.event(entry, writeWith(c, next, writes), () => become(c, next));
  return c.local ? [] : (writes.messages ?? []);
}

function writeWith(c: Campaign, state: rules.CoSignState, { noticeVersion, messages }: Writes) {
  return (seq: number, event: { type: string; actor: string; at: string; data: Record<string, unknown> }) => {
    const version = noticeVersion && { ...noticeVersion, at: event.at };
    if (c.local) return local.recordChange({ campaignId: c.id, seq, events: [event], state, noticeVersion: version, notifications: messages });
    return ordinary.recordCoSignEvent({ campaignId: c.id, seq, event, state, noticeVersion: version });
  };
}

function become(c: Campaign, next: rules.CoSignState): void {
  c.state = next;
  c.changes++;
}

/** Messages go out after the change is recorded; one that cannot be written is noted and told to the lead. */
async function send(c: Campaign, notifications: NotificationInput[]): Promise<void> {
  if (!notifications.length) return;
  const sent = await outcome(c.acts.notify({ campaignId: c.id, notifications }));
  if (sent.failure) {
    const kinds = [...new Set(notifications.map((n) => n.kind))].join(', ');
    await c.ledger.exclusive(() => c.ledger.failed('notify', sent.failure, `${notifications.length} message(s) (${kinds}) were not written to the outbox`));
  }
}

/**
 * A message about the campaign in `state`, stamped now; its key makes a retried write a no-op. It
 * records what happened (the kind's facts), not prose: the outbox renders the English `reason` and
 * the delivery channels each reader's language from the same facts (libs/domain/src/messages).
 */
function message<K extends NotificationKind>(state: rules.CoSignState, agency: string, role: NotificationInput['role'], kind: K, key: string, data: NotificationFacts[K]): NotificationInput {
  return { key: `${state.campaignId}:${key}`, agency, role, kind, data: { ...data }, at: nowIso() };
}

function asks(state: rules.CoSignState, agencies: string[], kind: 'co-sign-request' | 'revision'): NotificationInput[] {
  const { version, sha256 } = state.notice;
  return agencies.map((agency) =>
    kind === 'revision'
      ? message(state, agency, 'signer', kind, `${kind}:${agency}:v${version}`, { version, dueAt: state.dueAt })
      : message(state, agency, 'signer', kind, `${kind}:${agency}:v${version}`, { version, sha256, dueAt: state.dueAt }),
  );
}

/**
 * A message key made unique across the lead's changes in flight: once co-signers were added or
 * removed, the same version can be ready (or rejected by the same agency) again. Unchanged before
 * any change, so keys of runs that never had one stay as they were.
 */
function amended(state: rules.CoSignState, key: string): string {
  return state.amendments ? `${key}:a${state.amendments}` : key;
}

function signer(state: rules.CoSignState, agency: string): rules.Signer {
  return state.signers.find((s) => s.agency === agency)!;
}

/** Rules change a copy; the copy becomes the state only once its change is recorded. */
function copy(state: rules.CoSignState): rules.CoSignState {
  return JSON.parse(JSON.stringify(state)) as rules.CoSignState;
}

/** Rule violations become typed, non-retryable failures the API maps to HTTP statuses. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof rules.CoSignRuleError) {
      throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true, details: err.details ? [err.details] : undefined });
    }
    throw err;
  }
}
