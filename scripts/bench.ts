/**
 * `npm run bench`: builds the 全国科普日 cascade on a system of its own and prints what it costs.
 *
 *   npm run bench                      full scale (1–3 minutes on a 2-CPU machine)
 *   npm run bench -- --quick           small numbers: a smoke run of every step
 *   npm run bench -- --json            the table on stderr, the figures as JSON on stdout
 *   npm run bench -- --verbose         also the API, worker and Temporal output
 *   DATABASE_URL=postgres://… npm run bench    on a real server (a fresh database, dropped afterwards)
 *
 * Steps (each one's figure is printed; nothing is asserted):
 *  1. the national notice (campaigns/national-2023.yaml, rebased to tomorrow) launched, approved by
 *     its 20 co-signers and signed off over HTTP: time from sign-off until every one of its ~1,022
 *     recipients is delivered;
 *  2. the 31 provinces relay it (转发), each to a few hundred bodies of its own (synthetic benchmark
 *     bodies `<P>_BENCH_<n>`, "基准测试单位 …", top up the real directory), all at once: wall time
 *     until all 31 are launched, co-signed, issued and distributed, and per-relay p50/p99;
 *  3. a campaign of the bench's own whose publication window opens seconds after issuance:
 *     activity registration through the API one by one (p50/p99 latency, rows/s) and by bulk CSV
 *     import (rows/s), next to raw `pg` writes of the same rows (COPY on a real server, and
 *     INSERT … SELECT FROM unnest);
 *  4. one reminder sweep (催办) over ≥10,000 pending items, the worker's own activity code run
 *     from here against the same database;
 *  5. peak memory (VmHWM) of the API and the worker processes.
 *
 * Sizes (environment): BENCH_ONE_BY_ONE (2000), BENCH_CONCURRENCY (8), BENCH_ACTIVITIES (100000),
 * BENCH_IMPORT_CHUNK (10000), BENCH_SWEEP_ITEMS (10000), BENCH_RELAY_BODIES (300 per province),
 * BENCH_PORT (a free port). Everything the benchmark creates is synthetic and labelled 基准测试.
 */
import 'reflect-metadata';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import * as yaml from 'js-yaml';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { SweepInput, SweepResult } from '@activities/year.activities';
import { campaignCalendar, createYearActivities } from '@activities/year.activities';
import { findRepoRoot } from '@config/temporal-binaries';
import { dataSourceOptions } from '@db/data-source';
import { PROVINCES } from '@domain/directory.data';
import { shiftIso } from '@domain/rebase';
import type { Milestones } from '@domain/year';
import { DEFAULT_YEAR_URGING, phaseAt } from '@domain/year';
import { HttpError, truncate } from './bench/http';
import type { RawRow } from './bench/raw-insert';
import { cloneActivities, copyRows, copyText, insertUnnest } from './bench/raw-insert';
import type { Distribution } from './bench/stats';
import { distribution, fmtInt, fmtMs, rate, round, sleep } from './bench/stats';
import type { BenchSystem, ProcMemory } from './bench/system';
import { log, startBenchSystem } from './bench/system';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;

// ---------------------------------------------------------------------------------------------
// Options

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (flags.help) {
  process.stdout.write(readFileSync(__filename, 'utf8').match(/\/\*\*([\s\S]*?)\*\//)![1].replace(/^ \* ?/gm, ''));
  process.exit(0);
}

// With --json, stdout carries the JSON only: what libraries print with console.info/log goes to stderr.
if (flags.json) {
  console.log = console.info = (...args: unknown[]) => console.error(...args);
}

const envInt = (name: string, fallback: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  return n;
};

const quick = flags.quick!;
const cfg = {
  oneByOne: envInt('BENCH_ONE_BY_ONE', quick ? 200 : 2_000),
  concurrency: Math.max(1, envInt('BENCH_CONCURRENCY', 8)),
  activities: envInt('BENCH_ACTIVITIES', quick ? 5_000 : 100_000),
  importChunk: Math.max(1, envInt('BENCH_IMPORT_CHUNK', quick ? 1_000 : 10_000)),
  sweepItems: envInt('BENCH_SWEEP_ITEMS', quick ? 1_000 : 10_000),
  relayBodies: envInt('BENCH_RELAY_BODIES', quick ? 40 : 300),
  /** Relays in flight at once: all 31 by default, as when the provinces act on the same day. */
  relayConcurrency: Math.max(1, envInt('BENCH_RELAY_CONCURRENCY', 31)),
};
cfg.sweepItems = Math.min(cfg.sweepItems, cfg.activities);

// ---------------------------------------------------------------------------------------------
// Results

interface Results {
  meta: {
    startedAt: string;
    quick: boolean;
    config: typeof cfg;
    node: string;
    cpus: number;
    memoryGb: number;
    /** os.loadavg() (1, 5, 15 min) at the start and the end: other work on the machine skews every figure. */
    loadAverage: { start: number[]; end?: number[] };
    database: string;
    temporal: string;
  };
  national?: {
    recipients: { main: number; cc: number };
    launchMs: number;
    coSign20Ms: number;
    signOffMs: number;
    /** POST sign-off sent → every recipient delivered. */
    distributeMs: number;
  };
  relays?: {
    provinces: number;
    concurrency: number;
    ok: number;
    recipients: number;
    syntheticBodies: number;
    syntheticVia: string;
    syntheticImportMs: number;
    wallMs: number;
    perRelay: Distribution;
    launch: Distribution;
    signOff: Distribution;
    /** Sign-off sent → all of that relay's recipients delivered. */
    distribute: Distribution;
    failures: string[];
  };
  activities?: {
    campaignId: string;
    organizers: number;
    oneByOne?: { n: number; ok: number; errors: number; concurrency: number; wallMs: number; rowsPerS: number; latency: Distribution; firstError?: string };
    bulk?: { rows: number; requests: number; chunk: number; wallMs: number; rowsPerS: number; request: Distribution };
    raw: { method: string; rows: number; wallMs: number; rowsPerS: number; note?: string }[];
  };
  sweep?: {
    pendingActivities: number;
    pendingAcknowledgements: number;
    pendingSummaries: number;
    ms: number;
    result: SweepResult;
    notifications: number;
    activitiesMarked: number;
    national?: { pendingAcknowledgements: number; ms: number; notifications: number };
  };
  memory: Record<string, ProcMemory>;
  /** Steps that failed (the run exits 1). */
  errors: { step: string; message: string }[];
  /** Problems of the system that the benchmark worked around (the run still exits 0). */
  notes: { step: string; message: string }[];
}

const results: Results = {
  meta: {
    startedAt: new Date().toISOString(),
    quick,
    config: cfg,
    node: process.version,
    cpus: cpus().length,
    memoryGb: round(totalmem() / 2 ** 30),
    loadAverage: { start: loadavg().map((x) => round(x, 2)) },
    database: '',
    temporal: '',
  },
  memory: {},
  errors: [],
  notes: [],
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** An ISO date-time in Asia/Shanghai (+08:00), whole seconds, as definitions carry them. */
const shanghaiIso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000 + 8 * HOUR).toISOString().replace('.000Z', '+08:00');
/** The Asia/Shanghai calendar date `days` from now. */
const shanghaiDate = (days: number) => new Date(Date.now() + 8 * HOUR + days * DAY).toISOString().slice(0, 10);

function loadDefinition(file: string): Record<string, any> {
  return yaml.load(readFileSync(path.join(findRepoRoot(), file), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
}

async function step<T>(name: string, sys: BenchSystem, run: () => Promise<T>): Promise<T | undefined> {
  if (sys.stopping()) return undefined;
  sys.step(name);
  log(`── ${name}`);
  const t0 = performance.now();
  try {
    const r = await run();
    log(`   ${name}: done in ${fmtMs(performance.now() - t0)}`);
    return r;
  } catch (err) {
    if (sys.stopping()) return undefined; // interrupted: the failure is ours, not the system's
    const message = err instanceof HttpError ? err.message : ((err as Error).stack ?? String(err));
    results.errors.push({ step: name, message: truncate(message, 2000) });
    log(`   ${name} FAILED: ${message}`);
    return undefined;
  }
}

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

/**
 * Watches campaigns until every recipient row is delivered; one query for all of them, polled.
 * Resolves each watch with the performance.now() at which it was seen complete.
 */
class DeliveryWatcher {
  private readonly waiting = new Map<string, { resolve: (t: number) => void; reject: (e: Error) => void; deadline: number }>();
  private running = false;

  constructor(
    private readonly db: DataSource,
    private readonly intervalMs = 50,
  ) {}

  watch(campaignId: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.set(campaignId, { resolve, reject, deadline: Date.now() + timeoutMs });
      if (!this.running) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size) {
        const ids = [...this.waiting.keys()];
        const rows: { id: string; delivered: number; total: number }[] = await this.db.query(
          `SELECT campaign_id AS id, count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered, count(*)::int AS total
             FROM campaign_recipients WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
          [ids],
        );
        const seenAt = performance.now();
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const id of ids) {
          const w = this.waiting.get(id)!;
          const r = byId.get(id);
          if (r && r.total > 0 && r.delivered === r.total) {
            this.waiting.delete(id);
            w.resolve(seenAt);
          } else if (Date.now() > w.deadline) {
            this.waiting.delete(id);
            w.reject(new Error(`campaign ${id}: ${r?.delivered ?? 0} of ${r?.total ?? 0} recipients delivered when the wait timed out`));
          }
        }
        await sleep(this.intervalMs);
      }
    } catch (err) {
      for (const w of this.waiting.values()) w.reject(err as Error);
      this.waiting.clear();
    } finally {
      this.running = false;
    }
  }
}

async function untilPhase(sys: BenchSystem, id: string, phase: string, timeoutMs: number): Promise<void> {
  const token = sys.token('CAST', 'admin');
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await sys.api.get(`/api/v1/campaigns/${id}`, token);
    last = r.body?.phase;
    if (last === phase) return;
    await sleep(200);
  }
  throw new Error(`campaign ${id} did not reach phase ${phase} within ${timeoutMs / 1000} s (last seen: ${last})`);
}

/** Launches, has every co-signer approve, signs off. Times each part. */
async function issue(sys: BenchSystem, definition: Record<string, any>, launchPath = '/api/v1/campaigns') {
  const { api } = sys;
  const lead = sys.token(definition.leadAgency, 'secretariat');
  const launched = await api.expect(201, `launch ${definition.title}`, api.post(launchPath, definition, lead));
  const { id, notice } = launched.body;
  const tCo = performance.now();
  for (const agency of definition.coSigners as string[]) {
    await api.expect(
      200,
      `${agency} approves`,
      api.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: notice.sha256 }, sys.token(agency, 'signer')),
    );
  }
  const coSignMs = performance.now() - tCo;
  const signOffSentAt = performance.now();
  const signed = await api.expect(200, `sign-off of ${definition.title}`, api.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: notice.sha256 }, lead));
  return {
    id: id as string,
    launchMs: launched.ms,
    recipients: launched.body.recipients as { main: number; cc: number },
    coSignMs,
    signOffMs: signed.ms,
    signOffSentAt,
    docNumber: signed.body.docNumber as string,
  };
}

// ---------------------------------------------------------------------------------------------
// 1. The national notice

async function nationalStep(sys: BenchSystem, watcher: DeliveryWatcher): Promise<string> {
  const def = loadDefinition('campaigns/national-2023.yaml');
  const rebaseTo = shanghaiDate(1);
  log(`   launching ${def.title} rebased to ${rebaseTo}; ${def.coSigners.length} co-signers approve; CAST signs off`);
  const r = await issue(sys, { ...def, rebaseTo });
  const deliveredAt = await watcher.watch(r.id, 10 * 60_000);
  results.national = {
    recipients: r.recipients,
    launchMs: round(r.launchMs),
    coSign20Ms: round(r.coSignMs),
    signOffMs: round(r.signOffMs),
    distributeMs: round(deliveredAt - r.signOffSentAt),
  };
  log(`   ${r.docNumber}: ${r.recipients.main} 主送 + ${r.recipients.cc} 抄送 delivered ${fmtMs(deliveredAt - r.signOffSentAt)} after sign-off`);
  return r.id;
}

// ---------------------------------------------------------------------------------------------
// 2. The relays of the 31 provinces

interface Body {
  code: string;
  region: string | null;
  name: string;
}

async function relayStep(sys: BenchSystem, db: DataSource, watcher: DeliveryWatcher, nationalId: string): Promise<void> {
  const { api } = sys;
  const admin = sys.token('CAST', 'admin');
  const directory = (await api.expect(200, 'GET /api/v1/agencies', api.get('/api/v1/agencies', admin))).body as Body[];
  const inProvince = (p: string) => directory.filter((b) => b.region === p || (b.region ?? '').startsWith(`${p}_`));

  // Top each province up to cfg.relayBodies recipients with synthetic bodies, clearly labelled.
  const header = 'code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion';
  const csvByProvince: { p: string; rows: string[] }[] = [];
  const recipientsOf = new Map<string, string[]>();
  for (const p of PROVINCES) {
    const lead = `${p.code}_CAST`;
    const coSigner = `${p.code}_EDU`;
    const own = inProvince(p.code)
      .map((b) => b.code)
      .filter((c) => c !== lead && c !== coSigner);
    const need = Math.max(0, cfg.relayBodies - own.length);
    const rows: string[] = [];
    for (let i = 1; i <= need; i++) {
      const n = String(i).padStart(4, '0');
      const name = `基准测试单位 ${p.code}-${n}`;
      rows.push(`${p.code}_BENCH_${n},${name},${name},municipal,BENCH,${p.code},${p.name},province,${lead},`);
      own.push(`${p.code}_BENCH_${n}`);
    }
    if (rows.length) csvByProvince.push({ p: p.code, rows });
    recipientsOf.set(p.code, own);
  }
  const synthetic = csvByProvince.reduce((s, x) => s + x.rows.length, 0);
  let via = 'POST /api/v1/agencies/import (text/csv)';
  const tImport = performance.now();
  if (synthetic) {
    log(`   importing ${fmtInt(synthetic)} synthetic benchmark bodies (基准测试单位) to give each province ${cfg.relayBodies} recipients`);
    const first = await api.request('POST', '/api/v1/agencies/import', { token: admin, text: `${header}\n${csvByProvince[0].rows.join('\n')}\n`, contentType: 'text/csv' });
    if (first.status === 200 || first.status === 201) {
      await pool(csvByProvince.slice(1), 1, async ({ rows }) => {
        await api.expect(first.status, 'agencies import', api.request('POST', '/api/v1/agencies/import', { token: admin, text: `${header}\n${rows.join('\n')}\n`, contentType: 'text/csv' }));
      });
    } else {
      via = `SQL INSERT (the import endpoint answered HTTP ${first.status}: ${truncate(JSON.stringify(first.body), 300)})`;
      log(`   the agencies import endpoint refused the CSV (HTTP ${first.status}): inserting the synthetic bodies with SQL instead`);
      results.notes.push({ step: 'relays: synthetic bodies', message: `POST /api/v1/agencies/import answered ${first.status}: ${truncate(JSON.stringify(first.body), 600)}` });
      for (const { rows } of csvByProvince) {
        const cols = rows.map((r) => r.split(','));
        await db.query(
          `INSERT INTO agencies (code, name, short_name, level, kind, region, region_name, region_type, parent_code, source)
           SELECT * , 'bench' FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
          Array.from({ length: 9 }, (_, k) => cols.map((c) => c[k])),
        );
      }
    }
  }
  const syntheticImportMs = performance.now() - tImport;

  // The parent's dates, back in the year it was rebased from (rebaseWithParent shifts them again).
  const parent = (await api.expect(200, 'GET national campaign', api.get(`/api/v1/campaigns/${nationalId}`, admin))).body;
  const shift: number = parent.calendarShiftDays ?? 0;
  const pm: Milestones = parent.milestones;
  const original = (iso: string, extraDays = 0) => shiftIso(iso, -shift + extraDays);

  type Timing = { p: string; totalMs: number; launchMs: number; signOffMs: number; distributeMs: number };
  const timings: Timing[] = [];
  const failures: string[] = [];
  log(`   31 provinces relay the notice, ${cfg.relayConcurrency} at once (each: launch, 1 co-signer, sign-off, distribution)`);
  const t0 = performance.now();
  await pool(PROVINCES, cfg.relayConcurrency, async (p) => {
    const start = performance.now();
    try {
      const recipients = recipientsOf.get(p.code)!;
      const r = await issue(
        sys,
        {
          title: `${p.name}科协等部门关于转发《关于举办2023年全国科普日活动的通知》的通知（基准测试）`,
          leadAgency: `${p.code}_CAST`,
          coSigners: [`${p.code}_EDU`],
          coSignDueAt: original(parent.coSign.dueAt, 20),
          docNumberPrefix: `${p.code}基准发`,
          body: `各有关单位：现将《关于举办2023年全国科普日活动的通知》转发给你们，请结合实际认真组织实施。（性能基准测试的合成转发通知）`,
          recipients: { main: recipients, cc: [] },
          milestones: { summaryDueAt: original(pm.summaryDueAt, -12), closesAt: original(pm.closesAt) },
          rebaseWithParent: true,
        },
        `/api/v1/campaigns/${nationalId}/relays`,
      );
      const deliveredAt = await watcher.watch(r.id, 10 * 60_000);
      timings.push({ p: p.code, totalMs: deliveredAt - start, launchMs: r.launchMs, signOffMs: r.signOffMs, distributeMs: deliveredAt - r.signOffSentAt });
    } catch (err) {
      failures.push(`${p.code}: ${truncate((err as Error).message, 500)}`);
    }
  });
  const wallMs = performance.now() - t0;
  results.relays = {
    provinces: PROVINCES.length,
    concurrency: cfg.relayConcurrency,
    ok: timings.length,
    recipients: [...recipientsOf.values()].reduce((s, r) => s + r.length, 0),
    syntheticBodies: synthetic,
    syntheticVia: via,
    syntheticImportMs: round(syntheticImportMs),
    wallMs: round(wallMs),
    perRelay: distribution(timings.map((t) => t.totalMs)),
    launch: distribution(timings.map((t) => t.launchMs)),
    signOff: distribution(timings.map((t) => t.signOffMs)),
    distribute: distribution(timings.map((t) => t.distributeMs)),
    failures,
  };
  if (failures.length) {
    results.errors.push({ step: 'relays', message: `${failures.length} of ${PROVINCES.length} relays failed; first: ${failures[0]}` });
    log(`   ${failures.length} relays FAILED; first: ${failures[0]}`);
  }
  log(`   ${timings.length}/31 relays issued and distributed in ${fmtMs(wallMs)}`);
}

// ---------------------------------------------------------------------------------------------
// 3. Activities

interface ActivityCampaign {
  id: string;
  milestones: Milestones;
  organizers: { code: string; region: string }[];
  sweepAt: number;
}

/** A campaign of the bench's own whose window opens seconds after issuance. */
async function activityCampaign(sys: BenchSystem): Promise<ActivityCampaign> {
  const national = loadDefinition('campaigns/national-2023.yaml');
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
  const r = await issue(sys, def);
  log(`   ${r.docNumber} issued; waiting for its publication window to open (${milestones.publicationOpensAt})`);
  await untilPhase(sys, r.id, 'publication-open', 120_000);

  const lead = sys.token('CAST', 'secretariat');
  const list = await sys.api.expect(200, 'GET recipients', sys.api.get(`/api/v1/campaigns/${r.id}/recipients?pageSize=500&role=main`, lead));
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

async function activitiesStep(sys: BenchSystem, c: ActivityCampaign): Promise<void> {
  const { api } = sys;
  const categories: string[] = loadDefinition('campaigns/national-2023.yaml').categories;
  const opensMs = Date.parse(c.milestones.publicationOpensAt);
  const weekMs = Date.parse(c.milestones.concentratedWeek.startsAt);
  const tokens = new Map(c.organizers.map((o) => [o.code, sys.token(o.code, 'recipient')]));
  const a: NonNullable<Results['activities']> = { campaignId: c.id, organizers: c.organizers.length, raw: [] };
  results.activities = a;

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
    if (errors) results.errors.push({ step: 'activities one by one', message: `${errors} of ${cfg.oneByOne} failed; first: ${firstError}` });
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

  if (n === 0) return;

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
  const raw = new Client({ connectionString: sys.databaseUrl });
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
}

// ---------------------------------------------------------------------------------------------
// 4. The reminder sweep

async function sweepStep(db: DataSource, c: ActivityCampaign, nationalId: string | undefined): Promise<void> {
  const acts = createYearActivities(db);
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });
  const at = new Date(c.sweepAt).toISOString();
  const [pending] = await db.query(
    `SELECT (SELECT count(*)::int FROM activities WHERE campaign_id = $1 AND results IS NULL AND ends_at < $2) AS activities,
            (SELECT count(*)::int FROM campaign_recipients WHERE campaign_id = $1 AND role = 'main' AND acknowledged_at IS NULL) AS acks,
            (SELECT count(*)::int FROM campaign_recipients WHERE campaign_id = $1 AND reporting) AS summaries`,
    [c.id, at],
  );
  const input: SweepInput = { campaignId: c.id, at, phase: phaseAt(c.milestones, c.sweepAt), milestones: c.milestones, urging: DEFAULT_YEAR_URGING, shiftDays: 0 };
  log(`   sweep of ${at} (${input.phase}): ${fmtInt(pending.activities)} ended activities without results, ${pending.acks} unacknowledged 主送`);
  const t0 = performance.now();
  const result = (await env.run(acts.sweepReminders, input)) as SweepResult;
  const ms = performance.now() - t0;
  const [marked] = await db.query(`SELECT count(*)::int AS n FROM activities WHERE campaign_id = $1 AND last_results_reminder_at = $2`, [c.id, at]);
  const notifications = result.acknowledgement + result.results + result.summaryBefore + result.summaryOverdue;
  results.sweep = {
    pendingActivities: pending.activities,
    pendingAcknowledgements: pending.acks,
    pendingSummaries: pending.summaries,
    ms: round(ms),
    result,
    notifications,
    activitiesMarked: marked.n,
  };
  log(`   ${fmtMs(ms)}: ${marked.n} activities reminded, ${notifications} notifications written (${JSON.stringify(result)})`);

  if (nationalId) {
    // For comparison: the national campaign's sweep (its ~1,012 主送 have not acknowledged).
    const [row] = await db.query(`SELECT milestones, calendar_shift_days AS shift FROM campaigns WHERE id = $1`, [nationalId]);
    const cal = campaignCalendar(row.shift);
    const now = Date.now();
    const nAt = cal.mornings(now, now + 30 * DAY, DEFAULT_YEAR_URGING.hour).find((t) => cal.before(t, DEFAULT_YEAR_URGING.ackEveryWorkingDays - 1, 0) > now);
    if (nAt) {
      const [p] = await db.query(`SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND role = 'main' AND acknowledged_at IS NULL`, [nationalId]);
      const nInput: SweepInput = { campaignId: nationalId, at: new Date(nAt).toISOString(), phase: phaseAt(row.milestones, nAt), milestones: row.milestones, urging: DEFAULT_YEAR_URGING, shiftDays: row.shift };
      const t1 = performance.now();
      const r = (await env.run(acts.sweepReminders, nInput)) as SweepResult;
      const nMs = performance.now() - t1;
      results.sweep.national = { pendingAcknowledgements: p.n, ms: round(nMs), notifications: r.acknowledgement + r.results + r.summaryBefore + r.summaryOverdue };
      log(`   national campaign's sweep: ${fmtMs(nMs)}, ${results.sweep.national.notifications} notifications for ${p.n} unacknowledged 主送`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function report(): string {
  const out: string[] = [];
  const line = (label: string, value: string) => out.push(`  ${label.padEnd(58)} ${value}`);
  const head = (t: string) => out.push('', t);
  const m = results.meta;
  out.push(
    '',
    `Benchmark${m.quick ? ' (--quick)' : ''}, ${m.startedAt}`,
    `  ${m.cpus} CPUs, ${m.memoryGb} GB, Node ${m.node}; API, worker, Temporal${process.env.DATABASE_URL ? '' : ', PGlite'} and the load on this one machine`,
    `  load average (1/5/15 min) at start ${m.loadAverage.start.join(' ')}, at end ${m.loadAverage.end?.join(' ') ?? '–'}`,
    `  database: ${m.database}`,
    `  Temporal: ${m.temporal}`,
  );

  head('1. National notice (national-2023.yaml, rebased to tomorrow)');
  const n = results.national;
  if (n) {
    line('recipients', `${fmtInt(n.recipients.main)} 主送 + ${fmtInt(n.recipients.cc)} 抄送`);
    line('launch (POST /campaigns)', fmtMs(n.launchMs));
    line('20 co-signers approve, one after another', fmtMs(n.coSign20Ms));
    line('sign-off request', fmtMs(n.signOffMs));
    line('time to distribute: sign-off → all recipients delivered', fmtMs(n.distributeMs));
  } else line('not measured', 'see errors');

  head(`2. Relay (转发) by the 31 provinces, ${results.relays && results.relays.concurrency < 31 ? `${results.relays.concurrency} at a time` : 'all at once'}`);
  const r = results.relays;
  if (r) {
    line('relays issued and distributed', `${r.ok} of ${r.provinces}`);
    line('recipients of the relays', `${fmtInt(r.recipients)} (${fmtInt(r.syntheticBodies)} synthetic 基准测试单位)`);
    line(`wall time: ${r.provinces} launched, co-signed, issued, distributed`, fmtMs(r.wallMs));
    line('per relay (launch → distributed) p50 / p99', `${fmtMs(r.perRelay.p50Ms)} / ${fmtMs(r.perRelay.p99Ms)}`);
    line('  launch request p50 / p99', `${fmtMs(r.launch.p50Ms)} / ${fmtMs(r.launch.p99Ms)}`);
    line('  sign-off request p50 / p99', `${fmtMs(r.signOff.p50Ms)} / ${fmtMs(r.signOff.p99Ms)}`);
    line('  sign-off → all delivered p50 / p99', `${fmtMs(r.distribute.p50Ms)} / ${fmtMs(r.distribute.p99Ms)}`);
    line('(setup) synthetic bodies added', `${fmtMs(r.syntheticImportMs)} via ${truncate(r.syntheticVia, 60)}`);
  } else line('not measured', 'see errors');

  head('3. Activity registration');
  const a = results.activities;
  if (a?.oneByOne) {
    const o = a.oneByOne;
    line(`one by one: POST …/activities ×${fmtInt(o.n)}, ${o.concurrency} in flight`, `${fmtInt(o.rowsPerS)} rows/s`);
    line('  latency p50 / p99 / max', `${fmtMs(o.latency.p50Ms)} / ${fmtMs(o.latency.p99Ms)} / ${fmtMs(o.latency.maxMs)}`);
    if (o.errors) line('  errors', `${o.errors}: ${truncate(o.firstError ?? '', 60)}`);
  }
  if (a?.bulk) {
    const b = a.bulk;
    line(`bulk import: ${fmtInt(b.rows)} rows, ${b.requests} CSV requests of ≤${fmtInt(b.chunk)}`, `${fmtInt(b.rowsPerS)} rows/s  (${fmtMs(b.wallMs)})`);
    line('  request p50 / p99', `${fmtMs(b.request.p50Ms)} / ${fmtMs(b.request.p99Ms)}`);
  }
  for (const x of a?.raw ?? []) {
    if (x.note) line(`${x.method}`, x.note);
    else line(`${x.method}: same rows and chunks`, `${fmtInt(x.rowsPerS)} rows/s  (${fmtMs(x.wallMs)})`);
  }
  if (!a) line('not measured', 'see errors');
  else if (!a.oneByOne && !a.bulk) line('skipped', 'BENCH_ONE_BY_ONE=0 and BENCH_ACTIVITIES=0');

  head('4. Reminder sweep (催办), one execution of sweepReminders');
  const s = results.sweep;
  if (s) {
    line('pending: ended activities without results', fmtInt(s.pendingActivities));
    line('pending: unacknowledged 主送 / reporting units', `${s.pendingAcknowledgements} / ${s.pendingSummaries}`);
    line(`sweep time (${fmtInt(s.pendingActivities + s.pendingAcknowledgements)} pending items)`, fmtMs(s.ms));
    line('  activities reminded / notifications written', `${fmtInt(s.activitiesMarked)} / ${fmtInt(s.notifications)}`);
    if (s.national) line(`national campaign's sweep (${fmtInt(s.national.pendingAcknowledgements)} unacknowledged)`, `${fmtMs(s.national.ms)}, ${fmtInt(s.national.notifications)} notifications`);
  } else line('not measured', 'see errors');

  head('5. Peak memory (VmHWM)');
  const order = ['api', 'worker', 'temporal', 'pglite'];
  const procs = Object.entries(results.memory).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  for (const [name, mem] of procs) {
    const steps = Object.entries(mem.byStep)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ');
    const label = { api: 'API', worker: 'worker', temporal: '(Temporal dev server)', pglite: '(embedded PostgreSQL, PGlite)' }[name] ?? name;
    line(label, `${Math.round(mem.peakMb)} MB   (largest RSS per step, MB: ${steps})`);
  }

  if (results.notes.length) {
    head('Noticed (worked around)');
    for (const e of results.notes) out.push(`  ${e.step}: ${truncate(e.message.replace(/\s+/g, ' '), 400)}`);
  }
  if (results.errors.length) {
    head('Errors');
    for (const e of results.errors) out.push(`  ${e.step}: ${truncate(e.message.replace(/\s+/g, ' '), 400)}`);
  }
  out.push('');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(`sizes: ${JSON.stringify(cfg)}`);
  const sys = await startBenchSystem({ verbose: flags.verbose! });
  results.meta.database = sys.databaseKind;
  results.meta.temporal = process.env.TEMPORAL_ADDRESS ? `${sys.temporalAddress} (given), task queue ${sys.taskQueue}` : `dev server at ${sys.temporalAddress} (in-memory)`;
  const db = new DataSource(dataSourceOptions(sys.databaseUrl, { extra: { max: 4 } }));
  let exitCode = 0;
  try {
    await db.initialize();
    const watcher = new DeliveryWatcher(db);
    const nationalId = await step('national', sys, () => nationalStep(sys, watcher));
    if (nationalId) await step('relays', sys, () => relayStep(sys, db, watcher, nationalId));
    const c = await step('activity campaign', sys, () => activityCampaign(sys));
    if (c) {
      await step('activities', sys, () => activitiesStep(sys, c));
      await step('sweep', sys, () => sweepStep(db, c, nationalId));
    }
    sys.step('end');
    results.memory = sys.memory();
    if (results.errors.length && !sys.stopping()) {
      exitCode = 1;
      for (const name of ['api', 'worker']) log(`last output of ${name}:\n${sys.tail(name, 15)}`);
    }
  } finally {
    results.memory = sys.memory();
    await db.destroy().catch(() => undefined);
    await sys.stop();
  }
  results.meta.loadAverage.end = loadavg().map((x) => round(x, 2));
  const table = report();
  if (flags.json) {
    process.stderr.write(`${table}\n`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    process.stdout.write(`${table}\n`);
  }
  process.exit(exitCode);
}

main().catch((err) => {
  log(`benchmark failed: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
