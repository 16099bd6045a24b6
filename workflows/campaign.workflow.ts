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
  type DecideInput,
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
import { commandFailed, type Entry, Ledger, nowIso, outcome } from './ledger';
import { campaignWorkflowV1 } from './v1/campaign.workflow';

const { recordCoSignEvent, notify, issueDocNumber, workingDayOf } = proxyActivities<Activities>(SHORT_ACTIVITY);

/** patched() id: runs started before it replay on, and finish on, workflows/v1/ (see workflows/README.md). */
export const RECORD_THEN_APPLY_PATCH = 'record-then-apply';

/**
 * patched() id of the lead's changes in flight (加签, 减签, the deadline, 手动催办; issue 12): marks
 * the first such change in a run's history, where new commands begin (see changeInFlight).
 */
export const CO_SIGN_CHANGES_PATCH = 'co-sign-changes';

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
}

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignOutcome> {
  // Decided once, at the start of the run: a run that began on the old code stays on it.
  if (!patched(RECORD_THEN_APPLY_PATCH)) return campaignWorkflowV1(input);

  const state = input.carried?.state ?? rules.initialState(input.setup, nowIso());
  const c: Campaign = {
    input,
    id: input.setup.campaignId,
    state,
    ledger: new Ledger(input.setup.campaignId, input.carried?.auditSeq ?? 0, state.leadAgency),
    changes: 0,
    issuing: null,
  };
  // Takes the ledger before any Update handler can: the launch is entry 1.
  const launched = input.carried ? null : launch(c);

  setHandler(stateQuery, () => c.state);
  setHandler(pingUpdate, () => ({ at: nowIso() }));
  setHandler(decideUpdate, (cmd) => decide(c, cmd), { validator: (cmd) => guard(() => rules.checkDecision(c.state, cmd)) });
  setHandler(reviseUpdate, (cmd) => revise(c, cmd), { validator: ({ sha256 }) => guard(() => rules.checkRevision(c.state, sha256)) });
  setHandler(signOffUpdate, (cmd) => signOff(c, cmd), {
    validator: ({ noticeSha256 }) => {
      if (c.state.signOff?.noticeSha256 === noticeSha256 || c.issuing?.noticeSha256 === noticeSha256) return; // answered as before
      guard(() => rules.checkSignOff(c.state, noticeSha256));
    },
  });
  setHandler(withdrawUpdate, (cmd) => withdraw(c, cmd), { validator: (_cmd) => guard(() => rules.checkWithdraw(c.state)) });
  setHandler(addSignerUpdate, (cmd) => addSigner(c, cmd), { validator: (cmd) => guard(() => rules.checkAddSigner(c.state, cmd)) });
  setHandler(removeSignerUpdate, (cmd) => removeSigner(c, cmd), { validator: (cmd) => guard(() => rules.checkRemoveSigner(c.state, cmd)) });
  setHandler(moveCoSignDeadlineUpdate, (cmd) => moveDeadline(c, cmd), { validator: ({ dueAt }) => guard(() => rules.checkMoveDeadline(c.state, dueAt, Date.now())) });
  setHandler(urgeUpdate, (cmd) => urge(c, cmd), { validator: (cmd) => guard(() => rules.urgeTargets(c.state, cmd)) });

  await launched;
  await urgeUntilDecided(c);
  await condition(allHandlersFinished);

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
      continueAsNew: (y) => continueAsNew<typeof campaignWorkflow>({ ...input, carried: { state: c.state, auditSeq: c.ledger.seq, year: y } }),
    });
    return { phase: year.phase, docNumber, issuedAt };
  }
  return { phase: c.state.phase, docNumber, issuedAt };
}

/** Records the launch and asks the first co-signers (everyone in parallel mode, the first in sequential). */
async function launch(c: Campaign): Promise<void> {
  const { setup, launchedBy } = c.input;
  const asked = await c.ledger.exclusive(async () => {
    const asked = asks(c.state, rules.pendingAsked(c.state).map((s) => s.agency), 'co-sign-request');
    await happened(
      c,
      {
        type: 'campaign.launched',
        actor: launchedBy,
        data: { leadAgency: setup.leadAgency, coSigners: setup.coSigners, mode: setup.mode, dueAt: setup.dueAt, noticeSha256: setup.noticeSha256 },
      },
      c.state,
      { version: 1, sha256: setup.noticeSha256, note: null, by: launchedBy },
    );
    return asked;
  });
  await send(c, asked);
}

/** A co-signer approves or rejects the current text; a rejection gives its reason. */
async function decide(c: Campaign, cmd: DecideInput): Promise<DecideResult> {
  const { result, messages } = await c.ledger.exclusive(async () => {
    const answer = (s: rules.Signer, repeated: boolean): DecideResult => ({
      agency: s.agency,
      status: s.status as DecideResult['status'],
      noticeSha256: s.noticeSha256!,
      decidedAt: s.decidedAt!,
      repeated,
    });
    if (rules.isRepeatedDecision(c.state, cmd)) return { result: answer(signer(c.state, cmd.agency), true), messages: [] };
    const next = copy(c.state);
    const decided = guard(() => rules.applyDecision(next, cmd, nowIso()));
    const s = signer(next, cmd.agency);
    // The messages are stamped with the moment of the decision, and sent once it is recorded.
    const v = next.notice.version;
    const out = asks(next, decided.asked, 'co-sign-request');
    if (s.status === 'rejected') {
      out.push(message(next, next.leadAgency, 'secretariat', 'rejection', amended(next, `rejection:${cmd.agency}:v${v}`), { agency: cmd.agency, version: v, comment: s.comment ?? '' }));
    }
    if (decided.allApproved) {
      out.push(message(next, next.leadAgency, 'secretariat', 'ready-for-sign-off', amended(next, `ready:v${v}`), { version: v, signers: next.signers.length }));
    }
    await commit(c, { type: 'co-sign.decided', actor: cmd.by, data: { agency: cmd.agency, decision: cmd.decision, noticeSha256: cmd.noticeSha256, comment: s.comment } }, next);
    return { result: answer(s, false), messages: out };
  });
  await send(c, messages);
  return result;
}

/** The lead revises the text: a new version, every earlier decision void, everyone asked again. */
async function revise(c: Campaign, { sha256, note, by }: ReviseInput): Promise<ReviseResult> {
  const { version, messages } = await c.ledger.exclusive(async () => {
    const next = copy(c.state);
    const { version, asked } = guard(() => rules.applyRevision(next, sha256, nowIso()));
    const messages = asks(next, asked, 'revision');
    await commit(c, { type: 'notice.revised', actor: by, data: { version, sha256, note: note ?? null } }, next, { version, sha256, note: note ?? null, by });
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
    await commit(c, { type: 'sign-off', actor: by, data: { noticeSha256 } }, signed);

    const numbered = await outcome(issueDocNumber({ campaignId: c.id, prefix: c.state.docNumberPrefix, at }));
    if (numbered.failure) {
      // No number could be given (the sequence is exhausted, say): the sign-off is void, and the
      // lead may sign off again once the cause is fixed.
      await c.ledger.failed('issueDocNumber', numbered.failure, 'the notice was not numbered; the sign-off is void');
      const voided = copy(c.state);
      voided.signOff = null;
      await happened(c, { type: 'sign-off.voided', actor: 'system', data: { noticeSha256 } }, voided);
      throw commandFailed('sign-off', numbered.failure);
    }
    const { docNumber, issuedAt } = numbered.value;
    const issued = copy(c.state);
    Object.assign(issued, { docNumber, issuedAt, phase: 'issued' });
    const everyone = [
      message(issued, issued.leadAgency, 'secretariat', 'issued', `issued:${issued.leadAgency}`, { docNumber }),
      ...issued.signers.map((s) => message(issued, s.agency, 'signer', 'issued', `issued:${s.agency}`, { docNumber })),
    ];
    // The number is given (and stored with the campaign): from here on it is a fact, not a command.
    await happened(c, { type: 'issued', actor: 'system', data: { docNumber, issuedAt, noticeSha256 } }, issued);
    return { result: { docNumber, issuedAt }, messages: everyone };
  });
  await send(c, messages);
  return result;
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
    await commit(c, { type: 'withdrawn', actor: by, data: { reason, informed } }, next);
    return messages;
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
    await commit(c, { type: 'co-sign.signer-added', actor: cmd.by, data: { agency: cmd.agency, order, asked: asked.includes(cmd.agency) } }, next);
    const s = signer(next, cmd.agency);
    return { result: { agency: s.agency, order: s.order, askedAt: s.askedAt, phase: next.phase }, messages };
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
    await commit(
      c,
      { type: 'co-sign.signer-removed', actor: cmd.by, data: { agency: cmd.agency, reason: out.removed.reason, status: out.removed.status, version: v } },
      next,
    );
    return { result: { agency: cmd.agency, removedAt: out.removed.removedAt, phase: next.phase }, messages };
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
    await commit(c, { type: 'co-sign.deadline-moved', actor: cmd.by, data: { from, dueAt: next.dueAt, told } }, next);
    return { result: { dueAt: next.dueAt, from, told }, messages };
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
    const window = await workingDayOf({ at, shiftDays: c.input.year?.shiftDays ?? 0 });
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
    await commit(c, { type: 'co-sign.urged', actor: cmd.by, data: { agencies: urged, message: text, skipped: skipped.map((x) => x.agency) } }, next);
    return { result: { urged, skipped, at }, messages };
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
    const seen = c.changes;
    const woken = () => c.changes !== seen || !rules.isOpen(c.state.phase);
    if (wakeAt === null) await condition(woken);
    else await condition(woken, Math.max(1, wakeAt - Date.now()));
    if (!rules.isOpen(c.state.phase)) break;

    await send(c, await c.ledger.exclusive(() => remindAndEscalate(c)));

    if (historyIsLong(c.input.continueAsNewAfterEvents)) {
      await condition(allHandlersFinished);
      // A sign-off finishes in this run (its handler is done by now, so the phase says how it ended).
      if (rules.isOpen(c.state.phase) && !c.state.signOff) {
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
    out.push(message(next, next.leadAgency, 'secretariat', 'escalation', key, { subject: 'co-sign', dueAt: c.state.dueAt, outstanding }));
    await happened(c, { type: 'co-sign.escalated', actor: 'system', data: { outstanding } }, next);
  }
  return out;
}

type NoticeVersion = { version: number; sha256: string; note: string | null; by: string };

/** A command on `next` (a copy of the state with the change): recorded, then it becomes the state. */
function commit(c: Campaign, entry: Entry, next: rules.CoSignState, noticeVersion?: NoticeVersion): Promise<void> {
  return c.ledger.command(entry, writeWith(c, next, noticeVersion), () => become(c, next));
}

/** Something that happened, on `next`: it becomes the state, then it is recorded. */
function happened(c: Campaign, entry: Entry, next: rules.CoSignState, noticeVersion?: NoticeVersion): Promise<void> {
  return c.ledger.event(entry, writeWith(c, next, noticeVersion), () => become(c, next));
}

function writeWith(c: Campaign, state: rules.CoSignState, noticeVersion?: NoticeVersion) {
  return (seq: number, event: { type: string; actor: string; at: string; data: Record<string, unknown> }) =>
    recordCoSignEvent({ campaignId: c.id, seq, event, state, noticeVersion: noticeVersion && { ...noticeVersion, at: event.at } });
}

function become(c: Campaign, next: rules.CoSignState): void {
  c.state = next;
  c.changes++;
}

/** Messages go out after the change is recorded; one that cannot be written is noted and told to the lead. */
async function send(c: Campaign, notifications: NotificationInput[]): Promise<void> {
  if (!notifications.length) return;
  const sent = await outcome(notify({ campaignId: c.id, notifications }));
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
