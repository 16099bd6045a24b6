import { findTextProblems, formulaProblem, nameProblem, textProblem } from './text';

describe('textProblem', () => {
  it('accepts text with tabs and line feeds, Chinese, emoji and every other visible character', () => {
    for (const s of ['请补充网络安全科普内容', '第一行\n第二行\t缩进', '😀 科普', '', ' ', 'Ünïcödé', '\u00a0']) expect(textProblem(s)).toBeNull();
  });

  it('refuses NUL and the other C0 controls (but tab and line feed), DEL and C1 controls, naming the character and where it is', () => {
    expect(textProblem('理由\u0000')).toBe('contains the control character U+0000 at character 3; only tab and line feed are allowed');
    for (const c of ['\u0001', '\u0008', '\u000b', '\u000c', '\r', '\u001b', '\u001f', '\u007f', '\u0085', '\u009f']) {
      expect(textProblem(`a${c}b`)).toMatch(/control character U\+00[0-9A-F]{2} at character 2/);
    }
  });

  it('refuses lone surrogates, high or low, and accepts the pairs they belong to', () => {
    expect(textProblem('理由\ud800')).toBe('contains a lone UTF-16 surrogate (U+D800 at character 3); it is not text');
    expect(textProblem('\udc00x')).toMatch(/U\+DC00 at character 1/);
    expect(textProblem('\ud83d\ude00')).toBeNull();
    expect(textProblem('\ude00\ud83d')).toMatch(/lone/);
  });
});

describe('nameProblem', () => {
  it('refuses bidirectional controls in names and titles', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
      expect(nameProblem(`科普${c}日`)).toMatch(/bidirectional control/);
    }
  });

  it('refuses names made only of invisible characters, and accepts names with invisible ones among visible ones', () => {
    for (const s of [' ', '\u200b', '\u200b\u200c\u200d', '\ufeff', '\u3000', '\u2060', '\u3164', '\u2800', '\u0301', '\u00ad']) {
      expect(nameProblem(s)).toBe('must contain a visible character, not only spaces or invisible ones');
    }
    expect(nameProblem('科普\u200b日')).toBeNull();
    expect(nameProblem('河南省科协')).toBeNull();
  });

  it('applies the text rule first', () => {
    expect(nameProblem('名\u0000')).toMatch(/control character/);
  });
});

describe('formulaProblem', () => {
  it('names cells a spreadsheet would run as a formula, also after leading spaces', () => {
    for (const s of ['=1+1', '+86', '-1', '@SUM(A1)', '\t=x', '  =cmd']) expect(formulaProblem(s)).toMatch(/spreadsheets read as a formula/);
    for (const s of ['科普=知识', 'a-b', '2023-09-17T09:00:00+08:00', 'https://x.cn']) expect(formulaProblem(s)).toBeNull();
  });
});

describe('findTextProblems', () => {
  it('walks objects and arrays, values and keys, naming each field like a validation error', () => {
    const body = { comment: '理由\u0000', milestones: { summaryDueAt: 'x\ud800' }, rows: [{ title: 'ok' }, { title: '\u0007' }], ['k\u0000']: 1, n: 5, b: true, z: null };
    expect(findTextProblems(body).map((p) => p.field)).toEqual(['k\\u0000', 'comment', 'milestones.summaryDueAt', 'rows.1.title']);
    expect(findTextProblems('a\u0000', 'prefix')).toEqual([{ field: 'prefix', message: expect.stringContaining('U+0000') }]);
    expect(findTextProblems({ ok: ['a', 'b'] })).toEqual([]);
  });

  it('does not recurse: a value nested 100,000 levels deep is walked on the heap', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findTextProblems(deep)).toHaveLength(1);
  });

  it('refuses keys that name the object model, at any depth', () => {
    const body = JSON.parse('{"__proto__":{"x":1},"a":{"constructor":{"prototype":1}}}');
    expect(findTextProblems(body).map((p) => p.field)).toEqual(['__proto__', 'a.constructor']);
  });

  it('stops after the limit', () => {
    expect(findTextProblems(Array.from({ length: 500 }, () => '\u0000'), '', 10)).toHaveLength(10);
  });
});
