/**
 * Recording fakes of every activity, for the workflow-logic tier (test/campaign-workflow.spec.ts):
 * the workflows run on Temporal's time-skipping server, the activities here, in memory.
 *
 * The fakes keep what the workflow wrote (audit entries, projections, messages, numbers) and
 * refuse what PostgreSQL refuses, with the same SQLSTATEs: a NUL or a lone surrogate in a jsonb
 * value, a NUL in text, an `int` past 2^31-1, an audit entry out of chain. They go through the
 * real wrapper (activities/failures.ts), so a refusal is classified exactly as in production;
 * planMornings is the real one (pure), so the calendar refuses what it refuses. Every attempt is
 * recorded in `calls`, which is how a spec proves a write was tried once, not retried forever.
 */
import { SUPERSEDED_ENTRY } from '@db/audit/audit.queries';
import { canonicalJson } from '@domain/audit-chain';
import { formatDocNumber } from '@domain/doc-number';
import { renderReason } from '@domain/messages';
import { shanghaiYear } from '@domain/time';
import type { Activities, AuditEvent, NotificationInput } from '@activities';
import { auditChainFailure, supervised } from '@activities/failures';
import { createYearActivities } from '@activities/year.activities';

export interface FakeEntry extends AuditEvent {
  seq: number;
  payload: string;
  projection?: Record<string, unknown>;
}

/** An error shaped like pg's DatabaseError: what the classifier looks at is its SQLSTATE. */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What `$1::jsonb` does with JSON.stringify(value). */
function jsonb(value: unknown): void {
  const strings: string[] = [];
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' && strings.push(v), v));
  if (strings.some((s) => s.includes('\u0000'))) throw pgError('22P05', 'unsupported Unicode escape sequence');
  if (strings.some((s) => LONE_SURROGATE.test(s))) throw pgError('22P02', 'invalid input syntax for type json');
}

/** What a text column does with a JS string (the driver sends UTF-8; a lone surrogate becomes U+FFFD). */
function text(value: string | null | undefined): void {
  if (value?.includes('\u0000')) throw pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
}

export function fakeActivities() {
  const calls: { name: string; input: any }[] = [];
  const audit = new Map<string, FakeEntry[]>();
  const outbox = new Map<string, NotificationInput & { campaignId: string }>();
  const sequences = new Map<string, number>();
  const numbers = new Map<string, { docNumber: string; sequence: number; issuedAt: string }>();
  const sweeps: { campaignId: string; at: string }[] = [];
  const real = createYearActivities(undefined as never);
  /** Entries PostgreSQL refuses for a reason no check of the text foresees (refuse()). */
  const refused: { matches: (e: AuditEvent) => boolean; message: string }[] = [];

  const chain = (campaignId: string) => audit.get(campaignId) ?? audit.set(campaignId, []).get(campaignId)!;
  function append(campaignId: string, seq: number, event: AuditEvent, projection?: Record<string, unknown>): { hash: string } {
    text(event.actor);
    const entries = chain(campaignId);
    const payload = canonicalJson({ campaignId, seq, ...event });
    const existing = entries.find((e) => e.seq === seq);
    if (existing) {
      if (existing.payload !== payload) throw auditChainFailure(`audit entry ${seq} of campaign ${campaignId} is already a different entry`);
      return { hash: String(seq) };
    }
    if (seq > 1 && !entries.some((e) => e.seq === seq - 1)) throw auditChainFailure(`audit entry ${seq - 1} of campaign ${campaignId} is missing`);
    entries.push({ seq, ...event, payload, projection });
    return { hash: String(seq) };
  }

  /** As the outbox writer does: the facts go to a jsonb column, the text (given, or rendered from the facts) to a text column. */
  function outboxRows(notifications: readonly NotificationInput[]) {
    const rows = notifications.map((n) => ({ ...n, reason: n.reason ?? renderReason(n.kind, n.data ?? {}, n.role) }));
    for (const n of rows) {
      jsonb(n.data ?? {});
      text(n.reason);
    }
    return rows;
  }
  function keep(campaignId: string, rows: readonly NotificationInput[]): number {
    let written = 0;
    for (const n of rows) {
      if (outbox.has(n.key)) continue;
      outbox.set(n.key, { ...n, campaignId });
      written++;
    }
    return written;
  }

  /**
   * What appendAuditEntries does (libs/db): the same entries again are a retry; anything else at
   * `seq` or after was written by a workflow task that never completed, and a `ledger.superseded`
   * entry after it says so before `events` follow.
   */
  function appendChange(campaignId: string, seq: number, events: readonly AuditEvent[], projection?: Record<string, unknown>): { firstSeq: number; lastSeq: number } {
    const entries = chain(campaignId);
    if (seq > 1 && !entries.some((e) => e.seq === seq - 1)) throw auditChainFailure(`audit entry ${seq - 1} of campaign ${campaignId} is missing`);
    const after = entries.filter((e) => e.seq >= seq).sort((a, b) => a.seq - b.seq);
    const same = after.length >= events.length && events.every((event, i) => after[i].payload === canonicalJson({ campaignId, seq: seq + i, ...event }));
    if (same) return { firstSeq: seq, lastSeq: seq + events.length - 1 };
    let first = seq;
    if (after.length) {
      const last = after[after.length - 1].seq;
      append(campaignId, last + 1, { type: SUPERSEDED_ENTRY, actor: 'system', at: events[0].at, data: { from: seq, to: last } });
      first = last + 2;
    }
    events.forEach((event, i) => append(campaignId, first + i, event, i === events.length - 1 ? projection : undefined));
    return { firstSeq: first, lastSeq: first + events.length - 1 };
  }

  const impl: Activities = {
    ...real,
    // The dispatcher's own workflow is not under test here: nothing to deliver.
    async dispatch() {
      await Promise.resolve();
      return { planned: 0, sent: 0, failed: 0, more: false, nextDueAt: null };
    },
    async recordCoSignEvent(input) {
      calls.push({ name: 'recordCoSignEvent', input });
      const { state, noticeVersion } = input;
      jsonb({ mode: state.mode, dueAt: state.dueAt, signers: state.signers, signOff: state.signOff, escalatedAt: state.escalatedAt });
      if (state.withdrawal) jsonb(state.withdrawal);
      text(noticeVersion?.note);
      return append(input.campaignId, input.seq, input.event, { phase: state.phase, version: state.notice.version, signOff: state.signOff, withdrawal: state.withdrawal });
    },
    async recordYearEvent(input) {
      calls.push({ name: 'recordYearEvent', input });
      if (input.milestones) jsonb(input.milestones);
      return append(input.campaignId, input.seq, input.event, { phase: input.phase, milestones: input.milestones, commendationsPublishedAt: input.commendationsPublishedAt });
    },
    async recordEntry(input) {
      calls.push({ name: 'recordEntry', input });
      return append(input.campaignId, input.seq, input.event);
    },
    async recordChange(input) {
      calls.push({ name: 'recordChange', input });
      const { campaignId, seq, events, state, noticeVersion, notifications = [] } = input;
      if (events.some((e) => refused.some((r) => r.matches(e)))) throw pgError('22001', refused.find((r) => events.some((e) => r.matches(e)))!.message);
      // One transaction: everything is checked before anything is kept.
      if (state) {
        jsonb({ mode: state.mode, dueAt: state.dueAt, signers: state.signers, signOff: state.signOff, escalatedAt: state.escalatedAt });
        if (state.withdrawal) jsonb(state.withdrawal);
      }
      text(noticeVersion?.note);
      const messages = outboxRows(notifications);
      for (const event of events) text(event.actor);
      const projection = state && { phase: state.phase, version: state.notice.version, signOff: state.signOff, withdrawal: state.withdrawal };
      const written = appendChange(campaignId, seq, events, projection);
      keep(campaignId, messages);
      return written;
    },
    async notify(input) {
      calls.push({ name: 'notify', input });
      return keep(input.campaignId, outboxRows(input.notifications));
    },
    async issueDocNumber(input) {
      calls.push({ name: 'issueDocNumber', input });
      const given = numbers.get(input.campaignId);
      if (given) return given;
      const year = shanghaiYear(input.at);
      const key = `${input.prefix}:${year}`;
      const sequence = (sequences.get(key) ?? 0) + 1;
      if (sequence > 2 ** 31 - 1) throw pgError('22003', 'integer out of range');
      sequences.set(key, sequence);
      const issued = { docNumber: formatDocNumber(input.prefix, year, sequence), sequence, issuedAt: new Date(input.at).toISOString() };
      numbers.set(input.campaignId, issued);
      return issued;
    },
    async distribute(input) {
      calls.push({ name: 'distribute', input });
      return { main: 0, cc: 0 };
    },
    async planMornings(input) {
      calls.push({ name: 'planMornings', input });
      return real.planMornings(input);
    },
    async notifyAudience(input) {
      calls.push({ name: 'notifyAudience', input });
      jsonb(input.data ?? {});
      text(input.reason ?? renderReason(input.kind, input.data ?? {}));
      return 0;
    },
    async sweepReminders(input) {
      calls.push({ name: 'sweepReminders', input });
      sweeps.push({ campaignId: input.campaignId, at: input.at });
      return { acknowledgement: 0, results: 0, summaryBefore: 0, summaryOverdue: 0 };
    },
  };

  return {
    activities: supervised(impl),
    calls,
    /** The audit entries of a campaign, in order. */
    entries: (campaignId: string) => [...chain(campaignId)].sort((a, b) => a.seq - b.seq),
    /** What was written to the outbox for a campaign. */
    messages: (campaignId: string) => [...outbox.values()].filter((n) => n.campaignId === campaignId),
    /** From now on, a change with an entry that `matches` is refused by the database (SQLSTATE 22001, `message`) on every attempt. */
    refuse: (matches: (e: AuditEvent) => boolean, message = 'value too long for type character varying(2000)') => refused.push({ matches, message }),
    /** Sets where a (prefix, year) sequence stands, as the admin endpoint does. */
    setLastNumber: (prefix: string, year: number, last: number) => sequences.set(`${prefix}:${year}`, last),
    sweeps,
  };
}

export type FakeActivities = ReturnType<typeof fakeActivities>;
