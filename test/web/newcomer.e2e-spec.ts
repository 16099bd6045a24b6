/**
 * The README's console walk-through, as a newcomer does it, in the browser only (no curl, no
 * minted token): the administrator creates the accounts of 中国科协's secretariat and of two
 * co-signers (教育部, 中央网信办) and of 河南省科协 and its co-signer (河南省教育厅) on the 用户 page;
 * 中国科协's secretariat launches the national notice from campaigns/national-2023.yaml, keeping
 * those two co-signers (a rehearsal), from 发起通知; the co-signers approve from 我的待办; the lead
 * signs off and sees 科协发〔YYYY〕N号; 河南省科协 acknowledges, relays it through the form with
 * 河南省教育厅 as its co-signer, who approves, and signs it off: 豫科协发〔YYYY〕N号. The README's
 * screenshots of the console (docs/console/) are this spec's (test-artifacts/screenshots/newcomer/).
 * The API is asked only to confirm what the pages said.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { TestSystem } from '../support/system';
import { shanghaiDate, startIsolatedSystem } from '../support/system';
import type { Person } from '../support/browser';
import { accessibilityViolations, createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

const SPEC = 'newcomer';
const NATIONAL_FILE = path.resolve(__dirname, '..', '..', 'campaigns', 'national-2023.yaml');
const KEEP = ['CAC', 'MOE'];

/** The definition with only the co-signers a rehearsal keeps: the other lines of `coSigners:` deleted. */
function withCoSigners(yaml: string, keep: string[]): string {
  return yaml.replace(/^coSigners:\n((?: {2}- .*\n)+)/m, (_, list: string) => `coSigners:\n${list.split('\n').filter((l) => keep.some((k) => new RegExp(`^ {2}- ${k}\\b`).test(l))).join('\n')}\n`);
}

describe('web console: the newcomer’s walk-through, from the administrator to an issued relay', () => {
  let system: TestSystem;
  let browser: Browser;
  let admin: Person;
  const people: Record<string, Person> = {};
  let nationalId = '';
  let docNumber = '';

  const asAdmin = () => system.token('CAST', 'admin');
  /** Every page the walk-through shows, checked for the basics a screen reader and a keyboard need. */
  const violations: string[] = [];
  async function snap(page: Page, name: string): Promise<void> {
    await screenshot(page, SPEC, name);
    violations.push(...(await accessibilityViolations(page)).map((v) => `${name}: ${v}`));
  }

  beforeAll(async () => {
    // A database of its own: 科协发's and 豫科协发's numbers start where a fresh system's do.
    [system, browser] = await Promise.all([startIsolatedSystem(), launchBrowser()]);
    // The first start's administrator (admin, 中国科协, admin + secretariat), made as the bootstrap makes it.
    admin = await createPerson(system, { agency: 'CAST', roles: ['admin', 'secretariat'], name: '平台管理员', login: `admin-${process.pid}` });
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('shows no page of the walk-through with an unlabelled control, a nameless button or link, or text below WCAG AA contrast (axe-core)', () => {
    expect(violations).toEqual([]);
  });

  async function createInUi(page: Page, p: { login: string; name: string; agency: string; agencyName: string; roles: string[]; password: string }): Promise<Person> {
    await page.locator('[data-test=create-user]').click();
    const d = page.getByRole('dialog', { name: '新建用户' });
    await d.waitFor();
    await d.getByLabel('账号').fill(p.login);
    await d.getByLabel('姓名').fill(p.name);
    await d.locator('#user-agency').click();
    await page.keyboard.type(p.agency);
    await page.getByRole('option', { name: `${p.agencyName}（${p.agency}）`, exact: true }).click();
    for (const role of ['秘书处', '会签人', '收文人', '管理员']) {
      const box = d.locator('.el-checkbox').filter({ hasText: role });
      if (!(await box.count())) continue;
      const checked = (await box.getAttribute('class'))!.includes('is-checked');
      if (checked !== p.roles.includes(role)) await box.click();
    }
    await d.getByLabel('初始密码').fill(p.password);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
    await d.locator('[data-test=save-user]').click();
    expect((await answered).status()).toBe(201);
    await d.waitFor({ state: 'hidden' });
    await page.locator('[data-test=users] tr').filter({ hasText: p.login }).waitFor();
    return { login: p.login, password: p.password, agency: p.agency, roles: [], name: p.name };
  }

  /**
   * Chooses `name` in the relay form's select `field` as a keyboard user does: typed into its filter,
   * the one option left highlighted with ↓ and taken with Enter, the list closed, the tag shown. A
   * click on the option raced the list: it opens above the field (little room below it), zooming
   * in, and moves as the filter shrinks it — under CI's load the click once landed beside it, and
   * nothing was chosen.
   */
  async function pick(page: Page, field: string, name: string): Promise<void> {
    const select = page.locator(`[data-test=${field}]`);
    const input = select.locator('input');
    await select.locator('.el-select__wrapper').click();
    await input.fill(name);
    const list = page.locator(`#${await input.getAttribute('aria-controls')}`); // its own list, not one still closing
    await list.getByRole('option', { name, exact: true }).waitFor();
    expect((await list.getByRole('option').allTextContents()).map((s) => s.trim())).toEqual([name]);
    await input.press('ArrowDown');
    await input.press('Enter');
    await page.locator('#relay-form-title').click(); // closes the list
    await select.locator('.el-select__tags-text', { hasText: name }).waitFor();
  }

  /** A person opens 我的待办, takes the item for `campaignId` and approves the text on screen. */
  async function approveFromTodo(who: Person, campaignId: string, shot: string): Promise<void> {
    const { context, page } = await logIn(browser, system, who);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.locator('[data-test=todo]').locator(`a[href="/campaigns/${campaignId}/notice"]`).first().click();
    await page.locator('[data-test=hash-verified]').waitFor();
    const answered = page.waitForResponse((r) => r.url().includes('/co-sign/decisions'));
    await page.locator('[data-test=decision]').getByRole('button', { name: '同意', exact: true }).click();
    expect((await answered).status()).toBe(200);
    await page.locator('[data-test=my-decision]').getByText('已同意').waitFor();
    await snap(page, shot);
    await context.close();
  }

  /** The lead signs off in 会签进度 and reads the number it was given. */
  async function signOff(page: Page, campaignId: string, shot: string): Promise<string> {
    await page.goto(`${system.url}/campaigns/${campaignId}/co-sign`);
    await page.locator('[data-test=sign-off]').getByText('可以签发').waitFor();
    await snap(page, `${shot}-ready`);
    await page.locator('[data-test=sign-off-open]').click();
    const dialog = page.getByRole('dialog', { name: '确认签发' });
    await dialog.waitFor();
    const answered = page.waitForResponse((r) => r.url().endsWith('/sign-off'));
    await dialog.getByRole('button', { name: '确认签发' }).click();
    expect((await answered).status()).toBe(200);
    const shown = page.locator('[data-test=issued-doc-number]');
    await shown.waitFor();
    await page.locator('[data-test=phase]').getByText('已印发').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    // Element Plus's transitions over: no dialog fading out in the screenshot.
    await page.waitForFunction("!document.querySelector('[class*=\"-leave-active\"], [class*=\"-enter-active\"]')");
    await snap(page, shot);
    return (await shown.textContent())!.trim();
  }

  it('the administrator creates the accounts on the 用户 page', async () => {
    const { context, page } = await logIn(browser, system, admin);
    await page.getByRole('navigation').getByText('用户').click();
    await page.getByRole('heading', { name: '用户' }).waitFor();
    people.lead = await createInUi(page, { login: 'cast-office', name: '科普部 王秘书', agency: 'CAST', agencyName: '中国科学技术协会', roles: ['秘书处'], password: 'Cast-office-2023!' });
    people.moe = await createInUi(page, { login: 'moe-zhang', name: '教育部 张老师', agency: 'MOE', agencyName: '中华人民共和国教育部', roles: ['会签人'], password: 'Moe-zhang-2023!' });
    people.cac = await createInUi(page, { login: 'cac-li', name: '中央网信办 李处长', agency: 'CAC', agencyName: '中共中央网络安全和信息化委员会办公室', roles: ['会签人'], password: 'Cac-li-2023!' });
    people.henan = await createInUi(page, { login: 'henan-office', name: '河南省科协 李二静', agency: 'HA_CAST', agencyName: '河南省科学技术协会', roles: ['秘书处', '收文人'], password: 'Henan-office-2023!' });
    people.haEdu = await createInUi(page, { login: 'henan-edu', name: '河南省教育厅 高处长', agency: 'HA_EDU', agencyName: '河南省教育厅', roles: ['会签人'], password: 'Henan-edu-2023!' });
    await snap(page, 'users');
    const logins = (await system.http.get('/api/v1/users', asAdmin())).body.map((u: { login: string }) => u.login);
    expect(logins).toEqual(expect.arrayContaining(['cast-office', 'moe-zhang', 'cac-li', 'henan-office', 'henan-edu']));
    await context.close();
  });

  it('中国科协’s secretariat launches the national notice from its definition file, with two co-signers, rehearsed from tomorrow', async () => {
    const { context, page } = await logIn(browser, system, people.lead);
    await page.getByRole('navigation').getByText('发起通知').click();
    await page.getByRole('heading', { name: '发起通知' }).waitFor();
    await page.locator('#definition-file').setInputFiles(NATIONAL_FILE);
    await page.locator('[data-test=file-name]').getByText('national-2023.yaml').waitFor();
    await page.getByLabel('通知定义内容').fill(withCoSigners(readFileSync(NATIONAL_FILE, 'utf8'), KEEP));
    await page.locator('[data-test=preview]').getByText('2 个单位').waitFor();
    const rebase = page.locator('#rebase-to');
    await rebase.click();
    await rebase.fill(shanghaiDate(1));
    await rebase.press('Enter');
    await page.keyboard.press('Escape');
    await snap(page, 'launch');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '发起通知' }).click();
    const res = await answered;
    expect(res.status()).toBe(201);
    nationalId = (await res.json()).id;
    await page.waitForURL(`**/campaigns/${nationalId}/notice`);
    await page.locator('[data-test=hash-verified]').waitFor();
    await snap(page, 'notice');
    await context.close();
  });

  it('the two co-signers approve from 我的待办; the lead signs off and sees 科协发〔YYYY〕N号', async () => {
    await approveFromTodo(people.moe, nationalId, 'approved-moe');
    await approveFromTodo(people.cac, nationalId, 'approved-cac');
    const { context, page } = await logIn(browser, system, people.lead);
    docNumber = await signOff(page, nationalId, 'signed-off');
    expect(docNumber).toMatch(/^科协发〔\d{4}〕1号$/);
    await page.getByRole('tab', { name: '分发与签收' }).click();
    await page.locator('[data-test=distribution-table] .el-table__body tr').first().waitFor();
    await snap(page, 'distribution');
    await context.close();
    const c = (await system.http.get(`/api/v1/campaigns/${nationalId}`, asAdmin())).body;
    expect(c).toMatchObject({ phase: 'issued', notice: { docNumber } });
  });

  it('河南省科协 acknowledges, relays it with 河南省教育厅 as co-signer, who approves; Henan signs off: 豫科协发〔YYYY〕N号', async () => {
    const { context, page } = await logIn(browser, system, people.henan);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.locator('[data-test=todo]').locator(`a[href="/campaigns/${nationalId}/distribution"]`).first().click();
    const ack = page.waitForResponse((r) => r.url().endsWith('/receipts'));
    await page.locator('[data-test=acknowledge]').click();
    expect([200, 201]).toContain((await ack).status());
    await page.locator('[data-test=acknowledged]').waitFor();

    await page.getByRole('tab', { name: '转发' }).click();
    await page.locator('[data-test=relay-start]').click();
    await page.locator('[data-test=relay-form]').waitFor();
    await page.locator('#relay-prefix').fill('豫科协发');
    await pick(page, 'relay-coSigners', '河南省教育厅');
    await pick(page, 'relay-main', '郑州市科学技术协会');
    expect(await page.locator('[data-test=relay-coSigners] .el-select__tags-text').allTextContents()).toEqual(['河南省教育厅']);
    expect(await page.locator('[data-test=relay-main] .el-select__tags-text').allTextContents()).toEqual(['郑州市科学技术协会']);
    await snap(page, 'relay-form');
    const launched = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${nationalId}/relays`));
    await page.locator('[data-test=relay-submit]').click();
    const relayRes = await launched;
    expect([relayRes.status(), relayRes.status() === 201 ? '' : await relayRes.text()]).toEqual([201, '']);
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\/notice$/);
    const relayId = /\/campaigns\/([0-9a-f-]{36})\/notice$/.exec(page.url())![1];
    expect(relayId).not.toBe(nationalId);

    await approveFromTodo(people.haEdu, relayId, 'relay-approved');
    const relayNumber = await signOff(page, relayId, 'relay-signed-off');
    expect(relayNumber).toMatch(/^豫科协发〔\d{4}〕1号$/);
    await page.goto(`${system.url}/campaigns/${nationalId}/relays`);
    await page.locator('[data-test=relay-tree] tr', { has: page.locator(`[data-test="tree-node-${relayId}"]`) }).getByText(relayNumber).waitFor();
    await snap(page, 'relay-tree');
    await context.close();
    const relay = (await system.http.get(`/api/v1/campaigns/${relayId}`, asAdmin())).body;
    expect(relay).toMatchObject({ parentId: nationalId, leadAgency: 'HA_CAST', phase: 'issued', notice: { docNumber: relayNumber } });
  });
});
