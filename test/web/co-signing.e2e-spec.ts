/**
 * The national notice from launch to issuance in the console, as the people do it: 中国科协's
 * secretariat launches campaigns/national-2023.yaml (uploaded, rehearsed from tomorrow) through
 * 发起通知; 中央网信办's signer finds it in 我的待办 and rejects it with a reason (an empty reason is
 * refused beside the field, and nothing is sent); the lead revises the text and reads what changed
 * between the versions; 教育部's signer approves in the console — first on text that was revised
 * meanwhile (the API's STALE_NOTICE shown in Chinese, the new text loaded), then on the new text;
 * the other co-signers approve over the API; the lead signs off in 会签进度 and sees the number.
 * After each step the API is asked what it now holds.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { selectors } from 'playwright-core';
import { seedDefinition } from '../support/definitions';
import type { TestSystem } from '../support/system';
import { shanghaiDate, startIsolatedSystem } from '../support/system';
import type { Person } from '../support/browser';
import { createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

const SPEC = 'co-signing';
const NATIONAL_FILE = path.resolve(__dirname, '..', '..', 'campaigns', 'national-2023.yaml');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('web console: the national notice launched, co-signed and signed off', () => {
  const national = seedDefinition('national-2023');
  const tomorrow = shanghaiDate(1);
  let system: TestSystem;
  let browser: Browser;
  let lead: Person;
  let cac: Person;
  let moe: Person;
  let leadSession: { context: BrowserContext; page: Page };
  let id: string;
  let v2Body: string;
  let v3Body: string;

  const api = (method: string, p: string, token: string, json?: unknown) => system.http.request(method, p, { token, json });
  const leadToken = () => system.token('CAST', 'secretariat');
  const campaign = async () => (await api('GET', `/api/v1/campaigns/${id}`, leadToken())).body;

  beforeAll(async () => {
    // The console marks what tests look for with data-test="…".
    selectors.setTestIdAttribute('data-test');
    // A database of its own: the refused launch is proven by its lead's campaign count, which specs running beside it would change.
    [system, browser] = await Promise.all([startIsolatedSystem(), launchBrowser()]);
    [lead, cac, moe] = await Promise.all([
      createPerson(system, { agency: 'CAST', roles: ['secretariat'], name: '中国科协办公厅 王秘书' }),
      createPerson(system, { agency: 'CAC', roles: ['signer'], name: '中央网信办 李处长' }),
      createPerson(system, { agency: 'MOE', roles: ['signer'], name: '教育部 张老师' }),
    ]);
    leadSession = await logIn(browser, system, lead);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('发起通知 refuses a definition naming an unknown co-signer, in Chinese beside the definition, and launches nothing', async () => {
    const { page } = leadSession;
    const before = (await api('GET', '/api/v1/campaigns', leadToken())).body.length;
    await page.getByRole('navigation').getByText('发起通知').click();
    await page.getByRole('heading', { name: '发起通知' }).waitFor();
    // 科技部 (the 4th co-signer) mistyped as XYZ, pasted rather than uploaded.
    const text = readFileSync(NATIONAL_FILE, 'utf8').replace(/^ {2}- MOST\b.*$/m, '  - XYZ');
    await page.getByLabel('通知定义内容').fill(text);
    await page.getByTestId('preview').getByText('中国科协等21部门关于举办2023年全国科普日活动的通知').waitFor();
    await pickRebaseDate(page, tomorrow);
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '发起通知' }).click();
    expect((await refused).status()).toBe(400);
    const problems = page.getByTestId('definition-problems');
    await problems.getByText('会签单位 · #4：机构目录中没有该单位').waitFor();
    await page.getByTestId('launch-error').getByText('通知未发起').waitFor();
    await screenshot(page, SPEC, 'launch-refused');
    expect(new URL(page.url()).pathname).toBe('/campaigns/new');
    expect((await api('GET', '/api/v1/campaigns', leadToken())).body.length).toBe(before);
  });

  it('中国科协’s secretariat launches it from campaigns/national-2023.yaml, rehearsed from tomorrow', async () => {
    const { page } = leadSession;
    await page.locator('#definition-file').setInputFiles(NATIONAL_FILE);
    await page.getByTestId('file-name').getByText('national-2023.yaml').waitFor();
    expect(await page.getByLabel('通知定义内容').inputValue()).toBe(readFileSync(NATIONAL_FILE, 'utf8'));
    const preview = page.getByTestId('preview');
    await preview.getByText('20 个单位').waitFor();
    await preview.getByText('中央网络安全和信息化委员会办公室').waitFor();
    await pickRebaseDate(page, tomorrow);
    await screenshot(page, SPEC, 'launch');

    const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/campaigns') && r.method() === 'POST');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '发起通知' }).click();
    const body = (await sent).postDataJSON();
    expect(body).toEqual({ ...national, rebaseTo: tomorrow });
    const res = await answered;
    expect(res.status()).toBe(201);
    const launched = await res.json();
    id = launched.id;
    await page.waitForURL(`**/campaigns/${id}/notice`);

    // The notice tab: the text, its version and hash, verified in the browser.
    await page.getByTestId('notice-version').getByText('第 1 版').waitFor();
    await page.getByTestId('hash-verified').waitFor();
    expect(await page.getByTestId('notice-sha').textContent()).toBe(sha256(national.body));
    expect(await page.getByTestId('notice-text').textContent()).toBe(national.body);
    // The launch's warnings, as the API answered them, are shown to the lead (none: nothing shown).
    expect(await page.getByTestId('launch-warnings').count()).toBe(launched.warnings.length ? 1 : 0);
    await page.getByTestId('phase').getByText('会签中').waitFor();
    await screenshot(page, SPEC, 'notice-launched');

    const c = await campaign();
    expect(c).toMatchObject({ phase: 'co-signing', leadAgency: 'CAST', notice: { version: 1, sha256: sha256(national.body) } });
    expect(c.coSign.dueAt).toBe(`${tomorrow}T18:00:00+08:00`);
    expect(c.coSign.signers.map((s: any) => s.agency)).toEqual(national.coSigners);
  });

  it('中央网信办’s signer finds it in 我的待办; an empty reason is refused beside the field and nothing is sent; it rejects with one', async () => {
    const { context, page } = await logIn(browser, system, cac);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    const item = page.getByTestId('todo').locator(`a[href="/campaigns/${id}/notice"]`).first();
    await item.waitFor();
    await screenshot(page, SPEC, 'todo-cac');
    await item.click();
    await page.waitForURL(`**/campaigns/${id}/notice`);
    const decision = page.getByTestId('decision');
    await decision.waitFor();
    await page.getByTestId('hash-verified').waitFor();

    const decisions: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/co-sign/decisions')) decisions.push(r.method());
    });
    await decision.getByRole('button', { name: '不同意（退回修改）' }).click();
    const field = page.locator('.el-form-item', { has: page.locator('#decision-comment') });
    await field.locator('.el-form-item__error').getByText('不同意时须填写意见（理由）').waitFor();
    await screenshot(page, SPEC, 'notice-reject-empty-reason');
    expect(decisions).toEqual([]);
    expect((await campaign()).coSign.signers.find((s: any) => s.agency === 'CAC').status).toBe('pending');

    const reason = '请在“活动内容”中补充网络安全科普内容';
    await page.getByLabel('意见', { exact: true }).fill(reason);
    const answered = page.waitForResponse((r) => r.url().includes('/co-sign/decisions'));
    await decision.getByRole('button', { name: '不同意（退回修改）' }).click();
    const res = await answered;
    expect(res.status()).toBe(200);
    expect(res.request().postDataJSON()).toEqual({ decision: 'reject', noticeSha256: sha256(national.body), comment: reason });
    await page.getByTestId('my-decision').getByText('不同意第 1 版').waitFor();
    await screenshot(page, SPEC, 'notice-rejected');
    expect(decisions).toEqual(['POST']);
    const c = await campaign();
    expect(c.coSign.signers.find((s: any) => s.agency === 'CAC')).toMatchObject({ status: 'rejected', comment: reason, noticeSha256: sha256(national.body) });
    await context.close();
  });

  it('the lead reads the rejection in 会签进度, revises the text in the console and sees what changed between versions 1 and 2', async () => {
    const { page } = leadSession;
    await page.getByRole('tab', { name: '会签进度' }).click();
    await page.waitForURL(`**/campaigns/${id}/co-sign`);
    const row = page.getByTestId('signers').locator('tr', { has: page.locator('[data-agency="CAC"]') });
    await row.getByText('不同意').waitFor();
    await row.getByText('网络安全科普内容').waitFor();
    await page.getByTestId('count-rejected').getByText('1', { exact: true }).waitFor();
    await page.getByTestId('count-pending').getByText('19', { exact: true }).waitFor();
    await page.getByTestId('mode').getByText('同时会签').waitFor();
    expect(await page.getByTestId('sign-off-open').isDisabled()).toBe(true);
    await screenshot(page, SPEC, 'cosign-rejected');

    await page.getByRole('tab', { name: '通知' }).click();
    await page.waitForURL(`**/campaigns/${id}/notice`);
    await page.getByTestId('revise-open').click();
    const editor = page.getByLabel('修改后的正文');
    expect(await editor.inputValue()).toBe(national.body);
    v2Body = national.body.replace('防灾避险、安全生产', '防灾避险、安全生产、网络安全');
    expect(v2Body).not.toBe(national.body);
    await editor.fill(v2Body);
    await page.getByLabel('修改说明').fill('采纳中央网信办意见');
    const answered = page.waitForResponse((r) => r.url().endsWith('/notice/revisions'));
    await page.getByTestId('revise-submit').click();
    expect((await answered).status()).toBe(201);
    await page.getByTestId('notice-version').getByText('第 2 版').waitFor();
    await page.getByTestId('hash-verified').waitFor();
    expect(await page.getByTestId('notice-text').textContent()).toBe(v2Body);

    // What changed: version 1 → 2, the insertion marked in the text.
    await page.getByTestId('diff-summary').getByText('第 1 版 → 第 2 版：1 处修改，新增 5 字，删除 0 字').waitFor();
    const diff = page.getByTestId('notice-diff');
    expect(await diff.locator('ins').allTextContents()).toEqual(['新增：、网络安全']);
    expect(await diff.locator('del').count()).toBe(0);
    await page.getByTestId('versions').getByText('采纳中央网信办意见').waitFor();
    await page.getByTestId('compare').scrollIntoViewIfNeeded();
    await screenshot(page, SPEC, 'notice-revised-diff');

    const c = await campaign();
    expect(c.notice).toMatchObject({ version: 2, sha256: sha256(v2Body) });
    expect(c.coSign.signers.every((s: any) => s.status === 'pending')).toBe(true);
    const v2 = await api('GET', `/api/v1/campaigns/${id}/notice/versions/2`, leadToken());
    expect(v2.body).toMatchObject({ version: 2, body: v2Body, note: '采纳中央网信办意见' });
  });

  it('教育部’s signer approving text revised meanwhile is refused (STALE_NOTICE, in Chinese), reads the new text, then approves it', async () => {
    const { context, page } = await logIn(browser, system, moe);
    await page.goto(`${system.url}/campaigns/${id}/notice`);
    await page.getByTestId('notice-version').getByText('第 2 版').waitFor();
    await page.getByTestId('decision').waitFor();

    // Meanwhile the lead revises again (over the API): the text on 教育部's screen is no longer current.
    v3Body = v2Body.replace('数字素养、知识产权', '数字素养、人工智能素养、知识产权');
    expect(v3Body).not.toBe(v2Body);
    const revised = await api('POST', `/api/v1/campaigns/${id}/notice/revisions`, leadToken(), { body: v3Body, note: '补充人工智能素养' });
    expect(revised.status).toBe(201);

    const stale = page.waitForResponse((r) => r.url().includes('/co-sign/decisions'));
    await page.getByTestId('decision').getByRole('button', { name: '同意', exact: true }).click();
    const refused = await stale;
    expect(refused.status()).toBe(409);
    expect(refused.request().postDataJSON()).toEqual({ decision: 'approve', noticeSha256: sha256(v2Body) });
    await page.getByTestId('stale').getByText('通知正文已被修改，您刚才作出的决定未被接受。已载入最新的第 3 版').waitFor();
    await page.getByTestId('notice-version').getByText('第 3 版').waitFor();
    expect(await page.getByTestId('notice-text').textContent()).toBe(v3Body);
    await page.getByTestId('hash-verified').waitFor();
    await screenshot(page, SPEC, 'notice-stale');
    expect((await campaign()).coSign.signers.find((s: any) => s.agency === 'MOE').status).toBe('pending');

    const approved = page.waitForResponse((r) => r.url().includes('/co-sign/decisions'));
    await page.getByTestId('decision').getByRole('button', { name: '同意', exact: true }).click();
    const res = await approved;
    expect(res.status()).toBe(200);
    expect(res.request().postDataJSON()).toEqual({ decision: 'approve', noticeSha256: sha256(v3Body) });
    await page.getByTestId('my-decision').getByText('已同意第 3 版').waitFor();
    expect(await page.getByTestId('decision').count()).toBe(0);
    await screenshot(page, SPEC, 'notice-approved');
    expect((await campaign()).coSign.signers.find((s: any) => s.agency === 'MOE')).toMatchObject({ status: 'approved', noticeSha256: sha256(v3Body) });
    await context.close();
  });

  it('the other co-signers approve version 3 over the API', async () => {
    const others = national.coSigners.filter((a: string) => a !== 'MOE');
    const results = await Promise.all(
      others.map((agency: string) => api('POST', `/api/v1/campaigns/${id}/co-sign/decisions`, system.token(agency, 'signer'), { decision: 'approve', noticeSha256: sha256(v3Body) })),
    );
    expect(results.map((r) => r.status)).toEqual(others.map(() => 200));
    expect((await campaign()).phase).toBe('awaiting-sign-off');
  });

  it('the lead signs off in 会签进度 (the dialog shows the hash) and sees 科协发〔YYYY〕N号; the API agrees', async () => {
    const { page } = leadSession;
    await page.getByRole('tab', { name: '会签进度' }).click();
    await page.waitForURL(`**/campaigns/${id}/co-sign`);
    // The page was open before the approvals: a reload (as a person would) shows them.
    await page.reload();
    await page.getByTestId('count-approved').getByText('20', { exact: true }).waitFor();
    await page.getByTestId('count-pending').getByText('0', { exact: true }).waitFor();
    await page.getByTestId('sign-off').getByText('各会签单位均已同意当前第 3 版，可以签发。').waitFor();
    const moeRow = page.getByTestId('signers').locator('tr', { has: page.locator('[data-agency="MOE"]') });
    await moeRow.getByText('已同意').waitFor();
    await screenshot(page, SPEC, 'cosign-all-approved');

    await page.getByTestId('sign-off-open').click();
    const dialog = page.getByRole('dialog', { name: '确认签发' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('sign-off-sha').textContent()).toBe(sha256(v3Body));
    await dialog.getByText('科协发').first().waitFor();
    await settled(page);
    await screenshot(page, SPEC, 'sign-off-confirm');
    const answered = page.waitForResponse((r) => r.url().endsWith('/sign-off'));
    await dialog.getByRole('button', { name: '确认签发' }).click();
    const res = await answered;
    expect(res.status()).toBe(200);
    expect(res.request().postDataJSON()).toEqual({ noticeSha256: sha256(v3Body) });
    const { docNumber } = await res.json();
    expect(docNumber).toMatch(/^科协发〔\d{4}〕\d+号$/);

    const shown = page.getByTestId('issued-doc-number');
    await shown.waitFor();
    expect((await shown.textContent())?.trim()).toBe(docNumber);
    // The campaign was reloaded: the shell's header says so too.
    await page.getByTestId('phase').getByText('已印发').waitFor();
    await page.getByTestId('doc-number').getByText(docNumber).waitFor();
    expect(await page.getByTestId('sign-off').count()).toBe(0);
    await screenshot(page, SPEC, 'signed-off');

    const c = await campaign();
    expect(c.phase).toBe('issued');
    expect(c.notice).toMatchObject({ version: 3, sha256: sha256(v3Body), docNumber });
    expect(c.coSign.signOff).toMatchObject({ noticeSha256: sha256(v3Body) });
  });
});

/** Element Plus's transitions have ended (a dialog fully shown, not fading in). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction("!document.querySelector('[class*=\"-enter-active\"], [class*=\"-leave-active\"]')");
}

/** Element Plus's date picker: the day typed as its format shows it, taken with Enter. */
async function pickRebaseDate(page: Page, day: string): Promise<void> {
  const input = page.locator('#rebase-to');
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  expect(await input.inputValue()).toBe(day);
}
