import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { auditFacts } from '@db/audit/audit.queries';
import { findCampaign } from '@db/campaigns/campaign.queries';
import { renderedByFile, versionsOfText } from '@db/rendered-notices/rendered-notice.queries';
import { keywordsSha256 } from '@domain/notice-document';
import type { AuditFact, VerificationAnswer } from '@domain/notice-verification';
import { APPROVAL_FACTS, approvedVersions, UNKNOWN, verificationAnswer } from '@domain/notice-verification';
import { ApiError, ApiErrorCode } from '../common/api-error';

/** What a file upload must look like: a PDF, at most this large. */
export const VERIFY_UPLOAD_LIMIT = 20 * 1024 * 1024;

/**
 * POST /api/v1/verify: whether a notice — its text's SHA-256, or a PDF the system rendered — is
 * one the system holds: which campaign and version, whether every co-signer approved it and it was
 * issued, its number and date. Nothing more: no title, no text, no issuers.
 */
@Injectable()
export class VerificationService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async byTextHash(sha256: string): Promise<VerificationAnswer> {
    const [hit] = await versionsOfText(this.ds, sha256);
    return hit ? this.answer(hit.campaignId, hit.version) : UNKNOWN;
  }

  /**
   * A PDF: first by the file's own SHA-256 among the files the system rendered (exactly this file
   * came from here), else by the text hash its metadata names (a re-saved or re-printed copy).
   */
  async byFile(file: Buffer): Promise<VerificationAnswer> {
    if (file.subarray(0, 1024).indexOf('%PDF-') < 0) {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ApiErrorCode.UNSUPPORTED_MEDIA_TYPE, 'file: not a PDF', [{ field: 'file', message: 'must be a PDF (a notice the system rendered)' }]);
    }
    const fileSha256 = createHash('sha256').update(file).digest('hex');
    const rendered = await renderedByFile(this.ds, fileSha256);
    if (rendered) return this.answer(rendered.campaignId, rendered.version);
    const named = keywordsSha256(file.toString('latin1'));
    return named ? this.byTextHash(named) : UNKNOWN;
  }

  private async answer(campaignId: string, version: number): Promise<VerificationAnswer> {
    const c = await findCampaign(this.ds, campaignId);
    if (!c) return UNKNOWN;
    const facts: AuditFact[] = await auditFacts(this.ds, campaignId, APPROVAL_FACTS);
    return verificationAnswer({
      campaignId,
      version,
      currentVersion: c.noticeVersion,
      approved: approvedVersions(facts).has(version),
      docNumber: c.docNumber,
      issuedAt: c.issuedAt ? new Date(c.issuedAt).toISOString() : null,
    });
  }
}
