import type {
  CoSignSetup,
} from './co-sign';
import {
  applyDecision,
  applyRevision,
  checkSignOff,
  checkWithdraw,
  CoSignRuleError,
  currentTurn,
  initialState,
  isRepeatedDecision,
  nextWakeAt,
  takeDueReminders,
  takeEscalation,
} from './co-sign';

const DAY = 24 * 3600_000;
const T0 = '2026-12-01T01:00:00.000Z';
const at = (days: number) => new Date(Date.parse(T0) + days * DAY).toISOString();
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function setup(over: Partial<CoSignSetup> = {}): CoSignSetup {
  return {
    campaignId: 'c1',
    leadAgency: 'CAST',
    coSigners: ['CPD', 'CAC', 'MOE'],
    mode: 'parallel',
    dueAt: at(7),
    docNumberPrefix: '科协发',
    year: 2026,
    noticeSha256: A,
    ...over,
  };
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof CoSignRuleError ? e.code : `unexpected ${String(e)}`;
  }
  return undefined;
}

describe('co-signing rules', () => {
  it('parallel mode asks every co-signer at once; all approvals make it ready for sign-off', () => {
    const s = initialState(setup(), T0);
    expect(s.signers.every((x) => x.askedAt === T0 && x.status === 'pending')).toBe(true);
    expect(applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, at(1)).allApproved).toBe(false);
    applyDecision(s, { agency: 'MOE', decision: 'approve', noticeSha256: A }, at(1));
    expect(applyDecision(s, { agency: 'CAC', decision: 'approve', noticeSha256: A }, at(2)).allApproved).toBe(true);
    expect(s.phase).toBe('awaiting-sign-off');
    expect(() => checkSignOff(s, A)).not.toThrow();
  });

  it('binds a decision to the hash: stale hash, contradiction, repetition', () => {
    const s = initialState(setup(), T0);
    expect(code(() => applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: B }, T0))).toBe('STALE_NOTICE');
    applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, T0);
    expect(isRepeatedDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A })).toBe(true);
    expect(code(() => applyDecision(s, { agency: 'CPD', decision: 'reject', noticeSha256: A, comment: 'no' }, T0))).toBe('CONFLICTING_DECISION');
    expect(code(() => applyDecision(s, { agency: 'MOST', decision: 'approve', noticeSha256: A }, T0))).toBe('NOT_A_CO_SIGNER');
  });

  it('a rejection needs a reason', () => {
    const s = initialState(setup(), T0);
    expect(code(() => applyDecision(s, { agency: 'CPD', decision: 'reject', noticeSha256: A, comment: '  ' }, T0))).toBe('REASON_REQUIRED');
    applyDecision(s, { agency: 'CPD', decision: 'reject', noticeSha256: A, comment: '第三段措辞' }, T0);
    expect(s.signers[0]).toMatchObject({ status: 'rejected', comment: '第三段措辞', noticeSha256: A });
  });

  it('a revision voids every decision on the old text and asks everyone again', () => {
    const s = initialState(setup(), T0);
    applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, T0);
    applyDecision(s, { agency: 'CAC', decision: 'reject', noticeSha256: A, comment: 'x' }, T0);
    expect(code(() => applyRevision(s, A, at(1)))).toBe('SAME_TEXT');
    const r = applyRevision(s, B, at(1));
    expect(r).toEqual({ version: 2, asked: ['CPD', 'CAC', 'MOE'] });
    expect(s.signers.every((x) => x.status === 'pending' && x.noticeSha256 === null && x.askedAt === at(1))).toBe(true);
    expect(code(() => applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, at(1)))).toBe('STALE_NOTICE');
  });

  it('sequential mode asks one at a time, in signature order', () => {
    const s = initialState(setup({ mode: 'sequential' }), T0);
    expect(s.signers.map((x) => x.askedAt)).toEqual([T0, null, null]);
    expect(code(() => applyDecision(s, { agency: 'CAC', decision: 'approve', noticeSha256: A }, T0))).toBe('NOT_YOUR_TURN');
    expect(applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, at(1)).asked).toEqual(['CAC']);
    expect(currentTurn(s)?.agency).toBe('CAC');
    applyDecision(s, { agency: 'CAC', decision: 'reject', noticeSha256: A, comment: 'x' }, at(2));
    // stalled on the rejection until the lead revises
    expect(code(() => applyDecision(s, { agency: 'MOE', decision: 'approve', noticeSha256: A }, at(2)))).toBe('NOT_YOUR_TURN');
    expect(applyRevision(s, B, at(3)).asked).toEqual(['CPD']);
  });

  it('sign-off and withdrawal only while open; nothing changes after sign-off', () => {
    const s = initialState(setup({ coSigners: ['CPD'] }), T0);
    expect(code(() => checkSignOff(s, A))).toBe('WRONG_PHASE');
    applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, T0);
    expect(code(() => checkSignOff(s, B))).toBe('STALE_NOTICE');
    s.signOff = { by: 'lead', at: T0, noticeSha256: A };
    expect(code(() => checkWithdraw(s))).toBe('WRONG_PHASE');
    expect(code(() => applyRevision(s, B, T0))).toBe('WRONG_PHASE');
    s.phase = 'issued';
    expect(code(() => applyDecision(s, { agency: 'CPD', decision: 'reject', noticeSha256: A, comment: 'late' }, T0))).toBe('WRONG_PHASE');
  });
});

describe('urging (催办) cadence', () => {
  it('first after 2 days, then every 2 days, none at or after the deadline, then one escalation', () => {
    const s = initialState(setup({ dueAt: at(7) }), T0);
    expect(nextWakeAt(s)).toBe(Date.parse(at(2)));
    expect(takeDueReminders(s, Date.parse(at(1)))).toEqual([]);
    const first = takeDueReminders(s, Date.parse(at(2)));
    expect(first.map((r) => [r.agency, r.number])).toEqual([['CPD', 1], ['CAC', 1], ['MOE', 1]]);
    applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, at(3));
    expect(nextWakeAt(s)).toBe(Date.parse(at(4)));
    expect(takeDueReminders(s, Date.parse(at(4))).map((r) => r.agency)).toEqual(['CAC', 'MOE']);
    expect(takeDueReminders(s, Date.parse(at(6))).map((r) => r.number)).toEqual([3, 3]);
    // day 8 would be the next slot, but the deadline (day 7) comes first
    expect(nextWakeAt(s)).toBe(Date.parse(at(7)));
    expect(takeDueReminders(s, Date.parse(at(7)))).toEqual([]);
    expect(takeEscalation(s, Date.parse(at(7)), at(7))).toEqual(['CAC', 'MOE']);
    expect(takeEscalation(s, Date.parse(at(9)), at(9))).toBeNull();
    expect(nextWakeAt(s)).toBeNull();
  });

  it('after an outage, one reminder for several missed slots', () => {
    const s = initialState(setup({ coSigners: ['CPD'], dueAt: at(30) }), T0);
    const r = takeDueReminders(s, Date.parse(at(9)));
    expect(r).toHaveLength(1);
    expect(r[0].number).toBe(4); // slots at days 2, 4, 6, 8 have passed
    expect(nextWakeAt(s)).toBe(Date.parse(at(10)));
  });

  it('a revision restarts the cadence from the new ask', () => {
    const s = initialState(setup({ coSigners: ['CPD'], dueAt: at(30) }), T0);
    takeDueReminders(s, Date.parse(at(2)));
    applyRevision(s, B, at(3));
    expect(nextWakeAt(s)).toBe(Date.parse(at(5)));
  });

  it('no escalation when everyone approved before the deadline', () => {
    const s = initialState(setup({ coSigners: ['CPD'] }), T0);
    applyDecision(s, { agency: 'CPD', decision: 'approve', noticeSha256: A }, at(1));
    expect(takeEscalation(s, Date.parse(at(8)), at(8))).toBeNull();
  });
});
