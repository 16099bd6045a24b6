/**
 * FROZEN: the year stage as it ran before patch `record-then-apply`; see v1/campaign.workflow.ts.
 */
import { allHandlersFinished, ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '@activities';
import { SET_BASED_ACTIVITY } from '@temporal/timeouts';
import type { YearPhase } from '@domain/year';
import { checkMilestoneMove, MILESTONE_FIELDS, nextBoundary, phaseAt, phaseIndex, YEAR_PHASES } from '@domain/year';
import type { YearSetup, YearState } from '@temporal/messages';
import { moveMilestonesUpdate, publishCommendationsUpdate, yearQuery } from '@temporal/messages';

const { distribute, planMornings, notifyAudience, sweepReminders } = proxyActivities<Activities>(SET_BASED_ACTIVITY);

/** A year has about 250 working days: three or four runs of bounded history. */
export const SWEEPS_PER_RUN = 80;

export interface YearContext {
  campaignId: string;
  docNumber: string;
  issuedAt: string;
  setup: YearSetup;
  carried?: YearState;
  /** Appends an audit entry strictly after every earlier one (the chain is shared with co-signing). */
  record(type: string, actor: string, data: Record<string, unknown>, projection?: { phase?: YearPhase; milestones?: YearSetup['milestones']; commendationsPublishedAt?: string }): Promise<unknown>;
  /** Waits for in-flight handlers and audit writes, then continues as new with this state. */
  continueAsNew(year: YearState): Promise<never>;
}

const nowIso = (): string => new Date().toISOString();

const PHASE_NOTICES: Record<Exclude<YearPhase, 'issued'>, { audience: 'recipients' | 'reporting' | 'lead'; reason: (s: YearState) => string }> = {
  'publication-open': {
    audience: 'recipients',
    reason: (s) => `the publication window is open: register your activities (concentrated week ${s.milestones.concentratedWeek.startsAt} – ${s.milestones.concentratedWeek.endsAt})`,
  },
  'concentrated-week': { audience: 'recipients', reason: (s) => `the concentrated week begins; it ends ${s.milestones.concentratedWeek.endsAt}` },
  reporting: { audience: 'reporting', reason: (s) => `the concentrated week is over: submit your summary report (总结报送) by ${s.milestones.summaryDueAt}` },
  commendation: { audience: 'lead', reason: () => 'the summary deadline has passed: nominate, decide and publish the commendations (表扬)' },
  closed: { audience: 'lead', reason: (s) => `the campaign closed at ${s.milestones.closesAt}; everything stays readable` },
};

export async function runYear(ctx: YearContext): Promise<YearState> {
  const { campaignId } = ctx;
  const y: YearState = ctx.carried ?? {
    phase: 'issued',
    milestones: ctx.setup.milestones,
    distributed: false,
    lastSweepAt: null,
    commendationsPublishedAt: null,
    milestoneMoves: 0,
  };
  let changes = 0;

  setHandler(yearQuery, () => y);

  setHandler(
    moveMilestonesUpdate,
    async ({ milestones, by }) => {
      const before = y.milestones;
      y.milestones = milestones;
      changes++;
      const moved = diff(before, milestones);
      const done = ctx.record('milestones.moved', by, { from: before, to: milestones, moved }, { milestones });
      const reason = `milestones moved: ${moved.map((f) => `${f.field} ${f.from} → ${f.to}`).join('; ')}`;
      y.milestoneMoves = (y.milestoneMoves ?? 0) + 1;
      const key = `milestones-moved:${y.milestoneMoves}`;
      await Promise.all([
        notifyAudience({ campaignId, audience: 'recipients', kind: 'milestones-moved', key, reason, at: nowIso() }),
        notifyAudience({ campaignId, audience: 'children', kind: 'milestones-moved', key, reason, at: nowIso() }),
      ]);
      await done;
      return { milestones, phase: y.phase };
    },
    {
      validator: ({ milestones, parent, children }) => {
        if (y.phase === 'closed') throw failure('WRONG_PHASE', 'the campaign is closed; its milestones can no longer move');
        const problems = checkMilestoneMove(y.milestones, milestones, Date.now(), parent, children);
        if (problems.length) {
          throw ApplicationFailure.create({ type: 'INVALID_MILESTONES', message: problems.map((p) => `${p.field}: ${p.message}`).join('; '), details: problems, nonRetryable: true });
        }
      },
    },
  );

  setHandler(
    publishCommendationsUpdate,
    async ({ commended, by }) => {
      const at = nowIso();
      y.commendationsPublishedAt = at;
      changes++;
      const done = ctx.record('commendations.published', by, { commended }, { commendationsPublishedAt: at });
      await notifyAudience({ campaignId, audience: 'recipients', kind: 'commendations-published', key: 'commendations-published', reason: `the commendation list (表扬名单) is published: ${commended} commended`, at });
      await done;
      return { publishedAt: at };
    },
    {
      validator: (_input) => {
        if (y.phase !== 'commendation') throw failure('WRONG_PHASE', `commendations are published in the commendation phase; the campaign is ${y.phase}`);
        if (y.commendationsPublishedAt) throw failure('ALREADY_PUBLISHED', `the commendation list was published at ${y.commendationsPublishedAt}`);
      },
    },
  );

  if (!y.distributed) {
    await distribute({ campaignId, at: ctx.issuedAt, docNumber: ctx.docNumber });
    y.distributed = true;
    void ctx.record('distributed', 'system', {});
  }

  let plan: number[] = [];
  let plannedFor = -1;
  let sweeps = 0;
  for (;;) {
    // Enter every phase whose start has passed, in order (a long outage or a moved milestone may pass several).
    const target = phaseAt(y.milestones, Date.now());
    while (phaseIndex(y.phase) < phaseIndex(target)) {
      const next = nextPhase(y.phase);
      y.phase = next;
      const at = nowIso();
      const done = ctx.record('phase.entered', 'system', { phase: next }, { phase: next });
      const notice = PHASE_NOTICES[next as Exclude<YearPhase, 'issued'>];
      await notifyAudience({ campaignId, audience: notice.audience, kind: 'phase', key: `phase:${next}`, reason: notice.reason(y), at });
      await done;
    }
    if (y.phase === 'closed') break;

    const now = Date.now();
    if (plannedFor !== changes) {
      plan = await planMornings({ fromMs: now - 1, toMs: Date.parse(y.milestones.closesAt), hour: ctx.setup.urging.hour, shiftDays: ctx.setup.shiftDays });
      plannedFor = changes;
    }
    // Sweep for the latest working morning that has come (after an outage, once, not once per missed day).
    const due = plan.filter((t) => t > (y.lastSweepAt ?? 0) && t <= now);
    if (due.length) {
      const at = due[due.length - 1];
      await sweepReminders({ campaignId, at: new Date(at).toISOString(), phase: y.phase, milestones: y.milestones, urging: ctx.setup.urging, shiftDays: ctx.setup.shiftDays });
      y.lastSweepAt = at;
      sweeps++;
    }
    if (sweeps >= SWEEPS_PER_RUN || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await ctx.continueAsNew(y);
    }

    const boundary = nextBoundary(y.milestones, now);
    const morning = plan.find((t) => t > (y.lastSweepAt ?? 0) && t > now);
    const wakeAt = Math.min(boundary?.at ?? Infinity, morning ?? Infinity);
    const seen = changes;
    if (wakeAt === Infinity) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, Math.max(1, wakeAt - now));
  }
  await condition(allHandlersFinished);
  return y;
}

function nextPhase(p: YearPhase): YearPhase {
  return YEAR_PHASES[YEAR_PHASES.indexOf(p) + 1];
}

function failure(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function diff(a: YearSetup['milestones'], b: YearSetup['milestones']) {
  return MILESTONE_FIELDS.filter(([, get]) => get(a) !== get(b)).map(([field, get]) => ({ field, from: get(a), to: get(b) }));
}
