/**
 * After issuance, in Chromium against the real system: the national notice (issued over the API,
 * 1,022 bodies) seen by its lead in 分发与签收 — counts, the 河南 filter, the acknowledgement rate
 * chart, delivery state; 河南省科协 acknowledging from 我的待办 and relaying through the form (a
 * summary deadline after the parent's refused next to its field, then launched); the relay in the
 * parent's 转发 tree; the lead moving a milestone in 时间线 (refused inline, then moved); and
 * what another body may not see. Each step is checked on the page and then against the API.
 */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { issueCampaign } from '../support/campaign';
import { seedDefinition } from '../support/definitions';
import type { TestSystem } from '../support/system';
import { eventually, shanghaiDate, startSystem } from '../support/system';
import type { Person } from '../support/browser';
import { chooseOption, createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

const SPEC = 'distribution-relay';
const DAY = 24 * 3600_000;
const HENAN_YAML = path.resolve(__dirname, '..', '..', 'campaigns', 'henan-2023.yaml');

/** Beijing wall time as the console's date pickers take it: `2026-10-10 00:00:00`. */
const wall = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const shiftWall = (iso: string, days: number) => wall(new Date(Date.parse(iso) + days * DAY).toISOString());

/** Types a date-time into an Element Plus picker (by its input's id) and confirms it. */
async function setDateTime(page: Page, id: string, value: string): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await page.keyboard.press('Escape');
  await expectValue(page, id, value);
}

async function expectValue(page: Page, id: string, value: string): Promise<void> {
  await page.waitForFunction(([sel, v]) => (globalThis as any).document.querySelector(sel)?.value === v, [`#${id}`, value] as const);
}

describe('web console: distribution, relays and the timeline', () => {
  let system: TestSystem;
  let browser: Browser;
  let lead: Person;
  let henan: Person;
  let beijing: Person;
  let nationalId: string;
  let docNumber: string;
  let milestones: { publicationOpensAt: string; concentratedWeek: { startsAt: string; endsAt: string }; summaryDueAt: string; closesAt: string };
  let shiftDays: number;
  let relayId: string;
  const suffix = String(Date.now() % 100000);
  const cast = () => system.token('CAST', 'secretariat');

  beforeAll(async () => {
    [system, browser] = await Promise.all([startSystem(), launchBrowser()]);
    [lead, henan, beijing] = await Promise.all([
      createPerson(system, { agency: 'CAST', roles: ['secretariat'], name: '中国科协科普部' }),
      createPerson(system, { agency: 'HA_CAST', roles: ['recipient', 'secretariat'], name: '豫科协办公室' }),
      createPerson(system, { agency: 'BJ_CAST', roles: ['recipient', 'secretariat'], name: '京科协办公室' }),
    ]);
    const national = seedDefinition('national-2023');
    const issued = await issueCampaign(system, { ...national, docNumberPrefix: `科协分发测${suffix}发`, rebaseTo: shanghaiDate(1) });
    nationalId = issued.id;
    docNumber = issued.docNumber;
    await eventually(async () => {
      const r = await system.http.get(`/api/v1/campaigns/${nationalId}/recipients?pageSize=1`, cast());
      expect(r.body.counts.delivered).toBe(1022);
    }, 30_000);
    const c = (await system.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body;
    milestones = c.milestones;
    shiftDays = c.calendarShiftDays;
  });
  afterAll(async () => {
    await browser?.close();
    await system?.close();
  });

  it('GET …/recipients/by-region counts by province in one call, read as the list is', async () => {
    const path = `/api/v1/campaigns/${nationalId}/recipients/by-region`;
    const all = await system.http.get(path, cast());
    expect(all.status).toBe(200);
    expect(all.body.reduce((n: number, r: any) => n + r.total, 0)).toBe(1022);
    expect(all.body.find((r: any) => r.region === 'HA')).toEqual({ region: 'HA', regionName: '河南省', total: 19, main: 19, acknowledged: 0 });
    // Sub-provincial cities count under their province: 辽宁 has its own 19 and 沈阳's and 大连's.
    expect(all.body.find((r: any) => r.region === 'LN').total).toBe(57);
    expect(all.body.some((r: any) => r.region === 'LN_DL')).toBe(false);
    const within = await system.http.get(`${path}?region=LN&kind=CAST`, cast());
    expect(within.body.map((r: any) => [r.region, r.total])).toEqual([['LN', 1], ['LN_DL', 1], ['LN_SY', 1]]);
    // A recipient counts its own row; a body that is no party reads nothing; bad filters are named.
    expect((await system.http.get(path, system.token('BJ_CAST', 'recipient'))).body).toEqual([{ region: 'BJ', regionName: '北京市', total: 1, main: 1, acknowledged: 0 }]);
    expect((await system.http.get(path, system.token('HA_ZZ_CAST', 'secretariat'))).status).toBe(403);
    const bad = await system.http.get(`${path}?kind=lower&page=2`, cast());
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(['kind', 'page']);
  });

  it('the lead sees the 1,022 bodies’ counts, filters by 河南, the acknowledgement rate chart and delivery state', async () => {
    const { context, page } = await logIn(browser, system, lead);
    const recipients = page.waitForResponse((r) => r.url().includes(`/campaigns/${nationalId}/recipients?`) && r.status() === 200);
    await page.goto(`${system.url}/campaigns/${nationalId}/distribution`);
    // Paged on the server: the first page asks for 20 of them, not for everything.
    expect(new URL((await recipients).url()).searchParams.get('pageSize')).toBe('20');
    const table = page.locator('[data-test="distribution-table"]');
    await table.locator('.el-table__row').first().waitFor();
    expect(await table.locator('.el-table__row').count()).toBe(20);
    await page.locator('[data-test="count-main"]').getByText(/1,?012/).waitFor();
    await page.locator('[data-test="count-cc"]').getByText('10').waitFor();
    await page.locator('[data-test="distribution-pager"]').getByText('共 1022 条').waitFor();
    await page.locator('[data-test="ack-chart"] canvas').waitFor();
    expect(await page.locator('[data-test="ack-chart"]').getAttribute('aria-label')).toMatch(/河南省 0\.0%/);
    await page.locator('[data-test="delivery"]').waitFor();
    await page.locator('[data-test="delivery-recipients"]').getByText(/1,?022/).waitFor();
    await screenshot(page, SPEC, 'distribution-lead');

    const filtered = page.waitForResponse((r) => r.url().includes('/recipients?') && r.url().includes('region=HA'));
    await chooseOption(page, page.locator('[data-test="filter-region"]'), '河南省', '河南');
    await filtered;
    await page.locator('[data-test="distribution-pager"]').getByText('共 19 条').waitFor();
    await table.getByText('河南省科学技术协会').waitFor();
    expect(await table.getByText('北京市科学技术协会').count()).toBe(0);
    await screenshot(page, SPEC, 'distribution-lead-henan');
    await context.close();
  });

  it('河南省科协 finds 签收 in 我的待办 and acknowledges on the page', async () => {
    const { context, page } = await logIn(browser, system, henan);
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    const item = page.locator('[data-test="todo"] .el-table__row').filter({ hasText: docNumber });
    await item.getByText('签收', { exact: true }).waitFor();
    await screenshot(page, SPEC, 'todo-henan');
    await item.getByRole('link', { name: /去办理/ }).click();
    await page.waitForURL(new RegExp(`/campaigns/${nationalId}/distribution$`));
    const mine = page.locator('[data-test="my-receipt"]');
    await mine.getByText('河南省科学技术协会').waitFor();
    // Its own row only: no counts of the whole, no other body.
    expect(await page.locator('[data-test="counts"]').count()).toBe(0);
    expect(await page.locator('[data-test="distribution-table"] .el-table__row').count()).toBe(1);
    await screenshot(page, SPEC, 'distribution-henan-before');
    await mine.locator('[data-test="acknowledge"]').click();
    await mine.locator('[data-test="acknowledged"]').waitFor();
    await page.locator('[data-test="distribution-table"]').getByText('未签收').waitFor({ state: 'detached' });
    await screenshot(page, SPEC, 'distribution-henan-acknowledged');
    const acked = await system.http.get(`/api/v1/campaigns/${nationalId}/recipients?state=acknowledged`, cast());
    expect(acked.body.items.map((r: any) => [r.agency, r.acknowledgedAt !== null])).toEqual([['HA_CAST', true]]);
    await context.close();
  });

  it('河南省科协 relays through the form: a summary deadline after the parent’s is refused next to its field, a valid one launches', async () => {
    const { context, page } = await logIn(browser, system, henan);
    await page.goto(`${system.url}/campaigns/${nationalId}/relays`);
    await page.locator('[data-test="relay-tree"]').waitFor();
    await page.locator('[data-test="relay-start"]').click();
    const form = page.locator('[data-test="relay-form"]');
    // Prefilled from the parent: 关于转发《…》的通知, the deadline a day before the parent's.
    expect(await page.locator('#relay-title').inputValue()).toBe(`关于转发《中国科协等21部门关于举办2023年全国科普日活动的通知》的通知`);
    expect(await page.locator('#relay-summaryDueAt').inputValue()).toBe(shiftWall(milestones.summaryDueAt, -1));

    // Henan's own definition, read in the browser; its 2023 dates move with the rehearsed parent.
    await page.locator('#relay-yaml').setInputFiles(HENAN_YAML);
    await form.getByText('已载入 henan-2023.yaml').waitFor();
    await form.getByText(`文件中的日期已按上级通知的演练平移 ${shiftDays} 天`).waitFor();
    expect(await page.locator('#relay-title').inputValue()).toBe('关于举办2023年河南省全国科普日活动的通知');
    const henanDue = wall(new Date(Date.parse('2023-09-28T00:00:00+08:00') + shiftDays * DAY).toISOString());
    expect(await page.locator('#relay-summaryDueAt').inputValue()).toBe(henanDue);
    await page.locator('#relay-prefix').fill(`豫科协分发测${suffix}发`);

    // Two days after the national deadline: the API's 400 names the field, worded in Chinese beside it.
    await setDateTime(page, 'relay-summaryDueAt', shiftWall(milestones.summaryDueAt, 2));
    await screenshot(page, SPEC, 'relay-form');
    const refused = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${nationalId}/relays`));
    await page.locator('[data-test="relay-submit"]').click();
    expect((await refused).status()).toBe(400);
    const fieldError = page.locator('[data-test="relay-summaryDueAt"] .el-form-item__error');
    await fieldError.getByText('须早于上级通知的总结报送截止时间').waitFor();
    expect(await fieldError.textContent()).toContain(wall(milestones.summaryDueAt).slice(0, 16));
    await page.locator('[data-test="relay-error"]').getByText('填写有误').waitFor();
    await screenshot(page, SPEC, 'relay-form-refused');
    expect((await system.db.query('SELECT count(*)::int AS n FROM campaigns WHERE parent_id = $1', [nationalId]))[0].n).toBe(0);

    await setDateTime(page, 'relay-summaryDueAt', henanDue);
    await page.locator('[data-test="relay-submit"]').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\/notice$/);
    relayId = /\/campaigns\/([0-9a-f-]{36})\/notice$/.exec(page.url())![1];
    expect(relayId).not.toBe(nationalId);
    // The launch's warning, in Chinese and by name: the header names 工商联, the signatures do not.
    await page.getByText('版头列有 河南省工商业联合会，但落款（牵头单位与会签单位）中没有').waitFor();
    await screenshot(page, SPEC, 'relay-launched');

    // The API: the relay is Henan's, under the national notice, its deadline the one given, rehearsed with its parent.
    const relay = (await system.http.get(`/api/v1/campaigns/${relayId}`, system.token('HA_CAST', 'secretariat'))).body;
    expect(relay).toMatchObject({ parentId: nationalId, leadAgency: 'HA_CAST', title: '关于举办2023年河南省全国科普日活动的通知', calendarShiftDays: shiftDays });
    expect(relay.notice.docNumberPrefix).toBe(`豫科协分发测${suffix}发`);
    expect(Date.parse(relay.milestones.summaryDueAt)).toBe(Date.parse(milestones.summaryDueAt) - 12 * DAY);
    expect(relay.coSign.signers).toHaveLength(19);
    const relayed = await system.http.get(`/api/v1/campaigns/${nationalId}/recipients?state=relayed`, cast());
    expect(relayed.body.items).toEqual([expect.objectContaining({ agency: 'HA_CAST', relayCampaignId: relayId })]);
    await context.close();
  });

  it('the lead sees Henan’s relay in the national notice’s 转发 tree', async () => {
    const { context, page } = await logIn(browser, system, lead);
    await page.goto(`${system.url}/campaigns/${nationalId}/relays`);
    const tree = page.locator('[data-test="relay-tree"]');
    const node = tree.locator(`[data-test="tree-node-${relayId}"]`);
    await node.waitFor();
    expect(await node.textContent()).toBe('关于举办2023年河南省全国科普日活动的通知');
    await tree.getByText('河南省科学技术协会').waitFor();
    await page.locator('[data-test="rollup"]').getByText(/^\s*2 个通知/).waitFor();
    // No relay form for the lead: it is no 主送 recipient of its own notice.
    expect(await page.locator('[data-test="relay-start"]').count()).toBe(0);
    await screenshot(page, SPEC, 'relays-tree');
    await node.click();
    await page.waitForURL(new RegExp(`/campaigns/${relayId}/notice$`));
    await context.close();
  });

  it('the lead moves a milestone in 时间线: a week ending before it starts is refused inline and nothing moves; a later deadline is accepted and flagged', async () => {
    const { context, page } = await logIn(browser, system, lead);
    await page.goto(`${system.url}/campaigns/${nationalId}/timeline`);
    await page.locator('[data-test="phase-steps"]').waitFor();
    await page.locator('[data-test="current-phase"]').getByText('印发').waitFor();
    await page.locator('[data-test="summary-due"]').getByText(wall(milestones.summaryDueAt).slice(0, 16)).waitFor();
    await screenshot(page, SPEC, 'timeline');

    await setDateTime(page, 'milestone-concentratedWeek-endsAt', shiftWall(milestones.concentratedWeek.startsAt, -1));
    const refused = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${nationalId}/milestones`));
    await page.locator('[data-test="milestone-save"]').click();
    expect((await refused).status()).toBe(400);
    const weekError = page.locator('[data-test="milestone-concentratedWeek.endsAt"] .el-form-item__error');
    await weekError.getByText(`须晚于集中活动周开始（${wall(milestones.concentratedWeek.startsAt).slice(0, 16)}）`).waitFor();
    await screenshot(page, SPEC, 'timeline-refused');
    const unchanged = (await system.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body.milestones;
    expect(unchanged).toEqual(milestones);

    // Four days later: accepted, and flagged, since it falls on a Saturday of the rehearsed year (2023-10-14).
    await page.getByRole('button', { name: '恢复' }).click();
    const later = shiftWall(milestones.summaryDueAt, 4);
    await setDateTime(page, 'milestone-summaryDueAt', later);
    const moved = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${nationalId}/milestones`));
    await page.locator('[data-test="milestone-save"]').click();
    expect((await moved).status()).toBe(200);
    await page.locator('[data-test="summary-due"]').getByText(later.slice(0, 16)).waitFor();
    await page.locator('[data-test="move-warnings"]').getByText('总结报送截止（2023-10-14）是星期六，提醒将在工作日发出（演练：按原年份的日历判断）').waitFor();
    await screenshot(page, SPEC, 'timeline-moved');
    const after = (await system.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body.milestones;
    expect(Date.parse(after.summaryDueAt)).toBe(Date.parse(milestones.summaryDueAt) + 4 * DAY);
    expect(after.concentratedWeek).toEqual(milestones.concentratedWeek);
    await context.close();
  });

  it('北京市科协 sees only its own row of the national notice, and nothing of Henan’s relay', async () => {
    const { context, page } = await logIn(browser, system, beijing);
    await page.goto(`${system.url}/campaigns/${nationalId}/distribution`);
    const table = page.locator('[data-test="distribution-table"]');
    await table.getByText('北京市科学技术协会').waitFor();
    expect(await table.locator('.el-table__row').count()).toBe(1);
    expect(await page.getByText('河南省科学技术协会').count()).toBe(0);
    expect(await page.locator('[data-test="ack-chart"]').count()).toBe(0);
    expect(await page.locator('[data-test="delivery"]').count()).toBe(0);
    await page.locator('[data-test="my-receipt"] [data-test="acknowledge"]').waitFor();
    await screenshot(page, SPEC, 'distribution-beijing');

    const denied = page.waitForResponse((r) => r.url().endsWith(`/api/v1/campaigns/${relayId}`));
    await page.goto(`${system.url}/campaigns/${relayId}/distribution`);
    expect((await denied).status()).toBe(403);
    await page.locator('[data-test="campaign-error"]').getByText('无权进行此操作').waitFor();
    expect(await page.locator('[data-test="distribution-table"]').count()).toBe(0);
    expect(await page.getByText('关于举办2023年河南省全国科普日活动的通知').count()).toBe(0);
    await screenshot(page, SPEC, 'relay-denied');
    await context.close();
  });
});
