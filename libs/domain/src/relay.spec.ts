import { shiftIso } from './rebase';
import type { RelayMilestones, RelayOutcome, RelayParent } from './relay';
import { inheritFromParent } from './relay';

const THEME = '提升全民科学素质，助力科技自立自强';

/** The national 2023 notice as a parent (its dates as printed). */
const national: RelayParent = {
  year: 2023,
  theme: THEME,
  milestones: {
    publicationOpensAt: '2023-08-21T00:00:00+08:00',
    concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' },
    summaryDueAt: '2023-10-10T00:00:00+08:00',
    closesAt: '2023-12-31T23:59:59+08:00',
  },
  calendarShiftDays: 0,
};

/** Henan's relay as its definition gives it: no theme, window or week of its own. */
const henan = (over: { theme?: string; year?: number; milestones?: Partial<RelayMilestones> } = {}) => ({
  title: '关于举办2023年河南省科普日活动的通知',
  leadAgency: 'HA_CAST',
  coSignDueAt: '2023-08-24T18:00:00+08:00',
  ...over,
  milestones: { summaryDueAt: '2023-09-28T00:00:00+08:00', closesAt: '2023-12-31T23:59:59+08:00', ...over.milestones },
});

const problems = (outcome: RelayOutcome<ReturnType<typeof henan>>) => (outcome.ok ? [] : outcome.errors.map((e) => e.field));

describe('a relay under its parent (转发)', () => {
  it("inherits the parent's theme, year, window and week, and keeps its own deadlines", () => {
    const draft = henan();
    const before = structuredClone(draft);
    const outcome = inheritFromParent(draft, national);
    expect(outcome).toEqual({
      ok: true,
      definition: {
        ...draft,
        year: 2023,
        theme: THEME,
        milestones: {
          publicationOpensAt: '2023-08-21T00:00:00+08:00',
          concentratedWeek: national.milestones.concentratedWeek,
          summaryDueAt: '2023-09-28T00:00:00+08:00',
          closesAt: '2023-12-31T23:59:59+08:00',
        },
      },
      original: expect.anything(),
      shiftDays: 0,
    });
    expect(outcome.ok && outcome.original).toEqual(outcome.ok && outcome.definition);
    expect(draft).toEqual(before);
  });

  it('may open its own window later than the parent, and repeat what it inherits', () => {
    const outcome = inheritFromParent(
      henan({ theme: THEME, year: 2023, milestones: { publicationOpensAt: '2023-08-25T00:00:00+08:00', concentratedWeek: national.milestones.concentratedWeek } }),
      national,
    );
    expect(outcome.ok && outcome.definition.milestones.publicationOpensAt).toBe('2023-08-25T00:00:00+08:00');
  });

  it('refuses another theme, week or year, and names each field', () => {
    expect(problems(inheritFromParent(henan({ theme: '别的主题' }), national))).toEqual(['theme']);
    expect(
      problems(inheritFromParent(henan({ milestones: { concentratedWeek: { startsAt: '2023-09-18T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' } } }), national)),
    ).toEqual(['milestones.concentratedWeek.startsAt']);
    expect(
      problems(inheritFromParent(henan({ milestones: { concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-24T23:59:59+08:00' } } }), national)),
    ).toEqual(['milestones.concentratedWeek.endsAt']);
    expect(problems(inheritFromParent(henan({ year: 2024 }), national))).toEqual(['year']);
  });

  it("keeps its deadlines inside the parent's: opening no earlier, reporting first, closing no later", () => {
    const outcome = inheritFromParent(
      henan({ milestones: { publicationOpensAt: '2023-08-20T00:00:00+08:00', summaryDueAt: '2023-10-10T00:00:00+08:00', closesAt: '2024-01-01T00:00:00+08:00' } }),
      national,
    );
    expect(problems(outcome)).toEqual(['milestones.publicationOpensAt', 'milestones.summaryDueAt', 'milestones.closesAt']);
    expect(!outcome.ok && outcome.errors[1].message).toMatch(/not before the parent's summary deadline 2023-10-10T00:00:00\+08:00/);
  });

  it('rehearses with a rehearsed parent: the same shift, the parent’s year, the dates as written kept for the holiday calendar', () => {
    const shift = 1197; // 2023-08-21 → 2026-11-30
    const parent: RelayParent = {
      year: 2026,
      theme: THEME,
      calendarShiftDays: shift,
      milestones: {
        publicationOpensAt: shiftIso(national.milestones.publicationOpensAt, shift),
        concentratedWeek: { startsAt: shiftIso(national.milestones.concentratedWeek.startsAt, shift), endsAt: shiftIso(national.milestones.concentratedWeek.endsAt, shift) },
        summaryDueAt: shiftIso(national.milestones.summaryDueAt, shift),
        closesAt: shiftIso(national.milestones.closesAt, shift),
      },
    };
    const draft = henan({ year: 2023 });
    const outcome = inheritFromParent(draft, parent, { rebaseWithParent: true });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.shiftDays).toBe(shift);
    expect(outcome.definition.year).toBe(2026);
    expect(outcome.definition.coSignDueAt).toBe('2026-12-03T18:00:00+08:00');
    expect(outcome.definition.milestones.summaryDueAt).toBe('2027-01-07T00:00:00+08:00');
    expect(outcome.definition.milestones.concentratedWeek).toEqual(parent.milestones.concentratedWeek);
    expect(outcome.original.coSignDueAt).toBe(draft.coSignDueAt);
    expect(outcome.original.milestones.summaryDueAt).toBe(draft.milestones.summaryDueAt);
    // Unrehearsed, the same relay is of another year than its parent.
    expect(problems(inheritFromParent(draft, parent))).toEqual(['year']);
  });

  it('rehearses on its own with rebaseTo: its earliest date lands on that day; its written year is not held against it', () => {
    const outcome = inheritFromParent(henan({ year: 2023 }), { ...national, milestones: { ...national.milestones, summaryDueAt: '2023-12-01T00:00:00+08:00', closesAt: '2024-01-31T23:59:59+08:00' } }, { rebaseTo: '2023-08-25' });
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    expect(outcome.shiftDays).toBe(1);
    expect(outcome.definition.coSignDueAt).toBe('2023-08-25T18:00:00+08:00');
    expect(outcome.definition.year).toBe(2023);
    expect(outcome.original.coSignDueAt).toBe('2023-08-24T18:00:00+08:00');
  });

  it('takes rebaseTo or rebaseWithParent, not both', () => {
    expect(inheritFromParent(henan(), national, { rebaseTo: '2026-08-01', rebaseWithParent: true })).toEqual({
      ok: false,
      errors: [{ field: 'rebaseTo', message: 'give rebaseTo or rebaseWithParent, not both' }],
    });
  });
});
