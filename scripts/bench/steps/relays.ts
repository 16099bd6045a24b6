/**
 * Step 2: the 31 provinces relay (转发) the national notice, each to a few hundred bodies of its own
 * (synthetic 基准测试单位 top up the real directory), all at once: wall time and per-relay figures.
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { PROVINCES } from '@domain/directory.data';
import { shiftIso } from '@domain/rebase';
import type { Milestones } from '@domain/year';
import type { Driver } from '@harness/campaigns';
import { issueCampaign, pool } from '@harness/campaigns';
import { truncate } from '@harness/http';
import type { DeliveryWatcher } from '../delivery-watcher';
import type { BenchConfig } from '../options';
import type { Distribution } from '../stats';
import { distribution, fmtInt, fmtMs, round } from '../stats';
import { log } from '../system';

export interface RelayFigures {
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
  /** Problems of the system the benchmark worked around. */
  notes: string[];
}

interface Body {
  code: string;
  region: string | null;
  name: string;
}

export async function relayStep(sys: Driver, db: DataSource, watcher: DeliveryWatcher, cfg: BenchConfig, nationalId: string): Promise<RelayFigures> {
  const api = sys.http;
  const notes: string[] = [];
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
      notes.push(`synthetic bodies: POST /api/v1/agencies/import answered ${first.status}: ${truncate(JSON.stringify(first.body), 600)}`);
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
      const r = await issueCampaign(
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
  const figures: RelayFigures = {
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
    notes,
  };
  if (failures.length) log(`   ${failures.length} relays FAILED; first: ${failures[0]}`);
  log(`   ${timings.length}/31 relays issued and distributed in ${fmtMs(wallMs)}`);
  return figures;
}
