/**
 * The web console in a real browser: Debian's Chromium driven by playwright-core (Playwright's own
 * browser download is unreachable here), headless, at the office screen's 1366×768, against the
 * system a spec started (its API serves the console built by global-setup at /). Accounts are
 * made through the API as an administrator would; people then log in with their passwords.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Role } from '@domain/auth';
import type { TestSystem } from './system';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OFFICE_SCREEN = { width: 1366, height: 768 };
/** Screenshots of every page a browser spec visits: kept as the run's artifacts. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

export interface Person {
  login: string;
  password: string;
  agency: string;
  roles: Role[];
  name: string;
}


/** An account made by the platform's administrator over the API (POST /api/v1/users). */
export async function createPerson(system: TestSystem, p: { agency: string; roles: Role[]; name?: string; login?: string }): Promise<Person> {
  // Unique across the run: specs share one database, and a jest worker process runs several specs.
  const login = p.login ?? `${p.agency.toLowerCase()}-${p.roles.join('-')}-${randomUUID().slice(0, 8)}`;
  const password = `Pw-${login}-2023!`;
  const name = p.name ?? `${p.agency} ${p.roles.join('/')}`;
  const res = await system.http.request('POST', '/api/v1/users', { token: system.token('CAST', 'admin'), json: { login, name, agency: p.agency, roles: p.roles, password } });
  if (res.status !== 201) throw new Error(`creating ${login}: ${res.status} ${JSON.stringify(res.body)}`);
  return { login, password, agency: p.agency, roles: p.roles, name };
}

/** A browser context of one's own (cookies: the refresh token), the console opened and logged in. */
export async function logIn(browser: Browser, system: TestSystem, who: Person): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: OFFICE_SCREEN, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${system.url}/login`);
  await page.getByLabel('账号').fill(who.login);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

/**
 * Chooses `option` in an Element Plus single select as a person does in a long list: opens it, types
 * `typed` into its filter (the list narrows to what matches, so no click lands on a neighbour while
 * the popup is placed), clicks the option and waits until the select shows it as chosen.
 */
export async function chooseOption(page: Page, select: Locator, option: string, typed = option): Promise<void> {
  await select.locator('.el-select__wrapper').click();
  await select.locator('input').fill(typed);
  const item = page.getByRole('option', { name: option, exact: true });
  await item.waitFor();
  await item.click();
  await select.locator('.el-select__selected-item', { hasText: option }).first().waitFor();
}

/** A full-page screenshot under test-artifacts/screenshots/<spec>/<name>.png. */
export async function screenshot(page: Page, spec: string, name: string): Promise<string> {
  const dir = path.join(SCREENSHOT_DIR, spec);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core's checks of the basics a screen reader and a keyboard need, run in the page. */
export const A11Y_RULES = [
  'label',
  'button-name',
  'link-name',
  'image-alt',
  'html-has-lang',
  'document-title',
  'color-contrast',
  'aria-required-attr',
  'aria-valid-attr-value',
  'aria-allowed-attr',
  'duplicate-id-aria',
  'select-name',
  'heading-order',
];

/** The page's violations of A11Y_RULES: `rule: selector` for each element at fault. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate<string[]>(
    `axe.run(document, { runOnly: { type: 'rule', values: ${JSON.stringify(A11Y_RULES)} } })
       .then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' ') + ' ' + n.html.slice(0, 120))))`,
  );
}
