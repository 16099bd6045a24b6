/**
 * Getting a campaign to where a spec needs it, the way users do: launched over HTTP by the lead's
 * secretariat, approved by every co-signer on the exact text, signed off and issued.
 */
import { smallDefinition } from './definitions';
import type { TestSystem } from './system';

/** An ISO date-time in Asia/Shanghai (+08:00), as definitions carry them. */
export function shanghaiIso(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace('Z', '+08:00');
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

export interface Issued {
  id: string;
  docNumber: string;
  sha256: string;
}

/** Launches `definition` as its lead, has every co-signer approve, signs off: the notice is issued. */
export async function issueCampaign(sys: TestSystem, definition: Record<string, any>, path = '/api/v1/campaigns'): Promise<Issued> {
  const lead = sys.token(definition.leadAgency, 'secretariat');
  const launched = await sys.http.post(path, definition, lead);
  if (launched.status !== 201) throw new Error(`launch failed: ${launched.status} ${JSON.stringify(launched.body)}`);
  const { id, notice } = launched.body;
  for (const agency of definition.coSigners as string[]) {
    const r = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: notice.sha256 }, sys.token(agency, 'signer'));
    if (r.status !== 200) throw new Error(`${agency} could not approve: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const signed = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: notice.sha256 }, lead);
  if (signed.status !== 200) throw new Error(`sign-off failed: ${signed.status} ${JSON.stringify(signed.body)}`);
  return { id, docNumber: signed.body.docNumber, sha256: notice.sha256 };
}

/**
 * A small national campaign on a real-time timeline, issued: its phases follow in seconds.
 * Each spec passes its own docNumberPrefix so numbering never collides across specs.
 */
export async function issuedSmallCampaign(sys: TestSystem, over: Record<string, unknown>, offsets: TimelineOffsets): Promise<Issued> {
  const base = Date.now();
  return issueCampaign(
    sys,
    smallDefinition({
      coSignDueAt: shanghaiIso(base + offsets.closes - 1000),
      milestones: timeline(offsets, base),
      ...over,
    }),
  );
}

/** Waits until the campaign shows `phase` (the workflow projects it when its timer fires). */
export async function untilPhase(sys: TestSystem, id: string, phase: string, timeoutMs = 30_000): Promise<void> {
  const token = sys.token('CAST', 'admin');
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const r = await sys.http.get(`/api/v1/campaigns/${id}`, token);
    last = r.body?.phase;
    if (last === phase) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`campaign ${id} did not reach phase ${phase} (last seen: ${last})`);
}
