import { dateLine, findDates, yearNear } from './notice-parse-dates';

const anchor2023 = { y: 2023, m: 8, d: 4 };
const anchor2024 = { y: 2024, m: 11, d: 20 };
const one = (text: string, anchor = anchor2023) => {
  const found = findDates(text, anchor);
  expect(found).toHaveLength(1);
  const { kind, start, end, mark, explicitYear } = found[0];
  return { kind, start, end, mark, explicitYear };
};

describe('dates as Chinese notices write them', () => {
  it('a range within a month, with and without the start’s 日, with every dash', () => {
    const week = { kind: 'range', start: { y: 2023, m: 9, d: 17 }, end: { y: 2023, m: 9, d: 23 }, mark: null };
    expect(one('定于2023年9月17-23日在全国各地集中开展')).toEqual({ ...week, explicitYear: true });
    expect(one('定于2023年9月17—23日集中开展')).toEqual({ ...week, explicitYear: true });
    expect(one('9月17日至23日')).toEqual({ ...week, explicitYear: false });
    expect(one('9月17日～9月23日')).toEqual({ ...week, explicitYear: false });
  });

  it('a range across a month and across the year end', () => {
    expect(one('9月29日—10月6日放假').end).toEqual({ y: 2023, m: 10, d: 6 });
    const yearEnd = { start: { y: 2024, m: 12, d: 28 }, end: { y: 2025, m: 1, d: 3 } };
    expect(one('2024年12月28日至2025年1月3日', anchor2024)).toMatchObject(yearEnd);
    expect(one('2024年12月28日至1月3日', anchor2024)).toMatchObject(yearEnd);
    expect(one('12月28日至次年1月3日', anchor2024)).toMatchObject(yearEnd);
    expect(one('12月28日至1月3日', anchor2024)).toMatchObject(yearEnd);
  });

  it('deadlines (前), openings (起), ends (止), and a time printed with the date', () => {
    expect(one('10月10日前，各省级科协')).toMatchObject({ kind: 'point', start: { y: 2023, m: 10, d: 10 }, mark: 'before' });
    expect(one('请于9月28日之前提交')).toMatchObject({ mark: 'before' });
    expect(one('8月21日起，各活动举办单位')).toMatchObject({ start: { y: 2023, m: 8, d: 21 }, mark: 'from' });
    expect(one('即日起至11月30日止')).toMatchObject({ start: { m: 11, d: 30 }, mark: 'until' });
    expect(one('于8月2日18:00前会签')).toMatchObject({ start: { y: 2023, m: 8, d: 2, hh: 18, mm: 0 }, mark: 'before' });
    expect(one('于8月2日17时30分前')).toMatchObject({ start: { hh: 17, mm: 30 } });
    expect(one('于８月２日１８：００前')).toMatchObject({ start: { m: 8, d: 2, hh: 18, mm: 0 } });
  });

  it('a date without a year is the nearest after the notice was written', () => {
    expect(yearNear(anchor2024, 12, 10)).toBe(2024);
    expect(yearNear(anchor2024, 1, 20)).toBe(2025);
    expect(yearNear(anchor2024, 10, 1)).toBe(2024); // shortly before writing: still this year
    expect(yearNear({ y: 2023, m: 8, d: 25 }, 8, 21)).toBe(2023); // Henan printed 4 days after the window opened
    expect(one('12月10日起', anchor2024).start.y).toBe(2024);
    expect(one('1月20日前', anchor2024).start.y).toBe(2025);
  });

  it('no date where there is none: years alone, days that do not exist', () => {
    expect(findDates('《全民科学素质行动规划纲要（2021—2035年）》', anchor2023)).toEqual([]);
    expect(findDates('2023年是开局之年，第二十届', anchor2023)).toEqual([]);
    expect(findDates('2023年2月30日前', anchor2023)).toEqual([]);
    expect(findDates('9月17', anchor2023)).toEqual([]);
  });

  it('a date of writing, in Arabic or Chinese numerals', () => {
    expect(dateLine('2023年8月25日')).toEqual({ y: 2023, m: 8, d: 25 });
    expect(dateLine('   2023 年 8 月 25 日  ')).toEqual({ y: 2023, m: 8, d: 25 });
    expect(dateLine('二〇二三年八月二十五日')).toEqual({ y: 2023, m: 8, d: 25 });
    expect(dateLine('二〇二四年十二月十日')).toEqual({ y: 2024, m: 12, d: 10 });
    expect(dateLine('2023年2月29日')).toBeNull();
    expect(dateLine('2023年8月25日印发')).toBeNull();
  });
});
