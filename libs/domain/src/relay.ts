/**
 * A relay (转发): a 主送 recipient launches its own joint notice under the parent's. What it
 * inherits and where it must fit, as one pure function the API calls before it launches: the
 * theme, the year, the publication window and the concentrated week come from the parent; the
 * relay's own deadlines fall inside the parent's (it reports first, so the parent can roll up); a
 * rehearsed parent's relay can be rehearsed with it (rebaseWithParent) or on its own (rebaseTo).
 */
import type { FieldProblem } from './field-problem';
import { rebaseDefinition, shiftDefinitionBy } from './rebase';
import type { Milestones } from './year';
import { checkWithinParent } from './year';

/** A relay's timeline as written: the window and the week may be left out (the parent's). */
export interface RelayMilestones {
  publicationOpensAt?: string;
  concentratedWeek?: { startsAt: string; endsAt: string };
  summaryDueAt: string;
  closesAt: string;
}

/** What of a relay's definition the rules read; the rest of it is carried along unchanged. */
export interface RelayDraft {
  theme?: string;
  year?: number;
  coSignDueAt: string;
  milestones: RelayMilestones;
}

/** What of the parent campaign a relay inherits from. */
export interface RelayParent {
  year: number;
  theme?: string;
  milestones: Milestones;
  /** Whole days the parent's dates were shifted by its rebaseTo (0 if it was not rehearsed). */
  calendarShiftDays: number;
}

export interface RelayRebase {
  /** Shift the relay's dates by the parent's shift: a rehearsal of the whole cascade. */
  rebaseWithParent?: boolean;
  /** Shift the relay's dates so that its earliest lands on this day (YYYY-MM-DD). */
  rebaseTo?: string;
}

/** The relay's definition once it carries the parent's theme, year and complete timeline. */
export type RelayDefinition<T extends RelayDraft> = Omit<T, 'year' | 'theme' | 'milestones'> & { year: number; theme?: string; milestones: Milestones };

export type RelayOutcome<T extends RelayDraft> =
  | {
      ok: true;
      /** What the relay launches with (shifted when rehearsed). */
      definition: RelayDefinition<T>;
      /** The same with its dates as written: holidays are judged on the calendar they were written for. */
      original: RelayDefinition<T>;
      /** Days the dates were shifted by (the campaign's calendar shift). */
      shiftDays: number;
    }
  | { ok: false; errors: FieldProblem[] };

/**
 * The relay's definition under `parent`, or every field that keeps it from fitting there: a theme,
 * week or (unrehearsed) year other than the parent's, a window opening before the parent's, a
 * summary deadline not before the parent's, a close after it. `draft` is not changed.
 */
export function inheritFromParent<T extends RelayDraft>(draft: T, parent: RelayParent, rebase: RelayRebase = {}): RelayOutcome<T> {
  if (rebase.rebaseWithParent && rebase.rebaseTo) {
    return { ok: false, errors: [{ field: 'rebaseTo', message: 'give rebaseTo or rebaseWithParent, not both' }] };
  }
  const rehearsed = Boolean(rebase.rebaseWithParent || rebase.rebaseTo);
  let shiftDays = 0;
  let def = draft;
  if (rebase.rebaseWithParent) {
    shiftDays = parent.calendarShiftDays;
    def = shiftDefinitionBy(draft, shiftDays);
  } else if (rebase.rebaseTo) {
    ({ definition: def, shiftDays } = rebaseDefinition(draft, rebase.rebaseTo));
  }

  const pm = parent.milestones;
  const errors: FieldProblem[] = [];
  if (def.theme && parent.theme && def.theme !== parent.theme) {
    errors.push({ field: 'theme', message: `a relay carries the parent's theme: ${parent.theme}` });
  }
  const week = def.milestones.concentratedWeek;
  if (week && (week.startsAt !== pm.concentratedWeek.startsAt || week.endsAt !== pm.concentratedWeek.endsAt)) {
    const field = week.startsAt !== pm.concentratedWeek.startsAt ? 'startsAt' : 'endsAt';
    errors.push({
      field: `milestones.concentratedWeek.${field}`,
      message: `a relay runs in the parent's concentrated week (${pm.concentratedWeek.startsAt} – ${pm.concentratedWeek.endsAt})`,
    });
  }
  // A rehearsal moves the year with the dates; the relay is the parent's year all the same.
  if (def.year !== undefined && !rehearsed && def.year !== parent.year) {
    errors.push({ field: 'year', message: `a relay belongs to the parent's year ${parent.year}` });
  }
  const definition: RelayDefinition<T> = {
    ...def,
    year: parent.year,
    theme: def.theme ?? parent.theme,
    milestones: {
      publicationOpensAt: def.milestones.publicationOpensAt ?? pm.publicationOpensAt,
      concentratedWeek: pm.concentratedWeek,
      summaryDueAt: def.milestones.summaryDueAt,
      closesAt: def.milestones.closesAt,
    },
  };
  errors.push(...checkWithinParent(definition.milestones, pm));
  if (errors.length) return { ok: false, errors };
  const original = rehearsed ? shiftDefinitionBy(definition, -shiftDays) : definition;
  return { ok: true, definition, original, shiftDays };
}
