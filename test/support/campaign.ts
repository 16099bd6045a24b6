/**
 * Getting a campaign to where a spec needs it, the way users do: launched over HTTP by the lead's
 * secretariat, approved by every co-signer on the exact text, signed off and issued. The driving
 * itself is libs/harness, shared with the benchmark.
 */
import type { TimelineOffsets } from '@harness/campaigns';
import { issueCampaign, timeline } from '@harness/campaigns';
import { smallDefinition } from '@harness/definitions';
import { shanghaiIso } from '@harness/time';
import type { TestSystem } from './system';

export type { Issued, TimelineOffsets } from '@harness/campaigns';
export { issueCampaign, timeline, untilPhase } from '@harness/campaigns';
export { shanghaiIso } from '@harness/time';

/**
 * A small national campaign on a real-time timeline, issued: its phases follow in seconds.
 * Each spec passes its own docNumberPrefix so numbering never collides across specs.
 */
export async function issuedSmallCampaign(sys: TestSystem, over: Record<string, unknown>, offsets: TimelineOffsets) {
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
