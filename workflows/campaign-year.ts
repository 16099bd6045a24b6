/**
 * The campaign workflow, second stage: the year after issuance. Distribution to every recipient,
 * the phases on durable timers (publication window → concentrated week → reporting → commendation
 * → closed), the reminder sweep on working-day mornings, milestone moves and the publication of
 * the commendation list.
 *
 * Changes go through the same ledger as co-signing (ledger.ts): one at a time, commands recorded
 * before they apply. History stays bounded: recipients, activities and summaries live in
 * PostgreSQL and are touched by set-based activities; one sweep per working day is a handful of
 * events; the run continues as new every SWEEPS_PER_RUN sweeps (or when the history grows long),
 * carrying only this small state.
 */
import { allHandlersFinished, ApplicationFailure, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '@activities';
import type { NotificationFacts } from '@domain/messages';
import { checkMilestoneMove, MILESTONE_FIELDS, type Milestones, nextBoundary, phaseAt, phaseIndex, YEAR_PHASES, type YearPhase } from '@domain/year';
import {
  type MoveMilestonesInput,
  moveMilestonesUpdate,
  type PublishCommendationsInput,
  publishCommendationsUpdate,
  type YearSetup,
  type YearState,
  yearQuery,
} from '@temporal/messages';
import { SET_BASED_ACTIVITY, SHORT_ACTIVITY } from '@temporal/timeouts';
import { commandFailed, type Entry, type Ledger, nowIso, outcome } from './ledger';

const { recordYearEvent, planMornings } = proxyActivities<Activities>(SHORT_ACTIVITY);
const { distribute, notifyAudience, sweepReminders } = proxyActivities<Activities>(SET_BASED_ACTIVITY);

/** A year has about 250 working days: three or four runs of bounded history. */
export const SWEEPS_PER_RUN = 80;

export interface YearContext {
  campaignId: string;
  docNumber: string;
  issuedAt: string;
  setup: YearSetup;
  carried?: YearState;
  /** The campaign's ledger: the audit chain continues from co-signing. */
  ledger: Ledger;
  continueAsNewAfterEvents?: number;
  /** Continues as new with this state (the caller adds the co-signing state and the audit position). */
  continueAsNew(year: YearState): Promise<never>;
}

/** What the handlers and the loop share. */
interface Year {
  ctx: YearContext;
  state: YearState;
  /** Bumped on every change the loop must react to (a milestone move, a publication). */
  changes: number;
  /** The working mornings to sweep on, for the current milestones; null until planned. */
  mornings: number[] | null;
}

/** Temporal suggests continuing as new, or the run has reached the input's threshold (tests lower it). */
export function historyIsLong(afterEvents?: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (afterEvents ?? Infinity);
}

/**
 * patched() id: a phase boundary that passed while the loop was entering the phase before it (its
 * writes take workflow time) is entered at once. Before, the loop slept until the next boundary: a
 * summary deadline a second after the end of the concentrated week left the campaign in reporting
 * until the close. Asked only when that happens, so a history where it never did is unchanged.
 */
export const ENTER_PASSED_PHASES_PATCH = 'enter-passed-phases';

export async function runYear(ctx: YearContext): Promise<YearState> {
  const y: Year = {
    ctx,
    state: ctx.carried ?? {
      phase: 'issued',
      milestones: ctx.setup.milestones,
      distributed: false,
      lastSweepAt: null,
      commendationsPublishedAt: null,
      milestoneMoves: 0,
    },
    changes: 0,
    mornings: null,
  };

  setHandler(yearQuery, () => y.state);
  setHandler(moveMilestonesUpdate, (cmd) => moveMilestones(y, cmd), { validator: (cmd) => checkMove(y.state, cmd) });
  setHandler(publishCommendationsUpdate, (cmd) => publishCommendations(y, cmd), { validator: (_cmd) => checkPublish(y.state) });

  if (!y.state.distributed) await distributeNotice(y);

  let sweeps = 0;
  for (;;) {
    await enterDuePhases(y);
    if (y.state.phase === 'closed') break;

    const now = Date.now();
    y.mornings ??= await planFromNow(y, y.state.milestones, now);
    // Sweep for the latest working morning that has come (after an outage, once, not once per missed day).
    const due = y.mornings.filter((t) => t > (y.state.lastSweepAt ?? 0) && t <= now);
    if (due.length) {
      await sweep(y, due[due.length - 1]);
      sweeps++;
    }
    if (sweeps >= SWEEPS_PER_RUN || historyIsLong(ctx.continueAsNewAfterEvents)) {
      await condition(allHandlersFinished);
      await ctx.continueAsNew(y.state);
    }

    if (phaseIndex(phaseAt(y.state.milestones, now)) > phaseIndex(y.state.phase) && patched(ENTER_PASSED_PHASES_PATCH)) continue;
    const boundary = nextBoundary(y.state.milestones, now);
    const morning = y.mornings.find((t) => t > (y.state.lastSweepAt ?? 0) && t > now);
    const wakeAt = Math.min(boundary?.at ?? Infinity, morning ?? Infinity);
    const seen = y.changes;
    if (wakeAt === Infinity) await condition(() => y.changes !== seen);
    else await condition(() => y.changes !== seen, Math.max(1, wakeAt - now));
  }
  await condition(allHandlersFinished);
  return y.state;
}

/** The lead moves milestones of the running campaign; recipients and relays are told. */
async function moveMilestones(y: Year, cmd: MoveMilestonesInput): Promise<{ milestones: Milestones; phase: YearPhase }> {
  const { milestones, by } = cmd;
  const { key, moved, at } = await y.ctx.ledger.exclusive(async () => {
    checkMove(y.state, cmd); // again: a change queued before this one may have moved the ground
    // The new timeline's working mornings are planned before anything changes: a timeline the
    // calendar cannot plan (a date in year 10000, say) is refused here, not found by the loop.
    const planned = await outcome(planMornings(planInput(y, milestones, Date.now())));
    if (planned.failure) {
      await y.ctx.ledger.failed('planMornings', planned.failure, 'the milestone move was refused; the milestones are unchanged');
      throw commandFailed('milestones.moved', planned.failure);
    }
    const before = y.state.milestones;
    const moved = diff(before, milestones);
    const at = nowIso();
    await y.ctx.ledger.command(
      { type: 'milestones.moved', actor: by, data: { from: before, to: milestones, moved } },
      (seq, event) => recordYearEvent({ campaignId: y.ctx.campaignId, seq, event, milestones }),
      () => {
        y.state.milestones = milestones;
        y.state.milestoneMoves = (y.state.milestoneMoves ?? 0) + 1;
        y.mornings = planned.value;
        y.changes++;
      },
    );
    return { key: `milestones-moved:${y.state.milestoneMoves}`, moved, at };
  });
  await Promise.all([tell(y, 'recipients', 'milestones-moved', key, { moved }, at), tell(y, 'children', 'milestones-moved', key, { moved }, at)]);
  return { milestones, phase: y.state.phase };
}

/** The lead publishes the commendation list (表扬名单); recipients are told. */
async function publishCommendations(y: Year, { commended, by }: PublishCommendationsInput): Promise<{ publishedAt: string }> {
  const at = await y.ctx.ledger.exclusive(async () => {
    checkPublish(y.state);
    const at = nowIso();
    await y.ctx.ledger.command(
      { type: 'commendations.published', actor: by, data: { commended } },
      (seq, event) => recordYearEvent({ campaignId: y.ctx.campaignId, seq, event, commendationsPublishedAt: at }),
      () => {
        y.state.commendationsPublishedAt = at;
        y.changes++;
      },
    );
    return at;
  });
  await tell(y, 'recipients', 'commendations-published', 'commendations-published', { commended }, at);
  return { publishedAt: at };
}

/** Distribution (分发) on issuance. If it fails for good, the lead is told; a continued run tries again. */
async function distributeNotice(y: Year): Promise<void> {
  const { campaignId, issuedAt, docNumber } = y.ctx;
  const done = await outcome(distribute({ campaignId, at: issuedAt, docNumber }));
  await y.ctx.ledger.exclusive(async () => {
    if (done.failure) return y.ctx.ledger.failed('distribute', done.failure, 'the notice was not distributed');
    await y.ctx.ledger.event({ type: 'distributed', actor: 'system', data: {} }, write(y), () => {
      y.state.distributed = true;
    });
  });
}

/** Enters every phase whose start has passed, in order (a long outage or a moved milestone may pass several). */
async function enterDuePhases(y: Year): Promise<void> {
  const target = phaseAt(y.state.milestones, Date.now());
  while (phaseIndex(y.state.phase) < phaseIndex(target)) {
    const next = YEAR_PHASES[YEAR_PHASES.indexOf(y.state.phase) + 1];
    const at = nowIso();
    await y.ctx.ledger.exclusive(() =>
      y.ctx.ledger.event({ type: 'phase.entered', actor: 'system', data: { phase: next } }, write(y, { phase: next }), () => {
        y.state.phase = next;
      }),
    );
    const notice = PHASE_NOTICES[next as Exclude<YearPhase, 'issued'>];
    await tell(y, notice.audience, 'phase', `phase:${next}`, notice.facts(y.state.milestones), at);
  }
}

/**
 * The working mornings from now to the close. If the calendar cannot plan them (the milestones
 * came from a launch that did not check them), the lead is told and the year goes on without
 * reminders — its phases still follow the timers — until the milestones are moved.
 */
async function planFromNow(y: Year, milestones: Milestones, now: number): Promise<number[]> {
  const planned = await outcome(planMornings(planInput(y, milestones, now)));
  if (!planned.failure) return planned.value;
  await y.ctx.ledger.exclusive(() => y.ctx.ledger.failed('planMornings', planned.failure, 'no reminders go out until the milestones are moved'));
  return [];
}

/** The reminder sweep (催办) of one working morning. One that fails for good is not tried again every wake-up. */
async function sweep(y: Year, morning: number): Promise<void> {
  const { campaignId, setup } = y.ctx;
  const at = new Date(morning).toISOString();
  const swept = await outcome(sweepReminders({ campaignId, at, phase: y.state.phase, milestones: y.state.milestones, urging: setup.urging, shiftDays: setup.shiftDays }));
  if (swept.failure) await y.ctx.ledger.exclusive(() => y.ctx.ledger.failed('sweepReminders', swept.failure, `the reminders of ${at} were not sent`));
  y.state.lastSweepAt = morning;
}

/**
 * One message per member of an audience; one that cannot be written is noted and told to the lead.
 * It records what happened (the kind's facts), not prose: the outbox renders the English `reason`
 * and the delivery channels each reader's language from the same facts (libs/domain/src/messages).
 */
async function tell<K extends 'milestones-moved' | 'commendations-published' | 'phase'>(
  y: Year,
  audience: Parameters<Activities['notifyAudience']>[0]['audience'],
  kind: K,
  key: string,
  data: NotificationFacts[K],
  at = nowIso(),
): Promise<void> {
  const sent = await outcome(notifyAudience({ campaignId: y.ctx.campaignId, audience, kind, key, data: { ...data }, at }));
  if (sent.failure) await y.ctx.ledger.exclusive(() => y.ctx.ledger.failed('notifyAudience', sent.failure, `the ${kind} message to ${audience} was not written to the outbox`));
}

function write(y: Year, projection: { phase?: YearPhase } = {}) {
  return (seq: number, event: Entry & { at: string }) => recordYearEvent({ campaignId: y.ctx.campaignId, seq, event, ...projection });
}

function planInput(y: Year, milestones: Milestones, now: number) {
  return { fromMs: now - 1, toMs: Date.parse(milestones.closesAt), hour: y.ctx.setup.urging.hour, shiftDays: y.ctx.setup.shiftDays };
}

function checkMove(state: YearState, { milestones, parent, children }: Omit<MoveMilestonesInput, 'by'>): void {
  if (state.phase === 'closed') throw failure('WRONG_PHASE', 'the campaign is closed; its milestones can no longer move');
  const problems = checkMilestoneMove(state.milestones, milestones, Date.now(), parent, children);
  if (problems.length) {
    throw ApplicationFailure.create({ type: 'INVALID_MILESTONES', message: problems.map((p) => `${p.field}: ${p.message}`).join('; '), details: problems, nonRetryable: true });
  }
}

function checkPublish(state: YearState): void {
  if (state.phase !== 'commendation') throw failure('WRONG_PHASE', `commendations are published in the commendation phase; the campaign is ${state.phase}`);
  if (state.commendationsPublishedAt) throw failure('ALREADY_PUBLISHED', `the commendation list was published at ${state.commendationsPublishedAt}`);
}

/** Who is told when a phase begins, and the facts they are told: the milestone they act on next. */
const PHASE_NOTICES: Record<Exclude<YearPhase, 'issued'>, { audience: 'recipients' | 'reporting' | 'lead'; facts: (m: Milestones) => NotificationFacts['phase'] }> = {
  'publication-open': { audience: 'recipients', facts: (m) => ({ phase: 'publication-open', concentratedWeek: week(m) }) },
  'concentrated-week': { audience: 'recipients', facts: (m) => ({ phase: 'concentrated-week', concentratedWeek: week(m) }) },
  reporting: { audience: 'reporting', facts: (m) => ({ phase: 'reporting', summaryDueAt: m.summaryDueAt }) },
  commendation: { audience: 'lead', facts: (m) => ({ phase: 'commendation', summaryDueAt: m.summaryDueAt }) },
  closed: { audience: 'lead', facts: (m) => ({ phase: 'closed', closesAt: m.closesAt }) },
};

function week(m: Milestones): { startsAt: string; endsAt: string } {
  return { startsAt: m.concentratedWeek.startsAt, endsAt: m.concentratedWeek.endsAt };
}

function failure(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function diff(a: Milestones, b: Milestones) {
  return MILESTONE_FIELDS.filter(([, get]) => get(a) !== get(b)).map(([field, get]) => ({ field, from: get(a), to: get(b) }));
}
