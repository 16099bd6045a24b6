/**
 * What verifying a notice answers (POST /api/v1/verify), decided from the campaign's audit log:
 * which versions of its text every co-signer approved, and whether a version is the one issued.
 * Pure: the caller reads the log and the campaign.
 */

/** An audit entry as far as approvals go: its type and data (libs/db's audit_log payload). */
export interface AuditFact {
  type: string;
  data: Record<string, unknown>;
}

/** The audit entries approvals are read from. */
export const APPROVAL_FACTS = ['campaign.launched', 'notice.revised', 'co-sign.decided', 'co-sign.signer-added', 'co-sign.signer-removed'] as const;

/**
 * The versions of the notice that every co-signer approved, each on that version's text. A
 * revision starts a new version and voids the decisions made before it (co-sign.ts); a version
 * can still have been approved by all before it was revised, and it stays approved in this sense.
 */
export function approvedVersions(entries: readonly AuditFact[]): Set<number> {
  const approved = new Set<number>();
  let version = 0;
  let signers: string[] = [];
  let yes = new Set<string>();
  for (const e of entries) {
    if (e.type === 'campaign.launched') {
      version = 1;
      signers = Array.isArray(e.data.coSigners) ? (e.data.coSigners as string[]) : [];
      yes = new Set();
    } else if (e.type === 'notice.revised') {
      version = typeof e.data.version === 'number' ? e.data.version : version + 1;
      yes = new Set();
    } else if (e.type === 'co-sign.decided' && typeof e.data.agency === 'string') {
      if (e.data.decision === 'approve') yes.add(e.data.agency);
      else yes.delete(e.data.agency);
      if (version > 0 && signers.length > 0 && signers.every((s) => yes.has(s))) approved.add(version);
    } else if (e.type === 'co-sign.signer-added' && typeof e.data.agency === 'string') {
      // 加签: one more approval is needed.
      if (!signers.includes(e.data.agency)) signers = [...signers, e.data.agency];
    } else if (e.type === 'co-sign.signer-removed' && typeof e.data.agency === 'string') {
      // 减签: its decision no longer counts; the others' approvals may now be all that is needed.
      const gone = e.data.agency;
      signers = signers.filter((s) => s !== gone);
      yes.delete(gone);
      if (version > 0 && signers.length > 0 && signers.every((s) => yes.has(s))) approved.add(version);
    }
  }
  return approved;
}

/** The answer of a verification: who issued what — and nothing of the notice itself. */
export interface VerificationAnswer {
  known: boolean;
  campaignId?: string;
  version?: number;
  approved?: boolean;
  issued?: boolean;
  docNumber?: string | null;
  issuedAt?: string | null;
}

export const UNKNOWN: VerificationAnswer = { known: false };

/**
 * The answer for one version of one campaign. `issued` only for the version the campaign issued
 * (its current one, with a number); its number and date are told only then.
 */
export function verificationAnswer(c: {
  campaignId: string;
  version: number;
  currentVersion: number;
  approved: boolean;
  docNumber: string | null;
  issuedAt: string | null;
}): VerificationAnswer {
  const issued = c.docNumber !== null && c.version === c.currentVersion;
  return {
    known: true,
    campaignId: c.campaignId,
    version: c.version,
    approved: c.approved || issued,
    issued,
    docNumber: issued ? c.docNumber : null,
    issuedAt: issued ? c.issuedAt : null,
  };
}
