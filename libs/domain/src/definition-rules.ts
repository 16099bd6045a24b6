/**
 * The rules of a campaign definition that class-validator's per-field decorators cannot express:
 * codes that must exist in the agency directory, the lead among its own co-signers, deadlines in
 * the past, milestones out of order. Pure: the caller passes the directory and `now`.
 */

import type { FieldProblem } from './field-problem';
import { isoProblem } from './iso';

export interface DefinitionShape {
  leadAgency: string;
  coSigners: string[];
  coSignDueAt: string;
  headerIssuers?: string[];
  milestones: {
    publicationOpensAt: string;
    concentratedWeek: { startsAt: string; endsAt: string };
    summaryDueAt: string;
    closesAt: string;
  };
}

export interface RuleResult {
  errors: FieldProblem[];
  /** Accepted, but somebody should look: e.g. the header and the signature block disagree. */
  warnings: FieldProblem[];
}

export interface RuleOptions {
  /** Fields that may lie in the past: a relay inherits a window that has already opened. */
  allowPast?: string[];
}

export function checkDefinitionRules(def: DefinitionShape, knownAgencies: ReadonlySet<string>, nowMs: number, opts: RuleOptions = {}): RuleResult {
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];

  if (!knownAgencies.has(def.leadAgency)) {
    errors.push({ field: 'leadAgency', message: `unknown agency code ${def.leadAgency}` });
  }
  const seen = new Map<string, number>();
  def.coSigners.forEach((code, i) => {
    const field = `coSigners.${i}`;
    if (!knownAgencies.has(code)) errors.push({ field, message: `unknown agency code ${code}` });
    if (code === def.leadAgency) errors.push({ field, message: `${code} is the lead agency; it cannot co-sign its own notice` });
    if (seen.has(code)) errors.push({ field, message: `${code} is listed twice (also at coSigners.${seen.get(code)})` });
    else seen.set(code, i);
  });

  const m = def.milestones;
  const dates: [string, string][] = [
    ['coSignDueAt', def.coSignDueAt],
    ['milestones.publicationOpensAt', m.publicationOpensAt],
    ['milestones.concentratedWeek.startsAt', m.concentratedWeek.startsAt],
    ['milestones.concentratedWeek.endsAt', m.concentratedWeek.endsAt],
    ['milestones.summaryDueAt', m.summaryDueAt],
    ['milestones.closesAt', m.closesAt],
  ];
  // Each date is real and in the calendar's years (the DTO said so; a rebase or a relay's shift may
  // have moved it out since), and not in the past.
  const bad = new Set<string>();
  for (const [field, value] of dates) {
    const problem = isoProblem(value);
    if (problem) {
      bad.add(field);
      errors.push({ field, message: problem });
    } else if (Date.parse(value) <= nowMs && !opts.allowPast?.includes(field)) {
      errors.push({ field, message: `${value} is in the past; pass rebaseTo to rehearse an earlier campaign` });
    }
  }
  if (bad.size) return { errors, warnings };
  // The year runs in this order; the co-sign deadline only has to fall before the close.
  const order = dates.slice(1);
  for (let i = 1; i < order.length; i++) {
    const [prevField, prev] = order[i - 1];
    const [field, value] = order[i];
    if (Date.parse(value) <= Date.parse(prev)) errors.push({ field, message: `must be after ${prevField} (${prev})` });
  }
  if (Date.parse(def.coSignDueAt) >= Date.parse(m.closesAt)) {
    errors.push({ field: 'coSignDueAt', message: `must be before milestones.closesAt (${m.closesAt})` });
  }

  if (def.headerIssuers) {
    def.headerIssuers.forEach((code, i) => {
      if (!knownAgencies.has(code)) errors.push({ field: `headerIssuers.${i}`, message: `unknown agency code ${code}` });
    });
    const signed = new Set([def.leadAgency, ...def.coSigners]);
    const header = new Set(def.headerIssuers);
    const missingFromSignatures = [...header].filter((c) => !signed.has(c));
    const missingFromHeader = [...signed].filter((c) => !header.has(c));
    if (missingFromSignatures.length) {
      warnings.push({
        field: 'headerIssuers',
        message: `the header names ${missingFromSignatures.join(', ')} but the signature block (leadAgency + coSigners) does not`,
      });
    }
    if (missingFromHeader.length) {
      warnings.push({
        field: 'headerIssuers',
        message: `the signature block names ${missingFromHeader.join(', ')} but the header does not`,
      });
    }
  }
  return { errors, warnings };
}
