import { anchorPassages, codePoints, excerpt, offsetMapper, passageProblems, shownInVersion } from './notice-comments';

const V1 = '各有关单位：\n一、时间和主题\n定于9月17日至23日集中开展。\n围绕卫生健康、安全生产等热点问题开展科普。\n';

/** The passage of `text` where `quote` first occurs (after `from`, in code points). */
function passage(text: string, quote: string, from = 0) {
  const chars = codePoints(text);
  for (let i = from; i <= chars.length - codePoints(quote).length; i++) {
    if (chars.slice(i, i + codePoints(quote).length).join('') === quote) return { start: i, end: i + codePoints(quote).length, quote };
  }
  throw new Error(`${quote} not in text`);
}
const at = (text: string, span: { start: number; end: number } | null) => (span ? codePoints(text).slice(span.start, span.end).join('') : null);

describe('a passage of a version', () => {
  it('is accepted when the quote is the text at its offsets', () => {
    expect(passageProblems(V1, 1, passage(V1, '安全生产'))).toEqual([]);
  });

  it('counts code points, not UTF-16 units: a character outside the BMP is one', () => {
    const text = '𠀀𠀁科普日𠀂';
    expect(passageProblems(text, 1, { start: 2, end: 5, quote: '科普日' })).toEqual([]);
    expect(passageProblems(text, 1, { start: 5, end: 6, quote: '𠀂' })).toEqual([]);
    // UTF-16 offsets would be 4–7: here they point past the passage.
    expect(passageProblems(text, 1, { start: 4, end: 7, quote: '科普日' }).map((p) => p.field)).toEqual(['end']);
  });

  it('names the quote that is not what the text says there, and quotes the text', () => {
    const [p] = passageProblems(V1, 2, { start: 0, end: 5, quote: '各有关部门' });
    expect(p.field).toBe('quote');
    expect(p.message).toContain('“各有关单位”');
    expect(p.message).toContain('version 2');
  });

  it('names offsets out of range or the wrong way round', () => {
    const n = codePoints(V1).length;
    expect(passageProblems(V1, 1, { start: n, end: n + 1, quote: 'x' }).map((p) => p.field)).toEqual(['start', 'end']);
    expect(passageProblems(V1, 1, { start: 0, end: n + 1, quote: V1 + 'x' }).map((p) => p.field)).toEqual(['end']);
    expect(passageProblems(V1, 1, { start: 3, end: 3, quote: '' }).map((p) => p.field)).toEqual(['end']);
    expect(passageProblems(V1, 1, { start: 5, end: 2, quote: 'x' }).map((p) => p.field)).toEqual(['end']);
    expect(passageProblems(V1, 1, { start: -1, end: 2, quote: 'x' }).map((p) => p.field)).toEqual(['start']);
  });

  it('is cut short in messages', () => {
    expect(excerpt('一二三', 2)).toBe('一二…');
    expect(excerpt('一二', 2)).toBe('一二');
  });
});

describe('anchoring a passage in a later version', () => {
  it('exact: the same text keeps the same offsets', () => {
    const p = passage(V1, '安全生产');
    expect(anchorPassages(V1, V1, [p])).toEqual([{ start: p.start, end: p.end }]);
  });

  it('moved: text inserted before it shifts it, and it is found where it is now', () => {
    const V2 = V1.replace('各有关单位：\n', '各有关单位：\n现将有关事项通知如下。\n');
    const p = passage(V1, '安全生产');
    const [span] = anchorPassages(V1, V2, [p]);
    expect(span!.start).toBe(p.start + codePoints('现将有关事项通知如下。\n').length);
    expect(at(V2, span)).toBe('安全生产');
  });

  it('moved: a paragraph moved elsewhere in the text is found there', () => {
    const V2 = '围绕卫生健康、安全生产等热点问题开展科普。\n各有关单位：\n一、时间和主题\n定于9月17日至23日集中开展。\n';
    const [span] = anchorPassages(V1, V2, [passage(V1, '9月17日至23日')]);
    expect(at(V2, span)).toBe('9月17日至23日');
    expect(span!.start).toBe(passage(V2, '9月17日至23日').start);
  });

  it('kept within an edited sentence: words added beside it do not lose it', () => {
    const V2 = V1.replace('安全生产', '安全生产、网络安全');
    const p = passage(V1, '卫生健康、安全生产');
    expect(at(V2, anchorPassages(V1, V2, [p])[0])).toBe('卫生健康、安全生产');
  });

  it('edited away: the passage changed, so there is no anchor', () => {
    const V2 = V1.replace('安全生产', '生产安全');
    expect(anchorPassages(V1, V2, [passage(V1, '安全生产')])).toEqual([null]);
    const V3 = V1.replace('定于9月17日至23日集中开展。\n', '');
    expect(anchorPassages(V1, V3, [passage(V1, '9月17日')])).toEqual([null]);
  });

  it('repeated passages: each stays on its own occurrence when text is inserted before both', () => {
    const text = '第一段：请各省科协组织开展。\n第二段：请各省科协组织开展。\n';
    const first = passage(text, '各省科协');
    const second = passage(text, '各省科协', first.end);
    const V2 = `前言。\n${text}`;
    const [a, b] = anchorPassages(text, V2, [first, second]);
    expect(a).toEqual({ start: first.start + 4, end: first.end + 4 });
    expect(b).toEqual({ start: second.start + 4, end: second.end + 4 });
  });

  it('repeated passages: when its own occurrence is edited away, the nearest other occurrence is taken', () => {
    const text = '甲：各省科协组织开展。\n乙：各省科协组织开展。\n丙：各省科协组织开展。\n';
    const occurrences = [0, 1, 2].reduce<{ start: number; end: number; quote: string }[]>((acc) => [...acc, passage(text, '各省科协', acc.length ? acc[acc.length - 1].end : 0)], []);
    const V2 = text.replace('丙：各省科协', '丙：各市科协');
    const [span] = anchorPassages(text, V2, [occurrences[2]]);
    expect(span).toEqual({ start: occurrences[1].start, end: occurrences[1].end });
  });

  it('counts code points in the new text too', () => {
    const text = '请𠀀科协组织开展。';
    const V2 = `𠀁𠀂${text}`;
    const [span] = anchorPassages(text, V2, [passage(text, '科协')]);
    expect(span).toEqual({ start: 4, end: 6 });
    expect(at(V2, span)).toBe('科协');
  });

  it('texts rewritten throughout (beyond the edit bound) still anchor by the quote', () => {
    const a = Array.from({ length: 6000 }, (_, i) => String.fromCodePoint(0x4e00 + (i % 500))).join('');
    const b = Array.from({ length: 6000 }, (_, i) => String.fromCodePoint(0x5e00 + (i % 500))).join('') + '安全生产' + a.slice(0, 10);
    const p = { start: 0, end: 10, quote: a.slice(0, 10) };
    expect(at(b, anchorPassages(a, b, [p])[0])).toBe(a.slice(0, 10));
    const map = offsetMapper(codePoints(a), codePoints(b));
    expect(map(0)).toBe(0);
  });
});

describe('which comments a version shows', () => {
  const v2At = '2026-05-02T10:00:00+08:00';
  it('its own, open or resolved', () => {
    expect(shownInVersion({ version: 2, resolvedAt: null }, 2, v2At)).toBe(true);
    expect(shownInVersion({ version: 2, resolvedAt: '2026-05-03T10:00:00+08:00' }, 2, v2At)).toBe(true);
  });
  it('an earlier version’s still open when the version was made, and not one resolved before', () => {
    expect(shownInVersion({ version: 1, resolvedAt: null }, 2, v2At)).toBe(true);
    expect(shownInVersion({ version: 1, resolvedAt: '2026-05-03T10:00:00+08:00' }, 2, v2At)).toBe(true);
    expect(shownInVersion({ version: 1, resolvedAt: '2026-05-01T10:00:00+08:00' }, 2, v2At)).toBe(false);
  });
  it('never a later version’s', () => {
    expect(shownInVersion({ version: 3, resolvedAt: null }, 2, v2At)).toBe(false);
  });
});
