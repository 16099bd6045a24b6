import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import type { InternalStanding } from '../internal-steps/internal-standing';

/**
 * The public shape of a campaign (GET /api/v1/campaigns/:id). `internal`: where co-signers with
 * internal steps stand inside them (内部流转中 · step), when the caller read it.
 */
export function campaignView(c: CampaignEntity, internal?: Map<string, InternalStanding>) {
  const def = c.definition as { docNumberPrefix?: string; milestones?: unknown; theme?: string };
  return {
    id: c.id,
    workflowId: c.workflowId,
    title: c.title,
    year: c.year,
    theme: def.theme ?? null,
    phase: c.phase,
    leadAgency: c.leadAgency,
    parentId: c.parentId,
    notice: {
      version: c.noticeVersion,
      sha256: c.noticeSha256,
      docNumberPrefix: def.docNumberPrefix ?? null,
      docNumber: c.docNumber,
      issuedAt: c.issuedAt ? new Date(c.issuedAt).toISOString() : null,
    },
    coSign: {
      mode: c.coSign.mode,
      dueAt: c.coSign.dueAt,
      escalatedAt: c.coSign.escalatedAt,
      signers: c.coSign.signers.map((s) => ({
        agency: s.agency,
        order: s.order,
        status: s.status,
        comment: s.comment,
        decidedAt: s.decidedAt,
        noticeSha256: s.noticeSha256,
        askedAt: s.askedAt,
        urgedAt: s.urgedAt ?? null,
        internal: internal?.get(s.agency) ?? null,
      })),
      /** Co-signers the lead removed in flight (减签), with why. */
      removed: (c.coSign.removed ?? []).map((r) => ({ agency: r.agency, status: r.status, removedAt: r.removedAt, reason: r.reason, version: r.version })),
      signOff: c.coSign.signOff,
    },
    withdrawal: c.withdrawal,
    milestones: c.milestones ?? def.milestones ?? null,
    /** A rehearsal's calendar: its working days are those of the year it was rebased from. */
    calendarShiftDays: c.calendarShiftDays,
    distributedAt: c.distributedAt ? new Date(c.distributedAt).toISOString() : null,
    commendationsPublishedAt: c.commendationsPublishedAt ? new Date(c.commendationsPublishedAt).toISOString() : null,
    warnings: c.warnings,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

export type CampaignView = ReturnType<typeof campaignView>;
