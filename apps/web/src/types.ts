/**
 * The wire shapes the console reads, as the API answers them (apps/api/src/**: campaign.view.ts,
 * todo.service.ts, …). Only what the pages use; the API's OpenAPI document has the rest.
 */
import type { FieldProblem } from './api';

export type Phase = 'co-signing' | 'issued' | 'publication-open' | 'concentrated-week' | 'reporting' | 'commendation' | 'closed' | 'withdrawn' | string;

export interface Signer {
  agency: string;
  order: number;
  status: 'pending' | 'approved' | 'rejected' | string;
  comment: string | null;
  decidedAt: string | null;
  noticeSha256: string | null;
  askedAt: string | null;
}

export interface Milestones {
  coSignDueAt?: string;
  publicationWindow?: { opensAt: string; closesAt: string };
  concentratedWeek?: { startsAt: string; endsAt: string };
  summaryDueAt?: string;
  closesAt?: string;
  [k: string]: unknown;
}

export interface Campaign {
  id: string;
  workflowId: string;
  title: string;
  year: number;
  theme: string | null;
  phase: Phase;
  leadAgency: string;
  parentId: string | null;
  notice: { version: number; sha256: string; docNumberPrefix: string | null; docNumber: string | null; issuedAt: string | null };
  coSign: {
    mode: 'parallel' | 'sequential';
    dueAt: string | null;
    escalatedAt: string | null;
    signers: Signer[];
    signOff: { by: string; at: string; noticeSha256: string } | null;
  };
  withdrawal: { reason: string; at: string; by: string } | null;
  milestones: Milestones | null;
  distributedAt: string | null;
  commendationsPublishedAt: string | null;
  /** What the launch or a milestone move flagged (a deadline on a holiday, a header that differs): { field, message }. */
  warnings: FieldProblem[];
  createdAt: string;
  updatedAt: string;
}

export interface NoticeVersion {
  version: number;
  sha256: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

export interface Notice {
  version: number;
  sha256: string;
  body: string;
  versions: NoticeVersion[];
}

export type TodoKind = 'co-sign' | 'sign-off' | 'acknowledge' | 'results' | 'summary' | 'nominations';

export interface TodoItem {
  kind: TodoKind;
  campaign: { id: string; title: string; docNumber: string | null };
  action: string;
  dueAt: string | null;
  count?: number;
  titles?: string[];
  path: string;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
