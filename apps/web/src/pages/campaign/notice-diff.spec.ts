/**
 * What 通知 marks as changed between two versions (jest; the console's code runs here untouched:
 * no browser needed for a diff). `@jest/globals` because the console's own type-check knows no jest.
 */
import { describe, expect, it } from '@jest/globals';
import { noticeDiff } from './notice-diff';

describe('noticeDiff', () => {
  it('marks a Chinese insertion by characters, with the text around it', () => {
    const d = noticeDiff('围绕卫生健康、防灾避险、安全生产等公众普遍关注的热点问题', '围绕卫生健康、防灾避险、安全生产、网络安全等公众普遍关注的热点问题');
    expect(d.coarse).toBe(false);
    expect(d.parts.filter((p) => p.kind === 'added').map((p) => p.value)).toEqual(['、网络安全']);
    expect(d.parts.some((p) => p.kind === 'removed')).toBe(false);
    expect({ added: d.added, removed: d.removed }).toEqual({ added: 5, removed: 0 });
    expect(d.changes).toEqual([{ before: '健康、防灾避险、安全生产', removed: '', added: '、网络安全', after: '等公众普遍关注的热点问题' }]);
    // The full text is the new version with the removed parts marked in it.
    expect(d.parts.filter((p) => p.kind !== 'removed').map((p) => p.value).join('')).toContain('安全生产、网络安全等');
  });

  it('counts a replacement as one change, deletion and insertion together, and links its first part', () => {
    const d = noticeDiff('各地召开座谈会。', '各地举办报告会。');
    expect(d.changes).toEqual([{ before: '各地', removed: '召开座谈', added: '举办报告', after: '会。' }]);
    expect({ added: d.added, removed: d.removed }).toEqual({ added: 4, removed: 4 });
    const marked = d.parts.filter((p) => p.kind !== 'same');
    expect(marked.every((p) => p.change === 0)).toBe(true);
    expect(marked.filter((p) => p.first)).toHaveLength(1);
  });

  it('says when two versions are the same text', () => {
    const d = noticeDiff('各有关单位：', '各有关单位：');
    expect(d).toMatchObject({ changes: [], added: 0, removed: 0 });
  });

  it('counts characters, not UTF-16 units (an astral character is one)', () => {
    expect(noticeDiff('甲', '甲𠀀').added).toBe(1);
  });

  it('compares a text rewritten throughout by lines, and says so', () => {
    const a = Array.from({ length: 400 }, (_, i) => `第${i}段：${'甲乙丙丁'.repeat(6)}`).join('\n');
    const b = Array.from({ length: 400 }, (_, i) => `第${i}段：${'子丑寅卯'.repeat(6)}`).join('\n');
    const d = noticeDiff(a, b);
    expect(d.coarse).toBe(true);
    expect(d.parts.filter((p) => p.kind !== 'added').map((p) => p.value).join('')).toBe(a);
    expect(d.parts.filter((p) => p.kind !== 'removed').map((p) => p.value).join('')).toBe(b);
  });
});

describe('noticeDiff keeps both texts whole', () => {
  it.each([
    ['lines added after the end', '甲\n乙', '甲\n乙\n丙\n丁'],
    ['lines removed at the end', '甲\n乙\n丙', '甲'],
    ['a line edited in the middle', '甲\n安全生产等\n丙', '甲\n安全生产、网络安全等\n丙'],
    ['a line replaced at the start', '完全不同的一行\n乙', '另外一句话全部重写\n乙'],
  ])('%s', (_, a, b) => {
    const d = noticeDiff(a, b);
    expect(d.parts.filter((p) => p.kind !== 'added').map((p) => p.value).join('')).toBe(a);
    expect(d.parts.filter((p) => p.kind !== 'removed').map((p) => p.value).join('')).toBe(b);
  });
});
