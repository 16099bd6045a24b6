/**
 * Step 9, run right after step 1 (and step 5, which times the national notice's mails): how fast co-signing commands are answered, each beside its floor
 * (issue 12). The floor is an empty Update (ping) sent to the same workflow right before each
 * command, so both see the same server at the same moment; decisions, revisions, sign-off and
 * withdrawal should answer within 1.5× its p50. Each ping waits for the server to be quiet: the
 * workflow settled (no workflow task, no activity outstanding) and the notification dispatcher too:
 * a command recorded after its answer (answer-then-record) is still being written a few
 * milliseconds later, its messages are planned into deliveries after that, and a ping sent then
 * would wait behind that work and raise the floor. How long the write takes after the answer is its
 * own row, so the work moved after the answer is in sight. Then the 20 co-signers of one campaign
 * approve at the same moment, the morning after a revision, in rounds after one not counted: each
 * within 3× the sequential decision, and nothing in the logs of the worker, the API or the Temporal
 * server meanwhile.
 */
import { performance } from 'node:perf_hooks';
import { stripVTControlCharacters } from 'node:util';
import type { WorkflowHandle } from '@temporalio/client';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { lastAuditSeq } from '@db/audit/audit.queries';
import { saveNoticeText } from '@db/campaigns/notice.queries';
import { noticeSha256 } from '@domain/hashing';
import type { Launched } from '@harness/campaigns';
import { approve, launchCampaign, revise, signOff, withdraw } from '@harness/campaigns';
import { seedDefinition, smallDefinition } from '@harness/definitions';
import type { HttpResult } from '@harness/http';
import { truncate } from '@harness/http';
import { shanghaiDate } from '@harness/time';
import { type Answered, campaignWorkflowId, decideUpdate, dispatcherWorkflowId, pingUpdate, reviseUpdate, signOffUpdate, withdrawUpdate } from '@temporal/messages';
import type { BenchConfig } from '../options';
import type { Distribution } from '../stats';
import { distribution, fmtMs, round } from '../stats';
import type { BenchSystem } from '../system';
import { log } from '../system';
import type { NationalFigures } from './national';

export const CO_SIGNING_GOALS = {
  /** A command's p50 ÷ the empty Update's p50. */
  floorRatio: 1.5,
  /** Each of 20 simultaneous decisions ÷ the sequential decision (API) p50. */
  concurrentRatio: 3,
  /** Errors and warnings logged while they are answered. */
  logLines: 0,
};

/** The logs read for errors and warnings while the decisions are answered. */
const LOGS = ['worker', 'api', 'temporal'];
/** A line of trouble: the level words of the three loggers, and the two messages of issue 12 by name. */
const TROUBLE = /\b(error|warn|warning|fatal|panic)\b|update was aborted|task not found/i;

export interface CommandLatency {
  /** What was sent and how: 'decision (API)', 'decision (Update direct)', … */
  command: string;
  latency: Distribution;
  /** Its p50 ÷ the floor's p50. */
  ratio: number;
  /**
   * Its p50 − the floor's p50: what the command costs beyond an empty Update. Steadier than the
   * ratio, whose floor moves with the hour (7–17 ms on machines of the same kind here).
   */
  overFloorMs: number;
  /** ratio ≤ CO_SIGNING_GOALS.floorRatio */
  met: boolean;
  /**
   * Through the API only: its p50 ÷ (the floor's p50 + the API's own cost's p50), against what the
   * API's path would cost with a handler doing nothing. Shown beside the goal, not instead of it.
   */
  apiPathRatio?: number;
}

export interface LogTrouble {
  /** Error and warning lines by log; null where the output is not captured (TEMPORAL_ADDRESS given). */
  byLog: Record<string, number | null>;
  total: number;
  /** The first line of each kind (its ids masked), after its log's name, and how many of its kind: the first five kinds. */
  kinds: { line: string; count: number }[];
}

export interface CoSigningFigures {
  campaignId: string;
  coSigners: number;
  rounds: number;
  /** Small campaigns signed off, and as many withdrawn. */
  campaigns: number;
  /** The empty Update, sent right before each command to the same workflow. */
  floor: Distribution;
  /**
   * What the API costs before any Update: a decision repeated through the API, which checks the
   * token, the campaign and the agency's steps and answers as before without the workflow.
   */
  apiOwn: Distribution;
  /**
   * From a decision's answer (straight to the workflow) until its audit entry is in PostgreSQL: the
   * write done after answering (answer-then-record); empty for a run that writes before it answers.
   */
  recordedAfterAnswer: Distribution;
  commands: CommandLatency[];
  /** Errors and warnings logged during the commands one after another, for comparison. */
  sequentialLogs: LogTrouble;
  concurrent: {
    rounds: number;
    decisions: Distribution;
    /** CO_SIGNING_GOALS.concurrentRatio × the sequential decision (API) p50. */
    goalMs: number;
    met: boolean;
    failures: number;
    firstFailure?: string;
    logs: LogTrouble;
  };
  /** The national notice of step 1: its launch, 20 approvals and sign-off requests, back to back. */
  nationalLaunchToIssuedMs?: number;
}

export async function coSigningStep(sys: BenchSystem, cfg: BenchConfig, national: NationalFigures | undefined, db: DataSource): Promise<CoSigningFigures> {
  const connection = await Connection.connect({ address: sys.temporalAddress });
  try {
    // The namespace the API and the worker read from the same environment.
    const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE || 'default' });
    const floor: number[] = [];
    const ctx: Context = {
      sys,
      workflow: (c) => client.workflow.getHandle(campaignWorkflowId(c.id)),
      quiet: async (c) => {
        await settled(ctx.workflow(c));
        await settled(client.workflow.getHandle(dispatcherWorkflowId(sys.taskQueue)));
      },
      ping: async (c) => {
        await ctx.quiet(c);
        floor.push(await timed(() => ctx.workflow(c).executeUpdate(pingUpdate)));
      },
      db,
    };
    const sequentialMarks = markLogs(sys);
    const twenty = await twentyCoSigners(sys);
    log(`   (a) ${cfg.coSignRounds} rounds on ${twenty.c.id}: the lead revises twice (API, then Update direct), ${twenty.coSigners.length} co-signers approve in turn (API and Update direct alternately), an empty Update before each`);
    const oneByOne = await decisionsInTurn(ctx, twenty, cfg.coSignRounds);
    log(`   (b) ${cfg.coSignCampaigns} small campaigns approved and signed off, ${cfg.coSignCampaigns} withdrawn, an empty Update before each`);
    const once = await signOffsAndWithdrawals(ctx, cfg.coSignCampaigns);
    const sequentialLogs = await troubleSince(sys, sequentialMarks);

    const floorD = distribution(floor);
    const apiOwn = distribution(oneByOne.repeatedApi);
    const against = (command: string, samples: number[]): CommandLatency => {
      const latency = distribution(samples);
      const ratio = round(latency.p50Ms / floorD.p50Ms, 2);
      const viaApi = command.endsWith('(API)') && apiOwn.n > 0;
      const overFloorMs = round(latency.p50Ms - floorD.p50Ms, 1);
      return { command, latency, ratio, overFloorMs, met: ratio <= CO_SIGNING_GOALS.floorRatio, ...(viaApi && { apiPathRatio: round(latency.p50Ms / (floorD.p50Ms + apiOwn.p50Ms), 2) }) };
    };
    const decisionApi = against('decision (API)', oneByOne.decisionApi);
    const commands = [
      decisionApi,
      against('decision (Update direct)', oneByOne.decisionDirect),
      against('revision (API)', oneByOne.revision),
      against('revision (Update direct)', oneByOne.revisionDirect),
      against('sign-off (API)', once.signOff),
      against('sign-off (Update direct)', once.signOffDirect),
      against('withdrawal (API)', once.withdrawal),
      against('withdrawal (Update direct)', once.withdrawalDirect),
    ];
    for (const x of commands) log(`   ${x.command}: p50 ${fmtMs(x.latency.p50Ms)}, ${x.ratio}× the empty Update's ${fmtMs(floorD.p50Ms)}`);

    log(`   (c) ${cfg.coSignConcurrentRounds} rounds: the lead revises, ${twenty.coSigners.length} co-signers approve at the same moment`);
    const concurrent = await decisionsAtOnce(ctx, twenty, cfg.coSignConcurrentRounds, round(CO_SIGNING_GOALS.concurrentRatio * decisionApi.latency.p50Ms));
    log(`   (c) p50 ${fmtMs(concurrent.decisions.p50Ms)}, max ${fmtMs(concurrent.decisions.maxMs)} (goal ≤ ${fmtMs(concurrent.goalMs)}); ${concurrent.failures} failed; ${concurrent.logs.total} error/warning lines logged`);

    return {
      campaignId: twenty.c.id,
      coSigners: twenty.coSigners.length,
      rounds: cfg.coSignRounds,
      campaigns: cfg.coSignCampaigns,
      floor: floorD,
      apiOwn,
      recordedAfterAnswer: distribution(oneByOne.recordedAfterAnswer),
      commands,
      sequentialLogs,
      concurrent,
      ...(national && { nationalLaunchToIssuedMs: round(national.launchMs + national.coSign20Ms + national.signOffMs) }),
    };
  } finally {
    await connection.close();
  }
}

interface Context {
  sys: BenchSystem;
  workflow(c: Launched): WorkflowHandle;
  /**
   * Once `c`'s workflow is settled and so is the notification dispatcher, which its messages wake
   * (twenty requests to co-sign after a revision are planned into deliveries for a while after it).
   */
  quiet(c: Launched): Promise<void>;
  /** An empty Update to `c`'s workflow once it is settled, timed into the floor: sent right before each command. */
  ping(c: Launched): Promise<void>;
  /** The bench's own connection to the system's database, to see when an answer is written. */
  db: DataSource;
}

/** Once the workflow has no workflow task and no activity outstanding (at most 5 s; at once if it does not exist). */
async function settled(h: WorkflowHandle): Promise<void> {
  for (const until = performance.now() + 5_000; performance.now() < until; await new Promise((r) => setTimeout(r, 2))) {
    const described = await h.describe().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
    if (!described || (!described.raw.pendingWorkflowTask && !described.raw.pendingActivities?.length)) return;
  }
}

/** Milliseconds until the campaign's audit log reaches `seq` (polled every millisecond). */
async function writtenAfter(db: DataSource, campaignId: string, seq: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if ((await lastAuditSeq(db, campaignId)) >= seq) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** The campaign of the national notice's 20 co-signers, and its next text: a revision by its lead. */
interface TwentyCoSigners {
  c: Launched;
  coSigners: string[];
  nextText(): Promise<HttpResult<{ version: number; sha256: string }>>;
  /** The next text's body, for a revision sent straight to the workflow. */
  nextBody(): string;
}

async function twentyCoSigners(sys: BenchSystem): Promise<TwentyCoSigners> {
  const def = seedDefinition('national-2023');
  const c = await launchCampaign(sys, { ...def, title: `${def.title}（基准测试：会签时延）`, rebaseTo: shanghaiDate(1) });
  let version = 0;
  const nextBody = () => `${def.body}\n\n（性能基准测试修订稿 ${++version}，合成数据）`;
  return { c, coSigners: def.coSigners, nextText: () => revise(sys, c, nextBody()), nextBody };
}

/**
 * Rounds of two revisions (through the API, then straight to the workflow) and a decision of each
 * co-signer, one after another: through the API and straight to the workflow by turns.
 */
async function decisionsInTurn(ctx: Context, { c, coSigners, nextText, nextBody }: TwentyCoSigners, rounds: number) {
  const times = {
    revision: [] as number[],
    revisionDirect: [] as number[],
    decisionApi: [] as number[],
    decisionDirect: [] as number[],
    repeatedApi: [] as number[],
    recordedAfterAnswer: [] as number[],
  };
  for (let r = 0; r < rounds; r++) {
    await ctx.ping(c);
    times.revision.push((await nextText()).ms);
    // The next text straight to the workflow, stored first as the API stores it (not timed): the Update alone is.
    const body = nextBody();
    const sha256 = noticeSha256(body);
    await saveNoticeText(ctx.db, sha256, body);
    await ctx.ping(c);
    times.revisionDirect.push(await timed(() => ctx.workflow(c).executeUpdate(reviseUpdate, { args: [{ sha256, note: null, by: 'bench-direct-lead' }] })));
    for (const [i, agency] of coSigners.entries()) {
      await ctx.ping(c);
      if ((i + r) % 2 === 0) {
        times.decisionApi.push((await approve(ctx.sys, c, agency, sha256)).ms);
        // Once the decision is written: a read right after its answer waits for the write (the row above), not the API.
        await ctx.quiet(c);
        times.repeatedApi.push((await approve(ctx.sys, c, agency, sha256)).ms);
      } else {
        const decision = { agency, decision: 'approve' as const, noticeSha256: sha256, comment: null, by: `bench-direct-${agency.toLowerCase()}` };
        const t0 = performance.now();
        const answer = (await ctx.workflow(c).executeUpdate(decideUpdate, { args: [decision] })) as Answered;
        times.decisionDirect.push(performance.now() - t0);
        if (answer.auditSeq !== undefined) times.recordedAfterAnswer.push(await writtenAfter(ctx.db, c.id, answer.auditSeq));
      }
    }
  }
  return times;
}

/**
 * Sign-off and withdrawal come once in a campaign's life: small campaigns of their own, all launched
 * (and approved) before the first is timed, so that no command waits on a launch's messages.
 */
async function signOffsAndWithdrawals(ctx: Context, n: number) {
  const times = { signOff: [] as number[], signOffDirect: [] as number[], withdrawal: [] as number[], withdrawalDirect: [] as number[] };
  const launched = () => inTurn(n, () => launchCampaign(ctx.sys, smallCampaign()));
  const by = 'bench-direct-lead';
  const toSignOff = await launched();
  for (const s of toSignOff) for (const agency of SMALL_CO_SIGNERS) await approve(ctx.sys, s, agency, s.sha256);
  // Through the API and straight to the workflow by turns, as the decisions.
  // Each command once the one before it has done what it set off (an issue distributes the notice
  // and plans the year; a withdrawal tells everyone): the next floor and command see a quiet server,
  // as every ping does, not the previous campaign's aftermath.
  for (const [i, s] of toSignOff.entries()) {
    await ctx.ping(s);
    if (i % 2 === 0) times.signOff.push((await signOff(ctx.sys, s, s.sha256)).ms);
    else times.signOffDirect.push(await timed(() => ctx.workflow(s).executeUpdate(signOffUpdate, { args: [{ noticeSha256: s.sha256, by }] })));
    await ctx.quiet(s);
  }
  const reason = '性能基准测试：撤回时延（合成数据）';
  for (const [i, s] of (await launched()).entries()) {
    await ctx.ping(s);
    if (i % 2 === 0) times.withdrawal.push((await withdraw(ctx.sys, s, reason)).ms);
    else times.withdrawalDirect.push(await timed(() => ctx.workflow(s).executeUpdate(withdrawUpdate, { args: [{ reason, by }] })));
    await ctx.quiet(s);
  }
  return times;
}

/** Rounds of a revision, then every co-signer's approval at the same moment; what the logs said meanwhile. */
async function decisionsAtOnce(ctx: Context, { c, coSigners, nextText }: TwentyCoSigners, rounds: number, goalMs: number): Promise<CoSigningFigures['concurrent']> {
  const { sys } = ctx;
  const marks = markLogs(sys);
  const times: number[] = [];
  const failures: string[] = [];
  // Round 0 is not counted: the first twenty at once in these processes compile the paths only they
  // take (the API's line of decisions, the workflow's decisions together), as the commands in turn
  // were timed warm, after step 1 and each other.
  for (let r = 0; r <= rounds; r++) {
    const { sha256 } = (await nextText()).body;
    // The morning after the revision, not the millisecond after it: its write and its twenty
    // requests to co-sign are done, as before every ping (a request right after the revision's
    // answer would wait for its write, read-your-writes, and time the revision too).
    await ctx.quiet(c);
    const round: number[] = [];
    for (const s of await Promise.allSettled(coSigners.map((agency) => approve(sys, c, agency, sha256)))) {
      if (s.status === 'fulfilled') round.push(s.value.ms);
      else failures.push(truncate((s.reason as Error).message, 500));
    }
    if (round.length) log(`   (c) round ${r}${r === 0 ? ' (not counted)' : ''}: p50 ${fmtMs(distribution(round).p50Ms)}, max ${fmtMs(distribution(round).maxMs)}`);
    if (r > 0) times.push(...round);
  }
  const decisions = distribution(times);
  return {
    rounds,
    decisions,
    goalMs,
    met: decisions.maxMs <= goalMs,
    failures: failures.length,
    ...(failures.length && { firstFailure: failures[0] }),
    logs: await troubleSince(sys, marks),
  };
}

const SMALL_CO_SIGNERS = ['CPD', 'CAC'];

/** A campaign of 2 co-signers, synthetic and labelled so; its own prefix numbers it apart from every other. */
function smallCampaign(): Record<string, any> {
  return smallDefinition({
    title: '性能基准测试：会签命令时延（合成数据，非真实通知）',
    coSigners: SMALL_CO_SIGNERS,
    docNumberPrefix: '基准测试会签发',
    body: '各有关单位：本通知是性能基准测试生成的合成数据，不是真实通知。',
    rebaseTo: shanghaiDate(1),
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** `n` results of `fn`, one after another. */
async function inTurn<T>(n: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

function markLogs(sys: BenchSystem): Record<string, number | undefined> {
  return Object.fromEntries(LOGS.map((name) => [name, sys.logMark(name)]));
}

/** A log line without its colours and its leading timestamp: what it says. */
function plain(line: string): string {
  return stripVTControlCharacters(line)
    .replace(/^(time=)?\d{4}-\d\d-\d\dT[\d:.]+Z?\s+/, '')
    .trim();
}

/** The error and warning lines each log received since `marks`. */
async function troubleSince(sys: BenchSystem, marks: Record<string, number | undefined>): Promise<LogTrouble> {
  const trouble: LogTrouble = { byLog: {}, total: 0, kinds: [] };
  const kinds = new Map<string, { line: string; count: number }>();
  for (const name of LOGS) {
    const mark = marks[name];
    if (mark === undefined) {
      trouble.byLog[name] = null;
      continue;
    }
    const lines = (await sys.logLinesSince(name, mark)).map(plain).filter((l) => TROUBLE.test(l));
    trouble.byLog[name] = lines.length;
    trouble.total += lines.length;
    for (const l of lines) {
      const line = `[${name}] ${l.replace(UUID, '…')}`;
      const kind = kinds.get(line);
      if (kind) kind.count++;
      else kinds.set(line, { line: truncate(line, 400), count: 1 });
    }
  }
  trouble.kinds = [...kinds.values()].slice(0, 5);
  return trouble;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
