/** The benchmark's table: every figure beside what it measures. */
import { truncate } from '@harness/http';
import type { Distribution } from './stats';
import { fmtInt, fmtMs } from './stats';
import type { BenchResults } from './results';
import { CO_SIGNING_GOALS } from './steps/co-signing';
import { CONSOLE_GOALS } from './steps/console';
import { DOCUMENT_GOAL_MS } from './steps/document';

export function report(results: BenchResults): string {
  const out: string[] = [];
  const m = results.meta;
  /** False in the section of a step --only left out: its lines are not printed. */
  let showing = true;
  const line = (label: string, value: string) => {
    if (showing) out.push(`  ${label.padEnd(58)} ${value}`);
  };
  const head = (t: string, ...steps: string[]) => {
    showing = !m.only || !steps.length || steps.some((x) => m.only!.includes(x));
    if (showing) out.push('', t);
  };
  out.push(
    '',
    `Benchmark${m.quick ? ' (--quick)' : ''}, ${m.startedAt}`,
    `  ${m.cpus} CPUs, ${m.memoryGb} GB, Node ${m.node}; API, worker, Temporal${process.env.DATABASE_URL ? '' : ', PGlite'} and the load on this one machine`,
    `  load average (1/5/15 min) at start ${m.loadAverage.start.join(' ')}, at end ${m.loadAverage.end?.join(' ') ?? '–'}`,
    `  database: ${m.database}`,
    `  Temporal: ${m.temporal}`,
    ...(m.only ? [`  only the steps ${m.only.join(', ')} (--only)`] : []),
  );

  head('1. National notice (national-2023.yaml, rebased to tomorrow)', 'national');
  const n = results.national;
  if (n) {
    line('recipients', `${fmtInt(n.recipients.main)} 主送 + ${fmtInt(n.recipients.cc)} 抄送`);
    line('launch (POST /campaigns)', fmtMs(n.launchMs));
    line('20 co-signers approve, one after another', fmtMs(n.coSign20Ms));
    line('sign-off request', fmtMs(n.signOffMs));
    line('time to distribute: sign-off → all recipients delivered', fmtMs(n.distributeMs));
  } else line('not measured', 'see errors');

  head(`2. Relay (转发) by the 31 provinces, ${results.relays && results.relays.concurrency < 31 ? `${results.relays.concurrency} at a time` : 'all at once'}`, 'relays');
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

  head('3. Activity registration', 'activities');
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

  head('4. Reminder sweep (催办), one execution of sweepReminders', 'sweep');
  const s = results.sweep;
  if (s) {
    line('pending: ended activities without results', fmtInt(s.pendingActivities));
    line('pending: unacknowledged 主送 / reporting units', `${s.pendingAcknowledgements} / ${s.pendingSummaries}`);
    line(`sweep time (${fmtInt(s.pendingActivities + s.pendingAcknowledgements)} pending items)`, fmtMs(s.ms));
    line('  activities reminded / notifications written', `${fmtInt(s.activitiesMarked)} / ${fmtInt(s.notifications)}`);
    if (s.national) line(`national campaign's sweep (${fmtInt(s.national.pendingAcknowledgements)} unacknowledged)`, `${fmtMs(s.national.ms)}, ${fmtInt(s.national.notifications)} notifications`);
  } else line('not measured', 'see errors');

  head('5. Delivery: the national distribution reaching people (local SMTP server and webhook receiver)', 'delivery', 'digest');
  const d = results.delivery;
  if (d) {
    line(`(setup) ${fmtInt(d.setup.contacts)} contacts by CSV / webhook endpoints`, `${fmtMs(d.setup.contactsImportMs)} / ${fmtMs(d.setup.endpointsMs)}`);
    line(`e-mail: sign-off → last of ${fmtInt(d.email.messages)} mails accepted`, `${fmtMs(d.email.lastAcceptedMs)}  (${fmtInt(d.email.perS)} mails/s)`);
    line(`  floor: bare nodemailer loop, same mails, ${d.bare.messages} to the same server`, `${fmtMs(d.bare.ms)}  (${fmtInt(d.bare.perS)} mails/s)`);
    line('  the channel’s rate ÷ the bare loop’s (goal ≥ 0.5)', `${d.ratio}`);
    line(`webhooks: sign-off → last of ${fmtInt(d.webhook.messages)} accepted`, `${fmtMs(d.webhook.lastAcceptedMs)}  (${fmtInt(d.webhook.perS)}/s)`);
  } else line('not measured', results.meta.config.delivery ? 'see errors' : 'BENCH_DELIVERY=0');
  const g = results.digest;
  if (g) line(`morning digest over ${fmtInt(g.pendingItems)} pending items`, `${g.digests} mails in ${fmtMs(g.ms)}, largest ${g.largestKb} KB`);

  head('6. Peak memory (VmHWM)');
  const order = ['api', 'worker', 'temporal', 'pglite'];
  const procs = Object.entries(results.memory).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  for (const [name, mem] of procs) {
    const steps = Object.entries(mem.byStep)
      .map(([k, v]) => `${k} ${Math.round(v)}`)
      .join(', ');
    const label = { api: 'API', worker: 'worker', temporal: '(Temporal dev server)', pglite: '(embedded PostgreSQL, PGlite)' }[name] ?? name;
    line(label, `${Math.round(mem.peakMb)} MB   (largest RSS per step, MB: ${steps})`);
  }

  head('7. The web console in headless Chromium (1366×768)', 'console');
  const w = results.console;
  if (w) {
    line(`first page (登录): ${w.firstPage.scripts} scripts, compressed on the wire`, `${w.firstPage.encodedKb} KB  (goal ≤ ${CONSOLE_GOALS.firstPageKb} KB; ${w.firstPage.decodedKb} KB uncompressed)`);
    line(`分发与签收 usable (${fmtInt(w.distribution.bodies)} bodies): first visit, nothing cached`, `${fmtMs(w.distribution.coldMs)}  (goal ≤ ${fmtMs(CONSOLE_GOALS.distributionMs)})`);
    line(`  repeat visits (×${w.distribution.warm.runs}) p50 / max`, `${fmtMs(w.distribution.warm.p50Ms)} / ${fmtMs(w.distribution.warm.maxMs)}`);
    line('  floor: the span of the page’s API requests (Resource Timing)', fmtMs(w.distribution.apiSpanMs));
  } else line('not measured', results.meta.config.consoleRuns > 0 ? 'see notes or errors' : 'BENCH_CONSOLE_RUNS=0');

  head('8. The issued national notice as a document (GET …/notice.pdf, …/notice.docx)', 'document');
  const doc = results.document;
  if (doc) {
    line(`PDF, first request (rendered, ${Math.round(doc.pdfBytes / 1024)} KB, fonts embedded)`, fmtMs(doc.pdfColdMs));
    line(`  again (×${doc.pdfWarm.n}, from the cache) p50 / max`, `${fmtMs(doc.pdfWarm.p50Ms)} / ${fmtMs(doc.pdfWarm.maxMs)}  (goal ≤ ${fmtMs(DOCUMENT_GOAL_MS)})`);
    line('Word file, first request', fmtMs(doc.docxColdMs));
  } else line('not measured', 'see errors');

  head('9. Co-signing commands beside an empty Update to the same workflow, sent right before each (issue 12)', 'co-signing');
  const co = results.coSigning;
  if (co) {
    const met = (ok: boolean) => (ok ? 'met' : 'not met');
    const cols = (d: Distribution) => `${String(d.n).padStart(4)} ${fmtMs(d.p50Ms).padStart(9)} ${fmtMs(d.p99Ms).padStart(9)}`;
    line(`${co.coSigners} co-signers: ${co.rounds} rounds of 2 revisions and ${co.coSigners} decisions; small campaigns`, `${co.campaigns} signed off, ${co.campaigns} withdrawn`);
    line('', `${'n'.padStart(4)} ${'p50'.padStart(9)} ${'p99'.padStart(9)}   p50 ÷ floor (goal ≤ ${CO_SIGNING_GOALS.floorRatio}×), p50 − floor`);
    line('empty Update (ping): the floor', cols(co.floor));
    line("the API's own cost: a repeated decision (no Update)", cols(co.apiOwn));
    if (co.recordedAfterAnswer.n) line('a decision written, after its answer (not in its latency)', cols(co.recordedAfterAnswer));
    for (const x of co.commands) {
      const verdict = x.apiPathRatio === undefined ? met(x.met) : `${met(x.met).padEnd(7)}  (${x.apiPathRatio}× floor + API's own cost)`;
      const over = `${x.overFloorMs >= 0 ? '+' : '−'}${fmtMs(Math.abs(x.overFloorMs))}`;
      line(x.command, `${cols(x.latency)}   ${`${x.ratio}×`.padStart(6)}  ${over.padStart(8)}  ${verdict}`);
    }
    const c = co.concurrent;
    line(`${co.coSigners} decisions at once (API), ×${c.rounds} rounds: p50 / p99 / max`, `${fmtMs(c.decisions.p50Ms)} / ${fmtMs(c.decisions.p99Ms)} / ${fmtMs(c.decisions.maxMs)}`);
    line(`  goal: each ≤ ${CO_SIGNING_GOALS.concurrentRatio}× the decision (API) p50 above`, `≤ ${fmtMs(c.goalMs)}: ${met(c.met)}${c.failures ? `; ${c.failures} failed` : ''}`);
    const logs = (t: typeof c.logs) => `${t.total}  (${Object.entries(t.byLog).map(([k, v]) => `${k} ${v ?? 'not captured'}`).join(', ')})`;
    line(`  errors and warnings logged meanwhile (goal ${CO_SIGNING_GOALS.logLines})`, logs(c.logs));
    for (const k of c.logs.kinds) out.push(`      ${k.count}× ${truncate(k.line, 240)}`);
    line('  for comparison: logged during the commands in turn', logs(co.sequentialLogs));
    const n = results.national;
    line(`national co-signing (step 1), launch → issued`, n && co.nationalLaunchToIssuedMs !== undefined ? `${fmtMs(co.nationalLaunchToIssuedMs)}  (launch ${fmtMs(n.launchMs)} + 20 approvals ${fmtMs(n.coSign20Ms)} + sign-off ${fmtMs(n.signOffMs)})` : 'not measured (step 1 did not run)');
  } else line('not measured', 'see errors');

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
