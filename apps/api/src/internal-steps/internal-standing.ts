import type { DataSource } from 'typeorm';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { internalItems } from '@db/internal-steps/internal-step.queries';
import { progressOf } from '@domain/internal-steps';

/** Where a co-signer's item stands inside it, as the lead may see it. */
export interface InternalStanding {
  /** The name of the step it is at (内部流转中 · 处室负责人). */
  step: string;
  /** 0-based, of `of` steps. */
  index: number;
  of: number;
  /** Since when it is at that step (when it was asked, before any step was taken). */
  at: string | null;
}

/**
 * What the lead sees of each co-signer's internal steps (GET /campaigns/:id): 内部流转中 at which
 * step since when, for a pending co-signer with steps; never who commented what.
 */
export async function internalStandings(ds: DataSource, c: CampaignEntity): Promise<Map<string, InternalStanding>> {
  const out = new Map<string, InternalStanding>();
  if (c.phase !== 'co-signing') return out;
  const pending = c.coSign.signers.filter((s) => s.status === 'pending');
  const items = await internalItems(ds, c.id, c.noticeVersion, pending.map((s) => s.agency));
  for (const s of pending) {
    const item = items.get(s.agency);
    if (!item?.steps.length) continue;
    const p = progressOf(item.steps, item.actions);
    if (p.decision) continue;
    out.set(s.agency, { step: item.steps[p.step].name, index: p.step, of: item.steps.length, at: p.since ?? s.askedAt });
  }
  return out;
}
