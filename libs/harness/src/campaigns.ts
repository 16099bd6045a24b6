/**
 * Getting a campaign to where a spec or the benchmark needs it, the way users do: launched over
 * HTTP by the lead's secretariat, approved by every co-signer on the exact text, signed off and
 * issued; then waited on until its timeline reaches a phase.
 */
import { performance } from 'node:perf_hooks';
import type { Role } from '@domain/auth';
import type { ApiClient, HttpResult } from './http';
import { shanghaiIso } from './time';

/** A running system as a client sees it: its API, and tokens minted with its secret. */
export interface Driver {
  http: ApiClient;
  token(agency: string, ...roles: Role[]): string;
}

export interface Issued {
  id: string;
  docNumber: string;
  sha256: string;
  recipients: { main: number; cc: number };
  /** Request times (ms): the launch, all co-signers one after another, the sign-off. */
  launchMs: number;
  coSignMs: number;
  signOffMs: number;
  /** performance.now() when the sign-off was sent: distribution is timed from here. */
  signOffSentAt: number;
}

/** A launched campaign as its commands need it. */
export interface Launched {
  id: string;
  title: string;
  leadAgency: string;
  /** The first text's hash: what the co-signers approve until a revision. */
  sha256: string;
  recipients: { main: number; cc: number };
  /** The launch request's time. */
  ms: number;
}

/** Launches `definition` as its lead's secretariat. */
export async function launchCampaign(sys: Driver, definition: Record<string, any>, launchPath = '/api/v1/campaigns'): Promise<Launched> {
  const lead = sys.token(definition.leadAgency, 'secretariat');
  const r = await sys.http.expect(201, `launch ${definition.title}`, sys.http.post(launchPath, definition, lead));
  return { id: r.body.id, title: definition.title, leadAgency: definition.leadAgency, sha256: r.body.notice.sha256, recipients: r.body.recipients, ms: r.ms };
}

/** A co-signer's signer approves the text with hash `sha256`. */
export function approve(sys: Driver, c: Launched, agency: string, sha256: string): Promise<HttpResult> {
  return sys.http.expect(200, `${agency} approves`, sys.http.post(`/api/v1/campaigns/${c.id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha256 }, sys.token(agency, 'signer')));
}

/** The lead revises the text: the answer carries the new version and its hash; every co-signer is asked again. */
export function revise(sys: Driver, c: Launched, body: string, note?: string): Promise<HttpResult<{ version: number; sha256: string }>> {
  return sys.http.expect(201, `revision of ${c.title}`, sys.http.post(`/api/v1/campaigns/${c.id}/notice/revisions`, { body, note }, sys.token(c.leadAgency, 'secretariat')));
}

/** The lead signs off the approved text `sha256`: the notice is numbered and issued. */
export function signOff(sys: Driver, c: Launched, sha256: string): Promise<HttpResult<{ docNumber: string; issuedAt: string }>> {
  return sys.http.expect(200, `sign-off of ${c.title}`, sys.http.post(`/api/v1/campaigns/${c.id}/sign-off`, { noticeSha256: sha256 }, sys.token(c.leadAgency, 'secretariat')));
}

/** The lead withdraws (撤回) the notice before issuance. */
export function withdraw(sys: Driver, c: Launched, reason: string): Promise<HttpResult> {
  return sys.http.expect(200, `withdrawal of ${c.title}`, sys.http.post(`/api/v1/campaigns/${c.id}/withdraw`, { reason }, sys.token(c.leadAgency, 'secretariat')));
}

/** Launches `definition` as its lead, has every co-signer approve, signs off: the notice is issued. */
export async function issueCampaign(sys: Driver, definition: Record<string, any>, launchPath = '/api/v1/campaigns'): Promise<Issued> {
  const c = await launchCampaign(sys, definition, launchPath);
  const tCo = performance.now();
  for (const agency of definition.coSigners as string[]) await approve(sys, c, agency, c.sha256);
  const coSignMs = performance.now() - tCo;
  const signOffSentAt = performance.now();
  const signed = await signOff(sys, c, c.sha256);
  return {
    id: c.id,
    docNumber: signed.body.docNumber,
    sha256: c.sha256,
    recipients: c.recipients,
    launchMs: c.ms,
    coSignMs,
    signOffMs: signed.ms,
    signOffSentAt,
  };
}

/** Waits until the campaign shows `phase` (the workflow projects it when its timer fires). */
export async function untilPhase(sys: Driver, id: string, phase: string, timeoutMs = 30_000): Promise<void> {
  const token = sys.token('CAST', 'admin');
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await sys.http.get(`/api/v1/campaigns/${id}`, token);
    last = r.body?.phase;
    if (last === phase) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`campaign ${id} did not reach phase ${phase} within ${timeoutMs / 1000} s (last seen: ${last})`);
}

export interface TimelineOffsets {
  /** Milliseconds from `base` to each milestone. */
  opens: number;
  weekStarts: number;
  weekEnds: number;
  summaryDue: number;
  closes: number;
}

/** Milestones at the given offsets from now: real-time specs walk the phases in seconds. */
export function timeline(o: TimelineOffsets, base = Date.now()) {
  return {
    publicationOpensAt: shanghaiIso(base + o.opens),
    concentratedWeek: { startsAt: shanghaiIso(base + o.weekStarts), endsAt: shanghaiIso(base + o.weekEnds) },
    summaryDueAt: shanghaiIso(base + o.summaryDue),
    closesAt: shanghaiIso(base + o.closes),
  };
}

/** Runs `fn` over `items` with at most `n` in flight. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
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
