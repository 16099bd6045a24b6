import { enDateTime, shanghaiClock, zhDate, zhDateTime } from './time';

describe('dates as messages write them (Asia/Shanghai)', () => {
  it('writes a deadline as Chinese notices do', () => {
    expect(zhDateTime('2023-08-02T18:00:00+08:00')).toBe('2023年8月2日18:00');
    expect(zhDateTime('2023-08-02T10:00:00Z')).toBe('2023年8月2日18:00');
    expect(zhDateTime('2023-08-02T01:05:00Z')).toBe('2023年8月2日9:05');
    // The start of a day is the day: the seed's "10月10日前".
    expect(zhDateTime('2023-10-10T00:00:00+08:00')).toBe('2023年10月10日');
    expect(zhDateTime('2023-12-31T23:59:59+08:00')).toBe('2023年12月31日23:59');
    expect(zhDateTime(Date.parse('2023-08-02T18:00:00+08:00'))).toBe('2023年8月2日18:00');
  });

  it('writes a day, also one given as YYYY-MM-DD', () => {
    expect(zhDate('2023-09-16T16:00:00Z')).toBe('2023年9月17日');
    expect(zhDate('2023-09-25')).toBe('2023年9月25日');
    expect(zhDateTime('2023-09-25')).toBe('2023年9月25日');
  });

  it('in English, with the zone named', () => {
    expect(enDateTime('2023-08-02T10:00:00Z')).toBe('2023-08-02 18:00 (Beijing time)');
    expect(enDateTime('2023-09-25')).toBe('2023-09-25');
  });

  it('gives back what is not a date as it came, never NaN', () => {
    for (const bad of ['', 'D', 'soon', '2023-13-45']) {
      expect(shanghaiClock(bad)).toBeNull();
      expect(zhDate(bad)).toBe(bad);
      expect(zhDateTime(bad)).toBe(bad);
      expect(enDateTime(bad)).toBe(bad);
    }
    expect(zhDateTime(Number.NaN)).toBe('NaN'); // a number is not a stored fact; shown as is
  });
});
