import type { CampaignEventResults } from '@db/entities/campaign-year.entities';

/** The columns of `campaign_events` as the view needs them, aliased to the view's names. */
export const CAMPAIGN_EVENT_COLUMNS_SQL = `a.id, a.campaign_id AS "campaignId", a.organizer, a.region, a.title, a.category,
  a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.place, a.online_url AS "onlineUrl",
  a.expected_audience AS "expectedAudience", a.results, a.results_at AS "resultsAt", a.created_at AS "createdAt"`;

export interface CampaignEventRow {
  id: string;
  campaignId: string;
  organizer: string;
  region: string;
  title: string;
  category: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineUrl: string | null;
  expectedAudience: number | null;
  results: CampaignEventResults | null;
  resultsAt: Date | null;
  createdAt: Date;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

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
