/**
 * The wire shapes of distribution, relays and the timeline, as the API answers them
 * (apps/api/src/campaigns/recipients.service.ts, launch.service.ts, commands.service.ts). Only the
 * pages of this area read them.
 */
import type { Campaign } from '../../types';

export type RecipientRole = 'main' | 'cc';
export type RecipientState = 'pending' | 'acknowledged' | 'relayed' | 'not-relayed';

export interface RecipientRow {
  agency: string;
  name: string;
  shortName: string;
  region: string | null;
  regionName: string | null;
  kind: string | null;
  role: RecipientRole;
  reporting: boolean;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  reminders: number;
  relayCampaignId: string | null;
  activities: number;
  summary: { status: 'on-time' | 'late' | 'missing'; submittedAt: string | null; revision: number | null } | null;
}

export interface RecipientCounts {
  main: number;
  cc: number;
  delivered: number;
  acknowledged: number;
  pending: number;
  relayed: number;
  reporting: number;
}

export interface RecipientPage {
  total: number;
  page: number;
  pageSize: number;
  counts: RecipientCounts;
  items: RecipientRow[];
}

/** GET …/recipients/by-region. */
export interface RegionCount {
  region: string | null;
  regionName: string | null;
  total: number;
  main: number;
  acknowledged: number;
}

export type Unreachable = 'no-contact' | 'email-off' | 'bounced' | 'email-failing' | 'webhook-failing';

export interface DeliveryRow {
  agency: string;
  name: string;
  role: RecipientRole;
  deliveredAt: string | null;
  channel: string | null;
  acknowledgedAt: string | null;
  unreachable: { reasons: Unreachable[]; error: string | null; phones: { name: string; phone: string }[] } | null;
}

export interface DeliveryPage {
  total: number;
  page: number;
  pageSize: number;
  counts: { recipients: number; delivered: number; acknowledged: number; unreachable: number };
  items: DeliveryRow[];
}

/** GET …/tree: a campaign and its relays, each with its own progress and its subtree's rolled up. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  title: string;
  leadAgency: string;
  phase: string;
  docNumber: string | null;
  summaryDueAt: string | null;
  recipients: { main: number; cc: number; acknowledged: number; relayed: number };
  summaries: { units: number; submitted: number; late: number };
  activities: { total: number; withResults: number };
  rollup: {
    campaigns: number;
    recipients: number;
    acknowledged: number;
    activities: number;
    activitiesWithResults: number;
    summariesDue: number;
    summariesSubmitted: number;
    summariesLate: number;
  };
  children: TreeNode[];
}

/** The year's milestones as the API keeps them (libs/domain/src/year.ts). */
export interface YearMilestones {
  publicationOpensAt: string;
  concentratedWeek: { startsAt: string; endsAt: string };
  summaryDueAt: string;
  closesAt: string;
}

export interface Warning {
  field: string;
  message: string;
}

/** A campaign with what campaign.view.ts adds beyond the shared type. */
export type CampaignWithCalendar = Campaign & { calendarShiftDays?: number };

/** POST …/relays answers the launch's shape. */
export interface Launched {
  id: string;
  parentId: string | null;
  phase: string;
  recipients: { main: number; cc: number; reporting: number; openEnded: string[] };
  warnings: Warning[];
}

/** PATCH …/milestones. */
export interface Moved {
  milestones: YearMilestones;
  phase: string;
  warnings: Warning[];
  unchanged: boolean;
}

/** The milestones of a campaign, if it has the year's (issued campaigns do). */
export function yearMilestones(c: Campaign | null): YearMilestones | null {
  const m = c?.milestones as Partial<YearMilestones> | null | undefined;
  if (!m?.publicationOpensAt || !m.concentratedWeek?.startsAt || !m.concentratedWeek.endsAt || !m.summaryDueAt || !m.closesAt) return null;
  return m as YearMilestones;
}

/** The campaign's stored warnings ({ field, message }; older shapes were plain strings). */
export function campaignWarnings(c: Campaign | null): Warning[] {
  const list = (c?.warnings ?? []) as unknown[];
  return list.map((w) => (typeof w === 'string' ? { field: '', message: w } : (w as Warning)));
}
