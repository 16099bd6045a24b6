import type { Milestones } from './year';
import { checkMilestoneMove, checkWithinParent, mergeMilestones, nextBoundary, phaseAt } from './year';

const national: Milestones = {
  publicationOpensAt: '2023-08-21T00:00:00+08:00',
  concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' },
  summaryDueAt: '2023-10-10T00:00:00+08:00',
  closesAt: '2023-12-31T23:59:59+08:00',
};
const henan: Milestones = { ...national, summaryDueAt: '2023-09-28T00:00:00+08:00' };
const t = (iso: string) => Date.parse(iso);

describe('the phases of the year', () => {
  it('follow the milestones: window → week → reporting → commendation → closed', () => {
    expect(phaseAt(national, t('2023-08-04T10:00:00+08:00'))).toBe('issued');
    expect(phaseAt(national, t('2023-08-21T00:00:00+08:00'))).toBe('publication-open');
    expect(phaseAt(national, t('2023-09-20T12:00:00+08:00'))).toBe('concentrated-week');
    expect(phaseAt(national, t('2023-09-24T00:00:00+08:00'))).toBe('reporting');
    expect(phaseAt(national, t('2023-10-09T23:59:59+08:00'))).toBe('reporting');
    expect(phaseAt(national, t('2023-10-10T00:00:00+08:00'))).toBe('commendation');
    expect(phaseAt(national, t('2024-01-01T00:00:00+08:00'))).toBe('closed');
  });

  it('know the next boundary, and none once closed', () => {
    expect(nextBoundary(national, t('2023-09-01T00:00:00+08:00'))).toEqual({ phase: 'concentrated-week', at: t('2023-09-17T00:00:00+08:00'), field: 'concentratedWeek.startsAt' });
    expect(nextBoundary(national, t('2024-01-01T00:00:00+08:00'))).toBeNull();
  });
});

describe('a relay inside its parent', () => {
  it('Henan (09-28) fits inside the national timeline (10-10)', () => {
    expect(checkWithinParent(henan, national)).toEqual([]);
  });

  it('a summary deadline on or after the parent’s is refused, naming the field', () => {
    const problems = checkWithinParent({ ...henan, summaryDueAt: national.summaryDueAt }, national);
    expect(problems.map((p) => p.field)).toEqual(['milestones.summaryDueAt']);
    expect(problems[0].message).toMatch(/not before the parent's summary deadline 2023-10-10/);
  });

  it('a window that opens before the parent’s, or a close after it, is refused', () => {
    const fields = checkWithinParent({ ...henan, publicationOpensAt: '2023-08-20T00:00:00+08:00', closesAt: '2024-01-31T00:00:00+08:00' }, national).map((p) => p.field);
    expect(fields).toEqual(['milestones.publicationOpensAt', 'milestones.closesAt']);
  });
});

describe('moving milestones of a running campaign', () => {
  const now = t('2023-09-01T00:00:00+08:00');
  it('a later summary deadline is fine', () => {
    expect(checkMilestoneMove(national, mergeMilestones(national, { summaryDueAt: '2023-10-12T00:00:00+08:00' }), now, null, [])).toEqual([]);
  });
  it('what has passed cannot move, and nothing moves into the past', () => {
    expect(checkMilestoneMove(national, mergeMilestones(national, { publicationOpensAt: '2023-08-25T00:00:00+08:00' }), now, null, [])[0].message).toMatch(/already passed/);
    expect(checkMilestoneMove(national, mergeMilestones(national, { summaryDueAt: '2023-08-30T00:00:00+08:00' }), now, null, [])[0].message).toMatch(/in the past/);
  });
  it('the order must hold', () => {
    const p = checkMilestoneMove(national, mergeMilestones(national, { summaryDueAt: '2023-09-20T00:00:00+08:00' }), now, null, []);
    expect(p.map((x) => x.field)).toEqual(['milestones.summaryDueAt']);
  });
  it('a relay that would no longer fit blocks the move and is named', () => {
    const p = checkMilestoneMove(national, mergeMilestones(national, { summaryDueAt: '2023-09-27T00:00:00+08:00' }), now, null, [{ id: 'h', title: '河南', milestones: henan }]);
    expect(p).toEqual([expect.objectContaining({ field: 'milestones.summaryDueAt', message: expect.stringContaining('the relay 河南 (h) would no longer fit') })]);
  });
  it('a child may not move past its parent', () => {
    const p = checkMilestoneMove(henan, mergeMilestones(henan, { summaryDueAt: '2023-10-11T00:00:00+08:00' }), now, national, []);
    expect(p.map((x) => x.field)).toEqual(['milestones.summaryDueAt']);
  });
});
