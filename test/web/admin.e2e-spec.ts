/**
 * The console's administration, inbox and audit log in Chromium against the real system, on a
 * database of the spec's own (it imports bodies, sets 科协发's sequence and lists every account):
 *
 * - the platform's administrator creates accounts in the UI (中国科协's secretariat, the MOE and
 *   CAC signers), a taken login and a bad e-mail each refused in Chinese next to its field, and
 *   deactivates one, who then cannot log in;
 * - imports bodies from CSV: a bad row is shown against its row and nothing is imported, then the
 *   good file is; keeps a new body's contacts;
 * - sets 科协发's next number for this year, a number over 999,999 refused next to the field;
 * - 河南省科协's secretariat sees only its own body's accounts and creates one for its own body;
 * - after a campaign is launched (over the API), the MOE signer finds its co-sign request in 消息
 *   and marks it read; the campaign's 审计日志 shows its entries and 已验证; a body that is no party
 *   to the campaign sees an error and no entry.
 */
import type { Browser, Page } from 'playwright-core';
import { privateDatabase } from '@db/spec-support';
import { smallDefinition } from '@harness/definitions';
import { shanghaiIso, timeline } from '../support/campaign';
import type { TestSystem } from '../support/system';
import { eventually, startSystem } from '../support/system';
import type { Person } from '../support/browser';
import { createPerson, launchBrowser, logIn, OFFICE_SCREEN, screenshot } from '../support/browser';

const SPEC = 'admin';
const DAY = 24 * 3600_000;
const SUFFIX = String(Date.now() % 1_000_000);
const THIS_YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

jest.setTimeout(300_000);

let db: { url: string; drop(): Promise<void> };
let system: TestSystem;
let browser: Browser;
let admin: Person;
/** Accounts the administrator made in the UI. */
const made: Record<'castOffice' | 'moeSigner' | 'cacSigner', Person> = {} as never;

const adminToken = () => system.token('CAST', 'admin');
const usersNow = async () => (await system.http.get('/api/v1/users', adminToken())).body as any[];

beforeAll(async () => {
  db = await privateDatabase();
  [system, browser] = await Promise.all([startSystem({ DATABASE_URL: db.url }), launchBrowser()]);
  admin = await createPerson(system, { agency: 'CAST', roles: ['admin'], name: '平台管理员' });
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
  await db?.drop();
});

/** The open dialog of that title (Element Plus renders dialogs in body). */
const dialog = (page: Page, title: string) => page.getByRole('dialog', { name: title });
/** The error Element Plus shows under the form item that holds `#id`. */
const errorOf = (page: Page, title: string, id: string) => dialog(page, title).locator('.el-form-item').filter({ has: page.locator(`#${id}`) }).locator('.el-form-item__error');

interface NewUser {
  login: string;
  name: string;
  /** The option's label, as the directory names the body: 中华人民共和国教育部（MOE）. */
  agency?: { search: string; option: string };
  roles: string[];
  email?: string;
  password: string;
}

/** Fills 新建用户 and saves; answers the POST's status. */
async function fillNewUser(page: Page, u: NewUser): Promise<number> {
  const d = dialog(page, '新建用户');
  if (!(await d.isVisible())) {
    await page.locator('[data-test=create-user]').click();
    await d.waitFor();
  }
  await d.getByLabel('账号').fill(u.login);
  await d.getByLabel('姓名').fill(u.name);
  if (u.agency) {
    await d.locator('#user-agency').click();
    await page.keyboard.type(u.agency.search);
    await page.getByRole('option', { name: u.agency.option, exact: true }).click();
  }
  for (const role of ['秘书处', '会签人', '收文人', '管理员']) {
    const box = d.locator('.el-checkbox').filter({ hasText: role });
    if (!(await box.count())) continue;
    const checked = (await box.getAttribute('class'))!.includes('is-checked');
    if (checked !== u.roles.includes(role)) await box.click();
  }
  await d.getByLabel('电子邮箱').fill(u.email ?? '');
  await d.getByLabel('初始密码').fill(u.password);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST');
  await d.locator('[data-test=save-user]').click();
  return (await answer).status();
}

async function createInUi(page: Page, u: NewUser, agency: string): Promise<Person> {
  expect(await fillNewUser(page, u)).toBe(201);
  await dialog(page, '新建用户').waitFor({ state: 'hidden' });
  await page.locator('[data-test=users] tr').filter({ hasText: u.login }).waitFor();
  return { login: u.login, password: u.password, agency, roles: [], name: u.name };
}

describe('web console: administration, inbox and audit log', () => {
  it('the platform administrator creates accounts (errors in Chinese next to the fields) and deactivates one, who then cannot log in', async () => {
    const { context, page } = await logIn(browser, system, admin);
    await page.getByRole('navigation').getByText('用户').click();
    await page.getByRole('heading', { name: '用户' }).waitFor();
    await page.locator('[data-test=users] tr').filter({ hasText: admin.login }).waitFor();

    made.castOffice = await createInUi(
      page,
      { login: `cast-office-${SUFFIX}`, name: '科普部办公室', agency: { search: 'CAST', option: '中国科学技术协会（CAST）' }, roles: ['秘书处'], email: `office-${SUFFIX}@cast.example.org`, password: 'Kepu-office-2023!' },
      'CAST',
    );
    made.moeSigner = await createInUi(
      page,
      { login: `moe-signer-${SUFFIX}`, name: '张老师', agency: { search: 'MOE', option: '中华人民共和国教育部（MOE）' }, roles: ['会签人'], email: `zhang-${SUFFIX}@moe.example.org`, password: 'Moe-signer-2023!' },
      'MOE',
    );
    made.cacSigner = await createInUi(
      page,
      { login: `cac-signer-${SUFFIX}`, name: '李处长', agency: { search: 'CAC', option: '中共中央网络安全和信息化委员会办公室（CAC）' }, roles: ['会签人'], password: 'Cac-signer-2023!' },
      'CAC',
    );
    const afterCreate = await usersNow();
    expect(afterCreate.filter((u) => u.login.endsWith(`-${SUFFIX}`)).map((u) => [u.login, u.agency, u.roles, u.active]).sort()).toEqual(
      [
        [`cac-signer-${SUFFIX}`, 'CAC', ['signer'], true],
        [`cast-office-${SUFFIX}`, 'CAST', ['secretariat'], true],
        [`moe-signer-${SUFFIX}`, 'MOE', ['signer'], true],
      ].sort(),
    );

    // A taken login: the API's 409, worded next to 账号.
    const taken = { login: made.castOffice.login, name: '另一个人', agency: { search: 'CAST', option: '中国科学技术协会（CAST）' }, roles: ['收文人'], password: 'Another-person-2023!' };
    expect(await fillNewUser(page, taken)).toBe(409);
    await expect(errorOf(page, '新建用户', 'user-login').textContent()).resolves.toContain('该账号已被使用');
    // A bad e-mail: the API's 400, worded next to 电子邮箱 (the login now free).
    expect(await fillNewUser(page, { ...taken, login: `other-${SUFFIX}`, email: 'not-an-address' })).toBe(400);
    await expect(errorOf(page, '新建用户', 'user-email').textContent()).resolves.toContain('不是有效的电子邮箱地址');
    await errorOf(page, '新建用户', 'user-login').waitFor({ state: 'detached' });
    await screenshot(page, SPEC, 'users-create-errors');
    await dialog(page, '新建用户').getByRole('button', { name: '取消' }).click();
    expect((await usersNow()).some((u) => u.login === `other-${SUFFIX}`)).toBe(false);
    expect((await usersNow()).length).toBe(afterCreate.length);

    // Deactivating the CAC signer.
    const row = page.locator('[data-test=users] tr').filter({ hasText: made.cacSigner.login });
    await row.getByRole('button', { name: `停用：${made.cacSigner.login}` }).click();
    const box = page.getByRole('dialog', { name: '停用用户' });
    await box.getByText('将不能登录').waitFor();
    const patched = page.waitForResponse((r) => /\/api\/v1\/users\/[0-9a-f-]+$/.test(r.url()) && r.request().method() === 'PATCH');
    await box.getByRole('button', { name: '停用' }).click();
    expect((await patched).status()).toBe(200);
    await row.getByText('已停用').waitFor();
    await box.waitFor({ state: 'hidden' });
    expect((await usersNow()).find((u) => u.login === made.cacSigner.login).active).toBe(false);
    await screenshot(page, SPEC, 'users');
    await context.close();

    // …who then cannot log in.
    const other = await browser.newContext({ viewport: OFFICE_SCREEN, locale: 'zh-CN' });
    const login = await other.newPage();
    await login.goto(`${system.url}/login`);
    await login.getByLabel('账号').fill(made.cacSigner.login);
    await login.getByLabel('密码').fill(made.cacSigner.password);
    const refused = login.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await login.getByRole('button', { name: '登录' }).click();
    expect((await refused).status()).toBe(401);
    await login.getByRole('alert').filter({ hasText: '账号或密码错误' }).waitFor();
    expect(new URL(login.url()).pathname).toBe('/login');
    await screenshot(login, SPEC, 'deactivated-cannot-log-in');
    await other.close();
    // The MOE signer, made the same way, can.
    const moe = await logIn(browser, system, made.moeSigner);
    await moe.page.getByRole('heading', { name: '我的待办' }).waitFor();
    await moe.context.close();
  });

  it('imports bodies from CSV: a bad row is shown against its row and nothing is imported; the good file imports; a new body gets a contact', async () => {
    const header = 'code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion';
    const good = [
      header,
      'HA_ZZ_JS_CAST,郑州市金水区科学技术协会,金水区科协,municipal,CAST,HA_ZZ_JS,金水区,city,HA_ZZ_CAST,HA_ZZ',
      'HA_ZZ_EQ_CAST,郑州市二七区科学技术协会,二七区科协,municipal,CAST,HA_ZZ_EQ,二七区,city,HA_ZZ_CAST,HA_ZZ',
    ].join('\n');
    const bad = `${good}\nlower,某区科协,某区科协,galactic,CAST,HA_ZZ_X,某区,city,,`;
    const imported = async () => ((await system.http.get('/api/v1/agencies?region=HA_ZZ_JS', adminToken())).body as any[]).concat((await system.http.get('/api/v1/agencies?region=HA_ZZ_EQ', adminToken())).body);

    const { context, page } = await logIn(browser, system, admin);
    await page.getByRole('navigation').getByText('机构目录').click();
    await page.getByRole('heading', { name: '机构目录' }).waitFor();
    await page.getByText(/共 1[,0-9]{3} 个单位/).waitFor();
    await screenshot(page, SPEC, 'agencies');

    await page.locator('[data-test=open-import]').click();
    const d = dialog(page, '从 CSV 导入机构');
    await d.waitFor();
    await page.setInputFiles('#import-file', { name: 'bodies.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await d.getByText('已读取 bodies.csv（4 行）').waitFor();
    let answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/agencies/import'));
    await d.locator('[data-test=run-import]').click();
    expect((await answer).status()).toBe(400);
    await d.getByRole('alert').filter({ hasText: '未导入任何单位' }).waitFor();
    const problems = d.locator('[data-test=import-problems] tbody tr');
    await expect(problems.count()).resolves.toBe(2);
    // Both problems against the third row (line 4 of the file), each with its column, in Chinese.
    await expect(problems.nth(0).innerText()).resolves.toMatch(/第 3 条[\s\S]*文件第 4 行[\s\S]*代码[\s\S]*代码格式不对[\s\S]*lower,某区科协/);
    await expect(problems.nth(1).innerText()).resolves.toMatch(/第 3 条[\s\S]*层级[\s\S]*层级须为 national（国家级）、provincial（省级）或 municipal（市级）/);
    expect(await imported()).toEqual([]);
    await screenshot(page, SPEC, 'agencies-import-row-errors');

    await page.setInputFiles('#import-file', { name: 'bodies-fixed.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await d.getByText('已读取 bodies-fixed.csv（3 行）').waitFor();
    answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/agencies/import'));
    await d.locator('[data-test=run-import]').click();
    expect((await answer).status()).toBe(201);
    await page.locator('[data-test=import-result]').filter({ hasText: '已导入 2 个单位：HA_ZZ_JS_CAST、HA_ZZ_EQ_CAST' }).waitFor();
    expect((await imported()).map((a) => [a.code, a.source]).sort()).toEqual([
      ['HA_ZZ_EQ_CAST', 'import'],
      ['HA_ZZ_JS_CAST', 'import'],
    ]);
    await page.getByLabel('查找').fill('金水区');
    const row = page.locator('[data-test=agencies] tbody tr').filter({ hasText: 'HA_ZZ_JS_CAST' });
    await row.getByText('郑州市金水区科学技术协会').waitFor();
    await row.getByText('导入').waitFor();
    await row.getByText('郑州市科学技术协会').waitFor();
    await screenshot(page, SPEC, 'agencies-imported');

    // The new body's contacts, in the drawer.
    await row.getByRole('button', { name: '联系人：郑州市金水区科学技术协会' }).click();
    const drawer = page.getByRole('dialog', { name: '郑州市金水区科学技术协会的联系人' });
    await drawer.getByText('尚无联系人').waitFor();
    await drawer.locator('[data-test=contact-add]').click();
    await drawer.getByLabel('姓名').fill('王主任');
    await drawer.locator('.el-checkbox').filter({ hasText: '秘书处' }).click();
    await drawer.getByLabel('电子邮箱').fill('not-mail');
    let saved = page.waitForResponse((r) => r.url().includes('/contacts') && r.request().method() === 'POST');
    await drawer.locator('[data-test=contact-save]').click();
    expect((await saved).status()).toBe(400);
    await drawer.locator('.el-form-item').filter({ has: page.locator('#contact-email') }).locator('.el-form-item__error').filter({ hasText: '不是有效的电子邮箱地址' }).waitFor();
    await drawer.getByLabel('电子邮箱').fill('wang@jinshui.example.org');
    await drawer.getByLabel('电话').fill('0371-6595 1234');
    saved = page.waitForResponse((r) => r.url().includes('/contacts') && r.request().method() === 'POST');
    await drawer.locator('[data-test=contact-save]').click();
    expect((await saved).status()).toBe(201);
    await drawer.locator('[data-test=contacts] tr').filter({ hasText: 'wang@jinshui.example.org' }).waitFor();
    const contacts = (await system.http.get('/api/v1/agencies/HA_ZZ_JS_CAST/contacts', adminToken())).body as any[];
    expect(contacts.map((c) => [c.name, c.roles, c.email, c.phone])).toEqual([['王主任', ['secretariat'], 'wang@jinshui.example.org', '0371-6595 1234']]);
    await screenshot(page, SPEC, 'agencies-contacts');
    await context.close();
  });

  it('sets 科协发’s next number for this year; a number over 999,999 is refused next to the field', async () => {
    const sequence = async () => ((await system.http.get('/api/v1/doc-number-sequences', adminToken())).body as any[]).find((s) => s.prefix === '科协发' && s.year === THIS_YEAR);
    const { context, page } = await logIn(browser, system, admin);
    await page.getByRole('navigation').getByText('文号').click();
    await page.getByRole('heading', { name: '文号', exact: true }).waitFor();
    const prefixRow = page.locator('[data-test=prefixes] tbody tr').filter({ hasText: '科协发' }).filter({ hasNotText: '豫科协发' });
    await prefixRow.getByText('中国科学技术协会').waitFor();
    await screenshot(page, SPEC, 'doc-numbers');

    await prefixRow.getByRole('button', { name: '设置下一个号：科协发' }).click();
    const d = dialog(page, '设置下一个号');
    await d.waitFor();
    await expect(d.getByLabel('年度').inputValue()).resolves.toBe(String(THIS_YEAR));
    await d.getByLabel('下一个号').fill('1000000');
    let answer = page.waitForResponse((r) => r.url().includes('/api/v1/doc-number-sequences/') && r.request().method() === 'PUT');
    await d.locator('[data-test=save-sequence]').click();
    expect((await answer).status()).toBe(400);
    await expect(errorOf(page, '设置下一个号', 'seq-next').textContent()).resolves.toBe('不能大于 999999');
    expect(await sequence()).toBeUndefined();
    await screenshot(page, SPEC, 'doc-numbers-too-large');

    await d.getByLabel('下一个号').fill('120');
    await d.getByText(`下一份：科协发〔${THIS_YEAR}〕120号`).waitFor();
    answer = page.waitForResponse((r) => r.url().includes('/api/v1/doc-number-sequences/') && r.request().method() === 'PUT');
    await d.locator('[data-test=save-sequence]').click();
    expect((await answer).status()).toBe(200);
    await d.waitFor({ state: 'hidden' });
    await page.locator('[data-test=sequences] tbody tr').filter({ hasText: `科协发〔${THIS_YEAR}〕120号` }).waitFor();
    expect(await sequence()).toEqual({ prefix: '科协发', agency: 'CAST', year: THIS_YEAR, lastNumber: 119, nextNumber: 120 });
    await screenshot(page, SPEC, 'doc-numbers-set');
    await context.close();
  });

  it('河南省科协’s secretariat sees only its own body’s accounts and creates one for its own body only', async () => {
    const henan = await createPerson(system, { agency: 'HA_CAST', roles: ['secretariat'], name: '河南省科协办公室' });
    const { context, page } = await logIn(browser, system, henan);
    await page.getByRole('navigation').getByText('用户').click();
    await page.getByRole('heading', { name: '用户' }).waitFor();
    const rows = page.locator('[data-test=users] tbody tr');
    await rows.filter({ hasText: henan.login }).waitFor();
    // Nobody of another body: not the administrator, not the accounts made above.
    await expect(rows.count()).resolves.toBe(1);
    expect(await page.locator('[data-test=users]').innerText()).not.toMatch(new RegExp(`${admin.login}|${made.castOffice.login}|中国科学技术协会`));

    await page.locator('[data-test=create-user]').click();
    const d = dialog(page, '新建用户');
    await d.waitFor();
    // The body is fixed to its own, and administration is not a role it grants.
    await expect(d.locator('#user-agency').isDisabled()).resolves.toBe(true);
    await d.getByText('河南省科学技术协会（HA_CAST）').waitFor();
    await expect(d.locator('.el-checkbox').filter({ hasText: '管理员' }).count()).resolves.toBe(0);
    await screenshot(page, SPEC, 'users-henan-create');
    expect(await fillNewUser(page, { login: `ha-desk-${SUFFIX}`, name: '豫科协收文员', roles: ['收文人'], email: `desk-${SUFFIX}@hast.example.org`, password: 'Henan-desk-2023!' })).toBe(201);
    await d.waitFor({ state: 'hidden' });
    await rows.filter({ hasText: `ha-desk-${SUFFIX}` }).waitFor();
    await expect(rows.count()).resolves.toBe(2);
    await screenshot(page, SPEC, 'users-henan');

    const hers = (await system.http.get('/api/v1/users', system.token('HA_CAST', 'secretariat'))).body as any[];
    expect(hers.map((u) => u.agency)).toEqual(['HA_CAST', 'HA_CAST']);
    expect(hers.find((u) => u.login === `ha-desk-${SUFFIX}`)).toMatchObject({ agency: 'HA_CAST', roles: ['recipient'], active: true });
    // Hiding is not the guard: the API refuses another body's account to the same secretariat.
    const elsewhere = await system.http.post('/api/v1/users', { login: `ha-sneak-${SUFFIX}`, name: '越权', agency: 'CAST', roles: ['recipient'], password: 'Sneaky-person-2023!' }, system.token('HA_CAST', 'secretariat'));
    expect(elsewhere.status).toBe(403);
    await context.close();
  });

  describe('a launched campaign', () => {
    let id: string;
    const TITLE = `管理页面测试通知 ${SUFFIX}`;

    beforeAll(async () => {
      const base = Date.now();
      const launched = await system.http.post(
        '/api/v1/campaigns',
        smallDefinition({
          title: TITLE,
          docNumberPrefix: `管测${SUFFIX}发`,
          coSigners: ['MOE', 'CAC'],
          coSignDueAt: shanghaiIso(base + 5 * DAY),
          milestones: timeline({ opens: 7 * DAY, weekStarts: 8 * DAY, weekEnds: 9 * DAY, summaryDue: 20 * DAY, closes: 40 * DAY }, base),
        }),
        system.token('CAST', 'secretariat'),
      );
      expect(launched.status).toBe(201);
      id = launched.body.id;
      await eventually(async () => {
        const r = await system.http.get(`/api/v1/inbox?campaign=${id}`, system.token('MOE', 'signer'));
        expect(r.body.unread).toBe(1);
      });
    });

    it('reaches the MOE signer’s 消息, who marks it read; its 审计日志 shows the entries and 已验证', async () => {
      const { context, page } = await logIn(browser, system, made.moeSigner);
      const menu = page.getByRole('navigation');
      await menu.locator('[data-test=inbox-unread]').filter({ hasText: '1' }).waitFor();
      await menu.getByText('消息').click();
      await page.getByRole('heading', { name: '消息' }).waitFor();
      const message = page.locator('[data-test=message]').filter({ hasText: TITLE });
      await message.getByRole('heading', { name: new RegExp(`^未读：\\s*【会签】请于.+前会签《${TITLE}》$`) }).waitFor();
      await message.getByText('会签请求').waitFor();
      await message.getByText(`《${TITLE}》（第1稿）已送贵单位会签`).waitFor();
      await page.locator('[data-test=unread-count]').filter({ hasText: '未读 1 条' }).waitFor();
      await screenshot(page, SPEC, 'inbox');

      await message.locator('.el-checkbox').click();
      const marked = page.waitForResponse((r) => r.url().endsWith('/api/v1/inbox/read'));
      await page.locator('[data-test=mark-selected]').click();
      const markedRes = await marked;
      expect(markedRes.status()).toBe(200);
      expect(JSON.parse(markedRes.request().postData()!).ids).toHaveLength(1);
      await page.locator('[data-test=unread-count]').filter({ hasText: '未读 0 条' }).waitFor();
      await message.getByText(/已读$/).waitFor();
      await menu.locator('[data-test=inbox-unread]').waitFor({ state: 'detached' });
      const inbox = (await system.http.get(`/api/v1/inbox?campaign=${id}`, system.token('MOE', 'signer'))).body;
      expect(inbox).toMatchObject({ total: 1, unread: 0 });
      expect(inbox.items[0].readAt).toEqual(expect.any(String));
      await screenshot(page, SPEC, 'inbox-read');

      // To the campaign, and its audit log.
      await message.locator('[data-test=campaign-link]').click();
      await page.waitForURL(new RegExp(`/campaigns/${id}/notice$`));
      await page.getByRole('tab', { name: '审计日志' }).click();
      await page.waitForURL(new RegExp(`/campaigns/${id}/audit$`));
      const verified = page.locator('[data-test=audit-verified]');
      await verified.getByText('已验证').waitFor();
      await verified.getByText('哈希链完整').waitFor();
      const log = (await system.http.get(`/api/v1/campaigns/${id}/audit`, system.token('MOE', 'signer'))).body;
      expect(log.verified).toBe(true);
      expect(log.entries.length).toBeGreaterThan(0);
      const rows = page.locator('[data-test=audit-entries] tbody tr.el-table__row');
      await expect(rows.count()).resolves.toBe(log.entries.length);
      await expect(rows.first().innerText()).resolves.toMatch(/1[\s\S]*发起[\s\S]*发起通知：牵头单位 中国科学技术协会；会签单位 中华人民共和国教育部、/);
      await screenshot(page, SPEC, 'audit');
      await context.close();
    });

    it('a log changed behind the system’s back shows 校验失败, and from which entry', async () => {
      const moe = system.token('MOE', 'signer');
      const notice = (await system.http.get(`/api/v1/campaigns/${id}/notice`, moe)).body;
      expect((await system.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: notice.sha256 }, moe)).status).toBe(200);
      await eventually(async () => expect((await system.http.get(`/api/v1/campaigns/${id}/audit`, moe)).body.entries).toHaveLength(2));
      // The trigger keeps the log append-only; an intruder with the database's owner turns it off
      // (this spec's own database).
      await system.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      try {
        await system.db.query(`UPDATE audit_log SET payload = replace(payload, '"approve"', '"reject"') WHERE campaign_id = $1 AND seq = 2`, [id]);
      } finally {
        await system.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      }
      const log = (await system.http.get(`/api/v1/campaigns/${id}/audit`, moe)).body;
      expect(log).toMatchObject({ verified: false, brokenAt: 2 });

      const { context, page } = await logIn(browser, system, made.moeSigner);
      await page.goto(`${system.url}/campaigns/${id}/audit`);
      const broken = page.locator('[data-test=audit-broken]');
      await broken.getByText('校验失败').waitFor();
      await broken.getByText('从第 2 条起哈希链对不上（内容与其哈希值不符，记录内容被改动过）').waitFor();
      await expect(page.locator('[data-test=audit-verified]').count()).resolves.toBe(0);
      // The entries from the break on are marked; the one before is not.
      const rows = page.locator('[data-test=audit-entries] tbody tr.el-table__row');
      await expect(rows.count()).resolves.toBe(2);
      await expect(rows.nth(1).getAttribute('class')).resolves.toContain('suspect');
      await expect(rows.nth(0).getAttribute('class')).resolves.not.toContain('suspect');
      await screenshot(page, SPEC, 'audit-broken');
      await context.close();
    });

    it('a body that is no party to it sees an error on its 审计日志 tab, and no entry', async () => {
      const stranger = await createPerson(system, { agency: 'MOST', roles: ['secretariat', 'signer'], name: '科技部办公厅' });
      expect((await system.http.get(`/api/v1/campaigns/${id}/audit`, system.token('MOST', 'secretariat', 'signer'))).status).toBeGreaterThanOrEqual(403);
      const { context, page } = await logIn(browser, system, stranger);
      await page.goto(`${system.url}/campaigns/${id}/audit`);
      await page.getByRole('alert').filter({ hasText: /无权进行此操作|未找到/ }).first().waitFor();
      await expect(page.getByText('已验证').count()).resolves.toBe(0);
      await expect(page.locator('[data-test=audit-entries] tbody tr').count()).resolves.toBe(0);
      await expect(page.getByText(TITLE).count()).resolves.toBe(0);
      await screenshot(page, SPEC, 'audit-not-a-party');
      await context.close();
    });
  });
});
