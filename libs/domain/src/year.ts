/**
 * The campaign's year after issuance, as pure rules: which phase a moment falls in, when the next
 * phase begins, and what a milestone change or a relay (转发) may and may not do. No I/O, no clock:
 * callers pass `now`. The workflow drives phases on durable timers from these; the API validates
 * with the same functions.
 */
import type { FieldProblem } from './field-problem';
import type { Phase as CoSignPhase } from './co-sign';

export const YEAR_PHASES = ['issued', 'publication-open', 'concentrated-week', 'reporting', 'commendation', 'closed'] as const;
export type YearPhase = (typeof YEAR_PHASES)[number];
/** Every phase a campaign shows: co-signing's, then the year's. */
export type CampaignPhase = CoSignPhase | YearPhase;

export interface Milestones {
  publicationOpensAt: string;
  concentratedWeek: { startsAt: string; endsAt: string };
  summaryDueAt: string;
  closesAt: string;
}

/** Where each phase begins, in order. `issued` begins at issuance, so it has no milestone. */
export function phaseStarts(m: Milestones): { phase: YearPhase; at: number; field: string }[] {
  return [
    { phase: 'publication-open', at: Date.parse(m.publicationOpensAt), field: 'publicationOpensAt' },
    { phase: 'concentrated-week', at: Date.parse(m.concentratedWeek.startsAt), field: 'concentratedWeek.startsAt' },
    // Reporting runs from the end of the week until the summary deadline.
    { phase: 'reporting', at: Date.parse(m.concentratedWeek.endsAt), field: 'concentratedWeek.endsAt' },
    { phase: 'commendation', at: Date.parse(m.summaryDueAt), field: 'summaryDueAt' },
    { phase: 'closed', at: Date.parse(m.closesAt), field: 'closesAt' },
  ];
}

export function phaseAt(m: Milestones, nowMs: number): YearPhase {
  let phase: YearPhase = 'issued';
  for (const s of phaseStarts(m)) if (nowMs >= s.at) phase = s.phase;
  return phase;
}

/** The next phase boundary strictly after now, or null once closed. */
export function nextBoundary(m: Milestones, nowMs: number): { phase: YearPhase; at: number } | null {
  return phaseStarts(m).find((s) => s.at > nowMs) ?? null;
}

export function phaseIndex(p: CampaignPhase): number {
  return (YEAR_PHASES as readonly string[]).indexOf(p);
}

/** Activities may be registered once the publication window has opened, until the campaign closes. */
export function acceptsCampaignEvents(p: CampaignPhase): boolean {
  const i = phaseIndex(p);
  return i >= phaseIndex('publication-open') && i < phaseIndex('closed');
}

/** Summaries are accepted from issuance until the close; after the deadline they are marked late. */
export function acceptsSummaries(p: CampaignPhase): boolean {
  const i = phaseIndex(p);
  return i >= phaseIndex('issued') && i < phaseIndex('closed');
}

/** Nominations and commendation decisions happen after the summary deadline. */
export function inCommendation(p: CampaignPhase): boolean {
  return p === 'commendation';
}

export const MILESTONE_FIELDS: [string, (m: Milestones) => string][] = [
  ['milestones.publicationOpensAt', (m) => m.publicationOpensAt],
  ['milestones.concentratedWeek.startsAt', (m) => m.concentratedWeek.startsAt],
  ['milestones.concentratedWeek.endsAt', (m) => m.concentratedWeek.endsAt],
  ['milestones.summaryDueAt', (m) => m.summaryDueAt],
  ['milestones.closesAt', (m) => m.closesAt],
];

/** Whether two timelines name the same instants (a date written with another offset is no move). */
export function sameMilestones(a: Milestones, b: Milestones): boolean {
  return MILESTONE_FIELDS.every(([, get]) => Date.parse(get(a)) === Date.parse(get(b)));
}

function order(m: Milestones): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (let i = 1; i < MILESTONE_FIELDS.length; i++) {
    const [pf, pget] = MILESTONE_FIELDS[i - 1];
    const [f, get] = MILESTONE_FIELDS[i];
    if (Date.parse(get(m)) <= Date.parse(pget(m))) out.push({ field: f, message: `must be after ${pf} (${pget(m)})` });
  }
  return out;
}

/**
 * A child's timeline inside its parent's: it shares the window and week, reports strictly before
 * the parent's summary deadline (so the parent can roll up), and closes no later.
 */
export function checkWithinParent(child: Milestones, parent: Milestones, prefix = 'milestones'): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (Date.parse(child.publicationOpensAt) < Date.parse(parent.publicationOpensAt)) {
    out.push({ field: `${prefix}.publicationOpensAt`, message: `must not be before the parent's window opens (${parent.publicationOpensAt})` });
  }
  if (Date.parse(child.summaryDueAt) >= Date.parse(parent.summaryDueAt)) {
    out.push({
      field: `${prefix}.summaryDueAt`,
      message: `${child.summaryDueAt} is not before the parent's summary deadline ${parent.summaryDueAt}; a relay must report first so the parent can roll up`,
    });
  }
  if (Date.parse(child.closesAt) > Date.parse(parent.closesAt)) {
    out.push({ field: `${prefix}.closesAt`, message: `${child.closesAt} is after the parent's close ${parent.closesAt}` });
  }
  return out;
}

/**
 * Moving milestones of a running campaign: the result must be in order, nothing already passed may
 * move and nothing may move into the past, the parent's bounds still hold, and every child still
 * fits inside the new timeline.
 */
export function checkMilestoneMove(
  current: Milestones,
  next: Milestones,
  nowMs: number,
  parent: Milestones | null,
  children: { id: string; title: string; milestones: Milestones }[],
): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const [field, get] of MILESTONE_FIELDS) {
    const was = get(current);
    const now = get(next);
    if (was === now) continue;
    if (Number.isNaN(Date.parse(now))) {
      out.push({ field, message: `${now} is not a valid date-time` });
      continue;
    }
    if (Date.parse(was) <= nowMs) out.push({ field, message: `${was} has already passed; it cannot be moved` });
    else if (Date.parse(now) <= nowMs) out.push({ field, message: `${now} is in the past` });
  }
  if (out.length) return out;
  out.push(...order(next));
  if (parent) out.push(...checkWithinParent(next, parent));
  for (const c of children) {
    for (const p of checkWithinParent(c.milestones, next)) {
      const field = p.field.replace(/^milestones\./, '');
      out.push({
        field: `milestones.${field}`,
        message: `the relay ${c.title} (${c.id}) would no longer fit: its ${field} ${p.message}`,
      });
    }
  }
  return out;
}

/** Merges a partial change into the current milestones. */
export function mergeMilestones(
  current: Milestones,
  change: Partial<Omit<Milestones, 'concentratedWeek'>> & { concentratedWeek?: Partial<Milestones['concentratedWeek']> },
): Milestones {
  return {
    publicationOpensAt: change.publicationOpensAt ?? current.publicationOpensAt,
    concentratedWeek: {
      startsAt: change.concentratedWeek?.startsAt ?? current.concentratedWeek.startsAt,
      endsAt: change.concentratedWeek?.endsAt ?? current.concentratedWeek.endsAt,
    },
    summaryDueAt: change.summaryDueAt ?? current.summaryDueAt,
    closesAt: change.closesAt ?? current.closesAt,
  };
}

/** Reminder settings of the year; defaults are what the issue and the seeds ask for. */
export interface YearUrging {
  /** 主送 recipients who have not acknowledged are urged every this many working days. */
  ackEveryWorkingDays: number;
  /** Reporting units are urged this many working days before the summary deadline. */
  summaryBeforeWorkingDays: number[];
  /** Organizers of ended activities without results are reminded this many times at most… */
  resultsMaxReminders: number;
  /** …every this many working days. */
  resultsEveryWorkingDays: number;
  /** Local hour of the daily reminder sweep (Asia/Shanghai). */
  hour: number;
}

export const DEFAULT_YEAR_URGING: YearUrging = {
  ackEveryWorkingDays: 2,
  summaryBeforeWorkingDays: [7, 3, 1],
  resultsMaxReminders: 3,
  resultsEveryWorkingDays: 2,
  hour: 9,
};
