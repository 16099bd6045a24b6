/**
 * Step 7: the web console in headless Chromium (Debian's, through playwright-core), on the
 * system the other steps built:
 *  - the compressed JavaScript of the first page (登录, as a newcomer's browser loads it: the
 *    bytes on the wire, from the browser's own accounting), goal ≤ 400 KB;
 *  - the time until 分发与签收 of the national campaign (1,022 bodies) is usable — the table's
 *    first page of bodies and the counts shown — from the navigation's start, logged in as the
 *    lead's secretariat: the first visit (nothing cached) and repeat visits; goal ≤ 1 s. Beside
 *    it, the floor: the span of the API requests that page makes (Resource Timing).
 * Skipped, with a note, when there is no Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Browser, Page, Request } from 'playwright-core';
import { percentile, round } from '../stats';
import type { BenchSystem } from '../system';
import { log } from '../system';

export const CONSOLE_GOALS = { firstPageKb: 400, distributionMs: 1000 };

export interface ConsoleFigures {
  firstPage: { scripts: number; encodedKb: number; decodedKb: number };
  distribution: { bodies: number; coldMs: number; warm: { runs: number; p50Ms: number; maxMs: number }; apiSpanMs: number };
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREEN = { width: 1366, height: 768 };

export function consoleAvailable(): string | null {
  return existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`;
}

async function logIn(page: Page, url: string, login: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Navigation start → the table's rows and the counts are on screen; with the API requests' span. */
async function timeDistribution(page: Page, url: string, campaignId: string): Promise<{ ms: number; apiSpanMs: number; bodies: number }> {
  const t0 = performance.now();
  await page.goto(`${url}/campaigns/${campaignId}/distribution`, { waitUntil: 'commit' });
  await page.locator('[data-test="distribution-table"] .el-table__body tr').first().waitFor();
  await page.locator('[data-test="counts"]').waitFor();
  const ms = performance.now() - t0;
  const timing = await page.evaluate<{ start: number; end: number; n: number }>(`(() => {
    const api = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith('/api/v1/campaigns/'));
    return { start: Math.min(...api.map((e) => e.startTime)), end: Math.max(...api.map((e) => e.responseEnd)), n: api.length };
  })()`);
  const main = Number((await page.locator('[data-test="count-main"] .el-statistic__content').innerText()).replace(/\D/g, ''));
  const cc = Number((await page.locator('[data-test="count-cc"] .el-statistic__content').innerText()).replace(/\D/g, ''));
  const bodies = main + cc;
  return { ms, apiSpanMs: timing.n ? timing.end - timing.start : 0, bodies };
}

export async function consoleStep(sys: BenchSystem, campaignId: string, runs: number): Promise<ConsoleFigures> {
  const { chromium } = await import('playwright-core');
  const login = `bench-console-${Date.now()}`;
  const password = 'bench console password 2023';
  await sys.http.expect(201, 'create the lead secretariat’s account', sys.http.post('/api/v1/users', { login, name: '基准测试 秘书处', agency: 'CAST', roles: ['secretariat'], password }, sys.token('CAST', 'admin')));
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  try {
    // The first page: every script a fresh browser fetches for 登录, compressed as it came.
    const fresh = await browser.newContext({ viewport: SCREEN, locale: 'zh-CN' });
    const page = await fresh.newPage();
    const scripts: Promise<{ encoded: number; decoded: number }>[] = [];
    const onScript = (req: Request) => {
      if (req.resourceType() !== 'script') return;
      scripts.push(
        (async () => {
          const [sizes, body] = await Promise.all([req.sizes(), (await req.response())?.body()]);
          return { encoded: sizes.responseBodySize, decoded: body?.length ?? 0 };
        })(),
      );
    };
    page.on('requestfinished', onScript);
    await page.goto(`${sys.url}/login`, { waitUntil: 'networkidle' });
    await page.getByLabel('账号').waitFor();
    // The first page's scripts only: a body read after the page navigated away is refused (an unhandled rejection once).
    page.off('requestfinished', onScript);
    const sizes = await Promise.all(scripts);
    const firstPage = {
      scripts: sizes.length,
      encodedKb: round(sizes.reduce((a, s) => a + s.encoded, 0) / 1024, 1),
      decodedKb: round(sizes.reduce((a, s) => a + s.decoded, 0) / 1024, 1),
    };
    log(`   first page: ${firstPage.scripts} scripts, ${firstPage.encodedKb} KB compressed (${firstPage.decodedKb} KB)`);

    // 分发与签收: the first visit with nothing cached, then repeat visits (a reload each).
    await logIn(page, sys.url, login, password);
    const cold = await timeDistribution(page, sys.url, campaignId);
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) warm.push((await timeDistribution(page, sys.url, campaignId)).ms);
    const last = await timeDistribution(page, sys.url, campaignId);
    await fresh.close();
    log(`   分发与签收 usable: first ${Math.round(cold.ms)} ms, then p50 ${Math.round(percentile(warm, 50))} ms (${cold.bodies} bodies)`);
    return {
      firstPage,
      distribution: {
        bodies: cold.bodies,
        coldMs: round(cold.ms),
        warm: { runs, p50Ms: round(percentile(warm, 50)), maxMs: round(Math.max(...warm)) },
        apiSpanMs: round(last.apiSpanMs),
      },
    };
  } finally {
    await browser.close();
  }
}
