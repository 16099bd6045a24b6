import {
  atShanghai,
  CALENDAR_SOURCE,
  createCalendar,
  dayInfo,
  deadlineWarnings,
  isWorkingDay,
  nextWorkingMorning,
  shanghaiYmd,
  statutoryHolidays,
  workingDaysBefore,
  workingDaysBetween,
  workingMornings,
  yearSource,
} from './calendar';
import { OFFICIAL_SUPPLEMENT } from './calendar-supplement';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const iso = (s: string) => Date.parse(s);
const at9 = (ymd: string) => iso(`${ymd}T09:00:00+08:00`);
const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
};

describe('time helpers', () => {
  it('converts between instants and Asia/Shanghai dates', () => {
    expect(atShanghai('2023-10-07', 9)).toBe(iso('2023-10-07T01:00:00Z'));
    expect(atShanghai('2023-10-07', 0)).toBe(iso('2023-10-06T16:00:00Z'));
    expect(atShanghai('2023-10-07', 17, 30)).toBe(iso('2023-10-07T09:30:00Z'));
    expect(shanghaiYmd(iso('2023-10-06T16:00:00Z'))).toBe('2023-10-07');
    expect(shanghaiYmd(iso('2023-10-06T15:59:59.999Z'))).toBe('2023-10-06');
    expect(shanghaiYmd(iso('2023-12-31T23:30:00-05:00'))).toBe('2024-01-01');
  });

  it('rejects malformed dates and times', () => {
    expect(() => dayInfo('2023-02-30')).toThrow(RangeError);
    expect(() => dayInfo('2023-2-3')).toThrow(RangeError);
    expect(() => dayInfo('20231001')).toThrow(RangeError);
    expect(() => atShanghai('2023-10-07', 24)).toThrow(RangeError);
    expect(() => atShanghai('2023-10-07', 9, 60)).toThrow(RangeError);
    expect(() => shanghaiYmd(NaN)).toThrow(RangeError);
  });
});

describe('official arrangements from chinese-days', () => {
  it('2023 Mid-Autumn + National Day: 09-29..10-06 off, 10-07 and 10-08 (weekend) working', () => {
    for (const d of days('2023-09-29', '2023-10-06')) {
      expect(dayInfo(d)).toMatchObject({ working: false, provisional: false });
      expect(dayInfo(d).name).toMatch(/^(中秋节|国庆节)$/);
    }
    expect(dayInfo('2023-09-29').name).toBe('中秋节');
    expect(dayInfo('2023-10-01')).toEqual({ date: '2023-10-01', working: false, name: '国庆节', provisional: false });
    expect(dayInfo('2023-10-07')).toEqual({ date: '2023-10-07', working: true, name: '调休', provisional: false });
    expect(dayInfo('2023-10-08')).toEqual({ date: '2023-10-08', working: true, name: '调休', provisional: false });
    expect(isWorkingDay('2023-09-28')).toBe(true);
    expect(isWorkingDay('2023-10-09')).toBe(true);
  });

  it('ordinary weekends are non-working and ordinary weekdays working, both unnamed', () => {
    expect(dayInfo('2023-09-23')).toEqual({ date: '2023-09-23', working: false, name: null, provisional: false });
    expect(dayInfo('2023-09-24')).toEqual({ date: '2023-09-24', working: false, name: null, provisional: false });
    expect(dayInfo('2023-09-25')).toEqual({ date: '2023-09-25', working: true, name: null, provisional: false });
    expect(isWorkingDay('2024-06-15')).toBe(false); // Saturday
    expect(isWorkingDay('2024-06-14')).toBe(true); // Friday
  });

  it.each([
    // year, first day off, last day off, 调休 working weekend days
    [2024, '2024-02-10', '2024-02-17', ['2024-02-04', '2024-02-18']],
    [2025, '2025-01-28', '2025-02-04', ['2025-01-26', '2025-02-08']],
    [2026, '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
  ])('Spring Festival %i: %s..%s off, %j working', (_year, first, last, workdays) => {
    for (const d of days(first, last)) {
      expect(dayInfo(d)).toEqual({ date: d, working: false, name: '春节', provisional: false });
    }
    for (const d of workdays) expect(dayInfo(d)).toMatchObject({ working: true, name: '调休' });
    // the days just outside the block are working days
    const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    expect(isWorkingDay(shift(first, -1))).toBe(true);
    expect(isWorkingDay(shift(last, 1))).toBe(true);
  });

  it('2024 lunar New Year eve (02-09) was still a working day under the pre-2025 rules', () => {
    expect(dayInfo('2024-02-09')).toEqual({ date: '2024-02-09', working: true, name: null, provisional: false });
  });

  it('2026 National Day: 10-01..10-07 off, 10-10 (Saturday) working', () => {
    expect(dayInfo('2026-10-01')).toEqual({ date: '2026-10-01', working: false, name: '国庆节', provisional: false });
    for (const d of days('2026-10-01', '2026-10-07')) expect(isWorkingDay(d)).toBe(false);
    expect(dayInfo('2026-10-10')).toMatchObject({ working: true, name: '调休' });
    expect(dayInfo('2026-09-20')).toMatchObject({ working: true, name: '调休' });
  });

  it('agrees with the data file shipped in chinese-days for every day of 2023..2026', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const data: { holidays: Record<string, string>; workdays: Record<string, string> } = require('chinese-days/dist/chinese-days.json');
    for (const d of days('2023-01-01', '2026-12-31')) {
      const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
      const expected = d in data.holidays ? false : d in data.workdays ? true : !weekend;
      expect({ d, working: isWorkingDay(d) }).toEqual({ d, working: expected });
    }
  });
});

describe('statutory fallback for years the package does not cover (2027)', () => {
  it('knows which years come from where', () => {
    expect(CALENDAR_SOURCE.package).toBe('chinese-days');
    expect(CALENDAR_SOURCE.version).toBe('1.5.7');
    expect(CALENDAR_SOURCE.coveredYears).toEqual([2023, 2024, 2025, 2026]);
    expect(CALENDAR_SOURCE.provisionalYears).toEqual([2027, 2028, 2029, 2030]);
    expect(CALENDAR_SOURCE.supplementYears).toEqual(Object.keys(OFFICIAL_SUPPLEMENT).map(Number));
    expect(yearSource(2023)).toBe('package');
    expect(yearSource(2027)).toBe('statutory');
  });

  it('computes the 2027 statutory holidays from the lunar calendar and solar terms', () => {
    expect(statutoryHolidays(2027)).toEqual({
      '2027-01-01': '元旦',
      '2027-02-05': '春节', // lunar New Year's Eve (lunar new year is 2027-02-06)
      '2027-02-06': '春节',
      '2027-02-07': '春节',
      '2027-02-08': '春节',
      '2027-04-05': '清明节',
      '2027-05-01': '劳动节',
      '2027-05-02': '劳动节',
      '2027-06-09': '端午节',
      '2027-09-15': '中秋节',
      '2027-10-01': '国庆节',
      '2027-10-02': '国庆节',
      '2027-10-03': '国庆节',
    });
  });

  it('marks 2027 days provisional, holidays off, weekends off, no 调休', () => {
    expect(dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', working: false, name: '元旦', provisional: true });
    expect(dayInfo('2027-02-05')).toEqual({ date: '2027-02-05', working: false, name: '春节', provisional: true });
    for (const d of days('2027-02-06', '2027-02-08')) expect(dayInfo(d)).toMatchObject({ working: false, name: '春节' });
    expect(dayInfo('2027-02-09')).toEqual({ date: '2027-02-09', working: true, name: null, provisional: true });
    for (const d of days('2027-10-01', '2027-10-03')) {
      expect(dayInfo(d)).toEqual({ date: d, working: false, name: '国庆节', provisional: true });
    }
    expect(dayInfo('2027-10-04')).toEqual({ date: '2027-10-04', working: true, name: null, provisional: true });
    expect(dayInfo('2027-01-02')).toEqual({ date: '2027-01-02', working: false, name: null, provisional: true });
    expect(isWorkingDay('2027-09-15')).toBe(false);
    expect(isWorkingDay('2027-12-31')).toBe(true);
  });

  it.each([2025, 2026])('reproduces the official %i holidays (same statute) when applied to a covered year', (year) => {
    for (const [d, name] of Object.entries(statutoryHolidays(year))) {
      expect(dayInfo(d)).toMatchObject({ date: d, working: false, name, provisional: false });
    }
  });

  it('merges a Mid-Autumn that falls on National Day (2020-10-01)', () => {
    expect(statutoryHolidays(2020)['2020-10-01']).toBe('国庆节、中秋节');
  });
});

describe('OFFICIAL_SUPPLEMENT', () => {
  const cal = createCalendar({
    '2027': {
      holidays: Object.fromEntries(days('2027-10-01', '2027-10-07').map((d) => [d, '国庆节'])),
      workdays: { '2027-09-26': '国庆节' },
      source: 'test fixture',
    },
    '2023': { holidays: { '2023-01-02': 'test' }, workdays: {}, source: 'test fixture' },
  });

  it('overrides the statutory fallback for its year, not provisional', () => {
    expect(cal.dayInfo('2027-10-05')).toEqual({ date: '2027-10-05', working: false, name: '国庆节', provisional: false });
    expect(cal.dayInfo('2027-09-26')).toEqual({ date: '2027-09-26', working: true, name: '调休', provisional: false });
    expect(cal.dayInfo('2027-01-01')).toEqual({ date: '2027-01-01', working: true, name: null, provisional: false });
    expect(cal.yearSource(2027)).toBe('supplement');
    expect(cal.source.supplementYears).toEqual([2023, 2027]);
    expect(cal.source.provisionalYears).toEqual([2028, 2029, 2030]);
  });

  it('overrides the package data for its year', () => {
    expect(cal.isWorkingDay('2023-10-02')).toBe(true);
    expect(cal.isWorkingDay('2023-10-07')).toBe(false); // a plain Saturday now
    expect(cal.dayInfo('2023-01-02')).toMatchObject({ working: false, name: 'test' });
    expect(cal.isWorkingDay('2024-10-01')).toBe(false); // other years untouched
  });

  it('rejects malformed entries', () => {
    const ok = { holidays: { '2027-01-01': '元旦' }, workdays: {}, source: 'x' };
    expect(() => createCalendar(OFFICIAL_SUPPLEMENT)).not.toThrow();
    expect(() => createCalendar({ '2027': ok })).not.toThrow();
    expect(() => createCalendar({ '27': ok })).toThrow(/bad year key/);
    expect(() => createCalendar({ '2027': { ...ok, source: '' } })).toThrow(/source/);
    expect(() => createCalendar({ '2027': { ...ok, holidays: { '2028-01-01': '元旦' } } })).toThrow(/not in 2027/);
    expect(() => createCalendar({ '2027': { ...ok, holidays: { '2027-02-30': '春节' } } })).toThrow(/not a YYYY-MM-DD/);
    expect(() => createCalendar({ '2027': { ...ok, workdays: { '2027-01-01': '元旦' } } })).toThrow(/both/);
    expect(() => createCalendar({ '2027': { ...ok, workdays: { '2027-01-04': '元旦' } } })).toThrow(/not a weekend/);
  });
});

describe('reminder scheduling', () => {
  it('workingMornings skips the 2023 holiday and includes the 调休 weekend at 01:00Z', () => {
    const mornings = workingMornings(iso('2023-09-27T12:00:00+08:00'), iso('2023-10-10T00:00:00+08:00'));
    expect(mornings.map((t) => new Date(t).toISOString())).toEqual([
      '2023-09-28T01:00:00.000Z',
      '2023-10-07T01:00:00.000Z',
      '2023-10-08T01:00:00.000Z',
      '2023-10-09T01:00:00.000Z',
    ]);
  });

  it('workingMornings bounds: fromMs exclusive, toMs inclusive, custom hour, empty when reversed', () => {
    expect(workingMornings(at9('2023-10-09'), at9('2023-10-10'))).toEqual([at9('2023-10-10')]);
    expect(workingMornings(at9('2023-10-09') - 1, at9('2023-10-10') - 1)).toEqual([at9('2023-10-09')]);
    expect(workingMornings(iso('2023-10-09T00:00:00+08:00'), iso('2023-10-09T23:59:00+08:00'), 14)).toEqual([
      iso('2023-10-09T14:00:00+08:00'),
    ]);
    expect(workingMornings(at9('2023-10-10'), at9('2023-10-09'))).toEqual([]);
  });

  it('nextWorkingMorning is strictly after and skips weekends and holidays', () => {
    expect(nextWorkingMorning(iso('2023-09-28T10:00:00+08:00'))).toBe(iso('2023-10-07T01:00:00Z'));
    expect(nextWorkingMorning(iso('2023-09-28T08:59:00+08:00'))).toBe(at9('2023-09-28'));
    expect(nextWorkingMorning(at9('2023-09-28'))).toBe(at9('2023-10-07'));
    expect(nextWorkingMorning(iso('2023-09-22T10:00:00+08:00'))).toBe(at9('2023-09-25'));
    // an instant given in UTC that is already the next day in Shanghai
    expect(nextWorkingMorning(iso('2023-10-08T16:30:00Z'))).toBe(at9('2023-10-09'));
  });

  it('workingDaysBefore counts back over the 2023 holiday (due 2023-10-10)', () => {
    const due = iso('2023-10-10T18:00:00+08:00');
    expect(workingDaysBefore(due, 1)).toBe(at9('2023-10-09'));
    expect(workingDaysBefore(due, 2)).toBe(at9('2023-10-08'));
    expect(workingDaysBefore(due, 3)).toBe(at9('2023-10-07')); // a 调休 Saturday
    expect(workingDaysBefore(due, 4)).toBe(at9('2023-09-28')); // 09-29..10-06 are holidays
    expect(workingDaysBefore(due, 6)).toBe(at9('2023-09-26'));
    expect(workingDaysBefore(due, 7)).toBe(at9('2023-09-25'));
    // 2023-10-09T16:00Z is 2023-10-10 00:00 in Shanghai: same due day
    expect(workingDaysBefore(iso('2023-10-09T16:00:00Z'), 1)).toBe(at9('2023-10-09'));
    expect(workingDaysBefore(due, 1, 15)).toBe(iso('2023-10-09T15:00:00+08:00'));
    expect(() => workingDaysBefore(due, 0)).toThrow(RangeError);
    expect(() => workingDaysBefore(due, 1.5)).toThrow(RangeError);
  });

  it('workingDaysBetween counts working days strictly between the two days', () => {
    const from = iso('2023-09-28T12:00:00+08:00');
    expect(workingDaysBetween(from, iso('2023-10-10T12:00:00+08:00'))).toBe(3); // 10-07, 10-08, 10-09
    expect(workingDaysBetween(from, iso('2023-10-07T12:00:00+08:00'))).toBe(0);
    expect(workingDaysBetween(from, from)).toBe(0);
    expect(workingDaysBetween(iso('2023-10-10T12:00:00+08:00'), from)).toBe(0);
    expect(workingDaysBetween(iso('2023-09-18T09:00:00+08:00'), iso('2023-09-25T09:00:00+08:00'))).toBe(4);
  });
});

describe('deadlineWarnings', () => {
  it('flags holidays and weekends, not working days', () => {
    expect(
      deadlineWarnings([
        { field: 'reportDeadline', at: '2023-10-01T18:00:00+08:00' },
        { field: 'provinceDeadline', at: '2023-09-24T12:00:00+08:00' },
        { field: 'weekday', at: '2023-09-26T12:00:00+08:00' },
        { field: 'tiaoxiu', at: '2023-10-07T12:00:00+08:00' },
        { field: 'utcGiven', at: '2023-09-30T20:00:00Z' },
      ]),
    ).toEqual([
      {
        field: 'reportDeadline',
        message: '2023-10-01 is a public holiday (国庆节) in Asia/Shanghai; reminders will go out on working days',
      },
      {
        field: 'provinceDeadline',
        message: '2023-09-24 is a Sunday in Asia/Shanghai; reminders will go out on working days',
      },
      {
        field: 'utcGiven',
        message: '2023-10-01 is a public holiday (国庆节) in Asia/Shanghai; reminders will go out on working days',
      },
    ]);
  });

  it('says when a warning is provisional, and flags unparseable timestamps', () => {
    const [provisional, bad] = deadlineWarnings([
      { field: 'a', at: '2027-10-02T12:00:00+08:00' },
      { field: 'b', at: '2023-10-01' },
    ]);
    expect(provisional.message).toMatch(/^2027-10-02 is a public holiday \(国庆节\) in Asia\/Shanghai; .*provisional/);
    expect(bad).toEqual({ field: 'b', message: expect.stringMatching(/not an ISO 8601 timestamp with an explicit offset/) });
    expect(deadlineWarnings([{ field: 'c', at: '2023-09-26T12:00:00+08:00' }])).toEqual([]);
  });
});

describe('host time zone independence', () => {
  // chinese-days parses 'YYYY-MM-DD' as UTC midnight but formats with local getters, so some of its
  // functions shift by a day on hosts west of UTC. The calendar must not: compare a fingerprint
  // computed in child processes under other host zones with the one computed here.
  const fingerprint = `
    const c = require(${JSON.stringify(path.join(__dirname, 'calendar'))});
    const out = {};
    for (let y = 2023; y <= 2030; y++) out['s' + y] = c.statutoryHolidays(y);
    const from = Date.parse('2023-01-01T00:00:00+08:00');
    const to = Date.parse('2027-12-31T23:00:00+08:00');
    out.mornings = c.workingMornings(from, to).length;
    out.sample = ['2023-10-07', '2024-02-09', '2025-10-06', '2026-02-14', '2027-02-05', '2027-04-05']
      .map((d) => c.dayInfo(d));
    out.source = c.CALENDAR_SOURCE;
    process.stdout.write(JSON.stringify(out));
  `;
  const run = (tz: string) =>
    JSON.parse(
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', fingerprint], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      }),
    );

  it.each(['America/New_York', 'Pacific/Pago_Pago', 'Pacific/Kiritimati', 'UTC'])('gives the same answers with TZ=%s', (tz) => {
    const here = run(process.env.TZ ?? 'UTC');
    expect(here.s2027['2027-04-05']).toBe('清明节');
    expect(run(tz)).toEqual(here);
  });
});
