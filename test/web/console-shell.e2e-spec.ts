/**
 * The console's shell in Chromium against the real system: served at / by the API, a deep link
 * survives a reload (the refresh cookie resumes the session, no token in localStorage), a wrong
 * password is refused in Chinese, the menu follows the roles, logout ends the session.
 */
import type { Browser } from 'playwright-core';
import type { TestSystem } from '../support/system';
import { startSystem } from '../support/system';
import { createPerson, launchBrowser, logIn, OFFICE_SCREEN, screenshot } from '../support/browser';

const SPEC = 'console-shell';

describe('web console: shell, login and session', () => {
  let system: TestSystem;
  let browser: Browser;

  beforeAll(async () => {
    [system, browser] = await Promise.all([startSystem(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('is served at / with its assets compressed and cached, and the API keeps its own paths', async () => {
    const index = await fetch(`${system.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    const html = await index.text();
    expect(html).toContain('<div id="app">');
    const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)![1];
    const js = await fetch(`${system.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('cache-control')).toContain('immutable');
    // A page of the console's router, loaded directly, is the same index.html.
    expect((await fetch(`${system.url}/campaigns/abc/notice`)).status).toBe(200);
    // The API's paths are never the console's: an unknown one is the API's JSON 404.
    const missing = await fetch(`${system.url}/api/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/json/);
    expect((await fetch(`${system.url}/health/live`)).status).toBe(200);
  });

  it('refuses a wrong password in Chinese, logs in, keeps the session over a reload and logs out', async () => {
    const clerk = await createPerson(system, { agency: 'HA_CAST', roles: ['secretariat', 'recipient'], name: '豫科协办公室' });
    const context = await browser.newContext({ viewport: OFFICE_SCREEN, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${system.url}/todo`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('账号').fill(clerk.login);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
    await screenshot(page, SPEC, 'login-wrong-password');

    await page.getByLabel('密码').fill(clerk.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/todo$/);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.getByText('河南省科学技术协会').first().waitFor();
    await screenshot(page, SPEC, 'todo');

    // The access token is in memory only: nothing in web storage, the refresh token httpOnly.
    const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
    expect(stored).not.toMatch(/eyJ/);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'refresh_token')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    // A secretariat (not an admin) sees 发起通知 and 用户, not 机构目录 or 文号.
    const menu = page.getByRole('navigation');
    await menu.getByText('发起通知').waitFor();
    await menu.getByText('用户').waitFor();
    expect(await menu.getByText('机构目录').count()).toBe(0);

    await page.goto(`${system.url}/campaigns`);
    await page.getByRole('heading', { name: '通知' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '通知' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/campaigns');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${system.url}/todo`);
    await page.waitForURL(/\/login/);
    await context.close();
  });

  it('shows a platform administrator the administration menu', async () => {
    const admin = await createPerson(system, { agency: 'CAST', roles: ['admin'] });
    const { context, page } = await logIn(browser, system, admin);
    const menu = page.getByRole('navigation');
    await menu.getByText('机构目录').waitFor();
    await menu.getByText('文号').waitFor();
    await context.close();
  });
});
