import type { InternalStep, StepActionRecord } from './internal-steps';
import { allowedActions, canonicalSteps, checkStepAction, progressOf, stepsProblems } from './internal-steps';

const STEPS: InternalStep[] = [
  { name: '经办', mode: 'any', people: ['clerk'] },
  { name: '处室负责人', mode: 'any', people: ['chief', 'deputy'] },
  { name: '分管领导', mode: 'all', people: ['vp1', 'vp2'] },
];
const colleagues = new Set(['clerk', 'chief', 'deputy', 'vp1', 'vp2', 'other']);
let clock = 0;
const act = (step: number, actor: string, action: StepActionRecord['action'], extra: Partial<StepActionRecord> = {}): StepActionRecord => ({
  step,
  actor,
  action,
  comment: null,
  to: null,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(),
  ...extra,
});

describe('the configuration', () => {
  const accounts = new Set(['clerk', 'chief', 'deputy']);

  it('names each problem by its field', () => {
    const problems = stepsProblems(
      [
        { name: '经办', mode: 'any', people: ['clerk'] },
        { name: ' 经办 ', mode: 'either' as never, people: ['chief', 'CHIEF', 'stranger', 'Bad Login!'] },
        { name: '  ', mode: 'all', people: [] },
      ],
      accounts,
      'MOE',
    );
    expect(problems).toEqual([
      { field: 'steps.1.name', message: expect.stringContaining('already the name of step 1') },
      { field: 'steps.1.mode', message: expect.stringContaining('any, all') },
      { field: 'steps.1.people.1', message: expect.stringContaining('named twice') },
      { field: 'steps.1.people.2', message: 'stranger is not an active account of MOE' },
      { field: 'steps.1.people.3', message: expect.stringContaining('not a login') },
      { field: 'steps.2.name', message: 'a step needs a name' },
      { field: 'steps.2.people', message: 'a step needs at least one person' },
    ]);
  });

  it('an empty list is no steps; logins are kept in lower case, names trimmed', () => {
    expect(stepsProblems([], accounts, 'MOE')).toEqual([]);
    expect(canonicalSteps([{ name: ' 经办 ', mode: 'any', people: ['Clerk'] }])).toEqual([{ name: '经办', mode: 'any', people: ['clerk'] }]);
  });
});

describe('an item through the steps', () => {
  it('starts at the first step, held by its people', () => {
    const p = progressOf(STEPS, []);
    expect(p).toEqual({ step: 0, since: null, holders: ['clerk'], approvedBy: [], decision: null });
    expect(allowedActions(STEPS, p, 'clerk')).toEqual(['approve', 'transfer']);
    expect(allowedActions(STEPS, p, 'chief')).toEqual([]);
  });

  it('或签: any one of the step’s people moves it on', () => {
    const a1 = act(0, 'clerk', 'approve', { comment: '拟同意' });
    const a2 = act(1, 'deputy', 'approve');
    const p = progressOf(STEPS, [a1, a2]);
    expect(p).toMatchObject({ step: 2, since: a2.at, holders: ['vp1', 'vp2'] });
  });

  it('会签: all of the step’s people; the last approve is the agency’s decision', () => {
    const base = [act(0, 'clerk', 'approve'), act(1, 'chief', 'approve')];
    const half = progressOf(STEPS, [...base, act(2, 'vp1', 'approve')]);
    expect(half).toMatchObject({ step: 2, holders: ['vp2'], approvedBy: ['vp1'], decision: null });
    expect(checkStepAction(STEPS, half, { login: 'vp1', action: 'approve' }, colleagues)).toMatchObject({ kind: 'conflict' });
    const last = act(2, 'vp2', 'approve', { comment: '同意' });
    const done = progressOf(STEPS, [...base, act(2, 'vp1', 'approve'), last]);
    expect(done.decision).toEqual({ decision: 'approve', by: 'vp2', comment: '同意', at: last.at });
    expect(done.holders).toEqual([]);
    expect(checkStepAction(STEPS, done, { login: 'vp2', action: 'approve' }, colleagues)).toMatchObject({ kind: 'conflict' });
  });

  it('a person not of the current step is refused (forbidden)', () => {
    const p = progressOf(STEPS, [act(0, 'clerk', 'approve')]);
    expect(checkStepAction(STEPS, p, { login: 'vp1', action: 'approve' }, colleagues)).toMatchObject({ kind: 'forbidden', message: expect.stringContaining('处室负责人') });
    expect(checkStepAction(STEPS, p, { login: 'chief', action: 'approve' }, colleagues)).toBeNull();
  });

  it('return: back to the previous step with a reason; 会签 approvals start again', () => {
    const p0 = progressOf(STEPS, [act(0, 'clerk', 'approve')]);
    expect(checkStepAction(STEPS, p0, { login: 'chief', action: 'return' }, colleagues)).toEqual({ kind: 'invalid', field: 'comment', message: 'returning it needs a reason' });
    const back = act(1, 'chief', 'return', { comment: '请补充依据' });
    const p1 = progressOf(STEPS, [act(0, 'clerk', 'approve'), back]);
    expect(p1).toMatchObject({ step: 0, since: back.at, holders: ['clerk'] });
    expect(checkStepAction(STEPS, p1, { login: 'clerk', action: 'return', comment: 'x' }, colleagues)).toMatchObject({ kind: 'conflict' });

    const atLast = [act(0, 'clerk', 'approve'), act(1, 'chief', 'approve'), act(2, 'vp1', 'approve'), act(2, 'vp2', 'return', { comment: '再议' })];
    const again = progressOf(STEPS, [...atLast, act(1, 'deputy', 'approve')]);
    expect(again).toMatchObject({ step: 2, holders: ['vp1', 'vp2'], approvedBy: [] });
  });

  it('reject: only at the last step, with a reason, is the agency’s 不同意', () => {
    const p1 = progressOf(STEPS, [act(0, 'clerk', 'approve')]);
    expect(checkStepAction(STEPS, p1, { login: 'chief', action: 'reject', comment: 'x' }, colleagues)).toMatchObject({ kind: 'conflict' });
    const atLast = [act(0, 'clerk', 'approve'), act(1, 'chief', 'approve')];
    const p2 = progressOf(STEPS, atLast);
    expect(allowedActions(STEPS, p2, 'vp1')).toEqual(['approve', 'return', 'transfer', 'reject']);
    expect(checkStepAction(STEPS, p2, { login: 'vp1', action: 'reject' }, colleagues)).toMatchObject({ kind: 'invalid', field: 'comment' });
    const done = progressOf(STEPS, [...atLast, act(2, 'vp1', 'reject', { comment: '不同意' })]);
    expect(done.decision).toMatchObject({ decision: 'reject', by: 'vp1', comment: '不同意' });
  });

  it('转办: the colleague holds the caller’s item; back again; never to a stranger or a holder', () => {
    const p0 = progressOf(STEPS, []);
    expect(checkStepAction(STEPS, p0, { login: 'clerk', action: 'transfer' }, colleagues)).toMatchObject({ kind: 'invalid', field: 'to' });
    expect(checkStepAction(STEPS, p0, { login: 'clerk', action: 'transfer', to: 'clerk' }, colleagues)).toMatchObject({ kind: 'invalid', field: 'to' });
    expect(checkStepAction(STEPS, p0, { login: 'clerk', action: 'transfer', to: 'stranger' }, colleagues)).toMatchObject({ kind: 'forbidden' });
    expect(checkStepAction(STEPS, p0, { login: 'clerk', action: 'approve', to: 'other' }, colleagues)).toMatchObject({ kind: 'invalid', field: 'to' });
    const moved = progressOf(STEPS, [act(0, 'clerk', 'transfer', { to: 'other' })]);
    expect(moved).toMatchObject({ step: 0, holders: ['other'] });
    expect(checkStepAction(STEPS, moved, { login: 'clerk', action: 'approve' }, colleagues)).toMatchObject({ kind: 'forbidden' });
    const back = progressOf(STEPS, [act(0, 'clerk', 'transfer', { to: 'other' }), act(0, 'other', 'transfer', { to: 'clerk' })]);
    expect(back.holders).toEqual(['clerk']);

    // 会签 with a transfer: the colleague's approval counts in place of the one who passed it on.
    const atLast = [act(0, 'clerk', 'approve'), act(1, 'chief', 'approve'), act(2, 'vp2', 'transfer', { to: 'other' })];
    const p2 = progressOf(STEPS, atLast);
    expect(p2.holders).toEqual(['vp1', 'other']);
    expect(checkStepAction(STEPS, p2, { login: 'vp1', action: 'transfer', to: 'other' }, colleagues)).toMatchObject({ kind: 'invalid', field: 'to' });
    const done = progressOf(STEPS, [...atLast, act(2, 'other', 'approve'), act(2, 'vp1', 'approve')]);
    expect(done.decision).toMatchObject({ decision: 'approve', by: 'vp1' });
  });
});
