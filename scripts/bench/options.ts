/** The benchmark's command line and sizes (environment), read once. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchFlags {
  quick: boolean;
  json: boolean;
  verbose: boolean;
  /** The steps to run (--only a,b); null: every step. */
  only: ReadonlySet<string> | null;
}

/**
 * The steps --only may name, each with the steps whose results it needs (relays relay the national
 * notice, the sweep reminds of the activities registered, the digest mails the contacts delivery
 * set up): a step is run only beside them, so `--only relays` is refused and `--only national,relays`
 * runs both. Peak memory is always reported.
 */
export const STEPS: Readonly<Record<string, readonly string[]>> = {
  national: [],
  'co-signing': [],
  delivery: ['national'],
  relays: ['national'],
  activities: [],
  sweep: ['activities'],
  digest: ['sweep', 'delivery'],
  console: ['national'],
  document: ['national'],
};

export interface BenchConfig {
  oneByOne: number;
  concurrency: number;
  activities: number;
  importChunk: number;
  sweepItems: number;
  relayBodies: number;
  /** Relays in flight at once: all 31 by default, as when the provinces act on the same day. */
  relayConcurrency: number;
  /**
   * Every body of the directory gets an e-mail contact and a webhook endpoint, and everything the
   * campaigns say goes out while they run (BENCH_DELIVERY=0: nothing is delivered, as before issue 9).
   */
  delivery: boolean;
  /** Repeat visits of 分发与签收 timed in Chromium (step 7); 0 skips the console step. */
  consoleRuns: number;
  /** Rounds of a revision and 20 decisions one after another, each beside an empty Update (step 9). */
  coSignRounds: number;
  /** Small campaigns signed off, and as many withdrawn, one after another (step 9). */
  coSignCampaigns: number;
  /** Rounds of a revision and 20 decisions at the same moment (step 9). */
  coSignConcurrentRounds: number;
}

const envInt = (name: string, fallback: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${v}`);
  return n;
};

/** Parses argv; `--help` prints the doc comment of bench.ts and exits. */
export function readOptions(): { flags: BenchFlags; cfg: BenchConfig } {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    const doc = readFileSync(path.join(__dirname, '..', 'bench.js'), 'utf8').match(/\/\*\*([\s\S]*?)\*\//)![1];
    process.stdout.write(doc.replace(/^ \* ?/gm, ''));
    process.exit(0);
  }
  const quick = values.quick!;
  const cfg: BenchConfig = {
    oneByOne: envInt('BENCH_ONE_BY_ONE', quick ? 200 : 2_000),
    concurrency: Math.max(1, envInt('BENCH_CONCURRENCY', 8)),
    activities: envInt('BENCH_ACTIVITIES', quick ? 5_000 : 100_000),
    importChunk: Math.max(1, envInt('BENCH_IMPORT_CHUNK', quick ? 1_000 : 10_000)),
    sweepItems: envInt('BENCH_SWEEP_ITEMS', quick ? 1_000 : 10_000),
    relayBodies: envInt('BENCH_RELAY_BODIES', quick ? 40 : 300),
    relayConcurrency: Math.max(1, envInt('BENCH_RELAY_CONCURRENCY', 31)),
    delivery: envInt('BENCH_DELIVERY', 1) !== 0,
    consoleRuns: envInt('BENCH_CONSOLE_RUNS', quick ? 3 : 10),
    coSignRounds: envInt('BENCH_COSIGN_ROUNDS', quick ? 2 : 10),
    coSignCampaigns: envInt('BENCH_COSIGN_CAMPAIGNS', quick ? 4 : 40),
    coSignConcurrentRounds: envInt('BENCH_COSIGN_CONCURRENT_ROUNDS', quick ? 2 : 5),
  };
  cfg.sweepItems = Math.min(cfg.sweepItems, cfg.activities);
  return { flags: { quick, json: values.json!, verbose: values.verbose!, only: values.only === undefined ? null : readOnly(values.only) }, cfg };
}

/** The step names of --only, checked against STEPS and their needs; a mistake ends the run before anything starts. */
function readOnly(list: string): Set<string> {
  const only = new Set(list.split(',').map((x) => x.trim()).filter(Boolean));
  const unknown = [...only].filter((x) => !(x in STEPS));
  if (unknown.length || !only.size) usage(`--only ${list}: name steps among ${Object.keys(STEPS).join(', ')}`);
  for (const x of only) {
    const missing = STEPS[x].filter((need) => !only.has(need));
    if (missing.length) usage(`--only: ${x} needs ${missing.join(' and ')}; list ${missing.length > 1 ? 'them' : 'it'} too`);
  }
  return only;
}

function usage(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}
