/**
 * Internal sign-off (内部审签) inside a co-signing agency, as pure rules: the steps an agency's
 * decision goes through (e.g. 经办 → 处室负责人 → 分管领导), who may take each, and where an item
 * stands after the actions taken on it. The state is never stored: it is replayed from the actions
 * of one run (one agency, one version of the notice), so the record and the state cannot disagree.
 * No I/O, no clocks.
 */
import type { FieldProblem } from './field-problem';
import { LOGIN } from './account';
import { nameProblem } from './text';

/** 或签: any one of the step's people takes it; 会签: all of them must approve. */
export const STEP_MODES = ['any', 'all'] as const;
export type StepMode = (typeof STEP_MODES)[number];

export const STEP_NAME_MAX = 32;
export const MAX_STEPS = 10;
export const MAX_STEP_PEOPLE = 50;
export const STEP_COMMENT_MAX = 4000;

export interface InternalStep {
  name: string;
  mode: StepMode;
  /** Logins of accounts of the agency (lower case). */
  people: string[];
}

export const STEP_ACTIONS = ['approve', 'return', 'transfer', 'reject'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** One action taken on a run, in the order taken. */
export interface StepActionRecord {
  /** The index of the step it was taken at. */
  step: number;
  actor: string;
  action: StepAction;
  comment: string | null;
  /** transfer: to whom. */
  to: string | null;
  at: string;
}

export interface InternalProgress {
  /** The step the item is at (steps.length once decided). */
  step: number;
  /** When the item reached that step (null: no action yet, it is where it started). */
  since: string | null;
  /** Who may act at the current step now (transfers applied; 会签: those who have not approved yet). */
  holders: string[];
  /** 会签: who has approved the current step so far. */
  approvedBy: string[];
  /** The agency's decision, once the last step gave it. */
  decision: { decision: 'approve' | 'reject'; by: string; comment: string | null; at: string } | null;
}

/**
 * What is wrong with a configuration, each problem naming its field (`steps.1.people.0`).
 * `accounts`: the logins of the agency's active accounts.
 */
export function stepsProblems(steps: InternalStep[], accounts: ReadonlySet<string>, agency: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (steps.length > MAX_STEPS) problems.push({ field: 'steps', message: `at most ${MAX_STEPS} steps` });
  const names = new Map<string, number>();
  steps.forEach((s, i) => {
    const name = s.name.trim();
    const np = nameProblem(name);
    if (!name) problems.push({ field: `steps.${i}.name`, message: 'a step needs a name' });
    else if (np) problems.push({ field: `steps.${i}.name`, message: np });
    else if (name.length > STEP_NAME_MAX) problems.push({ field: `steps.${i}.name`, message: `at most ${STEP_NAME_MAX} characters` });
    else if (names.has(name)) problems.push({ field: `steps.${i}.name`, message: `${name} is already the name of step ${names.get(name)! + 1}` });
    else names.set(name, i);
    if (!STEP_MODES.includes(s.mode)) problems.push({ field: `steps.${i}.mode`, message: `must be one of ${STEP_MODES.join(', ')} (或签, 会签)` });
    if (s.people.length === 0) problems.push({ field: `steps.${i}.people`, message: 'a step needs at least one person' });
    if (s.people.length > MAX_STEP_PEOPLE) problems.push({ field: `steps.${i}.people`, message: `at most ${MAX_STEP_PEOPLE} people` });
    const seen = new Set<string>();
    s.people.forEach((p, j) => {
      const login = p.toLowerCase();
      const field = `steps.${i}.people.${j}`;
      if (!LOGIN.test(login)) problems.push({ field, message: `${p} is not a login` });
      else if (seen.has(login)) problems.push({ field, message: `${p} is named twice in this step` });
      else if (!accounts.has(login)) problems.push({ field, message: `${p} is not an active account of ${agency}` });
      seen.add(login);
    });
  });
  return problems;
}

/** The configuration as stored: names trimmed, logins in lower case. */
export function canonicalSteps(steps: InternalStep[]): InternalStep[] {
  return steps.map((s) => ({ name: s.name.trim(), mode: s.mode, people: s.people.map((p) => p.toLowerCase()) }));
}

/** The people of a step after transfers made at it: each transferred item is its new holder's. */
function holdersOf(step: InternalStep, transfers: Map<string, string>): string[] {
  const out: string[] = [];
  for (const p of step.people) {
    let who = p;
    for (let hops = 0; transfers.has(who) && hops < 100; hops++) who = transfers.get(who)!;
    if (!out.includes(who)) out.push(who);
  }
  return out;
}

/** Where a run stands after its actions, replayed in order. Actions are assumed valid (checkStepAction). */
export function progressOf(steps: InternalStep[], actions: StepActionRecord[]): InternalProgress {
  let step = 0;
  let since: string | null = null;
  let approved: string[] = [];
  let decision: InternalProgress['decision'] = null;
  const transfers = steps.map(() => new Map<string, string>());
  for (const a of actions) {
    if (decision || a.step !== step) continue;
    if (a.action === 'transfer' && a.to) {
      // The colleague now holds it: whatever was passed to them before ends with them (no cycles).
      transfers[step].delete(a.to);
      transfers[step].set(a.actor, a.to);
    } else if (a.action === 'return') {
      step = Math.max(0, step - 1);
      since = a.at;
      approved = [];
    } else if (a.action === 'reject') {
      decision = { decision: 'reject', by: a.actor, comment: a.comment, at: a.at };
      step = steps.length;
      since = a.at;
    } else if (a.action === 'approve') {
      if (!approved.includes(a.actor)) approved.push(a.actor);
      const holders = holdersOf(steps[step], transfers[step]);
      const done = steps[step].mode === 'any' || holders.every((h) => approved.includes(h));
      if (done) {
        approved = [];
        since = a.at;
        step += 1;
        if (step === steps.length) decision = { decision: 'approve', by: a.actor, comment: a.comment, at: a.at };
      }
    }
  }
  const holders = step < steps.length ? holdersOf(steps[step], transfers[step]).filter((h) => !approved.includes(h)) : [];
  return { step, since, holders, approvedBy: step < steps.length ? approved : [], decision };
}

export type StepRefusal =
  | { kind: 'forbidden'; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'invalid'; field: string; message: string };

/** What the person may do at the item now, in the order a screen offers them. */
export function allowedActions(steps: InternalStep[], progress: InternalProgress, login: string): StepAction[] {
  if (progress.decision || !progress.holders.includes(login)) return [];
  const out: StepAction[] = ['approve'];
  if (progress.step > 0) out.push('return');
  out.push('transfer');
  if (progress.step === steps.length - 1) out.push('reject');
  return out;
}

/**
 * Why `login` may not take `action` now, or null. `colleagues`: the logins of the agency's active
 * accounts (a transfer goes to one of them).
 */
export function checkStepAction(
  steps: InternalStep[],
  progress: InternalProgress,
  cmd: { login: string; action: StepAction; comment?: string | null; to?: string | null },
  colleagues: ReadonlySet<string>,
): StepRefusal | null {
  if (progress.decision) return { kind: 'conflict', message: `the agency's decision was given already (${progress.decision.decision}); its internal steps are over for this version` };
  const current = steps[progress.step];
  if (!progress.holders.includes(cmd.login)) {
    const approved = progress.approvedBy.includes(cmd.login);
    return {
      kind: approved ? 'conflict' : 'forbidden',
      message: approved
        ? `${cmd.login} has approved step ${current.name} already; it waits for ${progress.holders.join(', ')}`
        : `the item is at step ${current.name}, which ${cmd.login} may not take (its people: ${progress.holders.join(', ') || 'nobody'})`,
    };
  }
  const comment = cmd.comment?.trim() ?? '';
  if (cmd.action !== 'transfer' && cmd.to != null) return { kind: 'invalid', field: 'to', message: 'only a transfer names a colleague' };
  switch (cmd.action) {
    case 'return':
      if (progress.step === 0) return { kind: 'conflict', message: `${current.name} is the first step: there is no earlier step to return it to` };
      if (!comment) return { kind: 'invalid', field: 'comment', message: 'returning it needs a reason' };
      return null;
    case 'reject':
      if (progress.step !== steps.length - 1) {
        return { kind: 'conflict', message: `only the last step (${steps[steps.length - 1].name}) gives the agency's 不同意; at ${current.name}, return it or approve it` };
      }
      if (!comment) return { kind: 'invalid', field: 'comment', message: 'a rejection must give a reason' };
      return null;
    case 'transfer': {
      const to = cmd.to?.toLowerCase();
      if (!to) return { kind: 'invalid', field: 'to', message: 'name the colleague (a login of the same agency) to transfer it to' };
      if (to === cmd.login) return { kind: 'invalid', field: 'to', message: 'transfer it to someone else' };
      if (!colleagues.has(to)) return { kind: 'forbidden', message: `to: ${to} is not an active account of this agency` };
      if (progress.holders.includes(to) || progress.approvedBy.includes(to)) return { kind: 'invalid', field: 'to', message: `${to} holds this step already` };
      return null;
    }
    case 'approve':
      return null;
  }
}
