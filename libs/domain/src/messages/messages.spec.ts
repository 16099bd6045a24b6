import { LANGUAGES } from '../contact';
import type { DigestItem, NotificationKind, RenderedMessage } from './index';
import { DIGEST_ITEMS, NOTIFICATION_KINDS, renderDigest, renderNotification, RESULTS_REMINDER_TITLES } from './index';
import { SAMPLE_AGENCIES, SAMPLE_TITLE, SAMPLES, sampleContext } from './samples';

const BAD = /undefined|null|NaN|\[object Object\]/;
const name = (code: string) => SAMPLE_AGENCIES[code] ?? code;

/** Tags open and close in order (void elements aside): a simple, valid HTML body. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, close, tag] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const t = tag.toLowerCase();
    if (['meta', 'br'].includes(t)) continue;
    if (!close) stack.push(t);
    else if (stack.pop() !== t) return false;
  }
  return stack.length === 0;
}

function wellFormed(m: RenderedMessage): void {
  for (const part of [m.subject, m.text, m.html]) expect(part).not.toMatch(BAD);
  expect(m.subject).not.toMatch(/[\r\n]/);
  expect(m.subject.length).toBeGreaterThan(4);
  expect(m.html.startsWith('<!DOCTYPE html>\n<html lang=')).toBe(true);
  expect(balanced(m.html)).toBe(true);
  // Everything between tags is escaped: no stray < or > outside a tag.
  expect(m.html.replace(/<\/?[a-zA-Z][^<>]*>|<!DOCTYPE html>/g, '')).not.toMatch(/[<>]/);
}

describe('every kind, in both languages', () => {
  it('has a sample of every kind', () => {
    expect(new Set(SAMPLES.map((s) => s.kind))).toEqual(new Set(NOTIFICATION_KINDS));
  });

  const cases = LANGUAGES.flatMap((lang) => SAMPLES.map((n) => ({ lang, n, label: `${n.kind}${n.kind === 'phase' ? `:${String(n.data.phase)}` : ''} (${n.role})` })));
  it.each(cases)('$lang: $label renders from its facts, with the link', ({ lang, n }) => {
    const link = 'https://notices.example.org/todo?item=1&x=2';
    const m = renderNotification(lang, n, { ...sampleContext(), link });
    wellFormed(m);
    expect(m.text).toContain(link);
    expect(m.html).toContain('href="https://notices.example.org/todo?item=1&amp;x=2"');
    if (lang === 'zh-CN') {
      expect(m.subject).toMatch(/^【[\u4e00-\u9fff]{2}】/);
      // Bodies by name, never by code.
      expect(`${m.subject}${m.text}`).not.toMatch(/\b(CAST|CAC|MOE|HA_CAST|HA_ZZ_CAST|BJ_CAST)\b/);
    }
  });

  it.each(cases)('$lang: $label without one of its facts falls back, and never prints a missing fact', ({ lang, n }) => {
    for (const key of Object.keys(n.data)) {
      const data = { ...n.data };
      delete data[key];
      wellFormed(renderNotification(lang, { ...n, data }, sampleContext()));
      wellFormed(renderNotification(lang, { ...n, data: { ...n.data, [key]: null } }, sampleContext()));
      wellFormed(renderNotification(lang, { ...n, data: { ...n.data, [key]: Number.NaN } }, sampleContext()));
    }
  });
});

describe('the Chinese texts', () => {
  const zh = (kind: NotificationKind, data: Record<string, unknown>, role: DigestItem['role'] = 'signer') => renderNotification('zh-CN', { kind, role, data }, sampleContext());

  it('urges a co-signer as offices do', () => {
    const m = zh('reminder', { number: 2, version: 1, days: 4, dueAt: '2023-08-02T10:00:00Z' });
    expect(m.subject).toBe('【催办】请于2023年8月2日18:00前会签《关于联合举办2023年全国科普日活动的通知》');
    expect(m.text).toContain('已4天');
    expect(m.text).toContain('（第2次催办）');
  });

  it('asks to co-sign, to acknowledge and tells of a phase, bodies by name', () => {
    expect(zh('co-sign-request', { version: 1, sha256: 'ab', dueAt: '2023-08-02T18:00:00+08:00' }).subject).toBe(`【会签】请于2023年8月2日18:00前会签《${SAMPLE_TITLE}》`);
    expect(zh('notice-delivered', { docNumber: '科协发〔2023〕12号' }, 'recipient').subject).toBe(`【签收】科协发〔2023〕12号《${SAMPLE_TITLE}》`);
    expect(zh('phase', { phase: 'reporting', summaryDueAt: '2023-10-10T00:00:00+08:00' }, 'reporting-unit').subject).toBe(
      `【阶段】《${SAMPLE_TITLE}》集中活动周已结束，请于2023年10月10日前报送总结`,
    );
    const rejected = zh('rejection', { agency: 'CAC', version: 1, comment: '请补充' }, 'secretariat');
    expect(rejected.subject).toBe(`【会签】中央网信办对《${SAMPLE_TITLE}》第1稿提出不同意见`);
    expect(rejected.text).toContain('请补充');
  });

  it('names a moved milestone in words, with both dates', () => {
    const m = zh('milestones-moved', { moved: [{ field: 'milestones.summaryDueAt', from: '2023-10-10T00:00:00+08:00', to: '2023-10-13T18:00:00+08:00' }] }, 'recipient');
    expect(m.text).toContain('总结报送截止时间：由2023年10月10日调整为2023年10月13日18:00');
  });

  it('lists at most 30 bodies and counts the rest', () => {
    const units = Array.from({ length: 300 }, (_, i) => `UNIT_${i}`);
    const m = zh('escalation', { subject: 'summary', dueAt: '2023-10-10T00:00:00+08:00', missing: 300, units }, 'secretariat');
    expect(m.text).toContain('UNIT_29');
    expect(m.text).not.toContain('UNIT_30');
    expect(m.text).toContain('……等300家');
  });
});

describe('rows written before facts', () => {
  it.each(LANGUAGES)('%s: reads the stored reason under the kind’s subject', (lang) => {
    const reason = 'reminder 1: please acknowledge receipt (签收) of the notice';
    const m = renderNotification(lang, { kind: 'ack-reminder', role: 'recipient', data: {}, reason }, sampleContext());
    wellFormed(m);
    expect(m.text).toContain(reason);
    expect(m.subject).toContain(SAMPLE_TITLE);
  });

  it.each(LANGUAGES)('%s: without a reason either, says what kind of message it is', (lang) => {
    for (const kind of NOTIFICATION_KINDS) wellFormed(renderNotification(lang, { kind, role: 'secretariat', data: {} }, sampleContext()));
    wellFormed(renderNotification(lang, { kind: 'notice-delivered', role: 'recipient', data: {}, reason: null }, { ...sampleContext(), campaign: null }));
  });

  it('an unknown kind (a row of a newer release) still renders', () => {
    wellFormed(renderNotification('zh-CN', { kind: 'something-new' as NotificationKind, role: 'recipient', data: { a: 1 }, reason: 'text' }, sampleContext()));
  });
});

describe('escaping', () => {
  const title = '<script>alert("x")</script> & 《科普》';
  it.each(LANGUAGES)('%s: a title with markup is text in the HTML body', (lang) => {
    const ctx = { ...sampleContext(), campaign: { id: 'x', title, docNumber: null } };
    for (const n of SAMPLES) {
      const m = renderNotification(lang, n, ctx);
      expect(m.html).not.toContain('<script>');
      if (n.kind !== 'webhook-disabled') expect(m.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 《科普》');
      expect(balanced(m.html)).toBe(true);
    }
    const comment = renderNotification(lang, { kind: 'rejection', role: 'secretariat', data: { agency: 'CAC', version: 1, comment: '<img src=x onerror=alert(1)>\n第二行' } }, ctx);
    expect(comment.html).not.toContain('<img');
    expect(comment.html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>');
  });

  it('a link that is not http(s) is never made clickable', () => {
    const m = renderNotification('zh-CN', SAMPLES[0], { ...sampleContext(), link: 'javascript:alert(1)' });
    expect(m.html).not.toContain('href=');
  });

  it('a title with a line break keeps the subject one line', () => {
    const m = renderNotification('zh-CN', SAMPLES[0], { ...sampleContext(), campaign: { id: 'x', title: '第一行\r\n第二行', docNumber: null } });
    expect(m.subject).toBe('【会签】请于2023年8月2日18:00前会签《第一行 第二行》');
  });
});

describe('the morning digest', () => {
  const campaign = sampleContext().campaign;
  const item = (i: number, titles = 3): DigestItem => ({
    kind: 'results-reminder',
    role: 'organizer',
    data: { activities: 10_000, titles: Array.from({ length: titles }, (_, k) => `活动${i}-${k}：${'科普'.repeat(20)}`), day: '2023-09-25' },
    campaign,
    link: `https://notices.example.org/items/${i}`,
  });

  it('lists what is pending, each with its link', () => {
    const items: DigestItem[] = [
      { kind: 'ack-reminder', role: 'recipient', data: { reminder: 2, day: '2023-09-25' }, campaign, link: 'https://notices.example.org/items/a' },
      item(1),
      { kind: 'summary-reminder', role: 'reporting-unit', data: { dueAt: '2023-10-10T00:00:00+08:00', workingDaysLeft: 7, day: '2023-09-25' }, campaign, link: 'https://notices.example.org/items/c' },
    ];
    for (const lang of LANGUAGES) {
      const m = renderDigest(lang, { contactName: '王科普', day: '2023-09-25', link: 'https://notices.example.org/todo', items }, name);
      wellFormed(m);
      expect(m.text).toContain('王科普');
      for (const l of ['https://notices.example.org/todo', 'https://notices.example.org/items/a', 'https://notices.example.org/items/1', 'https://notices.example.org/items/c']) {
        expect(m.text).toContain(l);
        expect(m.html).toContain(`href="${l}"`);
      }
    }
    const zh = renderDigest('zh-CN', { contactName: '王科普', day: '2023-09-25', link: 'https://notices.example.org/todo', items }, name);
    expect(zh.subject).toBe('【待办】截至2023年9月25日，您有3项待办事项');
    expect(zh.text).toContain(`1. 【催办】请签收科协发〔2023〕12号《${SAMPLE_TITLE}》`);
    expect(zh.text).toContain(`2. 【催办】请填报《${SAMPLE_TITLE}》中10000项已结束活动的成果（如《活动1-0`);
    expect(zh.text).toContain('等10000项）');
  });

  it('a results item names its first titles only', () => {
    const m = renderDigest('zh-CN', { contactName: '王科普', day: '2023-09-25', link: 'https://notices.example.org/todo', items: [item(7, RESULTS_REMINDER_TITLES)] }, name);
    expect(m.text).toContain('活动7-2');
    expect(m.text).not.toContain('活动7-3');
  });

  it.each(LANGUAGES)('%s: 10,000 pending items, each with 201 titles of facts, make one short mail', (lang) => {
    const items = Array.from({ length: 10_000 }, (_, i) => item(i, RESULTS_REMINDER_TITLES));
    const m = renderDigest(lang, { contactName: '王科普', day: '2023-09-25', link: 'https://notices.example.org/todo', items }, name);
    wellFormed(m);
    expect(m.text.length).toBeLessThan(8_000);
    expect(m.html.length).toBeLessThan(12_000);
    expect(m.text).toContain(`items/${DIGEST_ITEMS - 1}`);
    expect(m.text).not.toContain(`items/${DIGEST_ITEMS}\n`);
    expect(m.text).toContain(lang === 'zh-CN' ? `另有${10_000 - DIGEST_ITEMS}项未列出` : `${10_000 - DIGEST_ITEMS} more items`);
  });
});
