/**
 * FROZEN: the campaign workflow as it ran before patch `record-then-apply` (workflows/README.md).
 * Runs started before that patch replay on this code and finish on it; new runs never reach it.
 * Do not change what it calls or in which order: the recorded histories in
 * test/fixtures/histories prove it still replays. (Activity options are not part of that check:
 * they follow libs/temporal/src/timeouts.ts, so old runs recover from a crash as fast as new
 * ones.) Delete this folder with the patch once no run predating it is open (a campaign lasts
 * about a year).
 *
 * Original header: the campaign workflow, first stage: co-signing (会签) → sign-off (签发) →
 * numbering and issue (编号印发), or withdrawal (撤回).
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities, NotificationInput } from '@activities';
import * as rules from '@domain/co-sign';
import { SHORT_ACTIVITY } from '@temporal/timeouts';
import { runYear } from './campaign-year';
import type {
  CampaignOutcome,
  CampaignWorkflowInput,
  DecideResult,
  SignOffResult} from '@temporal/messages';
import {
  decideUpdate,
  reviseUpdate,
  signOffUpdate,
  stateQuery,
  withdrawUpdate,
} from '@temporal/messages';

/** patched() id of the year stage: see workflows/README.md. */
export const YEAR_PATCH = 'campaign-year';

const { recordCoSignEvent, recordYearEvent, notify, issueDocNumber } = proxyActivities<Activities>(SHORT_ACTIVITY);

/** Rule violations become typed, non-retryable failures the API maps to HTTP statuses. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof rules.CoSignRuleError) {
      throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
    }
    throw err;
  }
}

const nowIso = (): string => new Date().toISOString();

export async function campaignWorkflowV1(input: CampaignWorkflowInput): Promise<CampaignOutcome> {
  const { setup } = input;
  const campaignId = setup.campaignId;
  const state: rules.CoSignState = input.carried?.state ?? rules.initialState(setup, nowIso());
  let auditSeq = input.carried?.auditSeq ?? 0;
  /** Bumped on every change, so the urging loop recomputes when to wake next. */
  let changes = 0;
  let issuing: Promise<SignOffResult> | null = null;

  // Audit entries chain to their predecessor, so they are recorded strictly in order.
  let recorded: Promise<unknown> = Promise.resolve();
  function chain(step: (seq: number, at: string) => Promise<unknown>): Promise<unknown> {
    const seq = ++auditSeq;
    const at = nowIso();
    const next = recorded.then(() => step(seq, at));
    recorded = next;
    return next;
  }
  function record(
    type: string,
    actor: string,
    data: Record<string, unknown>,
    noticeVersion?: { version: number; sha256: string; note: string | null; by: string },
  ): Promise<unknown> {
    const snapshot = JSON.parse(JSON.stringify(state)) as rules.CoSignState;
    return chain((seq, at) =>
      recordCoSignEvent({
        campaignId,
        seq,
        event: { type, actor, at, data },
        state: snapshot,
        noticeVersion: noticeVersion && { ...noticeVersion, at },
      }),
    );
  }

  function message(
    agency: string,
    role: NotificationInput['role'],
    kind: NotificationInput['kind'],
    key: string,
    reason: string,
  ): NotificationInput {
    return { key: `${campaignId}:${key}`, agency, role, kind, reason, at: nowIso() };
  }

  function asks(agencies: string[], kind: 'co-sign-request' | 'revision'): NotificationInput[] {
    const v = state.notice.version;
    return agencies.map((agency) =>
      message(
        agency,
        'signer',
        kind,
        `${kind}:${agency}:v${v}`,
        kind === 'revision'
          ? `the notice was revised to version ${v}: earlier decisions are void, please decide on the new text by ${state.dueAt}`
          : `please co-sign notice version ${v} (sha256 ${state.notice.sha256}) by ${state.dueAt}`,
      ),
    );
  }

  setHandler(stateQuery, () => state);

  setHandler(
    decideUpdate,
    async (cmd): Promise<DecideResult> => {
      const signer = state.signers.find((s) => s.agency === cmd.agency)!;
      if (rules.isRepeatedDecision(state, cmd)) {
        return { agency: signer.agency, status: signer.status as DecideResult['status'], noticeSha256: signer.noticeSha256!, decidedAt: signer.decidedAt!, repeated: true };
      }
      const outcome = guard(() => rules.applyDecision(state, cmd, nowIso()));
      changes++;
      const done = record('co-sign.decided', cmd.by, {
        agency: cmd.agency,
        decision: cmd.decision,
        noticeSha256: cmd.noticeSha256,
        comment: signer.comment,
      });
      const v = state.notice.version;
      const out: NotificationInput[] = asks(outcome.asked, 'co-sign-request');
      if (signer.status === 'rejected') {
        out.push(message(state.leadAgency, 'secretariat', 'rejection', `rejection:${cmd.agency}:v${v}`, `${cmd.agency} rejected version ${v}: ${signer.comment}`));
      }
      if (outcome.allApproved) {
        out.push(message(state.leadAgency, 'secretariat', 'ready-for-sign-off', `ready:v${v}`, `all ${state.signers.length} co-signers approved version ${v}: ready for sign-off`));
      }
      if (out.length) await notify({ campaignId, notifications: out });
      await done;
      return { agency: signer.agency, status: signer.status as DecideResult['status'], noticeSha256: cmd.noticeSha256, decidedAt: signer.decidedAt!, repeated: false };
    },
    { validator: (cmd) => guard(() => rules.checkDecision(state, cmd)) },
  );

  setHandler(
    reviseUpdate,
    async ({ sha256, note, by }) => {
      const { version, asked } = guard(() => rules.applyRevision(state, sha256, nowIso()));
      changes++;
      const done = record('notice.revised', by, { version, sha256, note: note ?? null }, { version, sha256, note: note ?? null, by });
      await notify({ campaignId, notifications: asks(asked, 'revision') });
      await done;
      return { version, sha256 };
    },
    { validator: ({ sha256 }) => guard(() => rules.checkRevision(state, sha256)) },
  );

  setHandler(
    signOffUpdate,
    async ({ noticeSha256, by }): Promise<SignOffResult> => {
      // A repeated sign-off of the same text gets the same number, never a second one.
      if (issuing && state.signOff?.noticeSha256 === noticeSha256) return issuing;
      guard(() => rules.checkSignOff(state, noticeSha256));
      const at = nowIso();
      state.signOff = { by, at, noticeSha256 };
      changes++;
      issuing = (async () => {
        const signed = record('sign-off', by, { noticeSha256 });
        const issued = await issueDocNumber({ campaignId, prefix: state.docNumberPrefix, at });
        state.docNumber = issued.docNumber;
        state.issuedAt = issued.issuedAt;
        state.phase = 'issued';
        changes++;
        const done = record('issued', 'system', { docNumber: issued.docNumber, issuedAt: issued.issuedAt, noticeSha256 });
        const everyone = [
          message(state.leadAgency, 'secretariat', 'issued', `issued:${state.leadAgency}`, `issued as ${issued.docNumber}`),
          ...state.signers.map((s) => message(s.agency, 'signer', 'issued', `issued:${s.agency}`, `the joint notice was issued as ${issued.docNumber}`)),
        ];
        await notify({ campaignId, notifications: everyone });
        await Promise.all([signed, done]);
        return { docNumber: issued.docNumber, issuedAt: issued.issuedAt };
      })();
      return issuing;
    },
    {
      validator: ({ noticeSha256 }) => {
        if (state.signOff?.noticeSha256 === noticeSha256) return;
        guard(() => rules.checkSignOff(state, noticeSha256));
      },
    },
  );

  setHandler(
    withdrawUpdate,
    async ({ reason, by }) => {
      guard(() => rules.checkWithdraw(state));
      const pending = rules.pendingAsked(state).map((s) => s.agency);
      state.withdrawal = { by, at: nowIso(), reason };
      state.phase = 'withdrawn';
      changes++;
      const done = record('withdrawn', by, { reason, informed: pending });
      await notify({
        campaignId,
        notifications: pending.map((agency) => message(agency, 'signer', 'withdrawn', `withdrawn:${agency}`, `the lead withdrew the notice: ${reason}`)),
      });
      await done;
      return { phase: 'withdrawn' as const };
    },
    { validator: (_input) => guard(() => rules.checkWithdraw(state)) },
  );

  if (!input.carried) {
    const first = record(
      'campaign.launched',
      input.launchedBy,
      { leadAgency: setup.leadAgency, coSigners: setup.coSigners, mode: setup.mode, dueAt: setup.dueAt, noticeSha256: setup.noticeSha256 },
      { version: 1, sha256: setup.noticeSha256, note: null, by: input.launchedBy },
    );
    await notify({ campaignId, notifications: asks(rules.pendingAsked(state).map((s) => s.agency), 'co-sign-request') });
    await first;
  }

  // Urging (催办): wake for the next reminder or the deadline, or when anything changes.
  while (rules.isOpen(state.phase)) {
    const wakeAt = rules.nextWakeAt(state);
    const seen = changes;
    const woken = () => changes !== seen || !rules.isOpen(state.phase);
    if (wakeAt === null) await condition(woken);
    else await condition(woken, Math.max(1, wakeAt - Date.now()));
    if (!rules.isOpen(state.phase)) break;
    const nowMs = Date.now();
    const v = state.notice.version;
    const out = rules.takeDueReminders(state, nowMs).map((r) =>
      message(r.agency, 'signer', 'reminder', `reminder:${r.agency}:v${v}:${r.number}`, `reminder ${r.number}: ${r.reason}`),
    );
    const outstanding = rules.takeEscalation(state, nowMs, nowIso());
    if (outstanding) {
      out.push(
        message(state.leadAgency, 'secretariat', 'escalation', 'escalation', `co-sign deadline ${state.dueAt} passed; still outstanding: ${outstanding.join(', ')}`),
      );
      void record('co-sign.escalated', 'system', { outstanding });
    }
    if (out.length) await notify({ campaignId, notifications: out });

    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await recorded;
      if (rules.isOpen(state.phase) && !state.signOff) {
        await continueAsNew<typeof campaignWorkflowV1>({ ...input, carried: { state, auditSeq } });
      }
    }
  }

  await condition(allHandlersFinished);
  await recorded;

  // The year after issuance. Histories recorded before it existed complete here (replay-safe).
  if (state.phase === 'issued' && input.year && patched(YEAR_PATCH)) {
    const year = await runYear({
      campaignId,
      docNumber: state.docNumber!,
      issuedAt: state.issuedAt!,
      setup: input.year,
      carried: input.carried?.year,
      record: (type, actor, data, projection) =>
        chain((seq, at) => recordYearEvent({ campaignId, seq, event: { type, actor, at, data }, ...projection })),
      continueAsNew: async (y) => {
        await condition(allHandlersFinished);
        await recorded;
        return continueAsNew<typeof campaignWorkflowV1>({ ...input, carried: { state, auditSeq, year: y } });
      },
    });
    await recorded;
    return { phase: year.phase, docNumber: state.docNumber, issuedAt: state.issuedAt };
  }
  return { phase: state.phase, docNumber: state.docNumber, issuedAt: state.issuedAt };
}
