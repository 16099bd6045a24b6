import type { CoSignSetup, CoSignState, WorkingDayWindow } from './co-sign';
import {
  applyAddSigner,
  applyDecision,
  applyMoveDeadline,
  applyRemoveSigner,
  applyRevision,
  applyUrge,
  checkDecision,
  checkSignOff,
  CoSignRuleError,
  currentTurn,
  initialState,
  nextReminderAt,
  nextWakeAt,
  takeDueReminders,
  takeEscalation,
} from './co-sign';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T0 = '2026-12-01T01:00:00.000Z';
const ms = (days: number) => Date.parse(T0) + days * DAY;
const at = (days: number) => new Date(ms(days)).toISOString();
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

function setup(over: Partial<CoSignSetup> = {}): CoSignSetup {
  return { campaignId: 'c1', leadAgency: 'CAST', coSigners: ['CPD', 'CAC', 'MOE'], mode: 'parallel', dueAt: at(7), docNumberPrefix: '科协发', year: 2026, noticeSha256: A, ...over };
}

function refusal(fn: () => unknown): CoSignRuleError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CoSignRuleError) return e;
    throw e;
  }
  throw new Error('not refused');
}

const approve = (s: CoSignState, agency: string, day = 1) => applyDecision(s, { agency, decision: 'approve', noticeSha256: s.notice.sha256 }, at(day));
const order = (s: CoSignState) => s.signers.map((x) => `${x.order}:${x.agency}`);

describe('加签: adding a co-signer in flight', () => {
  it('joins at the given position (default last), renumbers the order and is asked at once in parallel mode', () => {
    const s = initialState(setup(), T0);
    expect(applyAddSigner(s, { agency: 'MOST' }, at(1))).toEqual({ order: 4, asked: ['MOST'] });
    expect(applyAddSigner(s, { agency: 'CAS', order: 2 }, at(1))).toEqual({ order: 2, asked: ['CAS'] });
    expect(order(s)).toEqual(['1:CPD', '2:CAS', '3:CAC', '4:MOE', '5:MOST']);
    const cas = s.signers[1];
    expect(cas).toMatchObject({ status: 'pending', askedAt: at(1), remindersSent: 0 });
    // The cadence applies from its own ask: the first reminder 2 days after it.
    expect(nextReminderAt(s, cas)).toBe(ms(3));
    expect(s.amendments).toBe(2);
  });

  it('reopens a notice awaiting sign-off: the new co-signer must approve too', () => {
    const s = initialState(setup({ coSigners: ['CPD'] }), T0);
    approve(s, 'CPD');
    expect(s.phase).toBe('awaiting-sign-off');
    applyAddSigner(s, { agency: 'CAC' }, at(2));
    expect(s.phase).toBe('co-signing');
    expect(refusal(() => checkSignOff(s, A)).code).toBe('WRONG_PHASE');
    expect(approve(s, 'CAC', 3).allApproved).toBe(true);
  });

  it('refuses the lead, an agency already co-signing, a position outside the order, and changes after sign-off', () => {
    const s = initialState(setup(), T0);
    expect(refusal(() => applyAddSigner(s, { agency: 'CAST' }, T0)).code).toBe('LEAD_IS_NOT_A_CO_SIGNER');
    expect(refusal(() => applyAddSigner(s, { agency: 'CAC' }, T0))).toMatchObject({ code: 'ALREADY_A_CO_SIGNER', message: expect.stringMatching(/^agency: /) });
    expect(refusal(() => applyAddSigner(s, { agency: 'MOST', order: 5 }, T0))).toMatchObject({ code: 'INVALID_ORDER', message: expect.stringMatching(/^order: .*1 to 4/) });
    expect(refusal(() => applyAddSigner(s, { agency: 'MOST', order: 0 }, T0)).code).toBe('INVALID_ORDER');
    expect(order(s)).toEqual(['1:CPD', '2:CAC', '3:MOE']); // nothing changed
    for (const a of ['CPD', 'CAC', 'MOE']) approve(s, a);
    s.signOff = { by: 'x', at: at(2), noticeSha256: A };
    expect(refusal(() => applyAddSigner(s, { agency: 'MOST' }, at(2))).code).toBe('WRONG_PHASE');
    s.phase = 'withdrawn';
    s.signOff = null;
    expect(refusal(() => applyAddSigner(s, { agency: 'MOST' }, at(2))).code).toBe('WRONG_PHASE');
  });

  it('sequential mode: asked when its place is the current turn; whoever had the turn waits for it', () => {
    const s = initialState(setup({ mode: 'sequential' }), T0);
    approve(s, 'CPD'); // CAC is asked
    expect(currentTurn(s)?.agency).toBe('CAC');
    // Later in the order: asked when its turn comes.
    expect(applyAddSigner(s, { agency: 'MOST' }, at(1))).toEqual({ order: 4, asked: [] });
    // Before the current turn: it has the turn now, CAC waits.
    expect(applyAddSigner(s, { agency: 'CAS', order: 2 }, at(1))).toEqual({ order: 2, asked: ['CAS'] });
    expect(s.signers.find((x) => x.agency === 'CAC')).toMatchObject({ askedAt: null, status: 'pending' });
    expect(refusal(() => checkDecision(s, { agency: 'CAC', decision: 'approve', noticeSha256: A })).code).toBe('NOT_YOUR_TURN');
    expect(approve(s, 'CAS', 2).asked).toEqual(['CAC']);
  });
});

describe('减签: removing a co-signer in flight', () => {
  it('its decision no longer counts; removing the last one still pending completes co-signing', () => {
    const s = initialState(setup(), T0);
    approve(s, 'CPD');
    approve(s, 'CAC');
    const out = applyRemoveSigner(s, { agency: 'MOE', reason: '职能调整，不再参与', by: 'cast-sec' }, at(2));
    expect(out).toEqual({
      removed: { agency: 'MOE', status: 'pending', removedAt: at(2), by: 'cast-sec', reason: '职能调整，不再参与', version: 1 },
      asked: [],
      allApproved: true,
    });
    expect(s.phase).toBe('awaiting-sign-off');
    expect(order(s)).toEqual(['1:CPD', '2:CAC']);
    expect(s.removed).toHaveLength(1);
    expect(refusal(() => checkDecision(s, { agency: 'MOE', decision: 'approve', noticeSha256: A })).code).toBe('NOT_A_CO_SIGNER');
  });

  it('an approval removed does not count either: the others still decide', () => {
    const s = initialState(setup(), T0);
    approve(s, 'CPD');
    expect(applyRemoveSigner(s, { agency: 'CPD', reason: '理由', by: 'x' }, at(2)).allApproved).toBe(false);
    expect(s.phase).toBe('co-signing');
    approve(s, 'CAC', 3);
    expect(approve(s, 'MOE', 3).allApproved).toBe(true);
  });

  it('refuses the lead, a non-co-signer, the last co-signer, a blank reason, and after sign-off', () => {
    const s = initialState(setup({ coSigners: ['CPD', 'CAC'] }), T0);
    expect(refusal(() => applyRemoveSigner(s, { agency: 'CAST', reason: 'r', by: 'x' }, T0)).code).toBe('LEAD_IS_NOT_A_CO_SIGNER');
    expect(refusal(() => applyRemoveSigner(s, { agency: 'MOST', reason: 'r', by: 'x' }, T0)).code).toBe('NOT_A_CO_SIGNER');
    expect(refusal(() => applyRemoveSigner(s, { agency: 'CAC', reason: '  ', by: 'x' }, T0)).code).toBe('REASON_REQUIRED');
    applyRemoveSigner(s, { agency: 'CAC', reason: 'r', by: 'x' }, T0);
    expect(refusal(() => applyRemoveSigner(s, { agency: 'CPD', reason: 'r', by: 'x' }, T0)).code).toBe('LAST_CO_SIGNER');
    approve(s, 'CPD');
    applyAddSigner(s, { agency: 'MOE' }, at(1));
    approve(s, 'MOE', 2);
    s.signOff = { by: 'x', at: at(2), noticeSha256: A };
    expect(refusal(() => applyRemoveSigner(s, { agency: 'MOE', reason: 'r', by: 'x' }, at(2))).code).toBe('WRONG_PHASE');
  });

  it('sequential mode: removing the one whose turn it is asks the next', () => {
    const s = initialState(setup({ mode: 'sequential' }), T0);
    expect(applyRemoveSigner(s, { agency: 'CPD', reason: 'r', by: 'x' }, at(1)).asked).toEqual(['CAC']);
    expect(currentTurn(s)?.agency).toBe('CAC');
  });

  it('a revision asks only the co-signers left', () => {
    const s = initialState(setup(), T0);
    applyRemoveSigner(s, { agency: 'CAC', reason: 'r', by: 'x' }, at(1));
    expect(applyRevision(s, B, at(2)).asked).toEqual(['CPD', 'MOE']);
  });
});

describe('moving the co-signing deadline', () => {
  it('later: the cadence runs to the new deadline, passed slots are not made up, and the escalation moves', () => {
    const s = initialState(setup({ coSigners: ['CPD', 'CAC'] }), T0); // due day 7, reminders days 2, 4, 6
    approve(s, 'CPD');
    takeDueReminders(s, ms(2)); // CAC's first
    // day 3.5: due day 12 instead; CAC is told
    expect(applyMoveDeadline(s, at(12), ms(3.5))).toEqual({ from: at(7), told: ['CAC'] });
    expect(s.dueAt).toBe(at(12));
    const cac = s.signers[1];
    expect(nextReminderAt(s, cac)).toBe(ms(4));
    // reminders on days 4, 6, 8, 10; the escalation on day 12, no longer day 7
    const slots: number[] = [];
    for (let t = nextWakeAt(s); t !== null && t < ms(12); t = nextWakeAt(s)) {
      slots.push((t - Date.parse(T0)) / DAY);
      takeDueReminders(s, t);
    }
    expect(slots).toEqual([4, 6, 8, 10]);
    expect(nextWakeAt(s)).toBe(ms(12));
    expect(takeEscalation(s, ms(7), at(7))).toBeNull();
    expect(takeEscalation(s, ms(12), at(12))).toEqual(['CAC']);
  });

  it('earlier: reminders stop at the new deadline; after an escalation, a later deadline escalates again', () => {
    const s = initialState(setup({ coSigners: ['CPD'] }), T0);
    applyMoveDeadline(s, at(3), ms(1));
    expect(nextWakeAt(s)).toBe(ms(2));
    takeDueReminders(s, ms(2));
    expect(nextWakeAt(s)).toBe(ms(3)); // no day-4 reminder: past the deadline
    expect(takeEscalation(s, ms(3), at(3))).toEqual(['CPD']);
    expect(nextWakeAt(s)).toBeNull();
    // moved on day 5 to day 9: slots up to day 5 are spent, the next is day 6, the escalation day 9
    applyMoveDeadline(s, at(9), ms(5));
    expect(s.escalatedAt).toBeNull();
    expect(nextWakeAt(s)).toBe(ms(6));
    expect(s.deadlineMoves).toBe(2);
  });

  it('refuses a deadline in the past, the same deadline, and after sign-off', () => {
    const s = initialState(setup({ coSigners: ['CPD'] }), T0);
    expect(refusal(() => applyMoveDeadline(s, at(1), ms(2)))).toMatchObject({ code: 'INVALID_DEADLINE', message: expect.stringMatching(/^dueAt: must be in the future/) });
    expect(refusal(() => applyMoveDeadline(s, at(7), ms(2))).code).toBe('INVALID_DEADLINE');
    expect(refusal(() => applyMoveDeadline(s, 'soon', ms(2))).code).toBe('INVALID_DEADLINE');
    approve(s, 'CPD');
    s.signOff = { by: 'x', at: at(2), noticeSha256: A };
    expect(refusal(() => applyMoveDeadline(s, at(9), ms(2))).code).toBe('WRONG_PHASE');
  });
});

describe('手动催办: urging now', () => {
  // The working day of day 1 runs to day 2's start.
  const day1: WorkingDayWindow = { startsAt: ms(1) - HOUR, nextStartsAt: ms(2) - HOUR };
  const day2: WorkingDayWindow = { startsAt: ms(2) - HOUR, nextStartsAt: ms(3) - HOUR };

  it('urges one pending co-signer, or every one pending, at most once each per working day', () => {
    const s = initialState(setup(), T0);
    approve(s, 'CPD');
    expect(applyUrge(s, { agency: 'CAC' }, day1, at(1))).toEqual({ urged: ['CAC'], skipped: [] });
    // all: CAC was urged today already, MOE is urged
    expect(applyUrge(s, {}, day1, at(1.1))).toEqual({ urged: ['MOE'], skipped: [{ agency: 'CAC', nextAt: at(2 - 1 / 24) }] });
    const again = refusal(() => applyUrge(s, { agency: 'CAC' }, day1, at(1.5)));
    expect(again.code).toBe('URGED_TODAY');
    expect(again.details).toEqual({ nextAt: at(2 - 1 / 24), retryAfterSeconds: Math.ceil((ms(2) - HOUR - ms(1.5)) / 1000) });
    expect(again.message).toMatch(/^agency: CAC was already urged this working day; the next urge is possible from /);
    expect(refusal(() => applyUrge(s, {}, day1, at(1.5))).code).toBe('URGED_TODAY');
    // the next working day
    expect(applyUrge(s, {}, day2, at(2)).urged).toEqual(['CAC', 'MOE']);
    // the automatic cadence is its own: untouched
    expect(s.signers.map((x) => x.remindersSent)).toEqual([0, 0, 0]);
  });

  it('refuses an agency that decided, one not co-signing, one not asked yet, and nobody pending', () => {
    const s = initialState(setup({ mode: 'sequential' }), T0);
    expect(refusal(() => applyUrge(s, { agency: 'CAC' }, day1, at(1))).code).toBe('NOT_ASKED_YET');
    expect(refusal(() => applyUrge(s, { agency: 'MOST' }, day1, at(1))).code).toBe('NOT_A_CO_SIGNER');
    approve(s, 'CPD');
    expect(refusal(() => applyUrge(s, { agency: 'CPD' }, day1, at(1)))).toMatchObject({ code: 'ALREADY_DECIDED', message: expect.stringMatching(/^agency: CPD has already approved/) });
    approve(s, 'CAC');
    approve(s, 'MOE');
    expect(refusal(() => applyUrge(s, {}, day1, at(1))).code).toBe('NOBODY_TO_URGE');
  });
});
