import { diffNoticeVersions, diffTexts } from './notice-diff';

const V1 = '一、时间和主题\n\n定于2023年9月17-23日集中开展。\n围绕卫生健康、安全生产等热点问题。\n联系人：王晓萌\n';

describe('diffTexts: line by line, and within a line by character', () => {
  it('the same text: every line the same, nothing counted', () => {
    const d = diffTexts(V1, V1);
    expect(d.lines.map((l) => [l.op, l.a, l.b])).toEqual([['same', 1, 1], ['same', 2, 2], ['same', 3, 3], ['same', 4, 4], ['same', 5, 5]]);
    expect(d.stats).toEqual({ added: 0, removed: 0, changed: 0, same: 5 });
  });

  it('a phrase added within a line: one changed line, its characters', () => {
    const d = diffTexts(V1, V1.replace('安全生产', '安全生产、网络安全'));
    expect(d.stats).toEqual({ added: 0, removed: 0, changed: 1, same: 4 });
    expect(d.lines[3]).toEqual({
      op: 'changed',
      a: 4,
      b: 4,
      parts: [
        { op: 'same', text: '围绕卫生健康、安全生产' },
        { op: 'added', text: '、网络安全' },
        { op: 'same', text: '等热点问题。' },
      ],
    });
  });

  it('characters replaced: removed and added parts in reading order', () => {
    const d = diffTexts(V1, V1.replace('9月17-23日', '9月16-22日'));
    const parts = d.lines[2].parts!;
    expect(parts.filter((p) => p.op !== 'same')).toEqual([
      { op: 'removed', text: '7' },
      { op: 'added', text: '6' },
      { op: 'removed', text: '3' },
      { op: 'added', text: '2' },
    ]);
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe('定于2023年9月17-23日集中开展。');
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe('定于2023年9月16-22日集中开展。');
  });

  it('lines added and removed, with the line numbers of each version', () => {
    const v2 = V1.replace('一、时间和主题\n\n', '一、时间和主题\n\n（一）时间。\n\n').replace('联系人：王晓萌\n', '');
    const d = diffTexts(V1, v2);
    expect(d.lines).toEqual([
      { op: 'same', a: 1, b: 1, text: '一、时间和主题' },
      { op: 'same', a: 2, b: 2, text: '' },
      { op: 'added', b: 3, text: '（一）时间。' },
      { op: 'added', b: 4, text: '' },
      { op: 'same', a: 3, b: 5, text: '定于2023年9月17-23日集中开展。' },
      { op: 'same', a: 4, b: 6, text: '围绕卫生健康、安全生产等热点问题。' },
      { op: 'removed', a: 5, text: '联系人：王晓萌' },
    ]);
    expect(d.stats).toEqual({ added: 2, removed: 1, changed: 0, same: 4 });
  });

  it('a paragraph replaced by another is removed and added, not a changed line of noise', () => {
    const d = diffTexts('甲乙丙丁戊己庚辛\n', '子丑寅卯辰巳午未\n');
    expect(d.lines).toEqual([
      { op: 'removed', a: 1, text: '甲乙丙丁戊己庚辛' },
      { op: 'added', b: 1, text: '子丑寅卯辰巳午未' },
    ]);
  });

  it('a text rewritten throughout costs at most about a second: changed lines then come back removed and added', () => {
    let seed = 1;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const from = Array.from({ length: 40 }, () => Array.from({ length: 3000 }, () => String.fromCharCode(0x4e00 + rnd(3000))).join('')).join('\n');
    const to = [...from].map((c) => (c !== '\n' && rnd(2) ? String.fromCharCode(0x4e00 + rnd(3000)) : c)).join('');
    const t0 = Date.now();
    const d = diffTexts(from, to);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(d.stats.same).toBe(0);
    expect(d.stats.changed + d.stats.removed).toBe(40);
  });

  it('never splits a character outside the BMP', () => {
    const d = diffTexts('吉𠮷祥\n', '吉𠮷利祥\n');
    expect(d.lines[0].parts).toEqual([{ op: 'same', text: '吉𠮷' }, { op: 'added', text: '利' }, { op: 'same', text: '祥' }]);
  });
});

describe('diffNoticeVersions: the diff with the revisions’ notes beside it', () => {
  const v = (version: number, note: string | null, body: string) => ({
    version,
    sha256: String(version).repeat(64),
    note,
    createdBy: `u${version}`,
    createdAt: `2023-08-0${version}T10:00:00.000Z`,
    body,
  });
  const history = [v(1, null, V1), v(2, '采纳中央网信办意见', V1.replace('安全生产', '安全生产、网络安全')), v(3, '改期', V1.replace('17-23', '16-22'))];
  const info = history.map(({ body: _body, ...rest }) => rest);

  it('from 1 to 3: the notes of versions 2 and 3, oldest first', () => {
    const d = diffNoticeVersions(history[0], history[2], info);
    expect(d.from).toEqual(info[0]);
    expect(d.to).toEqual(info[2]);
    expect(d.notes).toEqual([
      { version: 2, note: '采纳中央网信办意见', createdBy: 'u2', createdAt: '2023-08-02T10:00:00.000Z' },
      { version: 3, note: '改期', createdBy: 'u3', createdAt: '2023-08-03T10:00:00.000Z' },
    ]);
    expect(d.identical).toBe(false);
    expect(d.stats.changed).toBe(1);
  });

  it('backwards (3 to 2) the same notes between them; a version with itself is identical', () => {
    const back = diffNoticeVersions(history[2], history[1], info);
    expect(back.notes.map((n) => n.version)).toEqual([3]);
    expect(back.stats.changed).toBe(2);
    const same = diffNoticeVersions(history[1], history[1], info);
    expect(same).toMatchObject({ identical: true, notes: [], stats: { added: 0, removed: 0, changed: 0 } });
  });
});
