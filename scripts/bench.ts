/**
 * `npm run bench`: builds the 全国科普日 cascade on a system of its own and prints what it costs.
 *
 *   npm run bench                      full scale (1–3 minutes on a 2-CPU machine)
 *   npm run bench -- --quick           small numbers: a smoke run of every step
 *   npm run bench -- --json            the table on stderr, the figures as JSON on stdout
 *   npm run bench -- --verbose         also the API, worker and Temporal output
 *   npm run bench -- --only national,co-signing   only the steps named (national, co-signing, delivery, relays,
 *                                      activities, sweep, digest, console, document); a step whose figures need
 *                                      another's is refused without it: relays, console, document and delivery
 *                                      need national, sweep needs activities, digest needs sweep and delivery
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
 *  5. delivery (issue 9): before step 1 every body of the directory gets an e-mail contact and a
 *     webhook endpoint; the national distribution is then timed from the sign-off to the last mail
 *     accepted by a local SMTP server and the last webhook accepted by a local receiver (both in
 *     this process), beside a bare nodemailer loop sending as many mails to the same server; after
 *     step 4, the morning digest over the sweep's pending items;
 *  6. peak memory (VmHWM) of the API and the worker processes;
 *  7. the web console in headless Chromium: the first page's compressed JavaScript, and the time
 *     until 分发与签收 of the national campaign (1,022 bodies) is usable (scripts/bench/steps/console.ts);
 *  8. the issued national notice as a PDF: rendered the first time, from the cache after (goal ≤ 1 s),
 *     and as a Word file (scripts/bench/steps/document.ts);
 *  9. co-signing commands (issue 12), run right after step 1 (and 5): each beside an empty Update (ping) sent
 *     to the same workflow just before it, once the workflow is settled, the floor — on a campaign of the national notice's 20
 *     co-signers, rounds of a revision and 20 decisions one after another (through the API and, on
 *     alternate co-signers, as an Update sent straight to the workflow), then small campaigns of
 *     2 co-signers signed off and withdrawn (through the API and straight to the workflow by
 *     turns), and the API's own cost (a decision repeated through the API, answered without the
 *     workflow), and how long a decision's write takes after its answer (answer-then-record): n, p50,
 *     p99 and p50 ÷ the floor's (goal ≤ 1.5×); then
 *     the 20 co-signers approving at the same moment after each revision (goal: each ≤ 3× the
 *     sequential decision's p50, no error or warning in the worker's, the API's or the Temporal dev
 *     server's log meanwhile); and the national notice's co-signing from launch to issued (step 1).
 *
 * Sizes (environment): BENCH_ONE_BY_ONE (2000), BENCH_CONCURRENCY (8), BENCH_ACTIVITIES (100000),
 * BENCH_IMPORT_CHUNK (10000), BENCH_SWEEP_ITEMS (10000), BENCH_RELAY_BODIES (300 per province),
 * BENCH_PORT (a free port), BENCH_DELIVERY (1; 0 delivers nothing, step 5 is skipped), BENCH_CONSOLE_RUNS (10 repeat
 * visits of 分发与签收; 0 skips step 7), BENCH_COSIGN_ROUNDS (10 rounds of a revision and 20 decisions),
 * BENCH_COSIGN_CAMPAIGNS (40 small campaigns signed off, 40 withdrawn), BENCH_COSIGN_CONCURRENT_ROUNDS (5 rounds
 * of 20 decisions at once, after one not counted); --quick: 2, 4 and 2. Everything the benchmark creates is synthetic and labelled 基准测试.
 */
import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@db/data-source';
import { HttpError, truncate } from '@harness/http';
import { DeliveryWatcher } from './bench/delivery-watcher';
import { readOptions } from './bench/options';
import { report } from './bench/report';
import type { BenchResults } from './bench/results';
import { fmtMs, round } from './bench/stats';
import { startSmtpSink } from '@harness/smtp-sink';
import { startWebhookReceiver } from '@harness/webhook-receiver';
import { activitiesStep, activityCampaign } from './bench/steps/activities';
import { coSigningStep } from './bench/steps/co-signing';
import { consoleAvailable, consoleStep } from './bench/steps/console';
import { deliverySetup, deliveryStep, digestStep } from './bench/steps/delivery';
import { documentStep } from './bench/steps/document';
import { nationalStep } from './bench/steps/national';
import { relayStep } from './bench/steps/relays';
import { sweepStep } from './bench/steps/sweep';
import type { BenchSystem } from './bench/system';
import { log, startBenchSystem } from './bench/system';

const { flags, cfg } = readOptions();
/** Whether --only lets the step run (every step runs without it). */
const selected = (name: string) => !flags.only || flags.only.has(name);

// With --json, stdout carries the JSON only: what libraries print with console.info/log goes to stderr.
if (flags.json) {
  console.log = console.info = (...args: unknown[]) => console.error(...args);
}

/** Runs one step: its figures, or undefined when it failed (recorded in `errors`) or the run is stopping. */
async function step<T>(name: string, sys: BenchSystem, errors: BenchResults['errors'], run: () => Promise<T>): Promise<T | undefined> {
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
    errors.push({ step: name, message: truncate(message, 2000) });
    log(`   ${name} FAILED: ${message}`);
    return undefined;
  }
}

async function main(): Promise<void> {
  log(`sizes: ${JSON.stringify(cfg)}`);
  const results: BenchResults = {
    meta: {
      startedAt: new Date().toISOString(),
      quick: flags.quick,
      config: cfg,
      node: process.version,
      cpus: cpus().length,
      memoryGb: round(totalmem() / 2 ** 30),
      loadAverage: { start: loadavg().map((x) => round(x, 2)) },
      database: '',
      temporal: '',
      ...(flags.only && { only: [...flags.only] }),
    },
    memory: {},
    errors: [],
    notes: [],
  };
  // The people's side of delivery: an SMTP server and a webhook receiver in this process.
  const [sink, receiver] = await Promise.all([startSmtpSink({ parse: false }), startWebhookReceiver()]);
  const sys = await startBenchSystem({
    verbose: flags.verbose,
    env: cfg.delivery ? { SMTP_URL: sink.url, SMTP_FROM: '全国科普日联合通知 <notices@bench.example.org>', WEBHOOK_ALLOW_PRIVATE: 'true' } : {},
  });
  results.meta.database = sys.databaseKind;
  results.meta.temporal = process.env.TEMPORAL_ADDRESS ? `${sys.temporalAddress} (given), task queue ${sys.taskQueue}` : `dev server at ${sys.temporalAddress} (in-memory)`;
  const db = new DataSource(dataSourceOptions(sys.databaseUrl, { extra: { max: 4 } }));
  let exitCode = 0;
  try {
    await db.initialize();
    const watcher = new DeliveryWatcher(db);
    const setup = cfg.delivery && selected('delivery') ? await step('delivery setup', sys, results.errors, () => deliverySetup(sys, receiver)) : undefined;
    if (selected('national')) results.national = await step('national', sys, results.errors, () => nationalStep(sys, watcher));
    const national = results.national;
    if (setup && national) results.delivery = await step('delivery', sys, results.errors, () => deliveryStep(setup, national, sink, receiver));
    // After the national notice has reached people: its mails and webhooks would slow the commands, and they the mails.
    if (selected('co-signing')) {
      results.coSigning = await step('co-signing', sys, results.errors, () => coSigningStep(sys, cfg, national, db));
      const co = results.coSigning;
      if (co?.concurrent.failures) results.errors.push({ step: 'co-signing', message: `${co.concurrent.failures} of the simultaneous decisions failed; first: ${co.concurrent.firstFailure}` });
      for (const [when, logs] of co ? ([['the commands one after another', co.sequentialLogs], ['the simultaneous decisions', co.concurrent.logs]] as const) : []) {
        if (logs.total) results.notes.push({ step: 'co-signing', message: `${logs.total} errors and warnings logged during ${when} (${JSON.stringify(logs.byLog)}); ${logs.kinds.map((k) => `${k.count}× ${k.line}`).join(' | ')}` });
      }
    }
    const nationalId = results.national?.id;
    if (nationalId && selected('relays')) {
      results.relays = await step('relays', sys, results.errors, () => relayStep(sys, db, watcher, cfg, nationalId));
      for (const message of results.relays?.notes ?? []) results.notes.push({ step: 'relays', message });
      const failures = results.relays?.failures ?? [];
      if (failures.length) results.errors.push({ step: 'relays', message: `${failures.length} of ${results.relays!.provinces} relays failed; first: ${failures[0]}` });
    }
    const c = selected('activities') ? await step('activity campaign', sys, results.errors, () => activityCampaign(sys)) : undefined;
    if (c) {
      results.activities = await step('activities', sys, results.errors, () => activitiesStep(sys, sys.databaseUrl, cfg, c));
      const one = results.activities?.oneByOne;
      if (one?.errors) results.errors.push({ step: 'activities one by one', message: `${one.errors} of ${one.n} failed; first: ${one.firstError}` });
      if (selected('sweep')) results.sweep = await step('sweep', sys, results.errors, () => sweepStep(db, c, nationalId));
      if (results.sweep && cfg.delivery && selected('digest')) results.digest = await step('digest', sys, results.errors, () => digestStep(db, sink, { campaignId: c.id, at: new Date(c.sweepAt).toISOString() }));
    }
    if (nationalId && cfg.consoleRuns > 0 && selected('console')) {
      const missing = consoleAvailable();
      if (missing) results.notes.push({ step: 'console', message: `skipped: ${missing}` });
      else results.console = await step('console', sys, results.errors, () => consoleStep(sys, nationalId, cfg.consoleRuns));
    }
    if (nationalId && selected('document')) results.document = await step('document', sys, results.errors, () => documentStep(sys, nationalId));
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
    await Promise.all([sink.close(), receiver.close()]);
  }
  results.meta.loadAverage.end = loadavg().map((x) => round(x, 2));
  const table = report(results);
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
