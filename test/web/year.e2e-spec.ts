/**
 * The campaign's year in the console, in Chromium against the real system: 河南省科协's recipient
 * registers an activity (refused, with when the window opens, before it does), uploads a CSV with
 * a bad row (the row's error shown beside it, nothing imported), then a good one (progress to
 * 100 %, the rows listed, the chart's categories), adds results to an ended activity and submits
 * its summary; Henan's relay recommends its commended entry upward; the lead sees the matrix
 * (on time and late), nominates, decides and publishes. The API is asked after every step.
 *
 * The timeline is the lead's to move (PATCH …/milestones, as the 时间线 tab does): the campaign is
 * issued with every milestone hours away, and each phase is brought to now when the spec is ready
 * for it, so no step races a timer however slow the browser is.
 */
import type { Browser, Page } from 'playwright-core';
import type { Issued } from '../support/campaign';
import { issueCampaign, issuedSmallCampaign, shanghaiIso, untilPhase } from '../support/campaign';
import type { TestSystem } from '../support/system';
import { eventually, startSystem } from '../support/system';
import type { Person } from '../support/browser';
import { createPerson, launchBrowser, logIn, screenshot } from '../support/browser';

jest.setTimeout(300_000);

const SPEC = 'year';
const S = 1000;
const H = 3600 * S;
const CATEGORIES = ['各省区域活动', '青少年科普专项行动', '云上科普日专项行动'];
const [REGIONAL, YOUTH, ONLINE] = CATEGORIES;
const TITLE = `年度界面测试 ${Date.now()}`;

let sys: TestSystem;
let browser: Browser;
let parent: Issued;
let relay: Issued;
let haClerk: Person;
let haOffice: Person;
let lead: Person;
let opensMs: number;

const campaignPath = (id: string) => `/api/v1/campaigns/${id}`;
const leadToken = () => sys.token('CAST', 'secretariat');
const haToken = () => sys.token('HA_CAST', 'recipient');
const moveMilestones = async (id: string, change: Record<string, unknown>, token: string) => {
  const res = await sys.http.patch(`${campaignPath(id)}/milestones`, change, token);
  if (res.status !== 200) throw new Error(`moving milestones of ${id}: ${res.status} ${JSON.stringify(res.body)}`);
};
const activities = async (query = '') => (await sys.http.get(`${campaignPath(parent.id)}/activities?organizer=HA_CAST&pageSize=100${query}`, haToken())).body;

/** `2026-11-30 10:00:00`: how a person types an instant into the date-time picker (the browser runs on Beijing time). */
const typed = (ms: number) => shanghaiIso(ms).slice(0, 19).replace('T', ' ');
const csvOf = (rows: string[][]) => `${['title,category,startsAt,endsAt,place,onlineUrl,expectedAudience', ...rows.map((r) => r.join(','))].join('\n')}\n`;

async function typeDateTime(page: Page, label: string, ms: number) {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(typed(ms));
  await input.press('Enter');
  await page.keyboard.press('Escape');
}

/** An Element Plus select of a form: opened by its label, the option clicked by its text in the popup (in body). */
async function choose(page: Page, form: string, label: string, option: string, type?: string) {
  const select = page.locator(`[data-test=${form}]`).getByRole('combobox', { name: label, exact: true });
  // The select's box takes the click (its placeholder lies over the input).
  await select.locator('xpath=ancestor::div[contains(@class, "el-select__wrapper")]').click();
  if (type) await select.fill(type);
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}

beforeAll(async () => {
  [sys, browser] = await Promise.all([startSystem(), launchBrowser()]);
  const base = Date.now();
  parent = await issuedSmallCampaign(
    sys,
    {
      title: TITLE,
      docNumberPrefix: '年度界面测试发',
      categories: CATEGORIES,
      recipients: { main: ['各省、自治区、直辖市科协'], cc: [] },
      reportingUnits: ['各省、自治区、直辖市科协'],
    },
    { opens: 1 * H, weekStarts: 2 * H, weekEnds: 3 * H, summaryDue: 5 * H, closes: 10 * H },
  );
  // 河南省科协 relays it (转发) to its cities, reporting before the national deadline.
  relay = await issueCampaign(
    sys,
    {
      title: `${TITLE}（河南）`,
      leadAgency: 'HA_CAST',
      coSigners: ['HA_EDU'],
      coSignDueAt: shanghaiIso(base + 8 * H),
      docNumberPrefix: '年度界面测试豫发',
      body: '各省辖市、济源示范区科协：请按通知要求开展活动并于截止日前提交工作总结。',
      recipients: { main: ['各省辖市、济源示范区科协'], cc: [] },
      reportingUnits: ['各省辖市、济源示范区科协'],
      categories: [REGIONAL],
      milestones: { summaryDueAt: shanghaiIso(base + 4 * H), closesAt: shanghaiIso(base + 9 * H) },
    },
    `${campaignPath(parent.id)}/relays`,
  );
  [haClerk, haOffice, lead] = await Promise.all([
    createPerson(sys, { agency: 'HA_CAST', roles: ['recipient'], name: '豫科协活动专员' }),
    createPerson(sys, { agency: 'HA_CAST', roles: ['secretariat'], name: '豫科协办公室' }),
    createPerson(sys, { agency: 'CAST', roles: ['secretariat'], name: '中国科协科普部' }),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await sys?.close();
});

describe('the year in the console', () => {
  let clerk: Page;
  let registeredId: string;

  beforeAll(async () => {
    ({ page: clerk } = await logIn(browser, sys, haClerk));
  });

  it('before the publication window opens, registering is refused with when it opens, and nothing is stored', async () => {
    const opensAt = (await sys.http.get(campaignPath(parent.id), leadToken())).body.milestones.publicationOpensAt as string;
    await clerk.goto(`${sys.url}/campaigns/${parent.id}/activities`);
    await clerk.getByRole('heading', { name: '活动', exact: true }).waitFor();
    await clerk.locator('[data-test=window-notice]').filter({ hasText: '宣传发布期尚未开始' }).waitFor();

    await clerk.getByLabel('标题', { exact: true }).fill('提前登记的活动');
    await choose(clerk, 'activity-form', '类别', REGIONAL);
    await typeDateTime(clerk, '开始时间', Date.parse(opensAt) + 60 * S);
    await typeDateTime(clerk, '结束时间', Date.parse(opensAt) + 2 * H);
    await clerk.getByLabel('地点', { exact: true }).fill('郑州市');
    const refused = clerk.waitForResponse((r) => r.url().endsWith(`/campaigns/${parent.id}/activities`) && r.request().method() === 'POST');
    await clerk.locator('[data-test=activity-submit]').click();
    expect((await refused).status()).toBe(409);
    const alert = clerk.locator('[data-test=activity-form-error]');
    await alert.waitFor();
    // The instant the API named, in Beijing time.
    expect(await alert.textContent()).toContain(`宣传发布期尚未开始，将于 ${typed(Date.parse(opensAt)).slice(0, 16)} 开放活动登记`);
    await screenshot(clerk, SPEC, 'activities-before-window');
    expect((await activities()).total).toBe(0);
  });

  it('once the window opens, 河南省科协 registers an activity through the form', async () => {
    opensMs = Date.now() + 3 * S;
    await moveMilestones(parent.id, { publicationOpensAt: shanghaiIso(opensMs) }, leadToken());
    await untilPhase(sys, parent.id, 'publication-open');
    await clerk.reload();
    await clerk.getByRole('heading', { name: '活动', exact: true }).waitFor();
    expect(await clerk.locator('[data-test=window-notice]').count()).toBe(0);

    await clerk.getByLabel('标题', { exact: true }).fill('河南省全国科普日主场活动');
    await choose(clerk, 'activity-form', '类别', REGIONAL);
    await typeDateTime(clerk, '开始时间', opensMs + 60 * S);
    await typeDateTime(clerk, '结束时间', opensMs + 2 * H);
    await clerk.getByLabel('地点', { exact: true }).fill('郑州市');
    await clerk.getByLabel('预计参与人数', { exact: true }).fill('5000');
    const created = clerk.waitForResponse((r) => r.url().endsWith(`/campaigns/${parent.id}/activities`) && r.request().method() === 'POST');
    await clerk.locator('[data-test=activity-submit]').click();
    expect((await created).status()).toBe(201);
    await clerk.locator('[data-test=activities]').getByText('河南省全国科普日主场活动').waitFor();

    const stored = await activities();
    expect(stored.total).toBe(1);
    expect(stored.items[0]).toMatchObject({
      title: '河南省全国科普日主场活动',
      category: REGIONAL,
      organizer: 'HA_CAST',
      place: '郑州市',
      expectedAudience: 5000,
      startsAt: new Date(Math.floor((opensMs + 60 * S) / 1000) * 1000).toISOString(),
    });
    registeredId = stored.items[0].id;
    await screenshot(clerk, SPEC, 'activities-registered');
  });

  it('a CSV with a bad row shows that row’s error beside it, and nothing is imported', async () => {
    await clerk.getByRole('tab', { name: '批量导入' }).click();
    const start = shanghaiIso(opensMs + 10 * S);
    const end = shanghaiIso(opensMs + 3 * H);
    const bad = csvOf([
      ['洛阳科学之夜', REGIONAL, start, end, '洛阳市', '', '800'],
      ['', YOUTH, start, end, '开封市', '', '300'],
      ['新乡青少年科技节', YOUTH, start, end, '新乡市', '', '1200'],
    ]);
    await clerk.locator('[data-test=activity-file]').setInputFiles({ name: '活动-有误.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await clerk.locator('[data-test=activity-file-facts]').filter({ hasText: '3 行' }).waitFor();
    const answered = clerk.waitForResponse((r) => r.url().endsWith('/activities/import'));
    await clerk.locator('[data-test=activity-upload]').click();
    expect((await answered).status()).toBe(400);

    await clerk.locator('[data-test=activity-import-error]').filter({ hasText: '1 行不符合要求，未导入任何活动' }).waitFor();
    // Only the bad row is listed (只看有问题的行), its problem beside it: 第 2 行 · 标题：必填.
    const problems = clerk.locator('[data-test=row-problems-2]');
    await problems.waitFor();
    expect(await problems.textContent()).toContain('标题：必填');
    const rows = clerk.locator('[data-test=activity-import-rows] .el-table__body tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('第 2 行');
    await screenshot(clerk, SPEC, 'import-row-error');

    // All or nothing: the two good rows were not imported either.
    const after = await activities();
    expect(after.total).toBe(1);
    expect(after.items.map((a: any) => a.title)).toEqual(['河南省全国科普日主场活动']);
  });

  it('a good CSV imports every row with the progress bar at 100 %; the list and the chart show them; the same file again imports nothing twice', async () => {
    const good = csvOf([
      // Ends a second after the window opened: ended by now, ready for its results.
      ['郑州科普市集', REGIONAL, shanghaiIso(opensMs), shanghaiIso(opensMs + 1 * S), '郑州市二七广场', '', '3000'],
      ['新乡青少年科技节', YOUTH, shanghaiIso(opensMs + 10 * S), shanghaiIso(opensMs + 3 * H), '新乡市', '', '1200'],
      ['河南云上科普日', ONLINE, shanghaiIso(opensMs + 20 * S), shanghaiIso(opensMs + 4 * H), '', 'https://www.kepuri.cn/live/ha-1', ''],
    ]);
    await clerk.locator('[data-test=activity-file]').setInputFiles({ name: '活动.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await clerk.locator('[data-test=activity-file-facts]').filter({ hasText: '活动.csv' }).waitFor();
    const answered = clerk.waitForResponse((r) => r.url().endsWith('/activities/import'));
    await clerk.locator('[data-test=activity-upload]').click();
    const response = await answered;
    expect(response.status()).toBe(201);
    const key = response.request().headers()['idempotency-key'];
    expect(key).toMatch(/^upload-[0-9a-f]{64}$/);
    await clerk.locator('[data-test=activity-import-done]').filter({ hasText: '已导入 3 项活动' }).waitFor();
    const progress = clerk.locator('[data-test=activity-progress]');
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await progress.textContent()).toContain('100%');

    const list = clerk.locator('[data-test=activities]');
    for (const title of ['郑州科普市集', '新乡青少年科技节', '河南云上科普日']) await list.getByText(title).waitFor();
    // The chart's figures: every category of the definition, with its count.
    await clerk.locator(`[data-test="stat-${REGIONAL}"]`).filter({ hasText: '2' }).waitFor();
    await clerk.locator(`[data-test="stat-${YOUTH}"]`).filter({ hasText: '1' }).waitFor();
    await clerk.locator(`[data-test="stat-${ONLINE}"]`).filter({ hasText: '1' }).waitFor();
    expect(await clerk.locator('[data-test=stat-total]').textContent()).toBe('4');
    const chart = clerk.locator('[data-test=activity-chart]');
    expect(await chart.getAttribute('aria-label')).toContain(`${REGIONAL} 2`);
    expect(await chart.locator('canvas').count()).toBe(1);
    await screenshot(clerk, SPEC, 'import-done');

    // The list's filters go to the server: one category, then all again.
    await choose(clerk, 'activity-filters', '类别', YOUTH);
    const filtered = clerk.waitForResponse((r) => r.url().includes('/activities?') && new URL(r.url()).searchParams.get('category') === YOUTH);
    await clerk.locator('[data-test=activity-filters]').getByRole('button', { name: '查询' }).click();
    expect((await (await filtered).json()).total).toBe(1);
    await list.getByText('郑州科普市集').waitFor({ state: 'detached' });
    await list.getByText('新乡青少年科技节').waitFor();
    await clerk.locator('[data-test=activity-filters]').getByRole('button', { name: '重置' }).click();
    await list.getByText('郑州科普市集').waitFor();

    const stats = (await sys.http.get(`${campaignPath(parent.id)}/activities/stats`, leadToken())).body;
    expect(stats.total).toBe(4);
    expect(stats.byCategory).toEqual([
      { category: REGIONAL, count: 2 },
      { category: YOUTH, count: 1 },
      { category: ONLINE, count: 1 },
    ]);

    // The same file chosen and sent again (or retried after a timeout): its key finds its batch.
    await clerk.locator('[data-test=activity-file]').setInputFiles({ name: '活动（副本）.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await clerk.locator('[data-test=activity-file-facts]').filter({ hasText: '活动（副本）.csv' }).waitFor();
    const again = clerk.waitForResponse((r) => r.url().endsWith('/activities/import'));
    await clerk.locator('[data-test=activity-upload]').click();
    const second = await again;
    expect(second.request().headers()['idempotency-key']).toBe(key);
    expect(await second.json()).toMatchObject({ imported: 3, repeated: true });
    await clerk.locator('[data-test=activity-import-done]').filter({ hasText: '未重复导入' }).waitFor();
    expect((await activities()).total).toBe(4);
  });

  it('adds results to the activity that has ended', async () => {
    const ended = (await activities()).items.find((a: any) => a.title === '郑州科普市集');
    expect(Date.parse(ended.endsAt)).toBeLessThan(Date.now());
    await clerk.getByRole('button', { name: '刷新' }).first().click();
    // Only an ended activity of one's own offers results.
    await clerk.locator(`[data-test=results-${ended.id}]`).click();
    expect(await clerk.locator(`[data-test=results-${registeredId}]`).count()).toBe(0);
    const dialog = clerk.getByRole('dialog');
    await dialog.getByLabel('参与人数', { exact: true }).fill('3600');
    await dialog.getByLabel('总结', { exact: true }).fill('市集设展位 40 个，接待市民 3600 人次。');
    await dialog.getByLabel('照片', { exact: true }).fill('https://www.hast.net.cn/photos/1.jpg\nhttps://www.hast.net.cn/photos/2.jpg');
    await dialog.getByLabel('新闻链接', { exact: true }).fill('https://news.example.cn/zz-kepu');
    const saved = clerk.waitForResponse((r) => r.url().endsWith(`/activities/${ended.id}/results`));
    await clerk.locator('[data-test=results-save]').click();
    expect((await saved).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await clerk.locator('[data-test=stat-with-results]').filter({ hasText: '1' }).waitFor();
    await screenshot(clerk, SPEC, 'activities-results');

    const got = (await sys.http.get(`${campaignPath(parent.id)}/activities/${ended.id}`, leadToken())).body;
    expect(got.results).toEqual({
      photos: ['https://www.hast.net.cn/photos/1.jpg', 'https://www.hast.net.cn/photos/2.jpg'],
      videos: [],
      news: ['https://news.example.cn/zz-kepu'],
      participants: 3600,
      summary: '市集设展位 40 个，接待市民 3600 人次。',
    });
  });

  it('河南省科协 submits its summary and sees it, on time', async () => {
    await clerk.getByRole('tab', { name: '总结' }).click();
    await clerk.getByRole('heading', { name: '本单位总结' }).waitFor();
    // A reporting unit sees its own row, never the matrix.
    expect(await clerk.locator('[data-test=summary-matrix]').count()).toBe(0);
    await clerk.getByLabel('正文', { exact: true }).fill('河南省全国科普日活动总结：全省共开展活动 4 场……');
    await clerk.locator('[data-test=figure-activities] input').fill('4');
    await clerk.locator('[data-test=figure-participants] input').fill('9800');
    const sent = clerk.waitForResponse((r) => r.url().endsWith(`/campaigns/${parent.id}/summaries`) && r.request().method() === 'POST');
    await clerk.locator('[data-test=summary-submit]').click();
    expect((await sent).status()).toBe(201);
    await clerk.locator('[data-test=own-status]').filter({ hasText: '按时报送' }).waitFor();
    await clerk.locator('[data-test=summary-view]').getByText('活动场次').waitFor();
    await screenshot(clerk, SPEC, 'summary-submitted');

    const mine = (await sys.http.get(`${campaignPath(parent.id)}/summaries/HA_CAST`, haToken())).body;
    expect(mine).toMatchObject({ status: 'on-time', latest: { revision: 1, late: false, figures: { activities: 4, participants: 9800 }, text: expect.stringContaining('全省共开展活动') } });
  });

  it('after the deadlines, Henan’s relay recommends its commended entry upward', async () => {
    // The relay reaches commendation first (its deadline must stay before the national one), then the national notice.
    let now = Date.now();
    await moveMilestones(
      relay.id,
      { publicationOpensAt: shanghaiIso(now + 2 * S), concentratedWeek: { startsAt: shanghaiIso(now + 3 * S), endsAt: shanghaiIso(now + 4 * S) }, summaryDueAt: shanghaiIso(now + 5 * S) },
      sys.token('HA_CAST', 'secretariat'),
    );
    now = Date.now();
    await moveMilestones(parent.id, { concentratedWeek: { startsAt: shanghaiIso(now + 7 * S), endsAt: shanghaiIso(now + 8 * S) }, summaryDueAt: shanghaiIso(now + 9 * S) }, leadToken());
    await untilPhase(sys, relay.id, 'commendation');
    const haLead = sys.token('HA_CAST', 'secretariat');
    const nominated = await sys.http.post(`${campaignPath(relay.id)}/nominations`, { kind: 'unit', unit: 'HA_ZZ_CAST', citation: '活动组织有序、服务基层有效' }, haLead);
    expect(nominated.status).toBe(201);
    expect((await sys.http.post(`${campaignPath(relay.id)}/nominations/${nominated.body.id}/decision`, { decision: 'commend' }, haLead)).status).toBe(200);

    const { context, page } = await logIn(browser, sys, haOffice);
    await page.goto(`${sys.url}/campaigns/${relay.id}/commendations`);
    const pool = page.locator('[data-test=pool]');
    await pool.getByText('郑州市科学技术协会').waitFor();
    await pool.locator('.el-table__body tr').first().locator('.el-checkbox').click();
    const sent = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${relay.id}/recommendations`));
    await page.locator('[data-test=recommend]').click();
    expect((await sent).status()).toBe(201);
    await page.getByText('已推荐 1 项至上级通知').first().waitFor();
    await screenshot(page, SPEC, 'relay-recommends');
    await context.close();

    const parentPool = (await sys.http.get(`${campaignPath(parent.id)}/nominations`, leadToken())).body;
    expect(parentPool.items).toEqual([expect.objectContaining({ unit: 'HA_ZZ_CAST', status: 'nominated', source: expect.objectContaining({ campaignId: relay.id, leadAgency: 'HA_CAST' }) })]);
  });

  it('the lead sees the matrix (on time, late, missing), nominates, decides and publishes', async () => {
    await untilPhase(sys, parent.id, 'commendation');
    // 北京市科协 reports after the deadline: accepted, and late.
    const late = await sys.http.post(`${campaignPath(parent.id)}/summaries`, { text: '北京市科协全国科普日活动总结' }, sys.token('BJ_CAST', 'recipient'));
    expect(late.status).toBe(201);
    expect(late.body.late).toBe(true);

    const { context, page } = await logIn(browser, sys, lead);
    await page.goto(`${sys.url}/campaigns/${parent.id}/summaries`);
    await page.getByRole('heading', { name: '各单位报送情况' }).waitFor();
    await page.locator('[data-test=status-HA_CAST]').filter({ hasText: '按时报送' }).waitFor();
    await page.locator('[data-test=status-BJ_CAST]').filter({ hasText: '逾期报送' }).waitFor();
    const counts = await page.locator('[data-test=summary-counts]').textContent();
    expect(counts).toContain('按时报送 1');
    expect(counts).toContain('逾期报送 1');
    expect(await page.locator('[data-test=summary-missing]').textContent()).toContain('上海市科学技术协会');
    const matrix = (await sys.http.get(`${campaignPath(parent.id)}/summaries`, leadToken())).body;
    expect(matrix.counts).toMatchObject({ onTime: 1, late: 1, missing: matrix.counts.units - 2 });
    await screenshot(page, SPEC, 'lead-matrix');

    // 表扬: the recommended entry is in the pool, marked with where it came from.
    await page.getByRole('tab', { name: '表扬' }).click();
    const pool = page.locator('[data-test=pool]');
    const recommended = pool.locator('.el-table__body tr', { hasText: '郑州市科学技术协会' });
    await recommended.getByText('下级推荐').waitFor();
    expect(await recommended.textContent()).toContain(`河南省科学技术协会推荐 · ${relay.docNumber}`);

    // Nominate 河南省科协 (a unit) through the form.
    const form = page.locator('[data-test=nominate-form]');
    await choose(page, 'nominate-form', '单位', '河南省科学技术协会', '河南省科学技术协会');
    await form.getByLabel('表扬理由', { exact: true }).fill('组织全省开展全国科普日活动成效显著');
    const nominated = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${parent.id}/nominations`) && r.request().method() === 'POST');
    await page.locator('[data-test=nominate-submit]').click();
    const created = await nominated;
    expect(created.status()).toBe(201);
    const ownId = (await created.json()).id as string;
    await page.locator(`[data-test=nomination-status-${ownId}]`).filter({ hasText: '待审定' }).waitFor();

    // Decide: 河南省科协 commended, the recommended one declined.
    const recommendedId = (await sys.http.get(`${campaignPath(parent.id)}/nominations`, leadToken())).body.items.find((n: any) => n.source)!.id as string;
    await page.locator(`[data-test=commend-${ownId}]`).click();
    await page.locator(`[data-test=nomination-status-${ownId}]`).filter({ hasText: '予以表扬' }).waitFor();
    await page.locator(`[data-test=decline-${recommendedId}]`).click();
    await page.locator(`[data-test=nomination-status-${recommendedId}]`).filter({ hasText: '不予表扬' }).waitFor();
    const decided = (await sys.http.get(`${campaignPath(parent.id)}/nominations`, leadToken())).body.items;
    expect(Object.fromEntries(decided.map((n: any) => [n.id, n.status]))).toEqual({ [ownId]: 'commended', [recommendedId]: 'declined' });
    await screenshot(page, SPEC, 'lead-pool');

    // Publish, after confirming.
    await page.locator('[data-test=publish]').click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确定发布 1 项表扬吗' });
    await confirm.waitFor();
    await screenshot(page, SPEC, 'lead-publish-confirm');
    const published = page.waitForResponse((r) => r.url().endsWith('/commendations/publish'));
    await confirm.getByRole('button', { name: '发布表扬名单' }).click();
    expect((await published).status()).toBe(200);
    await page.locator('[data-test=published-at]').waitFor();
    await page.locator('[data-test=published]').getByText('河南省科学技术协会').waitFor();
    expect(await page.locator('[data-test=publish]').count()).toBe(0);
    await page.waitForFunction("!document.querySelector('.el-loading-mask')");
    await screenshot(page, SPEC, 'lead-published');

    const list = await eventually(async () => {
      const r = (await sys.http.get(`${campaignPath(parent.id)}/commendations`, haToken())).body;
      if (!r.publishedAt) throw new Error('not published yet');
      return r;
    });
    expect(list.items).toEqual([expect.objectContaining({ id: ownId, kind: 'unit', unit: 'HA_CAST', status: 'commended', citation: '组织全省开展全国科普日活动成效显著' })]);
    await context.close();

    // 河南省科协's recipient reads the published list.
    await clerk.goto(`${sys.url}/campaigns/${parent.id}/commendations`);
    await clerk.locator('[data-test=published]').getByText('河南省科学技术协会').waitFor();
    expect(await clerk.locator('[data-test=pool]').count()).toBe(0);
    await screenshot(clerk, SPEC, 'recipient-commendations');
  });
});
