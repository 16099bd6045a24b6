/**
 * Step 3: a campaign of the bench's own whose publication window opens seconds after issuance;
 * activities (活动) registered through the API one by one and by bulk CSV import, next to raw `pg`
 * writes of the same rows.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { campaignCalendar } from '@activities/year.activities';
import type { Milestones } from '@domain/year';
import { DEFAULT_YEAR_URGING } from '@domain/year';
import type { Driver } from '@harness/campaigns';
import { issueCampaign, pool, untilPhase } from '@harness/campaigns';
import { seedDefinition } from '@harness/definitions';
import { HttpError, truncate } from '@harness/http';
import { shanghaiDate, shanghaiIso } from '@harness/time';
import type { BenchConfig } from '../options';
import type { RawRow } from '../raw-insert';
import { cloneActivities, copyRows, copyText, insertUnnest } from '../raw-insert';
import type { Distribution } from '../stats';
import { distribution, fmtInt, fmtMs, rate, round } from '../stats';
import { log } from '../system';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

export interface ActivityFigures {
  campaignId: string;
  organizers: number;
  oneByOne?: { n: number; ok: number; errors: number; concurrency: number; wallMs: number; rowsPerS: number; latency: Distribution; firstError?: string };
  bulk?: { rows: number; requests: number; chunk: number; wallMs: number; rowsPerS: number; request: Distribution };
  raw: { method: string; rows: number; wallMs: number; rowsPerS: number; note?: string }[];
}

export interface ActivityCampaign {
  id: string;
  milestones: Milestones;
  organizers: { code: string; region: string }[];
  sweepAt: number;
}

/** A campaign of the bench's own whose window opens seconds after issuance. */
export async function activityCampaign(sys: Driver): Promise<ActivityCampaign> {
  const national = seedDefinition('national-2023');
  const opens = Date.now() + 15_000;
  const milestones: Milestones = {
    publicationOpensAt: shanghaiIso(opens),
    concentratedWeek: { startsAt: shanghaiIso(opens + 20 * DAY), endsAt: shanghaiIso(opens + 21 * DAY) },
    summaryDueAt: shanghaiIso(opens + 25 * DAY),
    closesAt: shanghaiIso(opens + 40 * DAY),
  };
  const def = {
    title: '性能基准测试：活动登记（合成数据，非真实通知）',
    year: Number(shanghaiDate(0).slice(0, 4)),
    leadAgency: 'CAST',
    coSigners: ['CPD', 'CAC'],
    coSignDueAt: shanghaiIso(opens + 39 * DAY),
    docNumberPrefix: '基准测试发',
    body: '各有关单位：本通知是性能基准测试生成的合成数据，不是真实通知。',
    recipients: { main: ['各省、自治区、直辖市科协'], cc: [] },
    milestones,
    categories: national.categories,
  };
  const r = await issueCampaign(sys, def);
  log(`   ${r.docNumber} issued; waiting for its publication window to open (${milestones.publicationOpensAt})`);
  await untilPhase(sys, r.id, 'publication-open', 120_000);

  const lead = sys.token('CAST', 'secretariat');
  const list = await sys.http.expect(200, 'GET recipients', sys.http.get(`/api/v1/campaigns/${r.id}/recipients?pageSize=500&role=main`, lead));
  const organizers = (list.body.items as { agency: string; region: string }[]).map((x) => ({ code: x.agency, region: x.region }));
  if (!organizers.length) throw new Error('the activity campaign has no 主送 recipients to organize activities');

  // The sweep's morning: a working-day 09:00 whose "every 2 working days" cut-off lies after the
  // early activities have ended (opening + 2 h), and well before the late ones start.
  const cal = campaignCalendar(0);
  const sweepAt = cal.mornings(opens + DAY, opens + 20 * DAY, DEFAULT_YEAR_URGING.hour).find((t) => cal.before(t, DEFAULT_YEAR_URGING.resultsEveryWorkingDays - 1, 0) > opens + 2 * HOUR);
  if (!sweepAt) throw new Error('no working morning found for the sweep');
  return { id: r.id, milestones, organizers, sweepAt };
}

interface Row {
  title: string;
  category: string;
  startsAt: string;
  endsAt: string;
  place: string;
  expectedAudience: number;
}

/**
 * Synthetic activities. `early` ones end within two hours of the window's opening (they are due
 * for a results reminder at the sweep); the others run in the concentrated week.
 */
function makeRow(i: number, kind: string, categories: string[], opensMs: number, weekMs: number, early: boolean): Row {
  const starts = early ? opensMs + 60_000 + (i % 3600) * 1000 : weekMs + (i % (20 * 3600)) * 1000;
  const ends = starts + (early ? 30 * 60_000 : 2 * HOUR);
  return {
    title: `基准测试活动 ${kind}-${i}`,
    category: categories[i % categories.length],
    startsAt: shanghaiIso(starts),
    endsAt: shanghaiIso(ends),
    place: `基准测试场地 ${i % 500}`,
    expectedAudience: 100 + (i % 900),
  };
}

export async function activitiesStep(sys: Driver, databaseUrl: string, cfg: BenchConfig, c: ActivityCampaign): Promise<ActivityFigures> {
  const api = sys.http;
  const categories: string[] = seedDefinition('national-2023').categories;
  const opensMs = Date.parse(c.milestones.publicationOpensAt);
  const weekMs = Date.parse(c.milestones.concentratedWeek.startsAt);
  const tokens = new Map(c.organizers.map((o) => [o.code, sys.token(o.code, 'recipient')]));
  const a: ActivityFigures = { campaignId: c.id, organizers: c.organizers.length, raw: [] };

  // (a) one by one
  if (cfg.oneByOne > 0) {
    log(`   (a) ${fmtInt(cfg.oneByOne)} registrations one by one, ${cfg.concurrency} in flight, from ${c.organizers.length} organizers`);
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const t0 = performance.now();
    await pool(
      Array.from({ length: cfg.oneByOne }, (_, i) => i),
      cfg.concurrency,
      async (i) => {
        const o = c.organizers[i % c.organizers.length];
        const r = await api.post(`/api/v1/campaigns/${c.id}/activities`, makeRow(i, 'single', categories, opensMs, weekMs, false), tokens.get(o.code));
        if (r.status === 201) latencies.push(r.ms);
        else {
          errors++;
          firstError ??= `HTTP ${r.status} ${truncate(JSON.stringify(r.body), 400)}`;
        }
      },
    );
    const wallMs = performance.now() - t0;
    a.oneByOne = {
      n: cfg.oneByOne,
      ok: latencies.length,
      errors,
      concurrency: cfg.concurrency,
      wallMs: round(wallMs),
      rowsPerS: rate(latencies.length, wallMs),
      latency: distribution(latencies),
      ...(firstError && { firstError }),
    };
    log(`   (a) ${latencies.length} registered in ${fmtMs(wallMs)} (p50 ${fmtMs(a.oneByOne.latency.p50Ms)}, p99 ${fmtMs(a.oneByOne.latency.p99Ms)})`);
  }

  // The bulk rows, built before any clock starts: chunk k is imported by organizer k mod R.
  const n = cfg.activities;
  const s = cfg.sweepItems;
  const isEarly = (i: number) => Math.floor(((i + 1) * s) / n) > Math.floor((i * s) / n);
  const chunks: { organizer: { code: string; region: string }; rows: Row[] }[] = [];
  for (let start = 0, k = 0; start < n; start += cfg.importChunk, k++) {
    const rows: Row[] = [];
    for (let i = start; i < Math.min(n, start + cfg.importChunk); i++) rows.push(makeRow(i, 'bulk', categories, opensMs, weekMs, isEarly(i)));
    chunks.push({ organizer: c.organizers[k % c.organizers.length], rows });
  }
  const csvHeader = 'title,category,startsAt,endsAt,place,onlineUrl,expectedAudience';
  const csv = chunks.map((ch) => `${csvHeader}\n${ch.rows.map((r) => `${r.title},${r.category},${r.startsAt},${r.endsAt},${r.place},,${r.expectedAudience}`).join('\n')}\n`);

  if (n === 0) return a;

  // (b) bulk import through the API
  log(`   (b) bulk import of ${fmtInt(n)} rows as CSV, ${chunks.length} requests of ≤${fmtInt(cfg.importChunk)} rows, one after another`);
  const requestMs: number[] = [];
  const tBulk = performance.now();
  for (let k = 0; k < chunks.length; k++) {
    const ch = chunks[k];
    const r = await api.request('POST', `/api/v1/campaigns/${c.id}/activities/import`, { token: tokens.get(ch.organizer.code), text: csv[k], contentType: 'text/csv' });
    if (r.status !== 201 && r.status !== 200) throw new HttpError(`import chunk ${k + 1}/${chunks.length} (${ch.organizer.code})`, r);
    if (r.body?.imported !== ch.rows.length) throw new Error(`import chunk ${k + 1}: imported ${JSON.stringify(r.body?.imported)} of ${ch.rows.length}`);
    requestMs.push(r.ms);
    if (chunks.length > 4 && (k + 1) % Math.ceil(chunks.length / 4) === 0) log(`       ${k + 1}/${chunks.length} requests`);
  }
  const bulkMs = performance.now() - tBulk;
  a.bulk = { rows: n, requests: chunks.length, chunk: cfg.importChunk, wallMs: round(bulkMs), rowsPerS: rate(n, bulkMs), request: distribution(requestMs) };
  log(`   (b) ${fmtInt(n)} rows in ${fmtMs(bulkMs)}: ${fmtInt(a.bulk.rowsPerS)} rows/s`);

  // (c) the same rows straight through pg, into an empty clone of the activities table each
  const raw = new Client({ connectionString: databaseUrl });
  await raw.connect();
  const table = 'bench_raw_activities';
  try {
    const embedded = !process.env.DATABASE_URL;
    const methods: { method: string; run: (rows: RawRow[]) => Promise<number> }[] = [];
    if (!embedded) methods.push({ method: 'raw pg COPY FROM STDIN', run: (rows) => copyRows(raw, table, copyText(rows)) });
    methods.push({ method: 'raw pg INSERT … SELECT FROM unnest', run: (rows) => insertUnnest(raw, table, rows) });
    const batch = randomUUID();
    const rawChunks: RawRow[][] = chunks.map((ch) =>
      ch.rows.map((r) => ({
        campaignId: c.id,
        organizer: ch.organizer.code,
        region: ch.organizer.region ?? 'CN',
        title: r.title,
        category: r.category,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        place: r.place,
        onlineUrl: null,
        expectedAudience: r.expectedAudience,
        importBatch: batch,
        createdBy: 'bench-raw',
      })),
    );
    for (const m of methods) {
      await cloneActivities(raw, table);
      // Warm the connection's backend up (catalog and plan caches) on a few rows, rolled back.
      await raw.query('BEGIN');
      await m.run(rawChunks[0].slice(0, 100));
      await raw.query('ROLLBACK');
      log(`   (c) ${m.method}: the same ${fmtInt(n)} rows, same chunks, one statement per chunk, into an empty clone of activities`);
      let written = 0;
      const t0 = performance.now();
      for (const rows of rawChunks) written += await m.run(rows);
      const ms = performance.now() - t0;
      if (written !== n) throw new Error(`${m.method}: wrote ${written} of ${n} rows`);
      a.raw.push({ method: m.method, rows: n, wallMs: round(ms), rowsPerS: rate(n, ms) });
      log(`   (c) ${fmtInt(n)} rows in ${fmtMs(ms)}: ${fmtInt(rate(n, ms))} rows/s`);
    }
    if (embedded) a.raw.push({ method: 'raw pg COPY FROM STDIN', rows: 0, wallMs: NaN, rowsPerS: NaN, note: 'not measured: the embedded PGlite server closes the connection on COPY FROM STDIN' });
  } finally {
    await raw.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await raw.end();
  }
  return a;
}
