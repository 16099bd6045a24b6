import type { CampaignEntity } from '@db/campaigns/campaign.entity';

/** The summary deadline as it is now (the lead may have moved it), else as launched. */
export function summaryDueAt(c: CampaignEntity): string | null {
  const launched = (c.definition as { milestones?: { summaryDueAt?: string } }).milestones?.summaryDueAt;
  return c.milestones?.summaryDueAt ?? launched ?? null;
}
