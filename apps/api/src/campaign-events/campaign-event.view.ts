import type { CampaignEventRow } from '@db/campaign-events/campaign-event.queries';
import { isoOrNull as iso } from '../common/dates';


/** The public shape of a campaign event. `id` is a string: the column is a bigint. */
export function campaignEventView(r: CampaignEventRow) {
  return {
    id: String(r.id),
    campaignId: r.campaignId,
    organizer: r.organizer,
    region: r.region,
    title: r.title,
    category: r.category,
    startsAt: iso(r.startsAt)!,
    endsAt: iso(r.endsAt)!,
    place: r.place,
    onlineUrl: r.onlineUrl,
    expectedAudience: r.expectedAudience,
    results: r.results,
    resultsAt: iso(r.resultsAt),
    createdAt: iso(r.createdAt)!,
  };
}

export type CampaignEventView = ReturnType<typeof campaignEventView>;
