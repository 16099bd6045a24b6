import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@config/config';
import { APP_CONFIG } from '@config/config';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { findNoticeText, noticeVersions } from '@db/campaigns/notice.queries';
import type { NoticeFormat } from '@db/rendered-notices/rendered-notice.entity';
import { findRendered, issuingAgencies, saveRendered } from '@db/rendered-notices/rendered-notice.queries';
import type { Principal } from '@domain/auth';
import { AGENCY_CODE } from '@domain/definition';
import type { NoticeDocument } from '@domain/notice-document';
import { noticeDocument } from '@domain/notice-document';
import type { IssuingAgency } from '@domain/notice-layout';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';
import { FontBook, FontsUnavailable } from './fonts';
import { renderNoticeDocx } from './notice-docx';
import { renderNoticePdf } from './notice-pdf';

/**
 * Bumped whenever the layout changes what a file holds: cached renderings of an older layout are
 * then rendered afresh (their rows stay, so files already handed out still verify).
 */
export const LAYOUT_VERSION = 1;

export interface RenderedNotice {
  bytes: Buffer;
  fileSha256: string;
  contentType: string;
  fileName: string;
  /** Served from the cache (rendered_notices) rather than rendered now. */
  cached: boolean;
}

const CONTENT_TYPES: Record<NoticeFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The notice as a document (GET …/notice.pdf, …/notice.docx): gathers where each part comes from
 * (the campaign's definition, the version's text, the directory's names, the number and date it
 * was issued with), renders it, and keeps the file in PostgreSQL keyed by what it was rendered from.
 */
@Injectable()
export class NoticeDocumentsService {
  /** Renderings under way in this process: a burst of the same request renders once. */
  private readonly inFlight = new Map<string, Promise<RenderedNotice>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: CampaignAccess,
    private readonly fonts: FontBook,
  ) {}

  async render(who: Principal, id: string, format: NoticeFormat, askedVersion?: number): Promise<RenderedNotice> {
    const c = await this.access.visible(who, id);
    const versions = await noticeVersions(this.ds, id);
    const version = askedVersion ?? c.noticeVersion;
    const v = versions.find((x) => x.version === version);
    if (!v) throw ApiError.notFound(`version ${version} of the notice of campaign ${id}`);
    const issued = c.docNumber !== null && c.issuedAt !== null && version === c.noticeVersion;
    const key = this.renderKey(c, version, v.sha256, issued, format);
    const fileName = `${issued ? c.docNumber : `${c.title}（草稿第${version}稿）`}.${format}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const job = (async (): Promise<RenderedNotice> => {
      const hit = await findRendered(this.ds, key);
      if (hit) return { bytes: hit.bytes, fileSha256: hit.fileSha256, contentType: CONTENT_TYPES[format], fileName, cached: true };
      const doc = await this.document(c, version, v.sha256);
      const bytes = await this.draw(doc, format);
      const fileSha256 = createHash('sha256').update(bytes).digest('hex');
      const kept = await saveRendered(this.ds, { cacheKey: key, campaignId: c.id, version, noticeSha256: v.sha256, docNumber: issued ? c.docNumber : null, format, bytes, fileSha256 });
      return { bytes: kept.bytes, fileSha256: kept.fileSha256, contentType: CONTENT_TYPES[format], fileName, cached: false };
    })();
    this.inFlight.set(key, job);
    try {
      return await job;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** What a rendering depends on: the text, the number and date, the version, the format, the layout, the faces, the link. */
  private renderKey(c: CampaignEntity, version: number, sha256: string, issued: boolean, format: NoticeFormat): string {
    const parts = {
      layout: LAYOUT_VERSION,
      campaign: c.id,
      version,
      sha256,
      docNumber: issued ? c.docNumber : null,
      issuedAt: issued && c.issuedAt ? new Date(c.issuedAt).toISOString() : null,
      format,
      // 加签 and 减签 change the signature block (and a transcribed header) without changing the text.
      issuers: issuersOf(c),
      fonts: this.config.noticeFonts,
      publicUrl: this.config.publicUrl,
    };
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  private async draw(doc: NoticeDocument, format: NoticeFormat): Promise<Buffer> {
    let fonts;
    try {
      fonts = this.fonts.get();
    } catch (err) {
      if (err instanceof FontsUnavailable) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ApiErrorCode.UNAVAILABLE, err.message);
      throw err;
    }
    return format === 'pdf' ? renderNoticePdf(doc, fonts) : renderNoticeDocx(doc, fonts);
  }

  /** The document of one version of the campaign's notice: where each part comes from. */
  private async document(c: CampaignEntity, version: number, sha256: string): Promise<NoticeDocument> {
    const def = c.definition as {
      title?: string;
      docNumberPrefix?: string;
      coSigners?: string[];
      headerIssuers?: string[];
      recipients?: { main?: string[]; cc?: string[] };
      attachments?: unknown[];
    };
    const text = await findNoticeText(this.ds, sha256);
    // The text is stored before any version points at it: never missing.
    if (!text) throw new Error(`notice text ${sha256} of campaign ${c.id} is missing`);
    const { coSigners, header } = issuersOf(c);
    const entries = [...(def.recipients?.main ?? []), ...(def.recipients?.cc ?? [])];
    const codes = [...new Set([c.leadAgency, ...coSigners, ...(header ?? []), ...entries.filter((e) => AGENCY_CODE.test(e))])];
    const byCode = new Map((await issuingAgencies(this.ds, codes)).map((a) => [a.code, a]));
    const agency = (code: string): IssuingAgency => byCode.get(code) ?? { code, name: code, shortName: code, level: 'national' };
    const named = (list: string[] | undefined) => (list ?? []).map((e) => (AGENCY_CODE.test(e) && byCode.has(e) ? byCode.get(e)!.name : e));
    return noticeDocument({
      campaignId: c.id,
      version,
      currentVersion: c.noticeVersion,
      sha256,
      body: text.body,
      title: c.title,
      year: c.year,
      docNumberPrefix: def.docNumberPrefix ?? '',
      docNumber: c.docNumber,
      issuedAt: c.issuedAt ? new Date(c.issuedAt).toISOString() : null,
      lead: agency(c.leadAgency),
      coSigners: coSigners.map(agency),
      headerIssuers: header ? header.map(agency) : null,
      recipients: { main: named(def.recipients?.main), cc: named(def.recipients?.cc) },
      attachments: attachmentNames(def.attachments),
      publicUrl: this.config.publicUrl,
    });
  }
}

/**
 * Who the notice is issued by: the lead and the current co-signers in signature order (the
 * co-signing state, which follows 加签 and 减签 — not the definition as launched), and the header's
 * issuers when the definition transcribed them: those removed dropped, those added appended.
 */
function issuersOf(c: CampaignEntity): { coSigners: string[]; header: string[] | null } {
  const coSigners = [...c.coSign.signers].sort((a, b) => a.order - b.order).map((s) => s.agency);
  const transcribed = (c.definition as { headerIssuers?: string[] }).headerIssuers ?? null;
  // A header of the lead alone (or none) prints the lead's mark, whoever co-signs.
  if (!transcribed || transcribed.length < 2) return { coSigners, header: transcribed };
  const issuers = new Set([c.leadAgency, ...coSigners]);
  const launched = new Set([c.leadAgency, ...((c.definition as { coSigners?: string[] }).coSigners ?? [])]);
  // Names the header printed that were never co-signers (AGENCY_CODE or not) stay as transcribed.
  const kept = transcribed.filter((e) => issuers.has(e) || !launched.has(e));
  return { coSigners, header: [...kept, ...coSigners.filter((a) => !kept.includes(a))] };
}

/** Attachments as a definition may name them: titles, or objects with a title or name. */
function attachmentNames(list: unknown[] | undefined): string[] {
  if (!Array.isArray(list)) return [];
  return list
    .map((a) => (typeof a === 'string' ? a : a && typeof a === 'object' ? ((a as { title?: unknown; name?: unknown }).title ?? (a as { name?: unknown }).name) : null))
    .filter((a): a is string => typeof a === 'string' && a.trim() !== '');
}
