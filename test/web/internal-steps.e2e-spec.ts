/**
 * 内部审签 in the console, as 教育部's people do it: its secretariat sets 经办 → 处室负责人 → 分管领导
 * on 内部审签 (a login of another body refused beside the step); on the notice, the 经办 approves
 * with an opinion, the 处室负责人 returns it (a return without a reason refused beside the field)
 * and approves it once the 经办 has again; the lead's 会签进度 shows 内部流转中 · 分管领导 and none of
 * the opinions; the 分管领导's approve is 教育部's decision. After each step the API is asked what it
 * now holds. On a database of its own: MOE's steps would change how MOE decides in other specs.
 */
import type { Browser, Page } from 'playwright-core';
import { selectors } from 'playwright-core';
import { privateDatabase } from '@db/spec-support';
import { smallDefinition } from '../support/definitions';
import type { TestSystem } from '../support/system';
import { shanghaiDate, startSystem } from '../support/system';
import type { Person } from '../support/browser';
import { createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

const SPEC = 'internal-steps';

describe('web console: 教育部’s internal steps', () => {
  let system: TestSystem;
  let db: Awaited<ReturnType<typeof privateDatabase>>;
  let browser: Browser;
  let office: Person, clerk: Person, chief: Person, vp: Person, lead: Person, outsider: Person;
  let id: string;

  const moeItem = async () => {
    const c = (await system.http.request('GET', `/api/v1/campaigns/${id}`, { token: system.token('CAST', 'secretariat') })).body;
    return c.coSign.signers.find((s: any) => s.agency === 'MOE');
  };
  const open = async (who: Person): Promise<Page> => {
    const { page } = await logIn(browser, system, who);
    await page.goto(`${system.url}/campaigns/${id}/notice`);
    await page.getByTestId('internal-steps').waitFor();
    return page;
  };

  beforeAll(async () => {
    selectors.setTestIdAttribute('data-test');
    db = await privateDatabase();
    [system, browser] = await Promise.all([startSystem({ DATABASE_URL: db.url }), launchBrowser()]);
    [office, clerk, chief, vp, lead, outsider] = await Promise.all([
      createPerson(system, { agency: 'MOE', roles: ['secretariat'], name: '教育部办公厅 周秘书' }),
      createPerson(system, { agency: 'MOE', roles: ['signer'], name: '张经办' }),
      createPerson(system, { agency: 'MOE', roles: ['signer'], name: '李处长' }),
      createPerson(system, { agency: 'MOE', roles: ['signer'], name: '赵司长' }),
      createPerson(system, { agency: 'CAST', roles: ['secretariat'], name: '中国科协办公厅 王秘书' }),
      createPerson(system, { agency: 'CAC', roles: ['signer'], name: '孙网信' }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
    await db?.drop();
  });

  it('the secretariat sets the steps on 内部审签; another body’s login is refused beside its step', async () => {
    const { page } = await logIn(browser, system, office);
    await page.getByRole('navigation').getByText('内部审签').click();
    await page.getByRole('heading', { name: '内部审签' }).waitFor();
    await page.getByTestId('no-steps').waitFor();
    const steps: [string, Person][] = [
      ['经办', clerk],
      ['处室负责人', chief],
      ['分管领导', vp],
    ];
    for (const [i, [name, who]] of steps.entries()) {
      await page.getByTestId('step-add').click();
      const step = page.getByTestId(`step-${i}`);
      await step.getByTestId('step-name').fill(name);
      await step.getByTestId('step-people').click();
      await page.keyboard.type(i === 0 ? outsider.login : who.login);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
    }
    const refused = page.waitForResponse((r) => r.url().endsWith('/internal-steps') && r.request().method() === 'PUT');
    await page.getByTestId('steps-save').click();
    expect((await refused).status()).toBe(400);
    await page.getByTestId('step-0').getByText(`${outsider.login} is not an active account of MOE`).waitFor();
    await screenshot(page, SPEC, 'steps-refused');

    // The outsider out, the clerk in.
    await page.getByTestId('step-0').locator('.el-tag__close').click();
    await page.getByTestId('step-0').getByTestId('step-people').click();
    await page.keyboard.type(clerk.login);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    const saved = page.waitForResponse((r) => r.url().endsWith('/internal-steps') && r.request().method() === 'PUT');
    await page.getByTestId('steps-save').click();
    expect((await saved).status()).toBe(200);
    await page.getByText('内部审签环节已保存').waitFor();
    await screenshot(page, SPEC, 'steps');
    const config = (await system.http.request('GET', '/api/v1/agencies/MOE/internal-steps', { token: system.token('MOE', 'signer') })).body;
    expect(config.steps.map((s: any) => [s.name, s.mode, s.people.map((p: any) => p.login)])).toEqual(steps.map(([name, who]) => [name, 'any', [who.login]]));
  });

  it('the 经办 approves with an opinion on the notice', async () => {
    const launched = await system.http.request('POST', '/api/v1/campaigns', {
      token: system.token('CAST', 'secretariat'),
      json: { ...smallDefinition({ title: '内部审签界面测试通知', coSigners: ['MOE'], docNumberPrefix: '内审界面发' }), rebaseTo: shanghaiDate(1) },
    });
    expect(launched.status).toBe(201);
    id = launched.body.id;
    const page = await open(clerk);
    await page.getByTestId('internal-current').getByText('事项在“经办”环节').waitFor();
    // Inside the steps, the direct 同意/不同意 of a signer is not offered: the last step decides.
    expect(await page.getByTestId('decision').count()).toBe(0);
    await page.getByTestId('internal-comment').fill('拟同意，建议补充校园科普内容');
    await page.getByTestId('internal-approve').click();
    await page.getByTestId('internal-current').getByText('事项在“处室负责人”环节').waitFor();
    await page.getByTestId('internal-history').getByText('拟同意，建议补充校园科普内容').waitFor();
    await screenshot(page, SPEC, 'clerk-approved');
    expect((await moeItem()).internal).toMatchObject({ step: '处室负责人' });
  });

  it('the 处室负责人 returns it with a reason (not without); approves once the 经办 has again', async () => {
    const page = await open(chief);
    await page.getByTestId('internal-return').click();
    await page.getByText('请填写理由').waitFor();
    await page.getByTestId('internal-comment').fill('请写明依据');
    const returned = page.waitForResponse((r) => r.url().endsWith('/co-sign/internal/steps'));
    await page.getByTestId('internal-return').click();
    expect((await returned).status()).toBe(200);
    await page.getByTestId('internal-current').getByText('事项在“经办”环节').waitFor();
    expect((await moeItem()).internal).toMatchObject({ step: '经办' });

    const again = await open(clerk);
    await again.getByTestId('internal-comment').fill('依据《全民科学素质行动规划纲要》，拟同意');
    await again.getByTestId('internal-approve').click();
    await again.getByTestId('internal-current').getByText('事项在“处室负责人”环节').waitFor();

    await page.reload();
    await page.getByTestId('internal-comment').fill('同意，报分管领导');
    await page.getByTestId('internal-approve').click();
    await page.getByTestId('internal-current').getByText('事项在“分管领导”环节').waitFor();
    await screenshot(page, SPEC, 'chief');
  });

  it('the lead’s 会签进度 shows 内部流转中 · 分管领导, none of the opinions', async () => {
    const { page } = await logIn(browser, system, lead);
    await page.goto(`${system.url}/campaigns/${id}/co-sign`);
    await page.getByTestId('signers').getByTestId('internal').getByText('内部流转中 · 分管领导').waitFor();
    const text = await page.getByTestId('signers').innerText();
    expect(text).not.toContain('依据');
    expect(text).not.toContain('报分管领导');
    await screenshot(page, SPEC, 'lead-co-sign');
  });

  it('the 分管领导’s approve is 教育部’s decision on the hash', async () => {
    const page = await open(vp);
    await page.getByTestId('internal-approve').getByText('同意（报出本单位会签意见）').waitFor();
    await page.getByTestId('internal-comment').fill('同意会签');
    await page.getByTestId('internal-approve').click();
    await page.getByTestId('internal-decided').waitFor();
    await screenshot(page, SPEC, 'decided');
    const c = (await system.http.request('GET', `/api/v1/campaigns/${id}`, { token: system.token('CAST', 'secretariat') })).body;
    expect(await moeItem()).toMatchObject({ status: 'approved', noticeSha256: c.notice.sha256, comment: '同意会签', internal: null });
  });
});
