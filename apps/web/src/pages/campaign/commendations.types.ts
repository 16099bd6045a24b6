/** The wire shapes of the 表扬 tab, as apps/api/src/reports/commendations.service.ts answers them. */
export type NominationKind = 'unit' | 'individual' | 'activity';
export type NominationStatus = 'nominated' | 'commended' | 'declined';

export interface Nomination {
  id: string;
  kind: NominationKind;
  unit: string | null;
  unitName: string | null;
  person: string | null;
  activityId: string | null;
  activityTitle: string | null;
  citation: string;
  status: NominationStatus;
  nominatedBy: string;
  decision: { by: string; at: string | null; note: string | null } | null;
  /** Recommended (推荐) up from a relay: where it came from. */
  source: { campaignId: string; nominationId: string | null; title: string | null; leadAgency: string | null; docNumber: string | null } | null;
  createdAt: string | null;
}

export interface NominationPool {
  publishedAt: string | null;
  items: Nomination[];
}
