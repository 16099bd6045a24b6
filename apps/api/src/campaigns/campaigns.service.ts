import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { auditEntries } from '@db/audit/audit.queries';
import { campaignsOf } from '@db/campaigns/campaign.queries';
import { findNoticeText, noticeVersions } from '@db/campaigns/notice.queries';
import { listNotifications } from '@db/notifications/outbox';
import { verifyChain } from '@domain/audit-chain';
import type { Principal } from '@domain/auth';
import { isPlatformAdmin } from '@domain/auth';
import { diffNoticeVersions } from '@domain/notice-diff';
import { ApiError } from '../common/api-error';
import { internalStandings } from '../internal-steps/internal-standing';
import { CampaignAccess } from './campaign-access';
import { campaignView } from './campaign.view';
import type { NotificationQueryDto } from './dto/notifications.dto';
import { REMINDER_KINDS } from './dto/notifications.dto';

/** What a campaign shows its parties: itself, its notice, what it told anyone, its audit log. */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  async list(who: Principal) {
    return (await campaignsOf(this.ds, isPlatformAdmin(who) ? null : who.agency)).map((c) => campaignView(c));
  }

  async get(who: Principal, id: string) {
    const c = await this.access.visible(who, id);
    return campaignView(c, await internalStandings(this.ds, c));
  }

  /** The current text (for co-signers to read and hash) and every earlier version. */
  async notice(who: Principal, id: string) {
    const c = await this.access.visible(who, id);
    const [text, versions] = await Promise.all([findNoticeText(this.ds, c.noticeSha256), noticeVersions(this.ds, id)]);
    // The text is stored before the campaign points at it (launch, revise): never missing.
    if (!text) throw new Error(`notice text ${c.noticeSha256} of campaign ${id} is missing`);
    return {
      version: c.noticeVersion,
      sha256: c.noticeSha256,
      body: text.body,
      versions: versions.map((v) => ({ version: v.version, sha256: v.sha256, note: v.note, createdBy: v.createdBy, createdAt: new Date(v.createdAt).toISOString() })),
    };
  }

  /** One version of the notice, its text with it: what a co-signer decided on, what a revision changed. */
  async noticeVersion(who: Principal, id: string, version: number) {
    await this.access.visible(who, id);
    const v = (await noticeVersions(this.ds, id)).find((x) => x.version === version);
    if (!v) throw ApiError.notFound(`version ${version} of the notice of campaign ${id}`);
    const text = await findNoticeText(this.ds, v.sha256);
    // A version row refers to its text (a foreign key): never missing.
    if (!text) throw new Error(`notice text ${v.sha256} of campaign ${id} is missing`);
    return { version: v.version, sha256: v.sha256, body: text.body, note: v.note, createdBy: v.createdBy, createdAt: new Date(v.createdAt).toISOString() };
  }

  /**
   * What changed between two versions of the notice, line by line and within lines, with the notes
   * of the revisions between them (libs/domain/src/notice-diff.ts). Parties read it as they read the notice.
   */
  async noticeDiff(who: Principal, id: string, a: number, b: number) {
    await this.access.visible(who, id);
    const versions = (await noticeVersions(this.ds, id)).map((v) => ({
      version: v.version,
      sha256: v.sha256,
      note: v.note,
      createdBy: v.createdBy,
      createdAt: new Date(v.createdAt).toISOString(),
    }));
    const [from, to] = [a, b].map((n) => {
      const v = versions.find((x) => x.version === n);
      if (!v) throw ApiError.notFound(`version ${n} of the notice of campaign ${id}`);
      return v;
    });
    const [fromText, toText] = await Promise.all([findNoticeText(this.ds, from.sha256), findNoticeText(this.ds, to.sha256)]);
    // A version's text is stored before the version is recorded: never missing.
    if (!fromText || !toText) throw new Error(`a notice text of campaign ${id} is missing`);
    return { campaignId: id, ...diffNoticeVersions({ ...from, body: fromText.body }, { ...to, body: toText.body }, versions) };
  }

  /** Reminders (催办) of every kind and escalations, oldest first: to whom, when, why. */
  async reminders(who: Principal, id: string, q: NotificationQueryDto) {
    return this.notifications(who, id, q, REMINDER_KINDS);
  }

  /**
   * Everything the campaign told anyone, from the outbox, oldest first and paged. The lead's side
   * reads all of it; a recipient reads what was sent to its own body.
   */
  async notifications(who: Principal, id: string, q: NotificationQueryDto, only?: string[]) {
    const c = await this.access.visible(who, id);
    const everyone = await this.access.isOrganizerSide(who, c);
    if (q.agency && !everyone && q.agency !== who.agency) throw ApiError.forbidden(`agency: ${who.agency} cannot read what was sent to ${q.agency}`);
    const agency = everyone ? q.agency : who.agency;
    const asked = q.kind?.split(',');
    const kinds = only && asked ? asked.filter((k) => only.includes(k)) : (asked ?? only);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 1000;
    const { rows, total } = await listNotifications(this.ds, id, { kinds, agency, page, pageSize });
    return {
      total,
      page,
      pageSize,
      entries: rows.map((n) => ({
        to: { agency: n.agency, role: n.role },
        kind: n.kind,
        reason: n.reason,
        at: new Date(n.createdAt).toISOString(),
        deliveredAt: n.deliveredAt ? new Date(n.deliveredAt).toISOString() : null,
      })),
    };
  }

  async audit(who: Principal, id: string) {
    await this.access.visible(who, id);
    const rows = await auditEntries(this.ds, id);
    const check = verifyChain(rows);
    return {
      entries: rows.map((r) => {
        const { data } = JSON.parse(r.payload) as { data: unknown };
        return { seq: r.seq, type: r.type, actor: r.actor, at: new Date(r.at).toISOString(), data, prevHash: r.prevHash, hash: r.hash };
      }),
      verified: check.verified,
      brokenAt: check.brokenAt,
      problem: check.reason,
    };
  }
}
