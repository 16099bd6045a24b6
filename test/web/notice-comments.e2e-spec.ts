/**
 * 意见 in the console: 中央网信办's signer selects a passage of the notice and comments on it
 * (添加意见); 中央宣传部 comments on another over the API; the lead revises the text over the API,
 * moving the first passage and editing the second away; the lead's secretariat sees both on version
 * 2 — the first highlighted where it is now, the second marked 原文已删改 — answers the first and
 * marks it resolved. After each step the API is asked what it now holds.
 */
import type { Browser } from 'playwright-core';
import { selectors } from 'playwright-core';
import { smallDefinition } from '../support/definitions';
import type { TestSystem } from '../support/system';
import { eventually, shanghaiDate, startSystem } from '../support/system';
import type { Person } from '../support/browser';
import { createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

const SPEC = 'notice-comments';
const V1 = '各有关单位：\n一、时间和主题\n定于9月17日至23日集中开展。\n二、活动内容\n围绕卫生健康、安全生产等热点问题开展科普。\n';
const V2 = V1.replace('各有关单位：\n', '各有关单位：\n现将有关事项通知如下。\n').replace('定于9月17日至23日集中开展。', '集中活动时间另行通知。');

/** Selects `quote` in the notice's text as a person dragging over it would, and lets go of the mouse. */
const selectInText = (quote: string) => `(() => {
  const node = document.querySelector('[data-test="notice-text"]').firstChild;
  const i = node.textContent.indexOf(${JSON.stringify(quote)});
  const range = document.createRange();
  range.setStart(node, i);
  range.setEnd(node, i + ${quote.length});
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  node.parentElement.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
})()`;

describe('web console: comments on passages of the notice', () => {
  let system: TestSystem;
  let browser: Browser;
  let lead: Person;
  let cac: Person;
  let id: string;
  const comments = async (q = '') => (await system.http.get(`/api/v1/campaigns/${id}/notice/comments${q}`, system.token('CAST', 'secretariat'))).body;

  beforeAll(async () => {
    selectors.setTestIdAttribute('data-test');
    [system, browser] = await Promise.all([startSystem(), launchBrowser()]);
    [lead, cac] = await Promise.all([
      createPerson(system, { agency: 'CAST', roles: ['secretariat'], name: '中国科协办公厅 王秘书' }),
      createPerson(system, { agency: 'CAC', roles: ['signer'], name: '中央网信办 李处长' }),
    ]);
    const launched = await system.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ title: '意见界面测试通知', docNumberPrefix: '意见界面发', body: V1 }), rebaseTo: shanghaiDate(1) },
      system.token('CAST', 'secretariat'),
    );
    expect(launched.status).toBe(201);
    id = launched.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('中央网信办’s signer selects 安全生产 in the text and comments on it (添加意见)', async () => {
    const { page, context } = await logIn(browser, system, cac);
    await page.goto(`${system.url}/campaigns/${id}`);
    await page.getByTestId('notice-text').waitFor();
    await page.getByTestId('comments').getByText('暂无意见').waitFor();
    await page.evaluate(selectInText('安全生产'));
    await page.getByTestId('comment-add').click();
    const dialog = page.getByTestId('comment-dialog');
    await dialog.getByTestId('comment-dialog-quote').getByText('安全生产').waitFor();
    // An empty comment is refused beside the field, and nothing is sent.
    await dialog.getByTestId('comment-submit').click();
    await dialog.getByText('请填写意见内容').waitFor();
    await page.getByLabel('意见内容').fill('建议补充网络安全科普内容。');
    const sent = page.waitForResponse((r) => r.url().endsWith('/notice/comments') && r.request().method() === 'POST');
    await dialog.getByTestId('comment-submit').click();
    expect((await sent).status()).toBe(201);
    const list = page.getByTestId('comment-list');
    await list.getByText('建议补充网络安全科普内容。').waitFor();
    await list.getByTestId('comment-status').getByText('待解决').waitFor();
    await screenshot(page, SPEC, 'commented');
    const stored = await comments();
    expect(stored.comments).toEqual([
      expect.objectContaining({ version: 1, quote: '安全生产', start: Array.from(V1.slice(0, V1.indexOf('安全生产'))).length, agency: 'CAC', text: '建议补充网络安全科普内容。', status: 'open' }),
    ]);
    // The passage is highlighted in the text (the CSS Custom Highlight the console registered).
    expect(await page.evaluate<number>(`CSS.highlights.get('notice-comment').size + CSS.highlights.get('notice-comment-active').size`)).toBe(1);
    await context.close();
  });

  it('after a revision the lead sees the comment where its passage is now, and another marked 原文已删改; answers and resolves', async () => {
    const dates = V1.indexOf('定于9月17日至23日集中开展。');
    const cpd = await system.http.post(
      `/api/v1/campaigns/${id}/notice/comments`,
      { version: 1, start: dates, end: dates + '定于9月17日至23日集中开展。'.length, quote: '定于9月17日至23日集中开展。', text: '时间请与各地再核实。' },
      system.token('CPD', 'signer'),
    );
    expect(cpd.status).toBe(201);
    expect((await system.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: V2, note: '时间另行通知' }, system.token('CAST', 'secretariat'))).status).toBe(201);
    await eventually(async () => expect((await comments()).version).toBe(2));

    const { page, context } = await logIn(browser, system, lead);
    await page.goto(`${system.url}/campaigns/${id}`);
    await page.getByTestId('notice-version').getByText('第 2 版').waitFor();
    const list = page.getByTestId('comment-list');
    await list.getByText('时间请与各地再核实。').waitFor();
    const safety = list.locator('[data-comment]').filter({ hasText: '建议补充网络安全科普内容。' });
    const stale = list.locator('[data-comment]').filter({ hasText: '时间请与各地再核实。' });
    await stale.getByTestId('comment-stale').getByText('原文已删改').waitFor();
    await safety.getByText('对第 1 版的意见').waitFor();
    expect(await safety.getByTestId('comment-stale').count()).toBe(0);
    await page.waitForFunction(`CSS.highlights.get('notice-comment')?.size === 1`);
    await screenshot(page, SPEC, 'carried-to-v2');

    await safety.getByTestId('reply-text').fill('拟在第二部分补充。');
    const replied = page.waitForResponse((r) => r.url().endsWith('/replies') && r.request().method() === 'POST');
    await safety.getByTestId('reply-send').click();
    expect((await replied).status()).toBe(201);
    await safety.getByText('拟在第二部分补充。').waitFor();

    await safety.getByTestId('resolve').click();
    await page.getByTestId('resolve-dialog').getByLabel('处理说明（可选）').fill('已采纳，见第2稿。');
    const resolved = page.waitForResponse((r) => r.url().endsWith('/resolve'));
    await page.getByTestId('resolve-confirm').click();
    expect((await resolved).status()).toBe(200);
    await safety.getByTestId('comment-status').getByText('已解决').waitFor();
    await screenshot(page, SPEC, 'resolved');

    const now = await comments();
    const answered = now.comments.find((c: { quote: string }) => c.quote === '安全生产');
    expect(answered).toMatchObject({ status: 'resolved', stale: false, anchor: { version: 2 } });
    expect(answered.replies.map((r: { text: string }) => r.text)).toEqual(['拟在第二部分补充。', '已采纳，见第2稿。']);
    expect(now.counts).toEqual({ open: 1, resolved: 1, stale: 1 });
    await context.close();
  });
});
