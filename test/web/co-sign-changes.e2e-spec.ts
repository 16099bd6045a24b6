/**
 * 会签调整 in the console (issue 12), as 中国科协's secretariat does it on 会签进度 while co-signing
 * is on: 加签 of 科技部 from the directory at place 1, 减签 of 中央网信办 with a reason (an empty
 * reason refused beside the field), the deadline moved, 催办 of 中央宣传部 with a message — and a
 * second 催办 the same working day refused in Chinese with when the next is possible. After each
 * step the API is asked what it holds. The campaign is launched over the API.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { selectors } from 'playwright-core';
import { smallDefinition } from '../support/definitions';
import type { TestSystem } from '../support/system';
import { eventually, shanghaiDate, startSystem } from '../support/system';
import type { Person } from '../support/browser';
import { createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

const SPEC = 'co-sign-changes';

describe('web console: co-signing changed in flight by the lead', () => {
  let system: TestSystem;
  let browser: Browser;
  let lead: Person;
  let session: { context: BrowserContext; page: Page };
  let id: string;
  const leadToken = () => system.token('CAST', 'secretariat');
  const campaign = async () => (await system.http.get(`/api/v1/campaigns/${id}`, leadToken())).body;

  beforeAll(async () => {
    selectors.setTestIdAttribute('data-test');
    [system, browser] = await Promise.all([startSystem(), launchBrowser()]);
    lead = await createPerson(system, { agency: 'CAST', roles: ['secretariat'], name: '中国科协办公厅 王秘书' });
    const launched = await system.http.post('/api/v1/campaigns', { ...smallDefinition({ coSigners: ['CPD', 'CAC'], docNumberPrefix: '网页调整发' }), rebaseTo: shanghaiDate(7) }, leadToken());
    expect(launched.status).toBe(201);
    id = launched.body.id;
    session = await logIn(browser, system, lead);
    await session.page.goto(`${system.url}/campaigns/${id}/co-sign`);
    await session.page.getByTestId('cosign-manage').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('加签: 科技部 chosen from the directory, first in the order', async () => {
    const { page } = session;
    const manage = page.getByTestId('cosign-manage');
    await manage.getByTestId('add-signer-agency').click();
    await page.keyboard.type('科学技术部');
    await page.getByRole('option', { name: /中华人民共和国科学技术部/ }).click();
    await manage.getByTestId('add-signer-order').click();
    await page.getByRole('option', { name: '第 1 位' }).click();
    const added = page.waitForResponse((r) => r.url().endsWith('/co-sign/signers') && r.request().method() === 'POST');
    await manage.getByTestId('add-signer-submit').click();
    expect((await added).status()).toBe(201);
    await manage.getByTestId('manage-signers').locator('[data-agency="MOST"]').waitFor();
    expect((await campaign()).coSign.signers.map((s: any) => `${s.order}:${s.agency}`)).toEqual(['1:MOST', '2:CPD', '3:CAC']);
    await screenshot(page, SPEC, 'added');
  });

  it('减签: 中央网信办 with a reason; an empty one is refused beside the field', async () => {
    const { page } = session;
    await page.getByTestId('remove-CAC').click();
    const dialog = page.getByTestId('remove-dialog');
    const refused = page.waitForResponse((r) => r.url().endsWith('/co-sign/signers/CAC'));
    await dialog.getByTestId('remove-confirm').click();
    expect((await refused).status()).toBe(400);
    await dialog.getByText('原因').first().waitFor();
    await dialog.getByTestId('remove-error').waitFor();
    await dialog.getByLabel('减签原因').fill('经研究，本次活动不涉及该单位职责');
    const removed = page.waitForResponse((r) => r.url().endsWith('/co-sign/signers/CAC'));
    await dialog.getByTestId('remove-confirm').click();
    expect((await removed).status()).toBe(200);
    await page.getByTestId('removed').getByText(/中央网络安全和信息化委员会办公室.*经研究，本次活动不涉及该单位职责/).waitFor();
    expect((await campaign()).coSign.removed).toMatchObject([{ agency: 'CAC', reason: '经研究，本次活动不涉及该单位职责' }]);
    await screenshot(page, SPEC, 'removed');
  });

  it('the deadline moved two days later', async () => {
    const { page } = session;
    const due = `${shanghaiDate(9)} 18:00:00`;
    const input = page.locator('#cosign-due');
    await input.fill(due);
    await input.press('Enter');
    const moved = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${id}/co-sign`) && r.request().method() === 'PATCH');
    await page.getByTestId('move-deadline-submit').click();
    expect((await moved).status()).toBe(200);
    await eventually(async () => expect((await campaign()).coSign.dueAt).toBe(`${shanghaiDate(9)}T18:00:00+08:00`));
    await page.getByTestId('due').getByText(`${shanghaiDate(9)} 18:00`).waitFor();
  });

  it('催办 of 中央宣传部 with a message; a second the same working day is refused with when the next is possible', async () => {
    const { page } = session;
    await page.getByTestId('urge-CPD').click();
    const dialog = page.getByTestId('urge-dialog');
    await dialog.getByLabel('催办留言（可选）').fill('请于今日下班前反馈意见');
    const urged = page.waitForResponse((r) => r.url().endsWith('/co-sign/urge'));
    await dialog.getByTestId('urge-confirm').click();
    expect((await urged).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    const reminders = (await system.http.get(`/api/v1/campaigns/${id}/reminders`, leadToken())).body.entries;
    expect(reminders.map((r: any) => [r.kind, r.to.agency])).toEqual([['co-sign-urge', 'CPD']]);

    await page.getByTestId('urge-CPD').click();
    const again = page.waitForResponse((r) => r.url().endsWith('/co-sign/urge'));
    await dialog.getByTestId('urge-confirm').click();
    expect((await again).status()).toBe(429);
    await dialog.getByTestId('urge-error').getByText(/今日已催办过，每个单位每个工作日只能催办一次，下次可于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 起催办/).waitFor();
    await screenshot(page, SPEC, 'urge-limited');
  });
});
