/**
 * A notice as a document: everything its PDF and its Word file print, decided from the campaign,
 * the version of its text, and the directory — where each part comes from, in one place. The
 * renderers (apps/api/src/documents) draw this; notice-layout.ts holds the rules of the page.
 */
import type { IssuingAgency, NoticeParagraph } from './notice-layout';
import {
  attachmentLines,
  docNumberLine,
  draftLine,
  issuingMarkNames,
  noticeParagraphs,
  printedOn,
  printingOffice,
  recipientLine,
  signatureName,
  verificationUrl,
  writingDate,
} from './notice-layout';

export interface NoticeDocumentInput {
  campaignId: string;
  /** The version rendered, and the campaign's current one. */
  version: number;
  currentVersion: number;
  /** SHA-256 of this version's text (what co-signers approved), and the text. */
  sha256: string;
  body: string;
  title: string;
  year: number;
  docNumberPrefix: string;
  /** The campaign's number and issue time: printed only on the version that was issued. */
  docNumber: string | null;
  issuedAt: string | null;
  lead: IssuingAgency;
  /** The co-signers, in signature order. */
  coSigners: IssuingAgency[];
  /** The issuers as the header prints them (the definition's headerIssuers), when transcribed. */
  headerIssuers: IssuingAgency[] | null;
  /** 主送 and 抄送 entries as the definition names them, codes replaced by the bodies' names. */
  recipients: { main: string[]; cc: string[] };
  attachments: string[];
  /** Where readers verify: PUBLIC_URL. */
  publicUrl: string;
}

export interface NoticeDocument {
  campaignId: string;
  version: number;
  sha256: string;
  /** This version is the one issued: numbered, dated, with its verification link; else a draft. */
  issued: boolean;
  /** 发文机关标志: the names (one, or every issuer stacked) and 文件 to their right. */
  markNames: string[];
  markSuffix: string;
  docNumber: string;
  title: string;
  /** 主送 and 抄送 lines (ending in 。), or null when there are none. */
  mainRecipients: string | null;
  ccRecipients: string | null;
  paragraphs: NoticeParagraph[];
  attachments: string[];
  signatures: string[];
  writingDate: string;
  printingOffice: string;
  printedOn: string;
  /** A draft's line (草稿 · 第N稿 · SHA-256 …); null once issued. */
  draftLine: string | null;
  /** The issued notice's verification link; null for a draft. */
  verifyUrl: string | null;
  /** The PDF's document information: what verification reads back. */
  info: { title: string; author: string; subject: string; keywords: string; createdAt: string | null };
}

export function noticeDocument(i: NoticeDocumentInput): NoticeDocument {
  const issued = i.docNumber !== null && i.issuedAt !== null && i.version === i.currentVersion;
  const issuedAt = issued ? i.issuedAt : null;
  const issuers = [i.lead, ...i.coSigners];
  const main = recipientLine(i.recipients.main);
  const cc = recipientLine(i.recipients.cc);
  return {
    campaignId: i.campaignId,
    version: i.version,
    sha256: i.sha256,
    issued,
    markNames: issuingMarkNames(i.lead, i.headerIssuers),
    markSuffix: '文件',
    docNumber: docNumberLine(issued ? i.docNumber : null, i.docNumberPrefix, i.year),
    title: i.title,
    mainRecipients: main || null,
    ccRecipients: cc || null,
    paragraphs: noticeParagraphs(i.body),
    attachments: attachmentLines(i.attachments),
    signatures: issuers.map(signatureName),
    writingDate: writingDate(issuedAt),
    printingOffice: printingOffice(i.lead),
    printedOn: printedOn(issuedAt),
    draftLine: issued ? null : draftLine(i.version, i.sha256),
    verifyUrl: issued ? verificationUrl(i.publicUrl, i.sha256) : null,
    info: {
      title: i.title,
      author: i.lead.name,
      subject: issued ? `${i.docNumber} ${i.title}` : `${i.title}（草稿 第${i.version}稿）`,
      keywords: noticeKeywords(i.campaignId, i.version, i.sha256),
      createdAt: issuedAt,
    },
  };
}

/** The keywords a rendered notice carries: campaign, version and text hash, read back by verification. */
export function noticeKeywords(campaignId: string, version: number, sha256: string): string {
  return `notice-sha256:${sha256} campaign:${campaignId} version:${version}`;
}

/** The text hash a rendered notice names in its keywords, if it names one. */
export function keywordsSha256(text: string): string | null {
  return /notice-sha256:([0-9a-f]{64})/.exec(text)?.[1] ?? null;
}
