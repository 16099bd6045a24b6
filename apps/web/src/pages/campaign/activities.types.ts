/**
 * The wire shapes of the 活动 tab, as apps/api/src/campaign-events answers them
 * (campaign-event.view.ts, the service's stats and import answers).
 */
export interface ActivityResults {
  photos: string[];
  videos: string[];
  news: string[];
  participants: number;
  summary: string;
}

export interface Activity {
  id: string;
  campaignId: string;
  organizer: string;
  region: string;
  title: string;
  category: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  expectedAudience: number | null;
  results: ActivityResults | null;
  resultsAt: string | null;
  createdAt: string;
}

export interface ActivityStats {
  total: number;
  withResults: number;
  /** Every category of the definition (0 when none yet), most first. */
  byCategory: { category: string; count: number }[];
  byRegion: { region: string; regionName: string; count: number }[];
  byCampaign: { campaignId: string; title: string; count: number }[];
}

export interface ImportAnswer {
  imported: number;
  batch: string;
  /** The same upload (same Idempotency-Key, same rows) sent again: nothing imported twice. */
  repeated: boolean;
}

/** POST …/activities: what the form sends. */
export interface ActivityDraft {
  title: string;
  category: string;
  startsAt: string;
  endsAt: string;
  place?: string;
  onlineUrl?: string;
  expectedAudience?: number;
}

/** The milestones as the API stores them (libs/domain/src/year.ts Milestones). */
export interface YearMilestones {
  publicationOpensAt?: string;
  concentratedWeek?: { startsAt: string; endsAt: string };
  summaryDueAt?: string;
  closesAt?: string;
}
