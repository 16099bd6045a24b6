/**
 * The wire shapes only the launch, notice and co-signing pages read (apps/api/src/campaigns:
 * launch.service.ts, campaigns.service.ts, commands.service.ts).
 */
import type { FieldProblem } from '../../api';

/** A warning of a launch (a deadline on a holiday, a recipient entry read loosely): `{ field, message }`. */
export type LaunchWarning = FieldProblem;

/** POST /api/v1/campaigns → 201. */
export interface LaunchResult {
  id: string;
  workflowId: string;
  phase: string;
  notice: { version: number; sha256: string };
  recipients: { main: number; cc: number; reporting: number; openEnded: unknown };
  warnings: LaunchWarning[];
}

/** GET /api/v1/campaigns/:id/notice/versions/:version. */
export interface NoticeVersionText {
  version: number;
  sha256: string;
  body: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
}

/** POST …/co-sign/decisions → 200. */
export interface DecisionResult {
  agency: string;
  status: string;
  noticeSha256: string;
  decidedAt: string | null;
  repeated?: boolean;
}

/** POST …/notice/revisions → 201. */
export interface RevisionResult {
  version: number;
  sha256: string;
}

/** POST …/sign-off → 200. */
export interface SignOffResult {
  docNumber: string;
  issuedAt: string;
}

/** One entry of GET …/reminders (the outbox's 催办 and escalations). */
export interface ReminderEntry {
  to: { agency: string; role: string | null };
  kind: string;
  reason: string | null;
  at: string;
  deliveredAt: string | null;
}

export interface Reminders {
  total: number;
  page: number;
  pageSize: number;
  entries: ReminderEntry[];
}
