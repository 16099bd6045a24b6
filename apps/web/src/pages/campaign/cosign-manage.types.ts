/** Wire shapes of co-signing changed in flight (加签, 减签, the deadline, 催办): only CoSignManage uses them. */
import type { Signer } from '../../types';

/** A co-signer as the campaign view has it since issue 12: with the lead's last 催办. */
export type ManagedSigner = Signer & { urgedAt?: string | null };

/** A co-signer the lead removed (减签). */
export interface RemovedSigner {
  agency: string;
  status: 'pending' | 'approved' | 'rejected';
  removedAt: string;
  reason: string;
  version: number;
}

export interface AddSignerResult {
  agency: string;
  order: number;
  askedAt: string | null;
  phase: string;
}

export interface MoveDeadlineResult {
  dueAt: string;
  from: string;
  told: string[];
  warnings: { field: string; message: string }[];
  unchanged: boolean;
}

export interface UrgeResult {
  urged: string[];
  skipped: { agency: string; nextAt: string }[];
  at: string;
}
