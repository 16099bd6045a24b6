/** The wire shapes of the 总结 tab, as apps/api/src/reports/summaries.service.ts answers them. */
export type SummaryStatus = 'on-time' | 'late' | 'missing';

export interface SummaryRow {
  unit: string;
  name: string;
  region: string | null;
  regionName: string | null;
  status: SummaryStatus;
  revision: number | null;
  submittedAt: string | null;
  firstSubmittedAt: string | null;
}

export interface SummaryMatrix {
  summaryDueAt: string | null;
  phase: string;
  counts: { units: number; onTime: number; late: number; missing: number };
  units: SummaryRow[];
}

export interface UnitSummary {
  unit: string;
  name: string;
  region: string | null;
  regionName: string | null;
  summaryDueAt: string | null;
  status: SummaryStatus;
  latest: {
    revision: number;
    text: string;
    figures: Record<string, number>;
    links: string[];
    late: boolean;
    submittedBy: string;
    submittedAt: string | null;
  } | null;
  revisions: { revision: number; late: boolean; submittedBy: string; submittedAt: string | null }[];
}

export interface SubmittedSummary {
  unit: string;
  revision: number;
  late: boolean;
  submittedAt: string;
  summaryDueAt: string;
}
