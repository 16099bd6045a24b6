import { dayOrIsoProblem, dayProblem, filterBound, isoProblem, parseIsoWithOffset, splitIso } from './iso';

describe('isoProblem: the one rule of a date-time', () => {
  it('accepts real date-times with an offset in the years 2000–2099', () => {
    for (const s of ['2023-08-21T09:00:00+08:00', '2023-08-21T09:00+08:00', '2023-09-17T01:00:00.5Z', '2024-02-29T23:59:59.999-05:30', '2099-12-31T23:59:59+08:00', '2000-01-01T00:00:00+08:00']) {
      expect(isoProblem(s)).toBeNull();
    }
  });

  it('refuses other shapes: no offset, +0800, lowercase z, a space, a bare day, seconds fractions beyond milliseconds', () => {
    for (const s of ['2023-08-21T09:00:00', '2023-08-21T09:00:00+0800', '2023-08-21T09:00:00z', '2023-08-21 09:00:00+08:00', '2023-08-21', '2023-08-21T09:00:00.1234Z', 42, null]) {
      expect(isoProblem(s)).toMatch(/^must be an ISO 8601 date-time with an offset/);
    }
  });

  it('refuses days and times that do not exist, and offsets beyond ±14:00', () => {
    for (const s of ['2027-02-30T00:00:00+08:00', '2023-02-29T09:00+08:00', '2023-13-01T00:00+08:00', '2023-09-17T24:00+08:00', '2023-09-17T09:60+08:00', '2023-09-17T09:00:60+08:00', '2023-09-17T09:00+14:30', '2023-09-17T09:00+15:00']) {
      expect(isoProblem(s)).toMatch(/^must be a real date and time/);
    }
  });

  it('refuses years the calendar cannot hold, judged in Asia/Shanghai', () => {
    expect(isoProblem('9999-12-31T23:59:59-14:00')).toMatch(/^must fall between the years 2000 and 2099/);
    expect(isoProblem('0000-01-01T00:00:00Z')).toMatch(/^must fall between/);
    expect(isoProblem('1999-12-31T16:00:00Z')).toBeNull(); // 2000-01-01 00:00 in Shanghai
    expect(isoProblem('1999-12-31T15:59:59Z')).toMatch(/^must fall between/);
    expect(isoProblem('2099-12-31T12:00:00-14:00')).toMatch(/^must fall between/); // 2100-01-01 in Shanghai
  });
});

describe('dayProblem and dayOrIsoProblem', () => {
  it('a day is YYYY-MM-DD, real, in the years', () => {
    expect(dayProblem('2026-12-01')).toBeNull();
    expect(dayProblem('2026/12/01')).toMatch(/^must be a date YYYY-MM-DD/);
    expect(dayProblem('2027-13-01')).toBe('must be a real date: 2027-13-01 does not exist');
    expect(dayProblem('2027-02-29')).toMatch(/does not exist/);
    expect(dayProblem('0000-01-01')).toMatch(/^must fall between the years 2000 and 2099/);
  });

  it('a filter bound is either', () => {
    expect(dayOrIsoProblem('2023-09-17')).toBeNull();
    expect(dayOrIsoProblem('2023-09-17T09:00:00+08:00')).toBeNull();
    expect(dayOrIsoProblem('0000-01-01')).toMatch(/between the years/);
    expect(dayOrIsoProblem('9999-12-31T23:59:59-14:00')).toMatch(/between the years/);
    expect(dayOrIsoProblem('yesterday')).toMatch(/^must be a date YYYY-MM-DD, e.g. 2023-09-17 or an ISO 8601/);
  });
});

describe('parseIsoWithOffset, splitIso, filterBound', () => {
  it('agrees with Date.parse, and reads years below 100 as themselves', () => {
    expect(parseIsoWithOffset('2023-09-17T09:00:00+08:00')).toBe(Date.parse('2023-09-17T09:00:00+08:00'));
    expect(new Date(parseIsoWithOffset('0050-01-01T00:00:00Z')!).getUTCFullYear()).toBe(50);
  });

  it('splits a date-time into its day, time of day and offset as written', () => {
    expect(splitIso('2023-08-21T09:00:00.5+08:00')).toEqual({ day: '2023-08-21', time: '09:00:00.5', offset: '+08:00' });
    expect(splitIso('2023-08-21T09:00Z')).toEqual({ day: '2023-08-21', time: '09:00', offset: 'Z' });
    expect(splitIso('2023-08-21')).toBeNull();
  });

  it('a day covers the whole day in Asia/Shanghai', () => {
    expect(new Date(filterBound('2023-09-17', 'from')!).toISOString()).toBe('2023-09-16T16:00:00.000Z');
    expect(filterBound('2023-02-30', 'from')).toBeNull();
  });
});
