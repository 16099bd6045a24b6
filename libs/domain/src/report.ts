/**
 * Report-back (总结报送) and commendation (表扬 / 推荐) as pure rules: what a summary may carry,
 * when it is late, how a unit's submissions read in the matrix, which fields each kind of
 * nomination needs, and when a commendation list may still change. No I/O, no clock: callers pass
 * `now`.
 */
import type { FieldProblem } from './field-problem';
import type { CampaignPhase } from './year';
import { inCommendation } from './year';

export const MAX_SUMMARY_CHARS = 20_000;
export const MAX_SUMMARY_LINKS = 50;
export const MAX_LINK_CHARS = 2_000;
export const MAX_FIGURES = 50;
export const MAX_CITATION_CHARS = 1_000;
export const MAX_RECOMMENDATIONS = 50;

/**
 * A figure's name: a short word, ASCII (participants, online_views) or Chinese (活动场次). No dots,
 * spaces or brackets, so `figures.<name>` names it unambiguously in an error.
 */
export const FIGURE_KEY = /^[\p{L}\p{N}_-]{1,64}$/u;

/** Figures of a summary: an object of non-negative finite numbers, e.g. { activities: 120, participants: 35000 }. */
export function checkFigures(figures: unknown, field = 'figures'): FieldProblem[] {
  if (figures === undefined || figures === null) return [];
  if (typeof figures !== 'object' || Array.isArray(figures)) {
    return [{ field, message: 'must be an object of named non-negative numbers, e.g. {"activities": 120}' }];
  }
  const entries = Object.entries(figures as Record<string, unknown>);
  const out: FieldProblem[] = [];
  if (entries.length > MAX_FIGURES) out.push({ field, message: `at most ${MAX_FIGURES} figures` });
  for (const [key, value] of entries) {
    const f = `${field}.${key}`;
    if (!FIGURE_KEY.test(key)) {
      out.push({ field: f, message: 'a figure name is 1–64 letters, digits, _ or - (no spaces or dots)' });
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      out.push({ field: f, message: 'must be a number' });
    } else if (value < 0) {
      out.push({ field: f, message: 'must not be negative' });
    }
  }
  return out;
}

/** Links of a summary (news reports, photos, videos): absolute http(s) URLs. */
export function checkLinks(links: unknown, field = 'links'): FieldProblem[] {
  if (links === undefined || links === null) return [];
  if (!Array.isArray(links)) return [{ field, message: 'must be an array of URLs' }];
  const out: FieldProblem[] = [];
  if (links.length > MAX_SUMMARY_LINKS) out.push({ field, message: `at most ${MAX_SUMMARY_LINKS} links` });
  links.forEach((link, i) => {
    const f = `${field}.${i}`;
    if (typeof link !== 'string' || !link.trim()) return void out.push({ field: f, message: 'must be a URL' });
    if (link.length > MAX_LINK_CHARS) return void out.push({ field: f, message: `at most ${MAX_LINK_CHARS} characters` });
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return void out.push({ field: f, message: `${link.slice(0, 100)} is not a URL` });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') out.push({ field: f, message: 'must be an http or https URL' });
  });
  return out;
}

/**
 * A summary is late once the deadline has passed, by the API's clock or by the phase the workflow
 * projected on its own (workflow) time: either is enough, so a summary is never marked on time after
 * the campaign has moved on to commendation.
 */
export function isLateSummary(summaryDueAt: string, nowMs: number, phase: CampaignPhase): boolean {
  return nowMs > Date.parse(summaryDueAt) || phase === 'commendation' || phase === 'closed';
}

/**
 * A unit's standing in the matrix: on time if any of its submissions came in time (a revision after
 * the deadline does not make it late), late if all came after it, missing without any. The API
 * computes it in SQL over the revisions (apps/api/src/reports/summaries.service.ts).
 */
export type SummaryStatus = 'on-time' | 'late' | 'missing';

export function countStatuses(rows: { status: SummaryStatus }[]): { units: number; onTime: number; late: number; missing: number } {
  return {
    units: rows.length,
    onTime: rows.filter((r) => r.status === 'on-time').length,
    late: rows.filter((r) => r.status === 'late').length,
    missing: rows.filter((r) => r.status === 'missing').length,
  };
}

export const NOMINATION_KINDS = ['unit', 'individual', 'activity'] as const;
export type NominationKindName = (typeof NOMINATION_KINDS)[number];

/**
 * The fields each kind of nomination needs and must not have: a unit names the unit; an individual
 * names the person and the unit they work for; an `activity` nomination names the campaign event
 * (its organizer is the unit, so a unit given with it must be that organizer — checked where the
 * event is known). Clients name campaign events "activities", as the kind does.
 */
export function checkNominationShape(n: { kind: NominationKindName; unit?: string | null; person?: string | null; activityId?: string | null }): FieldProblem[] {
  const out: FieldProblem[] = [];
  const has = (v: string | null | undefined) => v !== undefined && v !== null && v !== '';
  switch (n.kind) {
    case 'unit':
      if (!has(n.unit)) out.push({ field: 'unit', message: 'a unit nomination names the unit' });
      if (has(n.person)) out.push({ field: 'person', message: 'only an individual nomination names a person' });
      if (has(n.activityId)) out.push({ field: 'activityId', message: 'only an activity nomination names an activity' });
      break;
    case 'individual':
      if (!has(n.person)) out.push({ field: 'person', message: 'an individual nomination names the person' });
      if (!has(n.unit)) out.push({ field: 'unit', message: 'an individual nomination names the unit the person works for' });
      if (has(n.activityId)) out.push({ field: 'activityId', message: 'only an activity nomination names an activity' });
      break;
    case 'activity':
      if (!has(n.activityId)) out.push({ field: 'activityId', message: 'an activity nomination names the activity' });
      if (has(n.person)) out.push({ field: 'person', message: 'only an individual nomination names a person' });
      break;
  }
  return out;
}

/** Duplicates in a list of ids, named by position (the later occurrence). */
export function duplicatePositions(ids: string[], field: string): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  ids.forEach((id, i) => {
    const k = id.toLowerCase();
    if (seen.has(k)) out.push({ field: `${field}.${i}`, message: `${id} is listed twice` });
    seen.add(k);
  });
  return out;
}

/** What commendation's rules need of a campaign. */
export interface CommendationState {
  phase: CampaignPhase;
  commendationsPublishedAt: Date | string | null;
}

/**
 * The acts on a commendation list: nominating and deciding (the lead, on its own pool), publishing
 * it, and a relay recommending (推荐) into its parent's pool — `c` is then the parent.
 */
export type CommendationAct = 'nominate' | 'decide' | 'publish' | 'recommend';

export interface CommendationRefusal {
  code: 'ALREADY_PUBLISHED' | 'WRONG_PHASE';
  message: string;
}

/**
 * Why the act cannot change the campaign's list now, or null when it can. A published list never
 * changes. Nominations, decisions and publication belong to the commendation phase (after the
 * summary deadline); a parent takes recommendations until it closes.
 */
export function commendationRefusal(c: CommendationState, act: CommendationAct): CommendationRefusal | null {
  if (c.commendationsPublishedAt) {
    const at = new Date(c.commendationsPublishedAt).toISOString();
    const message = {
      nominate: `the commendation list was published at ${at}; it no longer changes`,
      decide: `the commendation list was published at ${at}; it no longer changes`,
      publish: `the commendation list was published at ${at}`,
      recommend: `the parent campaign published its commendation list at ${at}`,
    }[act];
    return { code: 'ALREADY_PUBLISHED', message };
  }
  if (act === 'recommend') {
    return c.phase === 'closed' || c.phase === 'withdrawn' ? { code: 'WRONG_PHASE', message: `the parent campaign is ${c.phase}` } : null;
  }
  if (inCommendation(c.phase)) return null;
  const message =
    act === 'publish'
      ? `the commendation list is published in the commendation phase; the campaign is ${c.phase}`
      : `nominations and decisions are made in the commendation phase, after the summary deadline; the campaign is ${c.phase}`;
  return { code: 'WRONG_PHASE', message };
}
